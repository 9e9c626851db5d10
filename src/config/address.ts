/**
 * Addresses as HAProxy writes them (str2sa_range()): `[prefix@]host[:port[-end]]`.
 * Prefixes: ipv4@ ipv6@ unix@ abns@ fd@ sockpair@ (and udp@/udp4@/udp6@ for log targets).
 * A bare path starting with '/' is a UNIX socket. IPv6 literals may be bracketed.
 */
import { isIP } from 'node:net';
import type { AddressFamily, AddressModel } from './model/address.js';

export class AddressError extends Error {}

export interface AddressOptions {
  /** A port is required (bind, peers) or optional (server: defaults to the incoming port). */
  readonly port: 'required' | 'optional' | 'forbidden';
  /** Port ranges `a-b` are allowed (bind only). */
  readonly range?: boolean;
  /** `+N`/`-N` port offsets are allowed (server). */
  readonly offset?: boolean;
  /** Host names are allowed (servers resolve them); otherwise a literal or wildcard is needed. */
  readonly names?: boolean;
  /** Environment for `fd@${NAME}` (already expanded by the lexer inside quotes). */
}

const PREFIXES: Record<string, AddressFamily> = {
  'ipv4@': 'ipv4',
  'ipv6@': 'ipv6',
  'udp@': 'ipv4',
  'udp4@': 'ipv4',
  'udp6@': 'ipv6',
  'tcp@': 'ipv4',
  'tcp4@': 'ipv4',
  'tcp6@': 'ipv6',
  'unix@': 'unix',
  'abns@': 'abns',
  'fd@': 'fd',
  'sockpair@': 'sockpair',
};

/** C atoi(): leading blanks, a sign, then digits; 0 when there are none. */
function atoi(t: string): number {
  const m = /^[ \t\n\v\f\r]*([-+]?\d+)/.exec(t);
  if (!m) return 0;
  const n = Number(m[1]);
  return Math.max(-2147483648, Math.min(2147483647, n));
}

function parsePortPart(text: string, opts: AddressOptions, whole: string): { port: number; end: number; offset: boolean } {
  if (text === '') {
    if (opts.port === 'required') throw new AddressError(`missing port specification in '${whole}'`);
    return { port: 0, end: 0, offset: false };
  }
  if (opts.port === 'forbidden') throw new AddressError(`port specification not permitted here in '${whole}'`);
  const c0 = text[0]!;
  if (c0 === '+' || c0 === '-') {
    if (!opts.offset) throw new AddressError(`port offset not permitted here in '${whole}'`);
    const n = atoi(text);
    return { port: n, end: n, offset: true };
  }
  if (!(c0 >= '0' && c0 <= '9')) throw new AddressError(`invalid character '${c0}' in port number '${text}' in '${whole}'`);
  const dash = text.indexOf('-');
  let p1 = text;
  let p2 = text;
  if (dash >= 0) {
    if (!opts.range) throw new AddressError(`port range not permitted here in '${whole}'`);
    p1 = text.slice(0, dash);
    p2 = text.slice(dash + 1);
  }
  // HAProxy reads ports with atoi(): trailing garbage ("80x") is ignored.
  const min = opts.port === 'required' ? 1 : 0;
  const lo = atoi(p1);
  const hi = atoi(p2);
  if (lo < min || lo > 65535) throw new AddressError(`invalid port '${p1}'`);
  if (hi < min || hi > 65535) throw new AddressError(`invalid port '${p2}'`);
  if (lo > hi) throw new AddressError(`invalid port range '${lo}-${hi}'`);
  return { port: lo, end: hi, offset: false };
}

/** inet_aton(): a, a.b, a.b.c or a.b.c.d, each part decimal, octal (0...) or hex (0x...). */
export function inetAton(host: string): boolean {
  const parts = host.split('.');
  if (parts.length > 4) return false;
  const vals: number[] = [];
  for (const p of parts) {
    let v: number;
    if (/^0[xX][0-9a-fA-F]*$/.test(p)) v = p.length > 2 ? parseInt(p.slice(2), 16) : 0;
    else if (/^0[0-7]*$/.test(p)) v = parseInt(p, 8);
    else if (/^[1-9]\d*$/.test(p)) v = Number(p);
    else return false;
    vals.push(v);
  }
  const last = vals[vals.length - 1]!;
  for (let i = 0; i < vals.length - 1; i++) if (vals[i]! > 255) return false;
  return last < 2 ** (8 * (5 - vals.length));
}

/** Parse one address as HAProxy's str2sa_range(). Throws AddressError with HAProxy's wording. */
export function parseAddress(text: string, opts: AddressOptions): AddressModel {
  let rest = text;
  let family: AddressFamily | undefined;
  const at = rest.indexOf('@');
  if (at > 0) {
    const pre = rest.slice(0, at + 1).toLowerCase();
    family = PREFIXES[pre];
    if (family) rest = rest.slice(at + 1);
  }
  if (family === 'unix' || family === 'abns' || (family === undefined && rest.startsWith('/'))) {
    return { family: family ?? 'unix', host: rest, port: 0, portEnd: 0, text };
  }
  if (family === 'fd' || family === 'sockpair') {
    if (!/^\d+$/.test(rest)) throw new AddressError(`file descriptor '${rest}' is not a valid integer in '${text}'`);
    return { family, host: rest, port: 0, portEnd: 0, text };
  }
  let host: string;
  let portText = '';
  const close = rest.startsWith('[') && family !== 'ipv4' ? rest.indexOf(']') : -1;
  if (close > 0) {
    host = rest.slice(1, close);
    const after = rest.slice(close + 1);
    if (after.startsWith(':')) portText = after.slice(1);
  } else {
    // The port follows the last colon: a bare IPv6 address needs one ("::1" is host ":" port 1).
    const c = rest.lastIndexOf(':');
    if (c >= 0) {
      host = rest.slice(0, c);
      portText = rest.slice(c + 1);
    } else host = rest;
  }
  const { port, end, offset } = parsePortPart(portText, opts, text);
  if (host === '*') host = '';
  // inet_pton() takes no IPv6 zone ("%eth0"), unlike Node's isIP().
  const ver = host === '' || host.includes('%') ? 0 : isIP(host) === 6 ? 6 : isIP(host) === 4 || inetAton(host) ? 4 : 0;
  const bad = (): never => {
    throw new AddressError(`invalid address: '${host}' in '${text}'`);
  };
  if (family === 'ipv4' && ver === 6) bad();
  if (family === 'ipv6' && ver === 4) bad();
  let isName = false;
  if (host !== '' && ver === 0) {
    // Names are resolved at start-up by HAProxy; only "localhost" is known here for listeners.
    if (!/^[A-Za-z0-9_.-]+$/.test(host) || (!opts.names && host !== 'localhost')) bad();
    isName = true;
  }
  const fam: AddressFamily = family ?? (ver === 6 ? 'ipv6' : 'ipv4');
  return { family: fam, host, port, portEnd: end, portOffset: offset || undefined, isName: isName || undefined, text };
}

/** Parse a comma-separated bind address list ("a:80,b:81,[::]:82"). */
export function parseBindAddresses(text: string): AddressModel[] {
  const out: AddressModel[] = [];
  // Commas never appear inside an address, even inside brackets.
  const parts = text.split(',');
  // A trailing comma ends the list (":80,"); an empty element elsewhere is an error.
  if (parts.length > 1 && parts[parts.length - 1] === '') parts.pop();
  for (const part of parts) {
    if (part === '') throw new AddressError(`'' resolves to an empty address (environment variable missing?)`);
    out.push(parseAddress(part, { port: 'required', range: true }));
  }
  return out;
}
