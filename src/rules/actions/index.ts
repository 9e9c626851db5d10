/** Compile one rule (`http-request set-header X v if cond`) into a condition and an action. */
import type { Place } from '../../config/diagnostics.js';
import type { RuleModel } from '../../config/model/rule.js';
import { RulesError } from '../compile-env.js';
import { compileCondition, type AclTable, type Condition } from '../condition.js';
import { HEADER_ACTIONS } from './headers.js';
import { MISC_ACTIONS } from './misc.js';
import { REPLY_ACTIONS } from './reply.js';
import { Verdict, type Action, type ActionBuilder, type ActionEnv } from './types.js';
import { URI_ACTIONS } from './uri.js';

const ALL: Record<string, ActionBuilder> = { ...HEADER_ACTIONS, ...URI_ACTIONS, ...REPLY_ACTIONS, ...MISC_ACTIONS };

/** `close` (tcp-response): the server connection is closed, what it sent is still forwarded. */
ALL['close'] = () => ({
  run(ctx) {
    ctx.closeServer = true;
    return Verdict.Stop;
  },
});

/** The builder for an action word: exact, or the stem of `set-var(x)`, `track-sc1`, `sc-inc-gpc0(1)`. */
export function actionBuilder(word: string): ActionBuilder | undefined {
  if (Object.prototype.hasOwnProperty.call(ALL, word)) return ALL[word];
  const paren = word.indexOf('(');
  if (paren > 0) {
    const stem = word.slice(0, paren);
    if (Object.prototype.hasOwnProperty.call(ALL, stem)) return ALL[stem];
  }
  if (/^track-sc\d+$/.test(word)) return ALL['track-sc'];
  return undefined;
}

export interface CompiledRule {
  readonly place: Place;
  readonly cond: Condition | undefined;
  readonly action: Action;
}

export function compileRule(r: RuleModel, acls: AclTable, env: ActionEnv): CompiledRule {
  const where = `${r.place.file}:${r.place.line}`;
  try {
    const isRedirectKw = r.ruleset === 'redirect';
    const b = actionBuilder(isRedirectKw ? 'redirect' : r.action);
    if (!b) throw new RulesError(`action '${r.action}' is not supported`);
    const action = b(r.action, r.args, env);
    const cond = r.cond ? compileCondition(r.cond, acls, env) : undefined;
    return { place: r.place, cond, action };
  } catch (e) {
    if (e instanceof RulesError) throw new RulesError(`parsing [${where}] : '${r.ruleset} ${r.action}': ${e.message}`);
    throw e;
  }
}
