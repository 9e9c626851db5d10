/** `log`, `no log`, `log-format`, `log-format-sd`, `error-log-format`, `log-tag`, `unique-id-*`. */
import { ConfigError } from '../../diagnostics.js';
import type { Keyword } from '../../keyword.js';
import { CAP_FE, type LogTargetModel, type ProxyModel } from '../../model/proxy.js';

type K = Keyword<ProxyModel>;

export const LOG_FACILITIES = [
  'kern', 'user', 'mail', 'daemon', 'auth', 'syslog', 'lpr', 'news', 'uucp', 'cron', 'auth2', 'ftp', 'ntp',
  'audit', 'alert', 'cron2', 'local0', 'local1', 'local2', 'local3', 'local4', 'local5', 'local6', 'local7',
];
export const LOG_LEVELS = ['emerg', 'alert', 'crit', 'err', 'warning', 'notice', 'info', 'debug'];
export const LOG_FORMATS = ['local', 'rfc3164', 'rfc5424', 'priority', 'short', 'timed', 'iso', 'raw'];

/** Check a log target address; returns HAProxy's message for a bad port, else undefined. */
function badTarget(t: string): string | undefined {
  if (t.startsWith('/') || t.startsWith('ring@') || t === 'stdout' || t === 'stderr' || t.startsWith('fd@')) return undefined;
  const addr = t.replace(/^(udp|udp4|udp6|ipv4|ipv6|tcp|tcp4|tcp6)@/, '');
  const colon = addr.lastIndexOf(':');
  if (colon < 0 || addr.startsWith('[') && addr.endsWith(']')) return undefined;
  const port = addr.slice(colon + 1);
  const bad = /[^0-9]/.exec(port);
  if (bad) return `invalid character '${bad[0]}' in port number '${port}' in '${t}'\n`;
  return undefined;
}

/** Parse `log <target> [len N] [format F] [sample R:S] <facility> [level [minlevel]]`. */
function parseLogTarget(args: readonly string[], place: LogTargetModel['place']): LogTargetModel {
  const fail = (m: string): never => {
    throw new ConfigError(`log : ${m}`);
  };
  if (args[1] === 'global') {
    if (args[2] !== undefined) fail(`unknown log facility '${args[2]}'`);
    return { place, global: true };
  }
  const target = args[1];
  let i = 2;
  let len: number | undefined;
  let format: string | undefined;
  let sample: string | undefined;
  for (;;) {
    if (args[i] === 'len') {
      const n = Number(args[i + 1]);
      if (!Number.isInteger(n) || n < 80 || n > 65535) fail(`invalid log length '${args[i + 1] ?? ''}', must be between 80 and 65535`);
      len = n;
    } else if (args[i] === 'format') {
      const f = args[i + 1] ?? '';
      if (!LOG_FORMATS.includes(f)) fail(`unknown log format '${f}'`);
      format = f;
    } else if (args[i] === 'sample') {
      const s = args[i + 1] ?? '';
      if (!/^[0-9,:-]*:\d+$/.test(s)) fail('Missing sample size');
      sample = s;
    } else break;
    i += 2;
  }
  if (target === undefined || args[i] === undefined) fail('expects <address> and <facility> or global as arguments');
  const bad = badTarget(target!);
  if (bad) fail(bad);
  const facility = args[i]!;
  if (!LOG_FACILITIES.includes(facility)) fail(`unknown log facility '${facility}'`);
  const level = args[i + 1];
  if (level !== undefined && !LOG_LEVELS.includes(level)) fail(`unknown optional log level '${level}'`);
  const minlevel = args[i + 2];
  if (minlevel !== undefined && !LOG_LEVELS.includes(minlevel)) fail(`unknown optional minimum log level '${minlevel}'`);
  if (args[i + 3] !== undefined) fail(`cannot handle unexpected argument '${args[i + 3]}'`);
  return { place, target, len, format, sample, facility, level, minlevel };
}

const log: K = {
  name: 'log',
  help: 'log global | log <target> [len N] [format F] [sample R:S] <facility> [level [minlevel]]',
  status: 'supported',
  negatable: true,
  parse(p, args, ctx) {
    if (ctx.st.prefix === 'no') {
      if (args[1] !== undefined) throw new ConfigError(`log : 'no log' does not expect arguments`);
      p.logs = [];
      p.noLog = true;
      return;
    }
    p.logs.push(parseLogTarget(args, ctx.st.place));
    p.noLog = false;
  },
};

/** One-argument format strings: log-format, log-format-sd, error-log-format, unique-id-format. */
function formatKeyword(name: string, set: (p: ProxyModel, v: string) => void, backendNote: boolean, status: 'supported' | 'parsed-only' = 'supported'): K {
  return {
    name,
    help: `${name} <format string>`,
    status,
    parse(p, args, ctx) {
      if (args[1] === undefined) throw new ConfigError(`${name} expects an argument.`);
      if (args[2] !== undefined) throw new ConfigError(`${name} expects only one argument, don't forget to escape spaces!`);
      set(p, args[1]);
      if (name === 'log-format' || name === 'unique-id-format') p.logFormatPlace = name === 'log-format' ? ctx.st.place : p.logFormatPlace;
      if (backendNote && p.kind !== 'defaults' && (p.cap & CAP_FE) === 0)
        ctx.warn(`backend '${p.name}' : '${name}' directive is ignored in backends.`);
    },
  };
}

export const LOG_KEYWORDS: K[] = [
  log,
  formatKeyword('log-format', (p, v) => (p.logFormat = v), true),
  formatKeyword('log-format-sd', (p, v) => (p.logFormatSd = v), true),
  formatKeyword('error-log-format', (p, v) => (p.errorLogFormat = v), true),
  formatKeyword('unique-id-format', (p, v) => (p.uniqueIdFormat = v), false, 'parsed-only'),
  {
    name: 'unique-id-header',
    help: 'unique-id-header <name>',
    status: 'parsed-only',
    parse(p, args) {
      if (args[1] === undefined) throw new ConfigError('unique-id-header expects an argument.');
      p.uniqueIdHeader = args[1];
    },
  },
  {
    name: 'log-tag',
    help: 'log-tag <string>',
    status: 'supported',
    parse(p, args) {
      if (args[1] === undefined) throw new ConfigError(`'log-tag' expects a tag for use in syslog.`);
      p.logTag = args[1];
    },
  },
];
