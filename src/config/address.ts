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

function parsePortPart(text: string, opts: AddressOptions, whole: string): { port: number; end: number; offset: boolean } {
  if (text === '') {
    if (opts.port === 'required') throw new AddressError(`missing port number: '${whole}'`);
    return { port: 0, end: 0, offset: false };
  }
  if (opts.port === 'forbidden') throw new AddressError(`port specification not allowed in '${whole}'`);
  let offset = false;
  let t = text;
  if ((t.startsWith('+') || t.startsWith('-')) && opts.offset) {
    offset = true;
    t = t.slice(1);
  }
  const m = /^(\d+)(?:-(\d+))?$/.exec(t);
  if (!m) throw new AddressError(`invalid port '${text}'`);
  const port = Number(m[1]);
  const end = m[2] !== undefined ? Number(m[2]) : port;
  if (m[2] !== undefined && !opts.range) throw new AddressError(`port range not allowed in '${whole}'`);
  if (port > 65535 || end > 65535) throw new AddressError(`invalid port '${text}'`);
  if (!offset && opts.port === 'required' && port === 0) throw new AddressError(`invalid port '${text}'`);
  if (end < port) throw new AddressError(`invalid port range '${text}'`);
  return { port, end, offset };
}

/** Parse one address. Throws AddressError with HAProxy-like wording. */
export function parseAddress(text: string, opts: AddressOptions): AddressModel {
  let rest = text;
  let family: AddressFamily | undefined;
  const at = rest.indexOf('@');
  if (at > 0) {
    const pre = rest.slice(0, at + 1).toLowerCase();
    family = PREFIXES[pre];
    if (!family) throw new AddressError(`unknown address family '${rest.slice(0, at)}' in '${text}'`);
    rest = rest.slice(at + 1);
  }
  if (family === 'unix' || family === 'abns' || (family === undefined && rest.startsWith('/'))) {
    if (rest.length === 0) throw new AddressError(`missing socket path in '${text}'`);
    return { family: family ?? 'unix', host: rest, port: 0, portEnd: 0, text };
  }
  if (family === 'fd' || family === 'sockpair') {
    if (!/^\d+$/.test(rest)) throw new AddressError(`invalid file descriptor '${rest}' in '${text}'`);
    return { family, host: rest, port: 0, portEnd: 0, text };
  }
  let host: string;
  let portText = '';
  if (rest.startsWith('[')) {
    const close = rest.indexOf(']');
    if (close < 0) throw new AddressError(`invalid address: '${text}'`);
    host = rest.slice(1, close);
    const after = rest.slice(close + 1);
    if (after.startsWith(':')) portText = after.slice(1);
    else if (after !== '') throw new AddressError(`invalid address: '${text}'`);
  } else {
    const colons = rest.split(':').length - 1;
    if (colons === 0) host = rest;
    else if (colons === 1) {
      const c = rest.indexOf(':');
      host = rest.slice(0, c);
      portText = rest.slice(c + 1);
    } else {
      // IPv6 literal without brackets: the last colon-separated part is the port if what is
      // before it is a valid address (HAProxy's rule), else it is all address.
      const c = rest.lastIndexOf(':');
      const before = rest.slice(0, c);
      if (isIP(rest) === 6 && (rest.endsWith(':') || isIP(before) !== 6)) host = rest;
      else {
        host = before;
        portText = rest.slice(c + 1);
      }
    }
  }
  if (host === '*') host = '';
  const ver = host === '' ? 0 : isIP(host);
  if (family === 'ipv4' && ver === 6) throw new AddressError(`invalid IPv4 address '${host}' in '${text}'`);
  if (family === 'ipv6' && ver === 4) throw new AddressError(`invalid IPv6 address '${host}' in '${text}'`);
  let isName = false;
  if (host !== '' && ver === 0) {
    if (!opts.names || !/^[A-Za-z0-9_.-]+$/.test(host)) throw new AddressError(`could not resolve address '${host}'`);
    isName = true;
  }
  const fam: AddressFamily = family ?? (ver === 6 ? 'ipv6' : 'ipv4');
  const { port, end, offset } = parsePortPart(portText, opts, text);
  return { family: fam, host, port, portEnd: end, portOffset: offset || undefined, isName: isName || undefined, text };
}

/** Parse a comma-separated bind address list ("a:80,b:81,[::]:82"). */
export function parseBindAddresses(text: string): AddressModel[] {
  const out: AddressModel[] = [];
  // Commas never appear inside an address, even inside brackets.
  for (const part of text.split(',')) {
    if (part === '') throw new AddressError(`invalid address: '${text}'`);
    out.push(parseAddress(part, { port: 'required', range: true }));
  }
  return out;
}
