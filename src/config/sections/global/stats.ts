/**
 * `stats socket|timeout|maxconn|bind-process` in the global section: the runtime API listeners.
 * A stats socket takes the bind options; the ones a UNIX socket uses are typed, the others kept as written.
 */
import { isIP } from 'node:net';
import { ConfigError } from '../../diagnostics.js';
import type { ParseContext } from '../../keyword.js';
import type { StatsSocketModel } from '../../model/global.js';
import { bestMatch } from '../../suggest.js';
import { parseTime, UnitError } from '../../units.js';
import { groupId, userId } from './system-users.js';
import { atol, missing, type GlobalKeyword as K } from './types.js';

/** HAProxy 2.6 bind keywords and whether they take an argument (from `haproxy -dKcfg`). */
const BIND_WITH_ARG = [
  'accept-netscaler-cip', 'backlog', 'expose-fd', 'gid', 'group', 'id', 'interface', 'level', 'maxconn', 'mode', 'mss',
  'name', 'namespace', 'nice', 'process', 'proto', 'severity-output', 'shards', 'tcp-ut', 'thread', 'uid', 'user',
  'alpn', 'ca-file', 'ca-ignore-err', 'ca-sign-file', 'ca-sign-pass', 'ca-verify-file', 'ciphers', 'ciphersuites',
  'crl-file', 'crt', 'crt-ignore-err', 'crt-list', 'curves', 'ecdhe', 'npn', 'ssl-max-ver', 'ssl-min-ver',
  'tls-ticket-keys', 'verify',
];
const BIND_FLAGS = [
  'accept-proxy', 'defer-accept', 'tfo', 'transparent', 'v4v6', 'v6only', 'ssl', 'allow-0rtt', 'force-sslv3',
  'force-tlsv10', 'force-tlsv11', 'force-tlsv12', 'force-tlsv13', 'generate-certificates', 'no-ca-names', 'no-sslv3',
  'no-tls-tickets', 'no-tlsv10', 'no-tlsv11', 'no-tlsv12', 'no-tlsv13', 'prefer-client-ciphers', 'strict-sni',
];
const ALL_BIND = [...BIND_WITH_ARG, ...BIND_FLAGS];

/** What a missing value is called in "''<opt>' : missing <what>'". */
const MISSING_WHAT: Record<string, string> = {
  level: 'level',
  user: 'user name',
  group: 'group name',
  name: 'name',
  'expose-fd': 'fd type',
  'severity-output': 'severity format',
};

function sockErr(text: string): never {
  throw new ConfigError(`'stats socket' : ${text}`);
}

function checkSocketAddress(addr: string, ctx: ParseContext): void {
  const pl = ctx.st.place;
  const fail = (m: string): never => {
    throw new ConfigError(`parsing [${pl.file}:${pl.line}] : 'stats socket' : ${m}\n`);
  };
  if (addr.startsWith('/') || /^(unix|abns|fd|sockpair)@/.test(addr)) return;
  const rest = addr.replace(/^(ipv4|ipv6|tcp|tcp4|tcp6)@/, '');
  const c = rest.lastIndexOf(':');
  if (c < 0 || rest.slice(c + 1) === '') fail(`missing port specification in '${addr}'`);
  const host = rest.slice(0, c).replace(/^\[(.*)\]$/, '$1');
  const port = rest.slice(c + 1);
  if (!/^\d+$/.test(port) || Number(port) > 65535) fail(`invalid port '${port}'`);
  if (host !== '' && host !== '*' && isIP(host) === 0) fail(`invalid address: '${host}' in '${addr}'`);
}

