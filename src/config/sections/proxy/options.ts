/**
 * `option <name> [args]`, `no option <name>`, `default option <name>`: HAProxy 2.6's option list.
 * One entry per option: where it is allowed (HAProxy warns and ignores it elsewhere), whether it
 * needs `mode http`, how it reacts to the `no`/`default` prefixes, and how its arguments parse.
 *
 * Prefix rules, as HAProxy's cfg_parse_listen():
 * - plain flags (HAProxy's cfg_opts/cfg_opts2 tables), redispatch and the three HTTP connection
 *   modes accept `no`; every other option answers "negation/default is not supported".
 * - HAProxy shifts the words of a `default ...` line without clearing the last one, so the last
 *   word appears twice: `default option abortonclose` is refused for its extra argument.
 */
import { ConfigError } from '../../diagnostics.js';
import type { Keyword, ParseContext } from '../../keyword.js';
import { CAP_BE, CAP_FE, type ProxyModel } from '../../model/proxy.js';
import { bestMatch } from '../../suggest.js';
import { alertTight, tooManyArgs, warnIfNotCap } from './traffic-cap.js';
import { SPECIAL_OPTIONS, type OptionParams } from './traffic-options-special.js';

type Status = 'supported' | 'parsed-only' | 'ignored';

/** How an option treats `no` / `default`. */
type OptionKind =
  /** cfg_opts / cfg_opts2: no arguments; `no` records an explicit off */
  | 'flag'
  /** httpclose / http-server-close / http-keep-alive: one of them at a time; `no` clears it if set */
  | 'http-mode'
  /** redispatch [N] */
  | 'redispatch'
  /** options that refuse `no`/`default` and parse their own arguments */
  | 'special'
  /** options removed from HAProxy: always an error */
  | 'removed';

export interface OptionSpec {
  readonly name: string;
  readonly help: string;
  readonly status: Status;
  readonly kind: OptionKind;
  /** Sides the option needs (CAP_FE / CAP_BE bits); elsewhere HAProxy warns and ignores it. */
  readonly cap?: number;
  /** Only meaningful with `mode http` (HAProxy warns after parsing otherwise). */
  readonly httpOnly?: boolean;
  /** For 'removed': the message. */
  readonly removed?: string;
}

const FE = CAP_FE;
const BE = CAP_BE;
const FB = CAP_FE | CAP_BE;

const flag = (name: string, cap: number, help: string, httpOnly = false, status: Status = 'parsed-only'): OptionSpec => ({
  name,
  cap,
  help,
  status,
  kind: 'flag',
  httpOnly,
});

/** HAProxy's cfg_opts then cfg_opts2, in table order (the order of the post-parse warnings). */
export const FLAG_OPTIONS: readonly OptionSpec[] = [
  flag('abortonclose', BE, 'abort a queued request when the client closes', false, 'supported'),
  flag('allbackups', BE, 'use all backup servers at once', false, 'supported'),
  flag('checkcache', BE, 'refuse cacheable responses that set cookies', true),
  flag('clitcpka', FE, 'TCP keep-alive on the client side'),
  flag('contstats', FE, 'continuous traffic statistics'),
  flag('dontlognull', FE, 'do not log connections without data', false, 'supported'),
  flag('http-buffer-request', FB, 'wait for the request body before choosing a server', true),
  flag('http-ignore-probes', FE, 'do not log empty pre-connections', true),
  flag('prefer-last-server', BE, 'reuse the server of the previous request', true),
  flag('logasap', FE, 'log before the end of the transfer'),
  flag('nolinger', FB, 'reset connections on close'),
  flag('persist', BE, 'keep a cookie-designated server even when down'),
  flag('srvtcpka', BE, 'TCP keep-alive on the server side'),
  flag('transparent', BE, 'connect to the original destination address'),
  flag('splice-request', FB, 'kernel splicing for requests', false, 'ignored'),
  flag('splice-response', FB, 'kernel splicing for responses', false, 'ignored'),
  flag('splice-auto', FB, 'automatic kernel splicing', false, 'ignored'),
  flag('accept-invalid-http-request', FE, 'accept non-compliant requests', true),
  flag('accept-invalid-http-response', BE, 'accept non-compliant responses', true),
  flag('dontlog-normal', FE, 'only log errors', false, 'supported'),
  flag('log-separate-errors', FE, 'log errors at a higher level', false, 'supported'),
  flag('log-health-checks', BE, 'log every health check change', false, 'supported'),
  flag('socket-stats', FE, 'per-listener statistics', false, 'supported'),
  flag('tcp-smart-accept', FE, 'delay accept until data arrives', false, 'ignored'),
  flag('tcp-smart-connect', BE, 'send the first data with the connect', false, 'ignored'),
  flag('independent-streams', FB, 'separate read/write timeouts per direction'),
  flag('http-use-proxy-header', FE, 'honour Proxy-Connection', true),
  flag('http-pretend-keepalive', BE, 'announce keep-alive to the server', true),
  flag('http-no-delay', FB, 'send HTTP data without delay', true),
  flag('h1-case-adjust-bogus-client', FE, 'adjust header case towards clients'),
  flag('h1-case-adjust-bogus-server', BE, 'adjust header case towards servers'),
  flag('disable-h2-upgrade', FE, 'refuse the HTTP/1 to HTTP/2 upgrade', true),
];

