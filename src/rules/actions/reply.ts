/**
 * Actions that answer instead of forwarding: deny, tarpit, return, redirect (also the `redirect`
 * keyword), auth, reject. Replies whose content has no log-format part are built once at load time.
 */
import { readFileSync } from 'node:fs';
import { RulesError } from '../compile-env.js';
import type { RuleContext } from '../context.js';
import { compileLogFormat, type LogFormat } from '../logformat.js';
import { authReply, contentReply, errorReply, redirectReply, REJECT, type HttpReply, errorlocReply } from '../reply.js';
import { Verdict, type Action, type ActionBuilder, type ActionEnv } from './types.js';

class StaticReply implements Action {
  constructor(private readonly reply: HttpReply) {}
  run(ctx: RuleContext): Verdict {
    ctx.reply = this.reply;
    return Verdict.Done;
  }
}

class DynamicReply implements Action {
  constructor(private readonly build: (ctx: RuleContext) => HttpReply) {}
  run(ctx: RuleContext): Verdict {
    ctx.reply = this.build(ctx);
    return Verdict.Done;
  }
}

function readFile(path: string): Buffer {
  try {
    return readFileSync(path);
  } catch {
    throw new RulesError(`failed to open file '${path}'`);
  }
}

/** The errorfile configured for `status` in this proxy (errorfile / errorfiles of an http-errors section). */
function proxyErrorfile(env: ActionEnv, status: number, section?: string): Buffer | undefined {
  const cfg = env.config;
  const lookup = (name: string): string | undefined => cfg?.httpErrors.find((h) => h.name === name)?.errorfiles[status]?.file;
  if (section !== undefined) {
    const f = lookup(section);
    return f ? readFile(f) : undefined;
  }
  const own = env.proxyModel.errorfiles[status];
  if (own) return readFile(own);
  for (const ef of env.proxyModel.errorfilesFrom) {
    if (ef.codes.length > 0 && !ef.codes.includes(status)) continue;
    const f = lookup(ef.name);
    if (f) return readFile(f);
  }
  return undefined;
}

function tarpitDelay(env: ActionEnv): number {
  const t = env.proxyModel.timeouts;
  return t.tarpit ?? t.connect ?? 0;
}

/** deny / tarpit / return with their optional reply arguments. */
function replyAction(kind: 'deny' | 'tarpit' | 'return'): ActionBuilder {
  return (_a, args, env) => {
    let status = kind === 'return' ? 200 : kind === 'tarpit' ? 500 : env.ruleset === 'http-response' ? 502 : 403;
    let ctype: string | undefined;
    let body: Buffer | undefined;
    let lfBody: LogFormat | undefined;
    let errorfile: Buffer | undefined;
    let useErrorfiles = false;
    let errorfilesSection: string | undefined;
    const hdrs: Array<readonly [string, LogFormat]> = [];
    for (let i = 0; i < args.length; i++) {
      const k = args[i]!;
      const v = args[i + 1] ?? '';
      switch (k) {
        case 'deny_status':
        case 'status':
          status = Number(v);
          i++;
          break;
        case 'content-type':
          ctype = v;
          i++;
          break;
        case 'string':
          body = Buffer.from(v, 'latin1');
          i++;
          break;
        case 'lf-string':
          lfBody = compileLogFormat(v, env);
          i++;
          break;
        case 'file':
          body = readFile(v);
          i++;
          break;
        case 'lf-file':
          lfBody = compileLogFormat(readFile(v).toString('latin1'), env);
          i++;
          break;
        case 'errorfile':
          errorfile = readFile(v);
          i++;
          break;
        case 'errorfiles':
          errorfilesSection = v;
          useErrorfiles = true;
          i++;
          break;
        case 'default-errorfiles':
          useErrorfiles = true;
          break;
        case 'hdr':
          hdrs.push([v, compileLogFormat(args[i + 2] ?? '', env)]);
          i += 2;
          break;
        default:
          throw new RulesError(`unexpected argument '${k}'`);
      }
    }
    const delay = kind === 'tarpit' ? tarpitDelay(env) : undefined;
    const errKind = kind === 'return' ? 'deny' : kind;
    if (errorfile) return new StaticReply({ ...errorReply(errKind, status, errorfile, delay), kind });
    const content = body !== undefined || lfBody !== undefined || hdrs.length > 0 || ctype !== undefined;
    if (!content) {
      if (kind === 'return' && !useErrorfiles) return new StaticReply(contentReply('return', status, [], undefined, Buffer.alloc(0)));
      const ef = proxyErrorfile(env, status, errorfilesSection);
      const loc = ef === undefined && errorfilesSection === undefined ? env.proxyModel.errorloc[status] : undefined;
      if (loc) return new StaticReply({ ...errorlocReply(errKind, loc.code, loc.url, delay), kind });
      return new StaticReply({ ...errorReply(errKind, status, ef, delay), kind });
    }
    const dynamic = lfBody !== undefined || hdrs.some(([, f]) => f.constant === undefined);
    if (!dynamic) {
      const hs = hdrs.map(([n, f]) => [n, f.constant!] as const);
      return new StaticReply(contentReply(kind, status, hs, ctype, body ?? Buffer.alloc(0), delay));
    }
    return new DynamicReply((ctx) =>
      contentReply(
        kind,
        status,
        hdrs.map(([n, f]) => [n, f.render(ctx)] as const),
        ctype,
        lfBody ? Buffer.from(lfBody.render(ctx), 'latin1') : (body ?? Buffer.alloc(0)),
        delay,
      ),
    );
  };
}

