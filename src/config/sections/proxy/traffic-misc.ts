/**
 * Backend connection settings: http-reuse, retry-on, fullconn, backlog, rate-limit, dispatch,
 * source/usesrc, persist, transparent, external-check, and keywords HAProxy removed.
 */
import { isIP } from 'node:net';
import { AddressError, parseAddress } from '../../address.js';
import { ConfigError } from '../../diagnostics.js';
import type { Keyword, ParseContext } from '../../keyword.js';
import { CAP_BE, CAP_FE, type ProxyModel } from '../../model/proxy.js';
import { atol } from './options.js';
import { proxyTypeStr, refuseInDefaults, tooManyArgs, warnIfNotCap } from './traffic-cap.js';

type K = Keyword<ProxyModel>;
const present = (s: string | undefined): s is string => s !== undefined && s !== '';

const REUSE_MODES = ['never', 'safe', 'aggressive', 'always'] as const;

/** retry-on keywords (HAProxy 2.6 proxy_parse_retry_on()). */
export const RETRY_ON_KEYWORDS = [
  'conn-failure',
  'empty-response',
  'response-timeout',
  '401',
  '403',
  '404',
  '408',
  '425',
  '500',
  '501',
  '502',
  '503',
  '504',
  '0rtt-rejected',
  'junk-response',
  'all-retryable-errors',
  'none',
];

/** `<kw> <integer>` keywords read with atol(): fullconn, backlog. */
/** Integer proxy keywords the data plane acts on. */
const ACTED_ON: ReadonlySet<string> = new Set(['fullconn']);

function intKeyword(name: string, cap: number, help: string, set: (p: ProxyModel, n: number) => void, extra = ''): K {
  return {
    name,
    help,
    status: ACTED_ON.has(name) ? 'supported' : 'parsed-only',
    parse(p, args, ctx) {
      warnIfNotCap(p, cap, name, ctx, extra);
      if (!present(args[1])) throw new ConfigError(`'${name}' expects an integer argument.`);
      set(p, atol(args[1]));
      tooManyArgs(args, 1, 0);
    },
  };
}

/** A dotted-numeric host that is not an IPv4 address (HAProxy refuses it; Node would resolve it). */
function badDotted(text: string): boolean {
  const host = text.replace(/:[^:]*$/, '');
  return /^[\d.]+$/.test(host) && isIP(host) === 0;
}

function connectAddress(kw: string, text: string, portRequired: boolean): string {
  if (badDotted(text)) throw new ConfigError(`'${kw}' : invalid address: '${text}' in '${text}'\n`);
  try {
    parseAddress(text, { port: portRequired ? 'required' : 'optional', names: true });
  } catch (e) {
    if (e instanceof AddressError) {
      if (portRequired && !/:\d*$/.test(text) && !text.startsWith('/'))
        throw new ConfigError(`'${kw}' : missing port specification in '${text}'`);
      throw new ConfigError(`'${kw}' : ${e.message}`);
    }
    throw e;
  }
  return text;
}

const removed = (name: string, message: string): K => ({
  name,
  help: 'removed from HAProxy',
  status: 'parsed-only',
  parse() {
    throw new ConfigError(message);
  },
});

function parseSource(p: ProxyModel, args: readonly string[], ctx: ParseContext): void {
  warnIfNotCap(p, CAP_BE, 'source', ctx);
  if (!present(args[1]))
    throw new ConfigError(`'source' expects <addr>[:<port>], and optionally 'usesrc' <addr>, and 'interface' <name>.`);
  if (badDotted(args[1])) throw new ConfigError(`'source ${args[1]}' : invalid address: '${args[1]}' in '${args[1]}'\n`);
  try {
    parseAddress(args[1], { port: 'optional', names: true });
  } catch (e) {
    if (e instanceof AddressError) throw new ConfigError(`'source ${args[1]}' : ${e.message}`);
    throw e;
  }
  const src: { addr: string; usesrc?: string; interface?: string } = { addr: args[1] };
  for (let i = 2; present(args[i]); i += 2) {
    const w = args[i]!;
    if (w === 'usesrc') {
      const v = args[i + 1];
      if (!present(v)) throw new ConfigError(`'usesrc' expects <addr>[:<port>], 'client', or 'clientip' as argument.`);
      if (v !== 'client' && v !== 'clientip' && !v.startsWith('hdr_ip(')) {
        try {
          parseAddress(v, { port: 'optional', names: true });
        } catch (e) {
          if (e instanceof AddressError) throw new ConfigError(`'usesrc ${v}' : ${e.message}`);
          throw e;
        }
      }
      src.usesrc = v;
    } else if (w === 'interface') {
      if (!present(args[i + 1])) throw new ConfigError(`'source' : missing interface name.`);
      src.interface = args[i + 1];
    } else {
      throw new ConfigError(`'source' only supports optional keywords 'interface' and 'usesrc'.`);
    }
  }
  p.source = src.addr;
  p.connSource = src;
}