export const HTTP_MODE_OPTIONS = ['httpclose', 'http-server-close', 'http-keep-alive'] as const;

const OTHER_OPTIONS: readonly OptionSpec[] = [
  {
    name: 'forceclose',
    help: 'removed in HAProxy 2.0',
    status: 'parsed-only',
    kind: 'removed',
    removed:
      "option 'forceclose' is not supported any more since HAProxy 2.0, please just remove it, or use 'option httpclose' if absolutely needed.",
  },
  { name: 'httpclose', help: 'close both sides after each response', status: 'supported', kind: 'http-mode' },
  { name: 'http-server-close', help: 'close the server side after each response', status: 'supported', kind: 'http-mode' },
  { name: 'http-keep-alive', help: 'keep-alive on both sides (default)', status: 'supported', kind: 'http-mode' },
  {
    name: 'http-tunnel',
    help: 'removed in HAProxy 2.1',
    status: 'parsed-only',
    kind: 'removed',
    removed: "option 'http-tunnel' is not supported any more since HAProxy 2.1, please just remove it, it shouldn't be needed.",
  },
  { name: 'redispatch', help: 'redispatch [N]: retry on another server', status: 'supported', kind: 'redispatch', cap: BE },
  {
    name: 'http_proxy',
    help: 'removed in HAProxy 2.5',
    status: 'parsed-only',
    kind: 'removed',
    removed:
      "option 'http_proxy' is not supported any more since HAProxy 2.5. This option stopped working in HAProxy 1.9 and usually had nasty side effects. It can be more reliably implemented with combinations of 'http-request set-dst' and 'http-request set-uri', and even 'http-request do-resolve' if DNS resolution is desired.",
  },
  ...SPECIAL_OPTIONS.map(
    (s): OptionSpec => ({ name: s.name, help: s.help, status: s.status, kind: 'special', httpOnly: s.httpOnly }),
  ),
];

export const ALL_OPTIONS: readonly OptionSpec[] = [...FLAG_OPTIONS, ...OTHER_OPTIONS];
const SPECIAL_BY_NAME = new Map(SPECIAL_OPTIONS.map((s) => [s.name, s]));

/** HAProxy's common_options: extra words "did you mean" picks from, after the flag tables. */
const COMMON_OPTIONS = [
  'httpclose',
  'http-server-close',
  'http-keep-alive',
  'redispatch',
  'httplog',
  'tcplog',
  'tcpka',
  'httpchk',
  'ssl-hello-chk',
  'smtpchk',
  'pgsql-check',
  'redis-check',
  'mysql-check',
  'ldap-check',
  'spop-check',
  'tcp-check',
  'external-check',
  'forwardfor',
  'original-to',
];
const SUGGESTIONS = [...FLAG_OPTIONS.map((o) => o.name), ...COMMON_OPTIONS];

