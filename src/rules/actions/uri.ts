/** Request line actions: set-method set-path set-pathq set-query set-uri replace-path replace-pathq replace-uri. */
import { RulesError } from '../compile-env.js';
import type { RuleContext } from '../context.js';
import { compileLogFormat, type LogFormat } from '../logformat.js';
import { pathStart } from '../uri.js';
import { Verdict, type Action, type ActionBuilder } from './types.js';

type Part = 'path' | 'pathq' | 'query' | 'uri';

/** Replace `part` of the request target with `v`. */
export function setTargetPart(ctx: RuleContext, part: Part, v: string): void {
  const req = ctx.req;
  if (!req) return;
  const t = req.target;
  if (part === 'uri') {
    req.target = v;
    return;
  }
  let ps = pathStart(t);
  if (ps < 0) ps = t.length;
  const q = t.indexOf('?', ps);
  const pathEnd = q < 0 ? t.length : q;
  const head = t.slice(0, ps);
  if (part === 'path') req.target = head + v + t.slice(pathEnd);
  else if (part === 'pathq') req.target = head + v;
  else {
    const qs = v.startsWith('?') ? v.slice(1) : v;
    req.target = t.slice(0, pathEnd) + (v === '' ? '' : `?${qs}`);
  }
}

function getPart(ctx: RuleContext, part: Part): string | undefined {
  switch (part) {
    case 'path':
      return ctx.path();
    case 'pathq':
      return ctx.pathq();
    case 'query':
      return ctx.query();
    case 'uri':
      return ctx.req?.target;
  }
}

class SetPart implements Action {
  constructor(
    private readonly part: Part | 'method',
    private readonly fmt: LogFormat,
  ) {}
  run(ctx: RuleContext): Verdict {
    const v = this.fmt.render(ctx);
    if (this.part === 'method') {
      if (ctx.req && v !== '') ctx.req.method = v;
    } else setTargetPart(ctx, this.part, v);
    return Verdict.Continue;
  }
}

class ReplacePart implements Action {
  constructor(
    private readonly part: Part,
    private readonly re: RegExp,
    private readonly fmt: LogFormat,
  ) {}
  run(ctx: RuleContext): Verdict {
    const cur = getPart(ctx, this.part);
    if (cur === undefined) return Verdict.Continue;
    const m = this.re.exec(cur);
    if (!m) return Verdict.Continue;
    const rep = this.fmt.render(ctx).replace(/\\([0-9])/g, (_s, d: string) => m[Number(d)] ?? '');
    setTargetPart(ctx, this.part, rep);
    return Verdict.Continue;
  }
}

function re(src: string): RegExp {
  try {
    return new RegExp(src);
  } catch (e) {
    throw new RulesError(`invalid regex '${src}': ${(e as Error).message}`);
  }
}

export const URI_ACTIONS: Record<string, ActionBuilder> = {
  'set-method': (_a, args, env) => new SetPart('method', compileLogFormat(args[0] ?? '', env)),
  'set-path': (_a, args, env) => new SetPart('path', compileLogFormat(args[0] ?? '', env)),
  'set-pathq': (_a, args, env) => new SetPart('pathq', compileLogFormat(args[0] ?? '', env)),
  'set-query': (_a, args, env) => new SetPart('query', compileLogFormat(args[0] ?? '', env)),
  'set-uri': (_a, args, env) => new SetPart('uri', compileLogFormat(args[0] ?? '', env)),
  'replace-path': (_a, args, env) => new ReplacePart('path', re(args[0]!), compileLogFormat(args[1] ?? '', env)),
  'replace-pathq': (_a, args, env) => new ReplacePart('pathq', re(args[0]!), compileLogFormat(args[1] ?? '', env)),
  'replace-uri': (_a, args, env) => new ReplacePart('uri', re(args[0]!), compileLogFormat(args[1] ?? '', env)),
};
