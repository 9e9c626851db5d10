/**
 * Actions that change the stream without answering: variables, log level, captures, stick-table
 * tracking, addresses, response status; and the actions Switchyard accepts but that have no effect
 * yet (reported once at load time).
 */
import { RulesError } from '../compile-env.js';
import type { RuleContext, VarScope } from '../context.js';
import { compileExpr, type SampleExpr } from '../expr.js';
import { parseVarName } from '../fetch/misc.js';
import { compileLogFormat, type LogFormat } from '../logformat.js';
import { reasonOf } from '../reasons.js';
import { toStr, type SampleValue } from '../sample.js';
import { CONTINUE, STOP, Verdict, type Action, type ActionBuilder, type ActionEnv } from './types.js';

/** The variable named inside `set-var(...)`. */
function varOf(action: string): { scope: VarScope; name: string } {
  const m = /\(([^),]*)/.exec(action);
  return parseVarName(m?.[1] ?? '');
}

class SetVar implements Action {
  constructor(
    private readonly scope: VarScope,
    private readonly name: string,
    private readonly expr: SampleExpr | undefined,
    private readonly fmt: LogFormat | undefined,
  ) {}
  run(ctx: RuleContext): Verdict {
    const v: SampleValue | undefined = this.expr ? this.expr.one(ctx) : this.fmt!.render(ctx);
    if (v !== undefined) ctx.setVar(this.scope, this.name, v);
    return Verdict.Continue;
  }
}

class Capture implements Action {
  constructor(
    private readonly expr: SampleExpr,
    private readonly slot: number,
    private readonly len: number,
    private readonly res: boolean,
  ) {}
  run(ctx: RuleContext): Verdict {
    const v = this.expr.one(ctx);
    if (v !== undefined) {
      const s = toStr(v);
      (this.res ? ctx.resCaptures : ctx.reqCaptures)[this.slot] = this.len > 0 ? s.slice(0, this.len) : s;
    }
    return Verdict.Continue;
  }
}

class Track implements Action {
  constructor(
    private readonly slot: number,
    private readonly expr: SampleExpr,
    private readonly table: string,
    private readonly session: boolean,
  ) {}
  run(ctx: RuleContext): Verdict {
    if (ctx.tracked[this.slot] !== undefined) return Verdict.Continue;
    const k = this.expr.one(ctx);
    if (k === undefined) return Verdict.Continue;
    ctx.tracked[this.slot] = k;
    ctx.world.stick?.track(ctx, this.slot, k, this.table, this.session);
    return Verdict.Continue;
  }
}

/** The slot of `sc-inc-gpc0(1)` (0 when not given). */
function slotOf(a: string): number {
  const m = /\((\d+)\)$/.exec(a);
  return m ? Number(m[1]) : 0;
}

function scInc(a: string, what: 'inc_gpc0' | 'inc_gpc1'): Action {
  const slot = slotOf(a);
  return {
    run(ctx) {
      ctx.world.stick?.fetch(ctx, what, slot, undefined, undefined);
      return Verdict.Continue;
    },
  };
}

class SetAddr implements Action {
  constructor(
    private readonly field: 'src' | 'dst' | 'srcPort' | 'dstPort',
    private readonly expr: SampleExpr,
  ) {}
  run(ctx: RuleContext): Verdict {
    const v = this.expr.one(ctx);
    if (v === undefined) return Verdict.Continue;
    if (this.field === 'src') ctx.src = toStr(v);
    else if (this.field === 'dst') ctx.dst = toStr(v);
    else {
      const n = Number(toStr(v));
      if (Number.isInteger(n)) ctx[this.field] = n;
    }
    return Verdict.Continue;
  }
}

function captureAction(env: ActionEnv, args: readonly string[]): Action {
  const res = env.ruleset.includes('response');
  const expr = compileExpr(args[0]!, env);
  if (args[1] === 'id') return new Capture(expr, Number(args[2]), 0, res);
  const len = Number(args[2]);
  const slot = res ? env.captureSlots.res++ : env.captureSlots.req++;
  return new Capture(expr, slot, len, res);
}

const noEffect: Set<string> = new Set();

/** An action accepted for compatibility whose effect is not implemented: a warning at load time. */
function noop(what: string): ActionBuilder {
  return (_a, _args, env) => {
    if (!noEffect.has(`${env.proxyModel.name}/${what}`)) {
      noEffect.add(`${env.proxyModel.name}/${what}`);
      env.warn(`'${env.ruleset} ${what}' has no effect in Switchyard yet; rule kept for compatibility.`);
    }
    return CONTINUE;
  };
}

