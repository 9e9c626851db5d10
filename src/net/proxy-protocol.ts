/**
 * The PROXY protocol (haproxy.org/download/2.6/doc/proxy-protocol.txt), versions 1 (text) and 2
 * (binary): parsing the header a client sends on an `accept-proxy` bind, and building the header
 * sent to a server with `send-proxy` / `send-proxy-v2`. Malformed headers are errors, never throws.
 */
import { ipv6ToString } from './ip-text.js';
import { isIPv4, isIPv6 } from 'node:net';

export const V2_SIGNATURE = Buffer.from([0x0d, 0x0a, 0x0d, 0x0a, 0x00, 0x0d, 0x0a, 0x51, 0x55, 0x49, 0x54, 0x0a]);
const V1_PREFIX = Buffer.from('PROXY ', 'latin1');
/** Longest v1 line, CRLF included (spec section 2.1). */
const V1_MAX = 107;

/** The addresses a header carries; `local` means "use the connection's own addresses". */
export interface ProxyInfo {
  readonly version: 1 | 2;
  readonly local: boolean;
  readonly family: 'tcp4' | 'tcp6' | 'unix' | 'unknown';
  readonly srcAddr?: string;
  readonly dstAddr?: string;
  readonly srcPort?: number;
  readonly dstPort?: number;
  /** v2 TLVs as (type, value) pairs. */
  readonly tlvs?: ReadonlyArray<{ type: number; value: Buffer }>;
}

export type ProxyParse =
  | { kind: 'incomplete' }
  | { kind: 'error'; reason: string }
  | { kind: 'ok'; info: ProxyInfo; length: number };

const INCOMPLETE: ProxyParse = { kind: 'incomplete' };

function err(reason: string): ProxyParse {
  return { kind: 'error', reason };
}

/** Parse a PROXY header at the start of `buf`. */
export function parseProxyHeader(buf: Buffer): ProxyParse {
  if (buf.length === 0) return INCOMPLETE;
  if (buf[0] === 0x50) return parseV1(buf);
  if (buf[0] === 0x0d) return parseV2(buf);
  return err('not a PROXY protocol header');
}

function prefixMatches(buf: Buffer, sig: Buffer): boolean {
  const n = Math.min(buf.length, sig.length);
  for (let i = 0; i < n; i++) if (buf[i] !== sig[i]) return false;
  return true;
}

function parseV1(buf: Buffer): ProxyParse {
  if (!prefixMatches(buf, V1_PREFIX)) return err('not a PROXY protocol header');
  const limit = Math.min(buf.length, V1_MAX);
  let eol = -1;
  for (let i = V1_PREFIX.length; i < limit; i++) {
    if (buf[i] === 0x0d) {
      eol = i;
      break;
    }
    if (buf[i] === 0x0a) return err('bare LF in PROXY v1 header');
  }
  if (eol < 0) return buf.length >= V1_MAX ? err('PROXY v1 header too long') : INCOMPLETE;
  if (eol + 1 >= buf.length) return INCOMPLETE;
  if (buf[eol + 1] !== 0x0a) return err('PROXY v1 header not terminated by CRLF');
  const line = buf.toString('latin1', V1_PREFIX.length, eol);
  const length = eol + 2;
  const parts = line.split(' ');
  const proto = parts[0];
  if (proto === 'UNKNOWN') return { kind: 'ok', length, info: { version: 1, local: true, family: 'unknown' } };
  if (proto !== 'TCP4' && proto !== 'TCP6') return err(`unsupported PROXY v1 protocol '${proto ?? ''}'`);
  if (parts.length !== 5) return err('malformed PROXY v1 header');
  const [, src, dst, sp, dp] = parts as [string, string, string, string, string];
  const ok = proto === 'TCP4' ? isIPv4 : isIPv6;
  if (!ok(src) || !ok(dst)) return err('invalid address in PROXY v1 header');
  const srcPort = v1Port(sp);
  const dstPort = v1Port(dp);
  if (srcPort < 0 || dstPort < 0) return err('invalid port in PROXY v1 header');
  return {
    kind: 'ok',
    length,
    info: { version: 1, local: false, family: proto === 'TCP4' ? 'tcp4' : 'tcp6', srcAddr: src, dstAddr: dst, srcPort, dstPort },
  };
}