function parseSocket(args: readonly string[], ctx: ParseContext): StatsSocketModel {
  if (missing(args[2])) throw new ConfigError(`'stats socket' in global section expects an address or a path to a UNIX socket`);
  checkSocketAddress(args[2]!, ctx);
  const s: StatsSocketModel = { place: ctx.st.place, address: args[2]!, other: {} };
  for (let i = 3; i < args.length; i++) {
    const opt = args[i]!;
    if (!ALL_BIND.includes(opt)) {
      const m = bestMatch(opt, ALL_BIND);
      sockErr(`unknown keyword '${opt}'.${m ? ` Did you mean '${m}' maybe ?` : ''}`);
    }
    if (!BIND_WITH_ARG.includes(opt)) {
      s.other[opt] = [];
      continue;
    }
    const v = args[++i];
    if (missing(v)) sockErr(`''${opt}' : missing ${MISSING_WHAT[opt] ?? 'value'}'`);
    switch (opt) {
      case 'level':
        if (v !== 'user' && v !== 'operator' && v !== 'admin')
          sockErr(`''level' only supports 'user', 'operator', and 'admin' (got '${v}')'`);
        s.level = v;
        break;
      case 'mode':
        if (!/^[0-7]+$/.test(v!)) sockErr(`''mode' : missing or invalid mode '${v}' (octal integer expected)'`);
        s.mode = parseInt(v!, 8);
        break;
      case 'uid':
        s.uid = atol(v);
        break;
      case 'gid':
        s.gid = atol(v);
        break;
      case 'user': {
        const id = userId(v!);
        if (id === undefined) sockErr(`''user' : unknown user name '${v}''`);
        s.user = v;
        s.uid = id;
        break;
      }
      case 'group': {
        const id = groupId(v!);
        if (id === undefined) sockErr(`''group' : unknown group name '${v}''`);
        s.group = v;
        s.gid = id;
        break;
      }
      case 'expose-fd':
        if (v !== 'listeners') sockErr(`''expose-fd' only supports 'listeners' (got '${v}')'`);
        s.exposeFdListeners = true;
        break;
      case 'severity-output':
        if (v !== 'none' && v !== 'number' && v !== 'string')
          sockErr(`''severity-output' only supports 'none', 'number', and 'string' (got '${v}')'`);
        s.severityOutput = v;
        break;
      case 'process':
        ctx.warn(`'stats socket' : 'process ${v}' on 'bind' lines is deprecated and will be removed in 2.7.`);
        s.other[opt] = [v!];
        break;
      default:
        s.other[opt] = [v!];
    }
  }
  return s;
}

export const STATS_KEYWORDS: K[] = [
  {
    name: 'stats',
    help: 'stats socket|timeout|maxconn|bind-process',
    status: 'parsed-only',
    parse(_s, args) {
      throw new ConfigError(
        `'stats' only supports 'socket', 'maxconn', 'bind-process' and 'timeout' (got '${args[1] ?? ''}')`,
      );
    },
  },
  {
    name: 'stats socket',
    docName: 'stats socket <address> [options]',
    help: 'stats socket <addr> [level user|operator|admin] [mode M] [user U] [group G] [expose-fd listeners] ...: runtime API socket',
    status: 'supported',
    parse({ g }, args, ctx) {
      g.statsSockets.push(parseSocket(args, ctx));
    },
  },
  {
    name: 'stats timeout',
    help: 'stats timeout <time>: idle timeout of runtime API connections (default 10s)',
    status: 'supported',
    parse({ g }, args) {
      let ms: number;
      try {
        ms = parseTime(args[2] ?? '', 1);
      } catch (e) {
        if (!(e instanceof UnitError)) throw e;
        const m = e.message === 'missing value' ? "unexpected character '" : e.message;
        throw new ConfigError(`'stats timeout' : ${m}`);
      }
      if (ms <= 0) throw new ConfigError(`'stats timeout' expects a positive value`);
      g.statsTimeout = ms;
    },
  },
  {
    name: 'stats maxconn',
    help: 'stats maxconn <n>: concurrent runtime API connections (default 10)',
    status: 'supported',
    parse({ g }, args) {
      const n = atol(args[2]);
      if (n <= 0) throw new ConfigError(`'stats maxconn' expects a positive value`);
      g.statsMaxconn = n;
    },
  },
  {
    name: 'stats bind-process',
    help: 'stats bind-process <set>: obsolete (one process)',
    status: 'ignored',
    parse({ g }, args, ctx) {
      const v = args[2];
      if (v !== undefined && v !== 'all' && v !== 'odd' && v !== 'even') {
        const m = /^(\d+)(?:-(\d+))?$/.exec(v);
        if (!m) throw new ConfigError(`'stats bind-process' : '${v}' is not a valid number/range.`);
        if (Number(m[1]) !== 1 || Number(m[2] ?? 1) !== 1)
          throw new ConfigError(`'stats bind-process' : '${v}' is not a valid number/range. It supports numbers from 1 to 1.\n`);
      }
      if (v !== undefined) g.statsBindProcess = v;
      ctx.warn(`'stats bind-process' has no effect in Switchyard (Node.js) and is ignored.`);
    },
  },
];
