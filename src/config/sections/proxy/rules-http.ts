import { sampleExprError, takesSampleExpr } from './rules-sample.js';
/** `http-request`, `http-response`, `http-after-response` (and `stats http-request`) rules. */
import { ConfigError } from '../../diagnostics.js';
import type { Keyword, ParseContext } from '../../keyword.js';
import { CAP_BE, type ProxyModel } from '../../model/proxy.js';
import type { RuleModel } from '../../model/rule.js';
import { bestMatch } from '../../suggest.js';
import { AclError, parseCondition, splitAtCondition } from './rules-acl.js';
import { ActionError, actionNames, findAction, RULESETS } from './rules-actions.js';
import {
  addRule,
  alertTight,
  notInAnonymousDefaults,
  ownRules,
  proxyTypeStr,
  warnIfMisplaced,
  warnTight,
} from './rules-common.js';

type K = Keyword<ProxyModel>;

/**
 * Parse `<action> [args] [if|unless cond]` of an HTTP ruleset. Returns undefined after reporting an
 * error that stops parsing (HAProxy aborts on a bad http rule).
 */
/** Actions HAProxy 2.6 only takes after `expose-experimental-directives` in global. */
const EXPERIMENTAL_ACTIONS: ReadonlySet<string> = new Set(['normalize-uri']);

export function parseHttpRule(
  ruleset: 'http-request' | 'http-response' | 'http-after-response',
  words: readonly string[],
  p: ProxyModel,
  ctx: ParseContext,
): RuleModel | undefined {
  const rs = RULESETS[ruleset]!;
  const action = words[0];
  const spec = action === undefined ? undefined : findAction(rs, action);
  if (action === undefined || !spec) {
    const got = action === undefined ? `'' (missing argument)` : `'${action}'`;
    const best = action === undefined ? undefined : bestMatch(action, actionNames(rs));
    const dym = best ? ` Did you mean '${best}' maybe ?` : '';
    alertTight(ctx, `'${ruleset}' expects ${rs.expects}but got ${got}.${dym}`, true);
    return undefined;
  }
  if (EXPERIMENTAL_ACTIONS.has(action) && ctx.config.global.exposeExperimentalDirectives !== true)
    throw new ConfigError(
      `'${action}' action is experimental, must be allowed via a global 'expose-experimental-directives'`,
      true,
    );
  const { head, cond } = splitAtCondition(words.slice(1));
  const where = `error detected in ${proxyTypeStr(p)} '${p.name}' while parsing '${ruleset} ${action}' rule`;
  let used: number;
  try {
    if (spec.backendOnly && (p.cap & CAP_BE) === 0)
      throw new ActionError(`proxy '${p.name}' has no backend capability`);
    used = spec.check ? spec.check(head, action) : head.length;
    if (takesSampleExpr(action) && head[0] !== undefined) {
      const bad = sampleExprError(head[0]);
      if (bad) throw new ActionError(bad);
    }
  } catch (e) {
    if (e instanceof ActionError) throw new ConfigError(`${where} : ${e.message}.`, true);
    throw e;
  }
  if (used < head.length) {
    alertTight(ctx, `'${ruleset} ${action}' expects either 'if' or 'unless' followed by a condition but found '${head[used]}'.`, true);
    return undefined;
  }
  let c;
  if (cond) {
    try {
      c = parseCondition(cond, p, ctx);
    } catch (e) {
      if (e instanceof AclError)
        throw new ConfigError(`error detected while parsing an '${ruleset} ${action}' condition : ${e.message}.`, true);
      throw e;
    }
  }
  return { place: ctx.st.place, ruleset, action, args: head, cond: c };
}

function isFinal(ruleset: string, r: RuleModel): boolean {
  const rs = RULESETS[ruleset];
  return rs !== undefined && findAction(rs, r.action)?.final === true;
}

function httpRuleKeyword(ruleset: 'http-request' | 'http-response' | 'http-after-response', help: string): K {
  return {
    name: ruleset,
    help,
    status: 'supported',
    parse(p, args, ctx) {
      notInAnonymousDefaults(p, ruleset);
      const prev = ownRules(p, ruleset).at(-1);
      if (prev && !prev.cond && isFinal(ruleset, prev))
        warnTight(ctx, `previous '${ruleset}' action is final and has no condition attached, further entries are NOOP.`);
      const rule = parseHttpRule(ruleset, args.slice(1), p, ctx);
      if (!rule) return;
      if (ruleset === 'http-request') warnIfMisplaced(p, 'http-request', 'http-request', ctx);
      addRule(p, rule);
    },
  };
}

export const HTTP_RULE_KEYWORDS: K[] = [
  httpRuleKeyword('http-request', 'http-request <action> [options...] [{if | unless} <condition>]'),
  httpRuleKeyword('http-response', 'http-response <action> [options...] [{if | unless} <condition>]'),
  httpRuleKeyword('http-after-response', 'http-after-response <action> [options...] [{if | unless} <condition>]'),
];
