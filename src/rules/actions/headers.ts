/**
 * Header actions on the request or the response: set-header add-header del-header replace-header
 * replace-value. Values are log-format strings rendered before the head is touched, so a value may
 * refer to the header it replaces.
 */
import type { HeaderField } from '../../http/types.js';
import { RulesError } from '../compile-env.js';
import type { RuleContext } from '../context.js';
import { compileLogFormat, type LogFormat } from '../logformat.js';
import { buildPatternSet, type MatchMethod } from '../pattern/pattern-set.js';
import { Verdict, type Action, type ActionBuilder } from './types.js';

function headersOf(ctx: RuleContext, res: boolean): HeaderField[] | undefined {
  return res ? ctx.res?.headers : ctx.req?.headers;
}

/** Remove every header named `lname` in place. */
export function removeHeader(h: HeaderField[], lname: string): void {
  let w = 0;
  for (let r = 0; r < h.length; r++) if (h[r]!.lname !== lname) h[w++] = h[r]!;
  h.length = w;
}

/** `\1`..`\9` in `fmt` from a regex match. */
function substitute(fmt: string, m: RegExpExecArray): string {
  if (fmt.indexOf('\\') < 0) return fmt;
  return fmt.replace(/\\([0-9])/g, (_s, d: string) => m[Number(d)] ?? '');
}

function regex(src: string): RegExp {
  try {
    return new RegExp(src);
  } catch (e) {
    throw new RulesError(`invalid regex '${src}': ${(e as Error).message}`);
  }
}

/** A header value cut at its unquoted commas, blanks kept. */
function rawCommaParts(v: string): string[] {
  const out: string[] = [];
  let start = 0;
  let quoted = false;
  for (let i = 0; i < v.length; i++) {
    const c = v.charCodeAt(i);
    if (c === 34) quoted = !quoted;
    else if (c === 92 && quoted) i++;
    else if (c === 44 && !quoted) {
      out.push(v.slice(start, i));
      start = i + 1;
    }
  }
  out.push(v.slice(start));
  return out;
}

class SetHeader implements Action {
  constructor(
    private readonly res: boolean,
    private readonly name: string,
    private readonly lname: string,
    private readonly fmt: LogFormat,
    private readonly replace: boolean,
  ) {}
  run(ctx: RuleContext): Verdict {
    const h = headersOf(ctx, this.res);
    if (!h) return Verdict.Continue;
    const value = this.fmt.render(ctx);
    if (this.replace) removeHeader(h, this.lname);
    h.push({ name: this.name, lname: this.lname, value });
    return Verdict.Continue;
  }
}

class DelHeader implements Action {
  constructor(
    private readonly res: boolean,
    private readonly lname: string,
    private readonly test: ((n: string) => boolean) | undefined,
  ) {}
  run(ctx: RuleContext): Verdict {
    const h = headersOf(ctx, this.res);
    if (!h) return Verdict.Continue;
    if (!this.test) removeHeader(h, this.lname);
    else {
      let w = 0;
      for (let r = 0; r < h.length; r++) if (!this.test(h[r]!.lname)) h[w++] = h[r]!;
      h.length = w;
    }
    return Verdict.Continue;
  }
}

class ReplaceHeader implements Action {
  constructor(
    private readonly res: boolean,
    private readonly lname: string,
    private readonly re: RegExp,
    private readonly fmt: LogFormat,
    private readonly perValue: boolean,
  ) {}
  private one(v: string, rep: string): string {
    const m = this.re.exec(v);
    return m ? substitute(rep, m) : v;
  }
  run(ctx: RuleContext): Verdict {
    const h = headersOf(ctx, this.res);
    if (!h) return Verdict.Continue;
    let rep: string | undefined;
    for (let i = 0; i < h.length; i++) {
      const f = h[i]!;
      if (f.lname !== this.lname) continue;
      rep ??= this.fmt.render(ctx);
      if (!this.perValue) {
        const nv = this.one(f.value, rep);
        if (nv !== f.value) h[i] = { name: f.name, lname: f.lname, value: nv };
        continue;
      }
      // As HAProxy: a replaced value loses the blanks around it, the others are kept as they were.
      const parts = rawCommaParts(f.value);
      const nv = parts
        .map((p) => {
          const t = p.trim();
          const m = this.re.exec(t);
          return m ? substitute(rep!, m) : p;
        })
        .join(',');
      if (nv !== f.value) h[i] = { name: f.name, lname: f.lname, value: nv };
    }
    return Verdict.Continue;
  }
}

export const HEADER_ACTIONS: Record<string, ActionBuilder> = {
  'set-header': (_a, args, env) =>
    new SetHeader(env.ruleset !== 'http-request', args[0]!, args[0]!.toLowerCase(), compileLogFormat(args[1] ?? '', env), true),
  'add-header': (_a, args, env) =>
    new SetHeader(env.ruleset !== 'http-request', args[0]!, args[0]!.toLowerCase(), compileLogFormat(args[1] ?? '', env), false),
  'del-header': (_a, args, env) => {
    const res = env.ruleset !== 'http-request';
    const name = args[0]!;
    if (args[1] === '-m') {
      const meth = (args[2] ?? 'str') as MatchMethod;
      if (!['str', 'beg', 'end', 'sub', 'reg'].includes(meth)) throw new RulesError(`unsupported matching method '${meth}'`);
      const set = buildPatternSet<true>(meth, [[meth === 'reg' ? name : name.toLowerCase(), true]], meth !== 'reg', true);
      return new DelHeader(res, name.toLowerCase(), (n) => set.match(n) !== undefined);
    }
    return new DelHeader(res, name.toLowerCase(), undefined);
  },
  'replace-header': (_a, args, env) =>
    new ReplaceHeader(env.ruleset !== 'http-request', args[0]!.toLowerCase(), regex(args[1]!), compileLogFormat(args[2] ?? '', env), false),
  'replace-value': (_a, args, env) =>
    new ReplaceHeader(env.ruleset !== 'http-request', args[0]!.toLowerCase(), regex(args[1]!), compileLogFormat(args[2] ?? '', env), true),
};