export const MISC_TRAFFIC_KEYWORDS: K[] = [
  {
    name: 'http-reuse',
    help: 'http-reuse never|safe|aggressive|always: idle server connection sharing',
    status: 'supported',
    parse(p, args, ctx) {
      warnIfNotCap(p, CAP_BE, 'http-reuse', ctx);
      const m = REUSE_MODES.find((r) => r === args[1]);
      if (!m) throw new ConfigError(`'http-reuse' only supports 'never', 'safe', 'aggressive', 'always'.`);
      p.httpReuse = m;
      tooManyArgs(args, 0, 1);
    },
  },
  {
    name: 'max-session-srv-conns',
    help: 'max-session-srv-conns <nb>: idle private server connections a client session keeps (10)',
    status: 'supported',
    parse(p, args, ctx) {
      if (warnIfNotCap(p, CAP_FE, 'max-session-srv-conns', ctx)) return;
      if (!present(args[1])) {
        // HAProxy 2.6 prints this one with its own typo ("parsine") and no place prefix.
        const { file, line } = ctx.st.place;
        ctx.diag.alert(`parsine [${file}:${line}] : 'max-session-srv-conns' expects a number. Got no argument`);
        return;
      }
      // atol(): leading digits, 0 when there are none.
      const m = /^\s*([+-]?\d+)/.exec(args[1]!);
      p.maxSessionSrvConns = m ? Number(m[1]) : 0;
    },
  },
  {
    name: 'retry-on',
    help: 'retry-on <keywords>: which failures are retried',
    status: 'supported',
    parse(p, args) {
      if (!present(args[1])) throw new ConfigError(`'retry-on' needs at least one keyword to specify when to retry`);
      if (!(p.cap & CAP_BE)) throw new ConfigError(`'retry-on' only available in backend or listen section`);
      const list: string[] = [];
      for (let i = 1; present(args[i]); i++) {
        const w = args[i]!;
        if (!RETRY_ON_KEYWORDS.includes(w)) throw new ConfigError(`'retry-on': unknown keyword '${w}'`);
        if (w === 'none' && (i !== 1 || present(args[i + 1])))
          throw new ConfigError(`'retry-on' 'none' keyworld only usable alone`);
        if (w !== 'none') list.push(w);
      }
      p.retryOn = list;
    },
  },
  intKeyword('fullconn', CAP_BE, 'backend load at which servers reach maxconn', (p, n) => void (p.fullconn = n), " Maybe you want 'maxconn' instead ?"),
  intKeyword('backlog', CAP_FE, 'listen queue length of the frontend', (p, n) => void (p.backlog = n)),
  {
    name: 'rate-limit',
    help: 'rate-limit sessions <rate>: new sessions per second',
    status: 'parsed-only',
    parse(p, args, ctx) {
      if (args[1] !== 'sessions') throw new ConfigError(`'rate-limit' only supports 'sessions' (got '${args[1] ?? ''}')`);
      if (!present(args[2])) throw new ConfigError(`'rate-limit sessions' expects expects an integer value (in sessions/second)`);
      const m = /^(?:0x[0-9a-fA-F]+|\d+)/.exec(args[2]);
      const end = m ? m[0].length : 0;
      if (end < args[2].length)
        throw new ConfigError(`'rate-limit sessions' : unexpected character '${args[2][end]}' in integer value '${args[2]}'`);
      if (!(p.cap & CAP_FE))
        ctx.warn(`rate-limit sessions will be ignored because ${proxyTypeStr(p)} '${p.name}' has no frontend capability`);
      p.rateLimitSessions = Number(m![0]);
    },
  },
  {
    name: 'dispatch',
    help: 'dispatch <addr>:<port>: the server to use when the backend has none',
    status: 'parsed-only',
    parse(p, args, ctx) {
      refuseInDefaults(p, 'dispatch');
      warnIfNotCap(p, CAP_BE, 'dispatch', ctx);
      if (!present(args[1]))
        throw new ConfigError(`'dispatch' : '' resolves to an empty address (environment variable missing?)\n`);
      p.dispatch = connectAddress('dispatch', args[1], true);
      tooManyArgs(args, 1, 0);
    },
  },
  {
    name: 'source',
    help: 'source <addr>[:<port>] [usesrc <addr>|client|clientip] [interface <name>]',
    status: 'parsed-only',
    parse: parseSource,
  },
  removed('usesrc', `'usesrc' only allowed after a 'source' statement.`),
  {
    name: 'persist',
    help: 'persist rdp-cookie[(<name>)]',
    status: 'parsed-only',
    parse(p, args) {
      const m = args[1];
      if (!present(m)) throw new ConfigError('missing persist method.');
      if (!m.startsWith('rdp-cookie')) throw new ConfigError('unknown persist method.');
      const rest = m.slice('rdp-cookie'.length);
      let name = 'msts';
      if (rest.startsWith('(')) {
        tooManyArgs(args, 1, 0);
        const close = rest.indexOf(')');
        if (close <= 1) throw new ConfigError(`persist rdp-cookie(name)' requires an rdp cookie name.`);
        name = rest.slice(1, close);
      } else if (rest !== '') {
        throw new ConfigError(`persist rdp-cookie(name)' requires an rdp cookie name.`);
      }
      p.persistRdpCookie = name;
    },
  },
  {
    name: 'transparent',
    help: 'connect to the original destination address (same as option transparent)',
    status: 'parsed-only',
    parse(p, args, ctx) {
      tooManyArgs(args, 0, 0);
      p.options['transparent'] = { enabled: true, args: [], place: ctx.st.place };
    },
  },
  {
    name: 'external-check',
    help: 'external-check command <cmd> | path <path>',
    status: 'parsed-only',
    parse(p, args) {
      const w = args[1];
      if (!present(w)) throw new ConfigError(`missing argument after 'external-check'.\n`);
      if (w !== 'command' && w !== 'path')
        throw new ConfigError(`'external-check' only supports 'command' and 'path'. but got '${w}'.`);
      if (!present(args[2])) throw new ConfigError(`missing argument after '${w}'.`);
      tooManyArgs(args, 2, 0);
      p.externalCheck = { ...p.externalCheck, [w]: args[2] };
    },
  },
  removed('redispatch', `keyword 'redispatch' directive is not supported anymore since HAProxy 2.1. Use 'option redispatch'.`),
  removed('redisp', `keyword 'redisp' directive is not supported anymore since HAProxy 2.1. Use 'option redispatch'.`),
];
