/** `tcp-request connection|session|content|inspect-delay` and `tcp-response content|inspect-delay`. */
import { ConfigError } from '../../diagnostics.js';
import type { Keyword, ParseContext } from '../../keyword.js';
import { CAP_BE, CAP_FE, type ProxyModel } from '../../model/proxy.js';
import type { ConditionModel } from '../../model/rule.js';
import { parseTime, UnitError } from '../../units.js';
import { bestMatch } from '../../suggest.js';
import { AclError, parseCondition, splitAtCondition } from './rules-acl.js';
import { ActionError, actionNames, findAction, RULESETS } from './rules-actions.js';
import { addRule, proxyTypeStr, warnIfMisplaced } from './rules-common.js';

type K = Keyword<ProxyModel>;

function inProxy(p: ProxyModel): string {
  return `in ${proxyTypeStr(p)} '${p.name}'`;
}

function inspectDelay(p: ProxyModel, kw: string, text: string | undefined): number {
  const base = `'${kw} inspect-delay' expects a positive delay in milliseconds, ${inProxy(p)}`;
  if (text === undefined) throw new ConfigError(base);
  try {
    return parseTime(text);
  } catch (e) {
    if (!(e instanceof UnitError)) throw e;
    const bad = /[^0-9]/.exec(text.replace(/(us|ms|s|m|h|d)$/, ''));
    throw new ConfigError(bad ? `${base} (unexpected character '${bad[0]}')` : base);
  }
}

/** Built-in tcp actions (parsed by HAProxy's tcp_rules.c itself); returns the words consumed. */
function builtinTcpAction(ruleset: string, words: readonly string[], p: ProxyModel): number | undefined {
  const a = words[0]!;
  const kind = ruleset.split(' ')[1];
  const full = `'${ruleset} ${a}'`;
  if (a === 'capture') {
    if (kind !== 'content') throw new ConfigError(`'capture ${words[1] ?? ''}' is not allowed in '${ruleset}' rules ${inProxy(p)}`);
    if (words[1] === undefined) throw new ConfigError(`${full} : missing fetch method`);
    if (words[2] !== 'len' || !/^[1-9]\d*$/.test(words[3] ?? ''))
      throw new ConfigError(`${full} : a positive 'len' argument is mandatory`);
    return 4;
  }
  const sc = /^track-sc(\d+)$/.exec(a);
  if (sc) {
    const n = Number(sc[1]);
    if (n > 2) throw new ConfigError(`${full} : ${n} track-sc number exceeding 2 (MAX_SESS_STKCTR-1) value`);
    if (words[1] === undefined) throw new ConfigError(`${full} : missing fetch method`);
    return words[2] === 'table' ? 4 : 2;
  }
  if (a === 'expect-proxy' || a === 'expect-netscaler-cip') {
    if (kind !== 'connection') throw new ConfigError(`'${a} ${words[1] ?? ''}' is not allowed in '${ruleset}' rules ${inProxy(p)}`);
    if (words[1] !== 'layer4') throw new ConfigError(`${full} only supports 'layer4' ${inProxy(p)} (got '${words[1] ?? ''}')`);
    return 2;
  }
  return undefined;
}