function v1Port(s: string): number {
  if (!/^(0|[1-9]\d{0,4})$/.test(s)) return -1;
  const n = Number(s);
  return n <= 65535 ? n : -1;
}

function parseV2(buf: Buffer): ProxyParse {
  if (!prefixMatches(buf, V2_SIGNATURE)) return err('not a PROXY protocol header');
  if (buf.length < 16) return INCOMPLETE;
  const verCmd = buf[12]!;
  if (verCmd >> 4 !== 2) return err('unsupported PROXY v2 version');
  const cmd = verCmd & 0x0f;
  if (cmd > 1) return err('unsupported PROXY v2 command');
  const fam = buf[13]!;
  const len = buf.readUInt16BE(14);
  const total = 16 + len;
  if (buf.length < total) return INCOMPLETE;
  const body = buf.subarray(16, total);
  if (cmd === 0) {
    // LOCAL: the connection's own addresses; the address block is skipped.
    return { kind: 'ok', length: total, info: { version: 2, local: true, family: 'unknown', tlvs: tlvsOf(body, addrLen(fam)) } };
  }
  const af = fam >> 4;
  const transport = fam & 0x0f;
  if (af === 0 || transport === 0) return { kind: 'ok', length: total, info: { version: 2, local: true, family: 'unknown' } };
  if (transport > 2) return err('unsupported PROXY v2 transport');
  let info: ProxyInfo;
  if (af === 1) {
    if (len < 12) return err('PROXY v2 address block too short');
    info = {
      version: 2,
      local: false,
      family: 'tcp4',
      srcAddr: ipv4(body, 0),
      dstAddr: ipv4(body, 4),
      srcPort: body.readUInt16BE(8),
      dstPort: body.readUInt16BE(10),
      tlvs: tlvsOf(body, 12),
    };
  } else if (af === 2) {
    if (len < 36) return err('PROXY v2 address block too short');
    info = {
      version: 2,
      local: false,
      family: 'tcp6',
      srcAddr: ipv6ToString(body.subarray(0, 16)),
      dstAddr: ipv6ToString(body.subarray(16, 32)),
      srcPort: body.readUInt16BE(32),
      dstPort: body.readUInt16BE(34),
      tlvs: tlvsOf(body, 36),
    };
  } else if (af === 3) {
    if (len < 216) return err('PROXY v2 address block too short');
    info = { version: 2, local: false, family: 'unix', srcAddr: cstr(body, 0, 108), dstAddr: cstr(body, 108, 108), tlvs: tlvsOf(body, 216) };
  } else {
    return err('unsupported PROXY v2 address family');
  }
  if (info.tlvs === undefined) return err('malformed PROXY v2 TLV');
  return { kind: 'ok', length: total, info };
}

function addrLen(fam: number): number {
  switch (fam >> 4) {
    case 1:
      return 12;
    case 2:
      return 36;
    case 3:
      return 216;
    default:
      return 0;
  }
}

/** TLVs after the address block; undefined when they overrun. */
function tlvsOf(body: Buffer, from: number): Array<{ type: number; value: Buffer }> | undefined {
  const out: Array<{ type: number; value: Buffer }> = [];
  let i = from;
  if (i > body.length) return out;
  while (i < body.length) {
    if (i + 3 > body.length) return undefined;
    const type = body[i]!;
    const l = body.readUInt16BE(i + 1);
    if (i + 3 + l > body.length) return undefined;
    out.push({ type, value: body.subarray(i + 3, i + 3 + l) });
    i += 3 + l;
  }
  return out;
}

function ipv4(b: Buffer, o: number): string {
  return `${b[o]}.${b[o + 1]}.${b[o + 2]}.${b[o + 3]}`;
}

function cstr(b: Buffer, o: number, n: number): string {
  const end = b.indexOf(0, o);
  return b.toString('latin1', o, end < 0 || end > o + n ? o + n : end);
}

