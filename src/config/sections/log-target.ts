/**
 * The `log` line shared by `global` and the proxies (HAProxy's parse_logsrv()):
 *   log <target> [len <N>] [format <F>] [sample <ranges>:<size>] <facility> [<level> [<minlevel>]]
 *   log global            (proxies only: use the global section's targets)
 * Errors are thrown as ConfigError with HAProxy's wording, prefixed by "log : " as HAProxy prints them.
 * `no log` is the caller's business (it takes no argument and clears the list).
 */
import { isIP } from 'node:net';
import { ConfigError, type Place } from '../diagnostics.js';
import type { LogTargetModel } from '../model/proxy.js';

export const LOG_FACILITIES = [
  'kern', 'user', 'mail', 'daemon', 'auth', 'syslog', 'lpr', 'news',
  'uucp', 'cron', 'auth2', 'ftp', 'ntp', 'audit', 'alert', 'cron2',
  'local0', 'local1', 'local2', 'local3', 'local4', 'local5', 'local6', 'local7',
] as const;

export const LOG_LEVELS = ['emerg', 'alert', 'crit', 'err', 'warning', 'notice', 'info', 'debug'] as const;

export const LOG_FORMATS = ['local', 'rfc3164', 'rfc5424', 'priority', 'short', 'timed', 'iso', 'raw'] as const;

export interface LogTargetOptions {
  /** The line is in the global section: `log global` is refused and the usage message differs. */
  readonly inGlobal?: boolean;
}

function fail(message: string): never {
  throw new ConfigError(`log : ${message}`);
}

/**
 * Parse a `log` line. `args` are the statement's words, starting with the keyword `log` itself.
 * Returns the target model (with `global: true` for `log global` in a proxy).
 */
export function parseLogTarget(args: readonly string[], place: Place, opts: LogTargetOptions = {}): LogTargetModel {
  const a = (i: number): string => args[i] ?? '';
  if (a(1) !== '' && a(2) === '' && a(1) === 'global') {
    if (opts.inGlobal) fail(`'global' is not supported for a global syslog server`);
    return { place, global: true };
  }
  if (a(1) === '' || a(2) === '') fail(`expects <address> and <facility> ${opts.inGlobal ? '' : 'or global'} as arguments`);

  let cur = 2;
  let len: number | undefined;
  if (a(cur) === 'len') {
    const n = atoi(a(cur + 1));
    if (n < 80 || n > 65535) fail(`invalid log length '${a(cur + 1)}', must be between 80 and 65535`);
    len = n;
    cur += 2;
  }
  let format: string | undefined;
  if (a(cur) === 'format') {
    const f = a(cur + 1);
    if (!(LOG_FORMATS as readonly string[]).includes(f)) fail(`unknown log format '${f}'`);
    format = f;
    cur += 2;
  }
  let sample: string | undefined;
  if (a(cur) === 'sample') {
    checkSample(a(cur + 1));
    sample = a(cur + 1);
    cur += 2;
  }
  const facility = a(cur);
  if (!(LOG_FACILITIES as readonly string[]).includes(facility)) fail(`unknown log facility '${facility}'`);
  cur++;
  let level: string | undefined;
  if (a(cur) !== '') {
    if (!(LOG_LEVELS as readonly string[]).includes(a(cur))) fail(`unknown optional log level '${a(cur)}'`);
    level = a(cur++);
  }
  let minlevel: string | undefined;
  if (a(cur) !== '') {
    if (!(LOG_LEVELS as readonly string[]).includes(a(cur))) fail(`unknown optional minimum log level '${a(cur)}'`);
    minlevel = a(cur++);
  }
  if (a(cur) !== '') fail(`cannot handle unexpected argument '${a(cur)}'`);

  let target = a(1);
  if (target === 'stdout') target = 'fd@1';
  else if (target === 'stderr') target = 'fd@2';
  if (!target.startsWith('ring@')) checkLogAddress(target);

  return { place, target, len, format, sample, facility, level, minlevel };
}

/** C's atoi(): leading digits, 0 when there are none. */
function atoi(text: string): number {
  const m = /^\s*([-+]?\d+)/.exec(text);
  return m ? Number(m[1]) : 0;
}