function parseTcpRule(ruleset: string, words: readonly string[], p: ProxyModel, ctx: ParseContext): void {
  const rs = RULESETS[ruleset]!;
  const action = words[0] ?? '';
  const { head, cond } = splitAtCondition(words);
  let used = builtinTcpAction(ruleset, head.length > 0 ? head : [action], p);
  if (used === undefined) {
    const spec = findAction(rs, action);
    if (!spec) {
      const best = bestMatch(action, [...actionNames(rs), 'expect-proxy', 'expect-netscaler-cip', 'capture', 'track-sc0']);
      const dym = best ? ` Did you mean '${best}' maybe ?` : '';
      throw new ConfigError(`'${ruleset}' expects ${rs.expects} ${inProxy(p)} (got '${action}').${dym}\n`);
    }
    try {
      used = 1 + (spec.check ? spec.check(head.slice(1), action) : head.length - 1);
    } catch (e) {
      if (e instanceof ActionError) throw new ConfigError(e.message);
      throw e;
    }
  }
  if (used < head.length)
    throw new ConfigError(`'${ruleset} ${action}' only accepts 'if' or 'unless', ${inProxy(p)} (got '${head[used]}')`);
  let c: ConditionModel | undefined;
  if (cond) {
    try {
      c = parseCondition(cond, p, ctx);
    } catch (e) {
      if (e instanceof AclError)
        throw new ConfigError(
          `'${ruleset} ${action}' : error detected in ${proxyTypeStr(p)} '${p.name}' while parsing '${cond[0]}' condition : ${e.message}`,
        );
      throw e;
    }
  }
  if (ruleset.startsWith('tcp-request')) warnIfMisplaced(p, ruleset as 'tcp-request content', 'tcp-request', ctx);
  addRule(p, { place: ctx.st.place, ruleset, action, args: head.slice(1), cond: c });
}

function anonymousDefaults(p: ProxyModel): boolean {
  return p.kind === 'defaults' && p.name === '';
}

const tcpRequest: K = {
  name: 'tcp-request',
  help: 'tcp-request {connection | session | content} <action> [{if | unless} <condition>] | tcp-request inspect-delay <time>',
  status: 'supported',
  parse(p, args, ctx) {
    const sub = args[1];
    if (sub === undefined) throw new ConfigError(`missing argument for 'tcp-request' ${inProxy(p)}`);
    if (sub === 'inspect-delay') {
      if (anonymousDefaults(p)) throw new ConfigError(`tcp-request inspect-delay is not allowed in anonymous 'defaults' sections`);
      p.tcpRequestInspectDelay = inspectDelay(p, 'tcp-request', args[2]);
      return;
    }
    if (sub !== 'connection' && sub !== 'session' && sub !== 'content')
      throw new ConfigError(`'tcp-request' expects 'inspect-delay', 'connection', or 'content' ${inProxy(p)} (got '${sub}')`);
    if (anonymousDefaults(p)) throw new ConfigError(`tcp-request ${sub} is not allowed in anonymous 'defaults' sections`);
    if (sub !== 'content' && p.kind !== 'defaults' && (p.cap & CAP_FE) === 0)
      throw new ConfigError(`tcp-request ${sub} is not allowed because ${proxyTypeStr(p)} ${p.name} is not a frontend`);
    parseTcpRule(`tcp-request ${sub}`, args.slice(2), p, ctx);
  },
};

const tcpResponse: K = {
  name: 'tcp-response',
  help: 'tcp-response content <action> [{if | unless} <condition>] | tcp-response inspect-delay <time>',
  status: 'supported',
  parse(p, args, ctx) {
    const sub = args[1];
    if (sub === undefined) throw new ConfigError(`missing argument for 'tcp-response' ${inProxy(p)}`);
    if (sub === 'inspect-delay') {
      if (anonymousDefaults(p) || (p.kind !== 'defaults' && (p.cap & CAP_BE) === 0))
        throw new ConfigError(`tcp-response inspect-delay is only allowed in 'backend' sections or 'defaults' section with a name`);
      p.tcpResponseInspectDelay = inspectDelay(p, 'tcp-response', args[2]);
      return;
    }
    if (sub !== 'content') throw new ConfigError(`'tcp-response' expects 'inspect-delay' or 'content' ${inProxy(p)} (got '${sub}')`);
    if (anonymousDefaults(p) || (p.kind !== 'defaults' && (p.cap & CAP_BE) === 0))
      throw new ConfigError(`tcp-response content is only allowed in 'backend' sections or 'defaults' section with a name`);
    parseTcpRule('tcp-response content', args.slice(2), p, ctx);
  },
};

export const TCP_RULE_KEYWORDS: K[] = [tcpRequest, tcpResponse];