interface RedirectSpec {
  type: string;
  to: string;
  code: number;
  dropQuery: boolean;
  appendSlash: boolean;
  ignoreEmpty: boolean;
  cookie: string | undefined;
}

/** `redirect location|prefix|scheme <to> [code N] [drop-query] [append-slash] [set-cookie N[=V]] [clear-cookie N]`. */
function parseRedirect(args: readonly string[]): RedirectSpec {
  const r: RedirectSpec = { type: '', to: '', code: 302, dropQuery: false, appendSlash: false, ignoreEmpty: false, cookie: undefined };
  for (let i = 0; i < args.length; i++) {
    const w = args[i]!;
    if (w === 'location' || w === 'prefix' || w === 'scheme') {
      r.type = w;
      r.to = args[++i] ?? '';
    } else if (w === 'code') r.code = Number(args[++i]);
    else if (w === 'drop-query') r.dropQuery = true;
    else if (w === 'append-slash') r.appendSlash = true;
    else if (w === 'ignore-empty') r.ignoreEmpty = true;
    else if (w === 'set-cookie') r.cookie = `${args[++i] ?? ''}; path=/;`;
    else if (w === 'clear-cookie') r.cookie = `${args[++i] ?? ''}; path=/; Max-Age=0;`;
  }
  return r;
}

class Redirect implements Action {
  constructor(
    private readonly type: 'location' | 'prefix' | 'scheme',
    private readonly to: LogFormat,
    private readonly code: number,
    private readonly dropQuery: boolean,
    private readonly appendSlash: boolean,
    private readonly ignoreEmpty: boolean,
    private readonly cookie: string | undefined,
    private readonly fixed: HttpReply | undefined,
  ) {}

  run(ctx: RuleContext): Verdict {
    if (this.fixed) {
      ctx.reply = this.fixed;
      return Verdict.Done;
    }
    const to = this.to.render(ctx);
    if (to === '' && this.ignoreEmpty) return Verdict.Continue;
    let loc: string;
    if (this.type === 'location') loc = to;
    else {
      let path = (this.dropQuery ? ctx.path() : ctx.pathq()) ?? '/';
      if (this.appendSlash && !path.endsWith('/')) path += '/';
      if (this.type === 'prefix') loc = to === '/' && path.startsWith('/') ? path : to + path;
      else loc = `${to}://${ctx.reqHeader('host') ?? ''}${path}`;
    }
    ctx.reply = redirectReply(this.code, loc, this.cookie);
    return Verdict.Done;
  }
}

function buildRedirect(args: readonly string[], env: ActionEnv): Action {
  const r = parseRedirect(args);
  if (r.type !== 'location' && r.type !== 'prefix' && r.type !== 'scheme') throw new RulesError(`redirection type expected ('prefix', 'location', or 'scheme')`);
  const fmt = compileLogFormat(r.to, env);
  const fixed = r.type === 'location' && fmt.constant !== undefined && !(fmt.constant === '' && r.ignoreEmpty)
    ? redirectReply(r.code, fmt.constant, r.cookie)
    : undefined;
  return new Redirect(r.type as 'location' | 'prefix' | 'scheme', fmt, r.code, r.dropQuery, r.appendSlash, r.ignoreEmpty, r.cookie, fixed);
}

export const REPLY_ACTIONS: Record<string, ActionBuilder> = {
  deny: replyAction('deny'),
  tarpit: replyAction('tarpit'),
  return: replyAction('return'),
  redirect: (_a, args, env) => buildRedirect(args, env),
  auth: (_a, args, env) => {
    const realm = args[0] === 'realm' ? (args[1] ?? '') : env.proxyModel.name;
    return new StaticReply(authReply(realm, false));
  },
  reject: () => new StaticReply(REJECT),
  'silent-drop': () => new StaticReply(REJECT),
};