/** `use-service prometheus-exporter`: final; the HTTP session serves the exporter's page. */
const USE_PROMETHEUS: Action = {
  run(ctx) {
    ctx.service = 'prometheus-exporter';
    return Verdict.Done;
  },
};

export const MISC_ACTIONS: Record<string, ActionBuilder> = {
  allow: () => STOP,
  accept: () => STOP,
  'set-var': (a, args, env) => {
    const { scope, name } = varOf(a);
    return new SetVar(scope, name, compileExpr(args[0] ?? '', env), undefined);
  },
  'set-var-fmt': (a, args, env) => {
    const { scope, name } = varOf(a);
    return new SetVar(scope, name, undefined, compileLogFormat(args[0] ?? '', env));
  },
  'unset-var': (a) => {
    const { scope, name } = varOf(a);
    return {
      run(ctx) {
        ctx.unsetVar(scope, name);
        return Verdict.Continue;
      },
    };
  },
  'set-log-level': (_a, args) => {
    const level = args[0]!;
    return {
      run(ctx) {
        ctx.logLevel = level;
        return Verdict.Continue;
      },
    };
  },
  capture: (_a, args, env) => captureAction(env, args),
  'track-sc': (a, args, env) => {
    const slot = Number(/^track-sc(\d+)$/.exec(a)?.[1] ?? 0);
    const table = args[1] === 'table' ? (args[2] ?? env.proxyModel.name) : env.proxyModel.name;
    const session = env.ruleset === 'tcp-request connection' || env.ruleset === 'tcp-request session';
    return new Track(slot, compileExpr(args[0]!, env), table, session);
  },
  'set-src': (_a, args, env) => new SetAddr('src', compileExpr(args[0]!, env)),
  'set-dst': (_a, args, env) => new SetAddr('dst', compileExpr(args[0]!, env)),
  'set-src-port': (_a, args, env) => new SetAddr('srcPort', compileExpr(args[0]!, env)),
  'set-dst-port': (_a, args, env) => new SetAddr('dstPort', compileExpr(args[0]!, env)),
  'set-status': (_a, args, env) => {
    const status = Number(args[0]);
    const reason = args[1] === 'reason' ? compileLogFormat(args[2] ?? '', env) : undefined;
    return {
      run(ctx) {
        const r = ctx.res;
        if (r) {
          r.status = status;
          r.reason = reason ? reason.render(ctx) : reasonOf(status);
        }
        return Verdict.Continue;
      },
    };
  },
  'sc-inc-gpc': noop('sc-inc-gpc'),
  'sc-inc-gpc0': (a) => scInc(a, 'inc_gpc0'),
  'sc-inc-gpc1': (a) => scInc(a, 'inc_gpc1'),
  'sc-set-gpt': noop('sc-set-gpt'),
  'sc-set-gpt0': (a, args, env) => {
    const slot = slotOf(a);
    const v = args[0] ?? '0';
    const expr = /^-?\d+$/.test(v) ? undefined : compileExpr(v, env);
    const n = Number(v);
    return {
      run(ctx) {
        const val = expr ? expr.one(ctx) : n;
        const i = val === undefined ? undefined : typeof val === 'number' ? val : Number(toStr(val));
        if (i !== undefined && Number.isFinite(i)) ctx.world.stick?.setGpt0?.(ctx, slot, i);
        return Verdict.Continue;
      },
    };
  },
  'early-hint': noop('early-hint'),
  'normalize-uri': noop('normalize-uri'),
  'set-mark': noop('set-mark'),
  'set-tos': noop('set-tos'),
  'set-nice': noop('set-nice'),
  'set-timeout': noop('set-timeout'),
  'set-priority-class': noop('set-priority-class'),
  'set-priority-offset': noop('set-priority-offset'),
  'strict-mode': () => CONTINUE,
  'wait-for-body': () => CONTINUE,
  'wait-for-handshake': () => CONTINUE,
  'disable-l7-retry': () => CONTINUE,
  'expect-proxy': () => CONTINUE,
  'expect-netscaler-cip': noop('expect-netscaler-cip'),
  'switch-mode': () => CONTINUE,
  'cache-use': noop('cache-use'),
  'cache-store': noop('cache-store'),
  'add-acl': noop('add-acl'),
  'del-acl': noop('del-acl'),
  'set-map': noop('set-map'),
  'del-map': noop('del-map'),
  'do-resolve': noop('do-resolve'),
  'ot-group': noop('ot-group'),
  'send-spoe-group': noop('send-spoe-group'),
  'use-service': (a, args, env) => {
    // The Prometheus exporter (src/stats/prometheus.ts): the session answers with it.
    if (args[0] === 'prometheus-exporter') return USE_PROMETHEUS;
    throw new RulesError(`'use-service ${args[0] ?? ''}' is not supported by Switchyard`);
  },
};
