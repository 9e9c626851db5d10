/**
 * Layer-4 content fetches for `tcp-request content` (inspect-delay): the bytes received so far,
 * TLS ClientHello facts (SNI, version) and the RDP cookie. While data may still arrive
 * (`ctx.payloadFinal` false), a fetch lacking bytes sets `ctx.mayChange` and answers nothing.
 */
import type { RuleContext } from '../context.js';
import { argInt, simple, type FetchBuilder } from './types.js';

function missing(c: RuleContext): undefined {
  if (!c.payloadFinal) c.mayChange = true;
  return undefined;
}

function payload(args: readonly string[], res = false): ReturnType<FetchBuilder> {
  const off = argInt(args, 0, 0);
  const len = argInt(args, 1, 0);
  return {
    type: 'bin',
    one: (c) => {
      const p = res ? c.resBody : c.payload;
      if (!p) return missing(c);
      if (len === 0) return p.length > off ? p.subarray(off) : missing(c);
      if (p.length < off + len) return missing(c);
      return p.subarray(off, off + len);
    },
  };
}

function payloadLv(args: readonly string[], res = false): ReturnType<FetchBuilder> {
  const off1 = argInt(args, 0, 0);
  const len1 = argInt(args, 1, 0);
  const off2 = args[2] === undefined || args[2] === '' ? undefined : argInt(args, 2, 0);
  return {
    type: 'bin',
    one: (c) => {
      const p = res ? c.resBody : c.payload;
      if (!p || p.length < off1 + len1) return missing(c);
      let n = 0;
      for (let i = 0; i < len1; i++) n = n * 256 + p[off1 + i]!;
      const start = off2 === undefined ? off1 + len1 : off2 < 0 ? off1 + len1 + off2 : off2;
      if (p.length < start + n) return missing(c);
      return p.subarray(start, start + n);
    },
  };
}

/** The ClientHello handshake message starting at record offset 5, or undefined. */
function clientHello(p: Buffer): Buffer | undefined {
  if (p.length < 9 || p[0] !== 0x16 || p[5] !== 0x01) return undefined;
  const recLen = p.readUInt16BE(3);
  const end = Math.min(p.length, 5 + recLen);
  return p.subarray(5, end);
}

/** Server name from a ClientHello (RFC 6066), or undefined. */
export function sniOf(p: Buffer): string | undefined {
  const h = clientHello(p);
  if (!h) return undefined;
  let i = 4 + 2 + 32; // type+len, version, random
  if (i >= h.length) return undefined;
  i += 1 + h[i]!; // session id
  if (i + 2 > h.length) return undefined;
  i += 2 + h.readUInt16BE(i); // cipher suites
  if (i >= h.length) return undefined;
  i += 1 + h[i]!; // compression methods
  if (i + 2 > h.length) return undefined;
  const extEnd = Math.min(h.length, i + 2 + h.readUInt16BE(i));
  i += 2;
  while (i + 4 <= extEnd) {
    const type = h.readUInt16BE(i);
    const len = h.readUInt16BE(i + 2);
    i += 4;
    if (type === 0 && i + 5 <= extEnd) {
      // server_name_list: list len(2), name type(1), name len(2), name
      const nlen = h.readUInt16BE(i + 3);
      if (h[i + 2] === 0 && i + 5 + nlen <= extEnd) return h.subarray(i + 5, i + 5 + nlen).toString('latin1');
      return undefined;
    }
    i += len;
  }
  return undefined;
}

/** `Cookie: name=value` line of an RDP connection request. */
function rdpCookie(p: Buffer, name: string): string | undefined {
  const text = p.toString('latin1');
  const at = text.indexOf('Cookie: ');
  if (at < 0) return undefined;
  const end = text.indexOf('\r\n', at);
  if (end < 0) return undefined;
  const kv = text.slice(at + 8, end);
  const eq = kv.indexOf('=');
  if (eq < 0) return undefined;
  if (name !== '' && kv.slice(0, eq).toLowerCase() !== name.toLowerCase()) return undefined;
  return kv.slice(eq + 1);
}

const sni = simple('str', (c) => {
  const p = c.payload;
  if (!p) return missing(c);
  const s = sniOf(p);
  return s === undefined ? missing(c) : s;
});

const sslVer = simple('sint', (c) => {
  const p = c.payload;
  if (!p || p.length < 11) return missing(c);
  if (p[0] !== 0x16) return undefined;
  return p[9]! * 65536 + p[10]!;
});

/** HAProxy's smp_fetch_ssl_hello_type(): the handshake type once the whole first message arrived. */
const helloType = simple('sint', (c) => {
  const p = c.payload;
  if (!p || p.length === 0) return missing(c);
  if (!((p[0]! >= 0x14 && p[0]! <= 0x17) || p[0] === 0xff)) return undefined;
  if (p.length < 9) return missing(c);
  if (p[1]! * 65536 + p[2]! < 0x30000 || p[3]! * 256 + p[4]! < 4) return undefined;
  const hsLen = p[6]! * 65536 + p[7]! * 256 + p[8]!;
  if (p.length < hsLen + 9) return missing(c);
  return p[5]!;
});

const reqLen = simple('sint', (c) => (c.payload ? c.payload.length : c.payloadFinal ? 0 : missing(c)));

function rdp(args: readonly string[]): ReturnType<FetchBuilder> {
  const name = args[0] ?? '';
  return {
    type: 'str',
    one: (c) => {
      const p = c.payload;
      if (!p) return missing(c);
      const v = rdpCookie(p, name);
      return v === undefined ? missing(c) : v;
    },
  };
}

export const L4_FETCHES: Record<string, FetchBuilder> = {
  'req.len': reqLen,
  req_len: reqLen,
  'req.payload': (a) => payload(a),
  payload: (a) => payload(a),
  'req.payload_lv': (a) => payloadLv(a),
  payload_lv: (a) => payloadLv(a),
  // tcp-response content: the server's bytes so far (ctx.resBody).
  'res.payload': (a) => payload(a, true),
  'res.payload_lv': (a) => payloadLv(a, true),
  'req.ssl_sni': sni,
  req_ssl_sni: sni,
  'req.ssl_ver': sslVer,
  req_ssl_ver: sslVer,
  'req.ssl_hello_type': helloType,
  req_ssl_hello_type: helloType,
  'req.rdp_cookie': rdp,
  rdp_cookie: rdp,
  'req.rdp_cookie_cnt': (args) => {
    const r = rdp(args);
    return { type: 'sint', one: (c) => (r.one(c) === undefined ? 0 : 1) };
  },
  'res.len': simple('sint', (c) => c.resBody?.length ?? 0),
  wait_end: simple('bool', (c) => (c.payloadFinal ? true : missing(c))),
};