/** Addresses of a connection as the data plane knows them (after any received PROXY header). */
export interface ConnAddrs {
  readonly srcAddr: string | undefined;
  readonly srcPort: number | undefined;
  readonly dstAddr: string | undefined;
  readonly dstPort: number | undefined;
}

/** An IPv4-mapped IPv6 address (::ffff:a.b.c.d) as plain IPv4, as HAProxy reports it. */
function unmap(a: string): string {
  return a.startsWith('::ffff:') && isIPv4(a.slice(7)) ? a.slice(7) : a;
}

/** Build the PROXY v1 line for a connection. */
export function buildProxyV1(c: ConnAddrs): Buffer {
  const s = c.srcAddr !== undefined ? unmap(c.srcAddr) : undefined;
  const d = c.dstAddr !== undefined ? unmap(c.dstAddr) : undefined;
  if (s === undefined || d === undefined || c.srcPort === undefined || c.dstPort === undefined) {
    return Buffer.from('PROXY UNKNOWN\r\n', 'latin1');
  }
  let fam: string;
  if (isIPv4(s) && isIPv4(d)) fam = 'TCP4';
  else if (isIPv6(s) && isIPv6(d)) fam = 'TCP6';
  else return Buffer.from('PROXY UNKNOWN\r\n', 'latin1');
  return Buffer.from(`PROXY ${fam} ${s} ${d} ${c.srcPort} ${c.dstPort}\r\n`, 'latin1');
}

/** Build the PROXY v2 binary header for a connection. */
export function buildProxyV2(c: ConnAddrs): Buffer {
  const s = c.srcAddr !== undefined ? unmap(c.srcAddr) : undefined;
  const d = c.dstAddr !== undefined ? unmap(c.dstAddr) : undefined;
  if (s !== undefined && d !== undefined && c.srcPort !== undefined && c.dstPort !== undefined) {
    if (isIPv4(s) && isIPv4(d)) {
      const b = Buffer.alloc(16 + 12);
      V2_SIGNATURE.copy(b, 0);
      b[12] = 0x21;
      b[13] = 0x11;
      b.writeUInt16BE(12, 14);
      writeV4(b, 16, s);
      writeV4(b, 20, d);
      b.writeUInt16BE(c.srcPort, 24);
      b.writeUInt16BE(c.dstPort, 26);
      return b;
    }
    if (isIPv6(s) && isIPv6(d)) {
      const b = Buffer.alloc(16 + 36);
      V2_SIGNATURE.copy(b, 0);
      b[12] = 0x21;
      b[13] = 0x21;
      b.writeUInt16BE(36, 14);
      writeV6(b, 16, s);
      writeV6(b, 32, d);
      b.writeUInt16BE(c.srcPort, 48);
      b.writeUInt16BE(c.dstPort, 50);
      return b;
    }
  }
  const b = Buffer.alloc(16);
  V2_SIGNATURE.copy(b, 0);
  b[12] = 0x20;
  b[13] = 0x00;
  return b;
}

function writeV4(b: Buffer, o: number, a: string): void {
  const p = a.split('.');
  for (let i = 0; i < 4; i++) b[o + i] = Number(p[i]);
}

function writeV6(b: Buffer, o: number, a: string): void {
  let text = a;
  const tail: number[] = [];
  const lastColon = text.lastIndexOf(':');
  if (text.slice(lastColon + 1).includes('.')) {
    for (const x of text.slice(lastColon + 1).split('.')) tail.push(Number(x));
    text = text.slice(0, lastColon + 1) + '0:0';
  }
  const halves = text.split('::');
  const head = halves[0] ? halves[0].split(':') : [];
  const rest = halves.length > 1 && halves[1] ? halves[1].split(':') : [];
  const groups = [...head, ...new Array<string>(8 - head.length - rest.length).fill('0'), ...rest];
  for (let i = 0; i < 8; i++) b.writeUInt16BE(parseInt(groups[i] ?? '0', 16) || 0, o + i * 2);
  if (tail.length === 4) for (let i = 0; i < 4; i++) b[o + 12 + i] = tail[i]!;
}
