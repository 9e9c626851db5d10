/**
 * Every rule of one proxy, compiled once when the runtime graph is built: ACLs, tcp-request
 * connection/session/content, http-request (then `redirect` rules), http-response,
 * http-after-response, use_backend and use-server, header captures. The run* methods are what the
 * data plane calls per stream; they allocate nothing unless a rule writes something.
 */
import type { ConfigModel } from '../config/model/config.js';
import type { ProxyModel } from '../config/model/proxy.js';
import type { SwitchingRuleModel } from '../config/model/rule.js';
import { AclResult, compileAcl } from './acl.js';
import { compileRule, type CompiledRule } from './actions/index.js';
import { Verdict, type ActionEnv } from './actions/types.js';
import { newCompileEnv, RulesError, type CompileEnv } from './compile-env.js';
import { AclTable, compileCondition, type Condition } from './condition.js';
import type { RuleContext } from './context.js';
import { compileLogFormat, type LogFormat } from './logformat.js';
import { FileCache } from './pattern/file-cache.js';
import { parseSize, parseTime } from '../config/units.js';

export { Verdict };

interface SwitchRule<T> {
  readonly cond: Condition | undefined;
  readonly target: T | undefined;
  /** A `%[...]` name resolved per stream. */
  readonly dynamic: LogFormat | undefined;
}

/** use_backend / use-server rules with their targets resolved at load time when static. */
export class Switcher<T> {
  constructor(
    private readonly rules: ReadonlyArray<SwitchRule<T>>,
    private readonly resolve: (name: string) => T | undefined,
  ) {}

  get size(): number {
    return this.rules.length;
  }

  /** The first rule whose condition holds and whose target exists (and passes `ok`, when given). */
  pick(ctx: RuleContext, ok?: (t: T) => boolean): T | undefined {
    const rs = this.rules;
    for (let i = 0; i < rs.length; i++) {
      const r = rs[i]!;
      if (r.cond && !r.cond.test(ctx)) continue;
      const t = r.target ?? (r.dynamic ? this.resolve(r.dynamic.render(ctx)) : undefined);
      if (t !== undefined && (ok === undefined || ok(t))) return t;
    }
    return undefined;
  }
}

/** Run a compiled ruleset; `canWait`: a MISS asks to be called again (inspect-delay). */
export function runRules(rules: readonly CompiledRule[], ctx: RuleContext, canWait: boolean): Verdict {
  for (let i = 0; i < rules.length; i++) {
    const r = rules[i]!;
    if (r.cond) {
      const c = r.cond.eval(ctx);
      if (c === AclResult.Miss) {
        if (canWait) return Verdict.Wait;
        continue;
      }
      if (c === AclResult.Fail) continue;
    }
    const v = r.action.run(ctx);
    if (v !== Verdict.Continue) return v;
  }
  return Verdict.Continue;
}

export class ProxyRules {
  readonly name: string;
  readonly tcpConnection: CompiledRule[];
  readonly tcpSession: CompiledRule[];
  readonly tcpContent: CompiledRule[];
  readonly tcpResponse: CompiledRule[];
  readonly httpRequest: CompiledRule[];
  readonly httpResponse: CompiledRule[];
  readonly httpAfterResponse: CompiledRule[];
  /**
   * `http-request wait-for-body time T [at-least N]`: the request body is gathered (up to N bytes,
   * the buffer size, or T) before the http-request rules run, so `req.body*` fetches see it.
   */
  readonly bodyWait: { readonly timeMs: number; readonly atLeast: number } | undefined;
  /** `tcp-response inspect-delay` (ms, 0 when unset). */
  readonly resInspectDelay: number;
  /** `tcp-request inspect-delay` (ms, 0 when unset). */
  readonly inspectDelay: number;
  /** `capture request header NAME len N` / `capture response header`: lower-case name, slot, length. */
  readonly reqHeaderCaptures: ReadonlyArray<readonly [string, number, number]>;
  readonly resHeaderCaptures: ReadonlyArray<readonly [string, number, number]>;
  private readonly acls: AclTable;
  private readonly env: CompileEnv;

  constructor(p: ProxyModel, env: CompileEnv) {
    this.name = p.name;
    this.env = env;
    this.acls = new AclTable(env);
    for (const a of p.acls) this.acls.add(compileAcl(a, env));
    const slots = { req: 0, res: 0 };
    const reqCaps: Array<readonly [string, number, number]> = [];
    const resCaps: Array<readonly [string, number, number]> = [];
    for (const c of p.captures) {
      if (c.what !== 'header') continue;
      if (c.direction === 'request') reqCaps.push([c.name.toLowerCase(), slots.req++, c.len]);
      else resCaps.push([c.name.toLowerCase(), slots.res++, c.len]);
    }
    for (const d of p.declaredCaptures ?? []) {
      if (d.direction === 'request') slots.req++;
      else slots.res++;
    }
    this.reqHeaderCaptures = reqCaps;
    this.resHeaderCaptures = resCaps;
    const set = (ruleset: string): CompiledRule[] => {
      const aenv: ActionEnv = { ...env, ruleset, proxyModel: p, captureSlots: slots };
      return (p.rules[ruleset] ?? []).map((r) => compileRule(r, this.acls, aenv));
    };
    this.tcpConnection = set('tcp-request connection');
    this.tcpSession = set('tcp-request session');
    this.tcpContent = set('tcp-request content');
    this.tcpResponse = set('tcp-response content');
    this.httpRequest = [...set('http-request'), ...set('redirect')];
    this.httpResponse = set('http-response');
    this.httpAfterResponse = set('http-after-response');
    this.inspectDelay = p.tcpRequestInspectDelay ?? 0;
    this.resInspectDelay = p.tcpResponseInspectDelay ?? 0;
    let wait: { timeMs: number; atLeast: number } | undefined;
    for (const r of p.rules['http-request'] ?? []) {
      if (r.action !== 'wait-for-body') continue;
      const t = parseTime(r.args[1] ?? '0');
      const least = r.args[2] === 'at-least' ? Number(parseSize(r.args[3] ?? '0')) : 0;
      wait = { timeMs: Math.max(wait?.timeMs ?? 0, t), atLeast: least };
    }
    this.bodyWait = wait;
  }

