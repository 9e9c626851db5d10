/**
 * `tune.*` keywords of HAProxy 2.6. Each entry says how its argument is read and which HAProxy
 * message a bad value gets; values land in GlobalModel.tune under the keyword name.
 * Keywords that tune HAProxy's own event loop, pools or kernel buffers mean nothing in Node:
 * they are status 'ignored' and warn so.
 */
import { ConfigError } from '../../diagnostics.js';
import type { KeywordStatus, ParseContext } from '../../keyword.js';
import { parseTime, TIME_UNITS_MS, UnitError } from '../../units.js';
import { noMoreThan } from '../args.js';
import { alertContinue, alertTight, warnIgnored, warnTight } from './emit.js';
import { atol, missing, type GlobalKeyword, type GlobalState } from './types.js';

/** How a tune keyword reads its argument. Each returns the value, or throws with HAProxy's message. */
type Reader = (name: string, arg: string | undefined, ctx: ParseContext) => number | boolean | undefined;

const expectsInt = (name: string): never => {
  throw new ConfigError(`'${name}' expects an integer argument.`);
};

/** atol() with "expects an integer argument." when missing, then an optional check. */
const int =
  (check?: (n: number, name: string) => void): Reader =>
  (name, arg) => {
    if (missing(arg)) expectsInt(name);
    const n = atol(arg);
    check?.(n, name);
    return n;
  };

/** atol() with one message for a missing or out-of-range value. */
const ranged =
  (min: number, max: number, text: string, needArg = false): Reader =>
  (name, arg) => {
    const n = atol(arg);
    if ((needArg && missing(arg)) || n < min || n > max) throw new ConfigError(`'${name}' ${text}`);
    return n;
  };

const positive = (text: string) => (n: number, name: string) => {
  if (n < 0) throw new ConfigError(`'${name}' ${text}`);
};

const onOff: Reader = (name, arg) => {
  if (arg === 'on') return true;
  if (arg === 'off') return false;
  throw new ConfigError(`'${name}' expects either 'on' or 'off' but got '${arg ?? ''}'.`);
};

/** tune.vars.*: a plain size in bytes; no unit suffix is taken. */
const varsSize: Reader = (name, arg) => {
  if (missing(arg)) return 0;
  if (!/^\d+$/.test(arg!)) throw new ConfigError(`${name}: '${arg}' is an invalid size`);
  return Number(arg);
};

interface TuneSpec {
  readonly name: string;
  readonly help: string;
  readonly status: KeywordStatus;
  readonly read: Reader;
  /** HAProxy refuses extra words (alertif_too_many_args). */
  readonly strictArgs?: boolean;
  /** A second occurrence is a non-fatal "already specified. Continuing." alert. */
  readonly once?: boolean;
  /** Needs `expose-experimental-directives` first. */
  readonly experimental?: boolean;
  /** Deprecated in favour of this keyword (warned before anything else). */
  readonly deprecatedFor?: string;
}

const T = (
  name: string,
  status: KeywordStatus,
  help: string,
  read: Reader,
  more: Partial<Pick<TuneSpec, 'strictArgs' | 'once' | 'experimental' | 'deprecatedFor'>> = {},
): TuneSpec => ({ name, status, help, read, strictArgs: true, ...more });

