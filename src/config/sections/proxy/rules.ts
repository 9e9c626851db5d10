/** Proxy keywords about rules: acl, http-request/http-response/tcp-request ..., use-server, redirect. */
import { ConfigError } from '../../diagnostics.js';
import type { Keyword, ParseContext } from '../../keyword.js';
import { CAP_BE, CAP_FE, type ProxyModel } from '../../model/proxy.js';
import type { ConditionModel } from '../../model/rule.js';
import { AclError, aclModel, parseCondition, splitAtCondition } from './rules-acl.js';
import { ActionError, redirectArgs } from './rules-actions.js';
import { addRule, notInAnonymousDefaults, notInDefaults, proxyTypeStr, warnIfMisplaced, warnIfNotCap } from './rules-common.js';
import { HTTP_RULE_KEYWORDS } from './rules-http.js';
import { TCP_RULE_KEYWORDS } from './rules-tcp.js';

type K = Keyword<ProxyModel>;

function invalidAclChar(name: string): string | undefined {
  for (const c of name) if (!/[A-Za-z0-9_.:-]/.test(c)) return c;
  return undefined;
}

/** Parse a condition, wrapping an ACL error in `wrap(inner)`. */
export function conditionOrThrow(
  words: readonly string[],
  p: ProxyModel,
  ctx: ParseContext,
  wrap: (inner: string) => string,
): ConditionModel {
  try {
    return parseCondition(words, p, ctx);
  } catch (e) {
    if (e instanceof AclError) throw new ConfigError(wrap(e.message));
    throw e;
  }
}

const acl: K = {
  name: 'acl',
  help: 'acl <name> <criterion> [flags] [operator] <value> ...',
  status: 'supported',
  parse(p, args, ctx) {
    notInAnonymousDefaults(p, 'acl');
    const name = args[1] ?? '';
    const bad = invalidAclChar(name);
    if (bad !== undefined) throw new ConfigError(`character '${bad}' is not permitted in acl name '${name}'.`);
    if (name.toLowerCase() === 'or')
      throw new ConfigError(
        `acl name '${name}' will never match. 'or' is used to express a logical disjunction within a condition.`,
      );
    if (name === '') throw new ConfigError(`error detected while parsing ACL '' : missing fetch method in ACL expression ''.`);
    try {
      p.acls.push(aclModel(name, args.slice(2), ctx));
    } catch (e) {
      if (e instanceof AclError) throw new ConfigError(`error detected while parsing ACL '${name}' : ${e.message}.`);
      throw e;
    }
  },
};

const redirect: K = {
  name: 'redirect',
  help: 'redirect {location | prefix | scheme} <to> [code <code>] [option...] [{if | unless} <condition>]',
  status: 'supported',
  parse(p, args, ctx) {
    notInDefaults(p, 'redirect');
    const where = `error detected in ${proxyTypeStr(p)} '${p.name}' while parsing redirect rule`;
    const { head, cond } = splitAtCondition(args.slice(1));
    try {
      redirectArgs(head, 'redirect');
    } catch (e) {
      if (e instanceof ActionError) throw new ConfigError(`${where} : ${e.message}.`);
      throw e;
    }
    const c = cond ? conditionOrThrow(cond, p, ctx, (m) => `${where} : error in condition: ${m}.`) : undefined;
    addRule(p, { place: ctx.st.place, ruleset: 'redirect', action: head[0] ?? '', args: head, cond: c });
    warnIfMisplaced(p, 'redirect', 'redirect', ctx);
  },
};

const useServer: K = {
  name: 'use-server',
  help: 'use-server <server> {if | unless} <condition>',
  status: 'supported',
  parse(p, args, ctx) {
    notInDefaults(p, 'use-server');
    warnIfNotCap(p, CAP_BE, 'use-server', ctx);
    if (args[1] === undefined) throw new ConfigError(`'use-server' expects a server name.`);
    if (args[2] !== 'if' && args[2] !== 'unless')
      throw new ConfigError(`'use-server' requires either 'if' or 'unless' followed by a condition.`);
    const cond = conditionOrThrow(args.slice(2), p, ctx, (m) => `error detected while parsing switching rule : ${m}.`);
    p.useServers.push({ place: ctx.st.place, target: args[1], cond });
  },
};

function persistKeyword(name: 'force-persist' | 'ignore-persist'): K {
  return {
    name,
    help: `${name} {if | unless} <condition>`,
    status: 'parsed-only',
    parse(p, args, ctx) {
      notInDefaults(p, name);
      warnIfNotCap(p, CAP_BE, name, ctx);
      if (args[1] !== 'if' && args[1] !== 'unless')
        throw new ConfigError(`'${name}' requires either 'if' or 'unless' followed by a condition.`);
      const cond = conditionOrThrow(args.slice(1), p, ctx, (m) => `error detected while parsing a '${name}' rule : ${m}.`);
      addRule(p, { place: ctx.st.place, ruleset: name, action: name, args: [], cond });
    },
  };
}

const block: K = {
  name: 'block',
  help: 'removed in HAProxy 2.1: use http-request deny',
  status: 'parsed-only',
  parse(_p, args) {
    throw new ConfigError(
      `The '${args[0]}' directive is not supported anymore since HAProxy 2.1. Use 'http-request deny' which uses the exact same syntax.`,
    );
  },
};

export const RULES_KEYWORDS: Keyword<ProxyModel>[] = [
  acl,
  ...HTTP_RULE_KEYWORDS,
  ...TCP_RULE_KEYWORDS,
  redirect,
  useServer,
  persistKeyword('force-persist'),
  persistKeyword('ignore-persist'),
  block,
];

export { CAP_FE };