/** `sample 1-3,5:10`: ranges (1-based, not overlapping) and a period at least as large as the highest bound. */
function checkSample(spec: string): void {
  const colon = spec.indexOf(':');
  if (colon < 0) fail('Missing sample size');
  const rangesText = spec.slice(0, colon);
  const sizeText = spec.slice(colon + 1);
  const ranges: Array<[number, number]> = [];
  let max = 0;
  if (rangesText !== '') {
    for (const tok of rangesText.split(',')) {
      const m = /^(\d+)(?:-(\d+))?$/.exec(tok);
      const low = m ? Number(m[1]) : 0;
      const high = m ? Number(m[2] ?? m[1]) : 0;
      if (!m || low === 0 || high < low) fail(`wrong sample range '${tok}'`);
      if (ranges.some(([l, h]) => low <= h && high >= l)) fail('ranges are overlapping');
      ranges.push([low, high]);
      max = Math.max(max, high);
    }
  }
  if (ranges.length === 0) fail('no sampling ranges given');
  const size = /^\d+$/.test(sizeText) ? Number(sizeText) : 0;
  if (size === 0) fail(`wrong sample size '${sizeText}' for sample range '${rangesText}'`);
  if (size < max) fail(`sample size ${size} should be greater or equal to ${max} the maximum of the high ranges limits`);
}

const IP_PREFIXES = new Set(['ipv4@', 'ipv6@', 'udp@', 'udp4@', 'udp6@', 'tcp@', 'tcp4@', 'tcp6@']);

/** A log address as str2sa_range() accepts it for logs: IP[:port], name[:port], /path, unix@, abns@, fd@N. */
function checkLogAddress(text: string): void {
  const invalid = (): never => fail(`invalid address: '${hostPart}' in '${text}'\n`);
  let rest = text;
  let prefix = '';
  const at = rest.indexOf('@');
  if (at >= 0) {
    prefix = rest.slice(0, at + 1).toLowerCase();
    rest = rest.slice(at + 1);
  }
  let hostPart = text;
  if (prefix === 'unix@' || prefix === 'abns@' || (prefix === '' && rest.startsWith('/'))) return;
  if (prefix === 'fd@') {
    if (!/^\d+$/.test(rest)) fail(`file descriptor '${rest}' is not a valid integer in '${text}'\n`);
    return;
  }
  if (prefix === 'sockpair@') fail(`cannot use file descriptor '${rest}' : Socket operation on non-socket.\n`);
  if (prefix !== '' && !IP_PREFIXES.has(prefix)) invalid();
  if (rest === '') return;
  let host = rest;
  let port: string | undefined;
  if (rest.startsWith('[')) {
    const close = rest.indexOf(']');
    if (close < 0) invalid();
    host = rest.slice(1, close);
    const after = rest.slice(close + 1);
    if (after.startsWith(':')) port = after.slice(1);
    else if (after !== '') invalid();
  } else {
    const c = rest.lastIndexOf(':');
    if (c >= 0 && (rest.indexOf(':') === c || isIP(rest.slice(0, c)) === 6)) {
      host = rest.slice(0, c);
      port = rest.slice(c + 1);
    }
  }
  hostPart = host;
  const ver = isIP(host);
  const six = prefix === 'ipv6@' || prefix === 'udp6@' || prefix === 'tcp6@';
  const four = prefix === 'ipv4@' || prefix === 'udp4@' || prefix === 'tcp4@';
  if ((six && ver === 4) || (four && ver === 6)) invalid();
  if (ver === 0 && host !== '*' && host !== '' && !/^[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?$/.test(host)) invalid();
  if (port !== undefined && port !== '') {
    if (port.startsWith('+') || port.startsWith('-')) fail(`port offset not permitted here in '${text}'`);
    const bad = /[^0-9-]/.exec(port);
    if (bad) fail(`invalid character '${bad[0]}' in port number '${port}' in '${text}'\n`);
    if (port.includes('-')) fail(`port range not permitted here in '${text}'`);
    if (Number(port) > 65535) fail(`invalid port '${port}'`);
  }
}