const TUNES: TuneSpec[] = [
  T('tune.bufsize', 'parsed-only', 'buffer size in bytes (default 16384)', int((n, k) => {
    if (n <= 0 || n > 2147483640) throw new ConfigError(`'${k}' expects a positive integer argument.`);
  })),
  T('tune.maxrewrite', 'parsed-only', 'space reserved in a buffer for header rewrites', int(positive('expects a positive integer argument.'))),
  T('tune.http.maxhdr', 'parsed-only', 'maximum number of headers in a request or response', (name, arg) => {
    if (missing(arg)) expectsInt(name);
    const n = atol(arg);
    if (n < 1 || n > 32767) throw new ConfigError(`'${name}' expects a numeric value between 1 and 32767`);
    return n;
  }),
  T('tune.http.cookielen', 'parsed-only', 'maximum captured cookie length', int()),
  T('tune.http.logurilen', 'parsed-only', 'maximum URI length in logs', int()),
  T('tune.comp.maxlevel', 'parsed-only', 'maximum compression level', ranged(1, 9, 'expects a numeric value between 1 and 9')),
  T('tune.pattern.cache-size', 'parsed-only', 'pattern lookup cache entries', (name, arg) => {
    const n = atol(arg);
    if (missing(arg) || n < 0) throw new ConfigError(`'${name}' expects a positive numeric value`);
    return n;
  }, { strictArgs: false }),
  T('tune.h2.header-table-size', 'supported', 'HPACK dynamic table size', ranged(4096, 65536, 'expects a numeric value between 4096 and 65536.')),
  T('tune.h2.initial-window-size', 'supported', 'HTTP/2 initial window size', (name, arg) => {
    const n = atol(arg);
    positive('expects a positive numeric value.')(n, name);
    return n;
  }),
  T('tune.h2.max-concurrent-streams', 'supported', 'HTTP/2 concurrent streams per connection', (name, arg) => {
    const n = atol(arg);
    positive('expects a positive numeric value.')(n, name);
    return n;
  }),
  T('tune.h2.max-frame-size', 'supported', 'HTTP/2 maximum frame size', ranged(16384, 16777215, 'expects a numeric value between 16384 and 16777215.')),
  T('tune.ssl.cachesize', 'parsed-only', 'TLS session cache entries', int(positive('expects a positive numeric value.'))),
  T('tune.ssl.lifetime', 'parsed-only', 'TLS session lifetime (seconds)', (name, arg) => {
    if (missing(arg)) throw new ConfigError(`'${name}' expects ssl sessions <lifetime> in seconds as argument.`);
    const m = /^(\d+)(us|ms|s|m|h|d)?$/.exec(arg!);
    if (!m) {
      try {
        parseTime(arg!, 1000);
      } catch (e) {
        if (e instanceof UnitError) throw new ConfigError(`${e.message} in argument to <${name}>.`);
        throw e;
      }
    }
    const unitMs = m?.[2] ? TIME_UNITS_MS[m[2]]! : 1000;
    return Math.floor((Number(m?.[1] ?? 0) * unitMs) / 1000);
  }),
  T('tune.ssl.maxrecord', 'parsed-only', 'maximum TLS record size', int(positive('expects a positive numeric value.'))),
  T('tune.ssl.hard-maxrecord', 'parsed-only', 'hard maximum TLS record size', int(positive('expects a positive numeric value.'))),
  T('tune.ssl.default-dh-param', 'parsed-only', 'DH parameter size for DHE ciphers', int((n, k) => {
    if (n >= 0 && n < 1024) throw new ConfigError(`'${k}' expects a value >= 1024.`);
  })),
  T('tune.ssl.ssl-ctx-cache-size', 'parsed-only', 'generated certificates cache size', int(positive('expects a positive numeric value.'))),
  T('tune.ssl.capture-buffer-size', 'parsed-only', 'ClientHello capture buffer size', int(positive('expects a positive numeric value.'))),
  T('tune.ssl.capture-cipherlist-size', 'parsed-only', 'deprecated alias of tune.ssl.capture-buffer-size',
    int(positive('expects a positive numeric value.')), { deprecatedFor: 'tune.ssl.capture-buffer-size' }),
  T('tune.ssl.keylog', 'parsed-only', 'keep TLS secrets for the ssl_*_log fetches', onOff),
  T('tune.ssl.force-private-cache', 'ignored', 'per-process TLS session cache', (_n, arg) => {
    if (arg !== undefined) throw new ConfigError(`'tune.ssl.force-private-cache' cannot handle unexpected argument '${arg}'.`);
    return true;
  }),
  T('tune.vars.global-max-size', 'parsed-only', 'memory for proc variables', varsSize, { strictArgs: false }),
  T('tune.vars.proc-max-size', 'parsed-only', 'memory for proc variables', varsSize, { strictArgs: false }),
  T('tune.vars.sess-max-size', 'parsed-only', 'memory for sess variables', varsSize, { strictArgs: false }),
  T('tune.vars.txn-max-size', 'parsed-only', 'memory for txn variables', varsSize, { strictArgs: false }),
  T('tune.vars.reqres-max-size', 'parsed-only', 'memory for req/res variables', varsSize, { strictArgs: false }),
  T('tune.vars.check-max-size', 'parsed-only', 'memory for check variables', varsSize, { strictArgs: false }),
  T('tune.peers.max-updates-at-once', 'parsed-only', 'stick-table updates sent per peer batch', ranged(1, Number.MAX_SAFE_INTEGER, 'expects an integer argument greater than 0.')),
  // Event loop, pools and kernel tuning: nothing to act on in Node.
  T('tune.maxaccept', 'ignored', 'connections accepted per wake-up', int(), { once: true }),
  T('tune.maxpollevents', 'ignored', 'events per poll', int(), { once: true }),
  T('tune.runqueue-depth', 'ignored', 'tasks run per scheduler loop', int(), { once: true }),
  T('tune.recv_enough', 'ignored', 'bytes read before yielding', int()),
  T('tune.pipesize', 'ignored', 'kernel pipe size for splicing', int()),
  T('tune.rcvbuf.client', 'ignored', 'client socket receive buffer', int(), { once: true }),
  T('tune.rcvbuf.server', 'ignored', 'server socket receive buffer', int(), { once: true }),
  T('tune.sndbuf.client', 'ignored', 'client socket send buffer', int(), { once: true }),
  T('tune.sndbuf.server', 'ignored', 'server socket send buffer', int(), { once: true }),
  T('tune.buffers.limit', 'ignored', 'buffers allocated per process', int()),
  T('tune.buffers.reserve', 'ignored', 'buffers kept in reserve', int()),
  T('tune.idle-pool.shared', 'ignored', 'share idle connection pools between threads', onOff),
  T('tune.listener.multi-queue', 'ignored', 'spread accepted connections over threads', onOff),
  T('tune.sched.low-latency', 'ignored', 'scheduler low-latency mode', onOff),
  T('tune.fd.edge-triggered', 'ignored', 'edge-triggered polling (experimental)', onOff, { experimental: true }),
  T('tune.pool-low-fd-ratio', 'ignored', 'idle server connections low watermark', ranged(0, 100, 'expects an integer argument between 0 and 100.', true)),
  T('tune.pool-high-fd-ratio', 'ignored', 'idle server connections high watermark', ranged(0, 100, 'expects an integer argument between 0 and 100.', true)),
  T('tune.fail-alloc', 'ignored', 'memory allocation failure rate (debugging)', ranged(0, 100, 'expects a numeric value between 0 and 100.')),
  T('tune.idletimer', 'ignored', 'idle stream duration for splice decisions', (name, arg, ctx) => {
    const bad = (): never => {
      throw new ConfigError(`'${name}' expects a timer value between 0 and 65535 ms.`);
    };
    if (missing(arg)) bad();
    let ms: number;
    try {
      ms = parseTime(arg!, 1);
    } catch (e) {
      if (e instanceof UnitError && e.message.startsWith('unexpected')) {
        alertTight(ctx, `${e.message} in argument to <${name}>.`);
        return undefined;
      }
      if (e instanceof UnitError) return bad();
      throw e;
    }
    if (ms > 65535) bad();
    return ms;
  }),
];

