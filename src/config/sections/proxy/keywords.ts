/**
 * The proxy keyword table (defaults / frontend / backend / listen), assembled from one file per
 * family of keywords. Each entry: name -> cap (where allowed) -> parse function -> help.
 */
import { ConfigError } from '../../diagnostics.js';
import type { Keyword } from '../../keyword.js';
import {
  CAP_ALL,
  CAP_BE,
  CAP_BE_DEF,
  CAP_FE,
  CAP_FE_DEF,
  TIMEOUT_NAMES,
  type ProxyModel,
} from '../../model/proxy.js';
import { splitCondition } from '../../model/rule.js';
import { expectArgs, expectAtLeast, intArg, timeArg } from '../args.js';
import { bindKeyword } from './bind.js';
import { serverKeywords } from './server.js';
import { OPTION_KEYWORDS } from './options.js';
import { conditionOrThrow } from './rules.js';
import { TRAFFIC_KEYWORDS } from './traffic.js';
import { RULES_KEYWORDS } from './rules.js';
import { OBSERVABILITY_KEYWORDS } from './observability.js';

type K = Keyword<ProxyModel>;

const modeKw: K = {
  name: 'mode',
  help: 'tcp | http | health',
  status: 'supported',
  cap: CAP_ALL,
  parse(p, args) {
    const m = args[1];
    if (m === 'health')
      throw new ConfigError("'mode health' doesn't exist anymore. Please use 'http-request return status 200' instead.");
    if (m !== 'tcp' && m !== 'http') throw new ConfigError(`unknown proxy mode '${m ?? ''}'.`);
    noExtra(args, 2);
    p.mode = m;
  },
};

/** C's atol(): leading digits, 0 when there are none (HAProxy reads proxy maxconn this way). */
function atol(text: string): number {
  const m = /^\s*[-+]?\d+/.exec(text);
  return m ? Number(m[0]) : 0;
}

function noExtra(args: readonly string[], n: number): void {
  if (args.length > n) throw new ConfigError(`'${args[0]}' cannot handle unexpected argument '${args[n]}'.`);
}

const timeoutKws: K[] = TIMEOUT_NAMES.map(
  (t): K => ({
    name: `timeout ${t}`,
    docName: `timeout ${t}`,
    help: `${t} timeout`,
    status: t === 'tarpit' ? 'parsed-only' : 'supported',
    cap: t === 'client' || t === 'client-fin' || t === 'http-request' || t === 'http-keep-alive' || t === 'tarpit'
      ? (t === 'http-request' || t === 'http-keep-alive' || t === 'tarpit' ? CAP_ALL : CAP_FE_DEF)
      : t === 'tunnel' || t === 'check'
        ? CAP_BE_DEF
        : CAP_BE_DEF,
    capWarning: (kind, name, need) => `'timeout ${t}' will be ignored because ${kind} '${name}' has no ${need} capability`,
    parse(p, args) {
      if (args[2] === undefined) throw new ConfigError(`'timeout ${t}' expects an integer value (in milliseconds)`);
      noExtra(args, 3);
      p.timeouts[t] = timeArg(`timeout ${t}`, args[2]);
    },
  }),
);

const timeoutGeneric: K = {
  name: 'timeout',
  help: 'timeout <name> <time>',
  status: 'supported',
  cap: CAP_ALL,
  parse(_p, args) {
    throw new ConfigError(
      `'timeout' supports 'client', 'server', 'connect', 'check', 'queue', 'http-keep-alive', 'http-request', 'tunnel', 'tarpit', 'client-fin' and 'server-fin' (got '${args[1] ?? ''}')`,
    );
  },
};

const backendRefs: K[] = [
  {
    name: 'default_backend',
    help: 'backend used when no use_backend rule matches',
    status: 'supported',
    cap: CAP_FE_DEF,
    parse(p, args, ctx) {
      expectArgs(args, 1, 1, 'a backend name');
      p.defaultBackend = { name: args[1]!, place: ctx.st.place };
    },
  },
  {
    name: 'use_backend',
    help: 'use_backend <backend> [{if | unless} <condition>]',
    status: 'supported',
    cap: CAP_FE,
    parse(p, args, ctx) {
      expectAtLeast(args, 1, 1, 'a backend name');
      const { args: a, cond } = splitCondition(args.slice(1));
      if (a.length !== 1) throw new ConfigError(`'use_backend' expects a backend name followed by a condition.`);
      const checked = cond
        ? conditionOrThrow([cond.polarity, ...cond.terms], p, ctx, (m) => `error detected while parsing switching rule : ${m}.`)
        : undefined;
      p.useBackends.push({ place: ctx.st.place, target: a[0]!, cond: checked });
    },
  },
];

const basics: K[] = [
  modeKw,
  {
    name: 'maxconn',
    help: 'maximum concurrent connections on the frontend',
    status: 'supported',
    cap: CAP_FE_DEF,
    capWarning: (kind, name, need) =>
      `'maxconn' ignored because ${kind} '${name}' has no ${need} capability. Maybe you want 'fullconn' instead ?`,
    parse(p, args) {
      expectArgs(args, 1, 1, 'an integer argument');
      p.maxconn = atol(args[1]!);
    },
  },
  {
    name: 'retries',
    help: 'connection retries on failure',
    status: 'supported',
    cap: CAP_BE_DEF,
    parse(p, args) {
      expectArgs(args, 1, 1, 'an integer argument');
      p.retries = intArg('retries', args[1]);
    },
  },
  {
    name: 'description',
    help: 'free text shown on the stats page',
    status: 'supported',
    cap: CAP_ALL,
    parse(p, args) {
      p.description = args.slice(1).join(' ');
    },
  },
  {
    name: 'disabled',
    help: 'disable the proxy',
    status: 'supported',
    cap: CAP_ALL,
    parse(p) {
      p.disabled = true;
    },
  },
  {
    name: 'enabled',
    help: 'enable the proxy',
    status: 'supported',
    cap: CAP_ALL,
    parse(p) {
      p.disabled = false;
    },
  },
  {
    name: 'id',
    help: 'numeric proxy id',
    status: 'supported',
    cap: CAP_FE | CAP_BE,
    parse(p, args) {
      expectArgs(args, 1, 1);
      p.id = intArg('id', args[1], 1);
    },
  },
];

export const PROXY_KEYWORDS: K[] = [
  ...basics,
  bindKeyword,
  ...serverKeywords,
  ...backendRefs,
  timeoutGeneric,
  ...timeoutKws,
  ...OPTION_KEYWORDS,
  ...TRAFFIC_KEYWORDS,
  ...RULES_KEYWORDS,
  ...OBSERVABILITY_KEYWORDS,
];

export { CAP_BE };