/** The words HAProxy sees: a `default` line repeats its last word (see the header comment). */
function effectiveArgs(args: readonly string[], ctx: ParseContext): readonly string[] {
  if (ctx.st.prefix !== 'default' || args.length === 0) return args;
  return [...args, args[args.length - 1]!];
}

function setOption(p: ProxyModel, name: string, enabled: boolean, args: readonly string[], ctx: ParseContext, params?: OptionParams): void {
  p.options[name] = { enabled, args: args.slice(2), place: ctx.st.place, ...(params ? { params } : {}) };
}

function parseOption(o: OptionSpec, p: ProxyModel, rawArgs: readonly string[], ctx: ParseContext): void {
  const args = effectiveArgs(rawArgs, ctx);
  const prefix = ctx.st.prefix;
  switch (o.kind) {
    case 'removed':
      alertTight(ctx, o.removed ?? '');
      return;
    case 'flag':
      tooManyArgs(args, 0, 1);
      if (o.cap !== undefined && warnIfNotCap(p, o.cap, o.name, ctx)) return;
      if (prefix === 'default') delete p.options[o.name];
      else setOption(p, o.name, prefix !== 'no', args, ctx);
      return;
    case 'http-mode':
      tooManyArgs(args, 0, 1);
      if (prefix === undefined) {
        for (const m of HTTP_MODE_OPTIONS) delete p.options[m];
        setOption(p, o.name, true, args, ctx);
        return;
      }
      if (prefix === 'no') {
        if (p.options[o.name]?.enabled) delete p.options[o.name];
        return;
      }
      alertTight(ctx, `negation/default is not supported for option '${o.name}'.`);
      return;
    case 'redispatch': {
      if (warnIfNotCap(p, BE, o.name, ctx)) return;
      if (prefix === 'default') {
        delete p.options[o.name];
        return;
      }
      if (prefix === 'no') {
        setOption(p, o.name, false, args, ctx, { after: 0 });
        return;
      }
      // HAProxy reads the argument with atol(): anything not a number counts as 0.
      const n = args[2] !== undefined && args[2] !== '' ? atol(args[2]) : -1;
      setOption(p, o.name, true, args, ctx, { after: n });
      return;
    }
    case 'special': {
      if (prefix !== undefined) {
        alertTight(ctx, `negation/default is not supported for option '${o.name}'.`);
        return;
      }
      const sp = SPECIAL_BY_NAME.get(o.name);
      if (!sp) return;
      const res = sp.parse(p, args, ctx);
      if (res === false) return;
      if (sp.group) for (const g of sp.group) delete p.options[g];
      setOption(p, o.name, true, args, ctx, res);
      return;
    }
  }
}

/** C's atol(): leading blanks, optional sign, digits; 0 when nothing parses. */
export function atol(s: string): number {
  const m = /^\s*([+-]?\d+)/.exec(s);
  return m ? Number(m[1]) : 0;
}

export const OPTION_KEYWORDS: Keyword<ProxyModel>[] = [
  ...ALL_OPTIONS.map(
    (o): Keyword<ProxyModel> => ({
      name: `option ${o.name}`,
      help: o.help,
      status: o.status,
      negatable: true,
      parse: (p, args, ctx) => parseOption(o, p, args, ctx),
    }),
  ),
  {
    name: 'option',
    help: 'option <name> [args]',
    status: 'supported',
    negatable: true,
    parse(_p, args, ctx) {
      const name = args[1];
      if (name === undefined || name === '') {
        alertTight(ctx, `'option' expects an option name.`);
        return;
      }
      if (ctx.st.prefix !== undefined) {
        alertTight(ctx, `negation/default is not supported for option '${name}'.`);
        return;
      }
      const best = bestMatch(name, SUGGESTIONS);
      throw new ConfigError(`unknown option '${name}'${best ? `; did you mean '${best}' maybe ?` : '.'}`);
    },
  },
];