function luaRefused(name: string): GlobalKeyword {
  return {
    name,
    help: 'Lua tuning (Lua is not supported)',
    status: 'ignored',
    parse() {
      throw new ConfigError(`'${name}' : Lua is not supported by Switchyard; remove this line.`);
    },
  };
}

function toKeyword(t: TuneSpec): GlobalKeyword {
  return {
    name: t.name,
    help: t.help,
    status: t.status,
    parse({ g }: GlobalState, args, ctx) {
      if (t.experimental && !g.exposeExperimentalDirectives)
        throw new ConfigError(
          `'${t.name}' directive is experimental, must be allowed via a global 'expose-experimental-directives'`,
        );
      if (t.deprecatedFor)
        warnTight(ctx, `'${t.name}' is deprecated and will be removed in version 2.7. Please use '${t.deprecatedFor}' instead.`);
      if (t.strictArgs) noMoreThan(args, 1, 1);
      if (t.once && t.name in g.tune) {
        alertContinue(ctx, `'${t.name}' already specified. Continuing.`);
        return;
      }
      const v = t.read(t.name, args[1], ctx);
      if (v === undefined) return;
      g.tune[t.name] = v;
      if (t.name === 'tune.ssl.default-dh-param' && typeof v === 'number') g.tuneSslDefaultDhParam = v;
      if (t.status === 'ignored') warnIgnored(ctx, t.name);
    },
  };
}

export const TUNE_KEYWORDS: GlobalKeyword[] = [
  ...TUNES.map(toKeyword),
  {
    name: 'tune.chksize',
    help: 'removed in HAProxy 1.6 (tune.bufsize is used instead)',
    status: 'ignored',
    parse(_s, _args, ctx) {
      alertTight(ctx, `option 'tune.chksize' is not supported any more (tune.bufsize is used instead).`);
    },
  },
  ...['tune.lua.forced-yield', 'tune.lua.maxmem', 'tune.lua.service-timeout', 'tune.lua.session-timeout', 'tune.lua.task-timeout'].map(
    luaRefused,
  ),
];