  /** Compile switching rules (use_backend in a frontend, use-server in a backend). */
  switcher<T>(rules: readonly SwitchingRuleModel[], resolve: (name: string) => T | undefined): Switcher<T> {
    const out: Array<SwitchRule<T>> = [];
    for (const r of rules) {
      try {
        const cond = r.cond ? compileCondition(r.cond, this.acls, this.env) : undefined;
        if (r.target.includes('%[')) {
          out.push({ cond, target: undefined, dynamic: compileLogFormat(r.target, this.env) });
          continue;
        }
        const t = resolve(r.target);
        if (t === undefined) throw new RulesError(`switching rule: no such target '${r.target}'`);
        out.push({ cond, target: t, dynamic: undefined });
      } catch (e) {
        if (e instanceof RulesError && !e.message.startsWith('parsing ['))
          throw new RulesError(`parsing [${r.place.file}:${r.place.line}] : ${e.message}`);
        throw e;
      }
    }
    return new Switcher(out, resolve);
  }

  /** Compile a standalone condition of this proxy (monitor fail, stats admin, force-persist). */
  condition(c: NonNullable<SwitchingRuleModel['cond']>): Condition {
    return compileCondition(c, this.acls, this.env);
  }

  get hasHttpRequestRules(): boolean {
    return this.httpRequest.length > 0 || this.reqHeaderCaptures.length > 0;
  }

  get hasAfterResponseRules(): boolean {
    return this.httpAfterResponse.length > 0;
  }

  get hasHttpResponseRules(): boolean {
    return this.httpResponse.length > 0 || this.resHeaderCaptures.length > 0;
  }

  /** tcp-request connection rules, at accept (before any byte is read). */
  runTcpConnection(ctx: RuleContext): Verdict {
    const v = this.tcpConnection.length ? runRules(this.tcpConnection, ctx, false) : Verdict.Continue;
    if (v !== Verdict.Continue && v !== Verdict.Stop) return v;
    return this.tcpSession.length ? runRules(this.tcpSession, ctx, false) : Verdict.Continue;
  }

  /**
   * tcp-request content rules on `ctx.payload`; `final` is true once inspect-delay expired, the
   * client closed, or no delay is set. Returns Wait when a rule needs more data.
   */
  runTcpContent(ctx: RuleContext, final: boolean): Verdict {
    if (this.tcpContent.length === 0) return Verdict.Continue;
    ctx.payloadFinal = final || this.inspectDelay === 0;
    return runRules(this.tcpContent, ctx, !ctx.payloadFinal);
  }

  /**
   * tcp-response content rules (a backend's) on `ctx.resBody`, the server's bytes so far; `final`
   * once tcp-response inspect-delay expired or the server closed. Wait: call again with more.
   */
  runTcpResponse(ctx: RuleContext, final: boolean): Verdict {
    if (this.tcpResponse.length === 0) return Verdict.Continue;
    const keep = ctx.payloadFinal;
    ctx.payloadFinal = final || this.resInspectDelay === 0;
    const v = runRules(this.tcpResponse, ctx, !ctx.payloadFinal);
    ctx.payloadFinal = keep;
    return v;
  }

  /** Header captures, then http-request rules, then `redirect` rules. */
  runHttpRequest(ctx: RuleContext): Verdict {
    const caps = this.reqHeaderCaptures;
    for (let i = 0; i < caps.length; i++) {
      const [name, slot, len] = caps[i]!;
      const v = ctx.reqHeader(name);
      if (v !== undefined) ctx.reqCaptures[slot] = v.length > len ? v.slice(0, len) : v;
    }
    return this.httpRequest.length ? runRules(this.httpRequest, ctx, false) : Verdict.Continue;
  }

  runHttpResponse(ctx: RuleContext): Verdict {
    const caps = this.resHeaderCaptures;
    for (let i = 0; i < caps.length; i++) {
      const [name, slot, len] = caps[i]!;
      const h = ctx.resHeaders();
      for (let k = h.length - 1; k >= 0; k--) {
        if (h[k]!.lname !== name) continue;
        const v = h[k]!.value;
        ctx.resCaptures[slot] = v.length > len ? v.slice(0, len) : v;
        break;
      }
    }
    return this.httpResponse.length ? runRules(this.httpResponse, ctx, false) : Verdict.Continue;
  }

  runHttpAfterResponse(ctx: RuleContext): Verdict {
    return this.httpAfterResponse.length ? runRules(this.httpAfterResponse, ctx, false) : Verdict.Continue;
  }
}

/** Compile every frontend/backend/listen of a configuration; files and userlists are shared. */
export function compileAllRules(cfg: ConfigModel, warn: (m: string) => void = () => undefined): Map<string, ProxyRules> {
  const files = new FileCache();
  const out = new Map<string, ProxyRules>();
  const base = newCompileEnv(cfg, undefined, warn);
  for (const p of cfg.proxies) {
    const env: CompileEnv = { ...base, files, proxy: p };
    out.set(p.name, new ProxyRules(p, env));
  }
  return out;
}
