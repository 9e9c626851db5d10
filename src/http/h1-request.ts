/**
 * HTTP/1 request head parser on raw Buffers, matching HAProxy 2.6's verdicts (h1.c + h1_htx.c):
 * what HAProxy refuses is refused with its status, what it normalises is normalised the same way.
 * Pass 1 scans bytes (request line here, fields in FieldScan); pass 2 makes strings from one latin1 slice.
 */
import type { BodyFraming, HeadResult, HeaderField, HttpError, ParseLimits, RequestHead } from './types.js';
import { DEFAULT_LIMITS } from './types.js';
import { CR, HT, LF, SP, TOKEN, URI_OK, VER_OK, latin1 } from './chars.js';
import { FIELD_STRIDE, F_FOLDED, F_UPPER, FieldScan } from './h1-fields.js';
import {
  MF_CHNK, MF_CLEN, MF_CONN_CLO, MF_CONN_KAL, MF_CONN_UPG, MF_TE_OTHER, MF_UPG_WEBSOCKET, MF_XFER_ENC,
  parseConnection, parseContentLength, parseTransferEncoding, trimLws, upgradeHasWebsocket,
} from './header-values.js';
import { authorityMatchesHost, normalizeDefaultPort, parseUri, validateConnect } from './authority.js';
import { HTX_SLACK, htxHeadCost } from './h1-size.js';

const INCOMPLETE = { kind: 'incomplete' } as const;
const NONE: BodyFraming = { kind: 'none' };
const CHUNKED: BodyFraming = { kind: 'chunked' };
const scan = new FieldScan();

function fail(status: HttpError['status'], reason: string, offset: number): HeadResult<never> {
  return { kind: 'error', error: { status, reason, offset } };
}

export function parseRequestHead(buf: Buffer, limits: ParseLimits = DEFAULT_LIMITS): HeadResult<RequestHead> {
  const len = buf.length;
  const rawCap = limits.bufSize ?? limits.maxHeadSize + 1024;
  const r = parse(buf, limits);
  if (r === INCOMPLETE && len >= rawCap) return fail(400, 'request head larger than the buffer', len);
  return r;
}

function parse(buf: Buffer, limits: ParseLimits): HeadResult<RequestHead> {
  const len = buf.length;
  let p = 0;
  // HAProxy skips empty lines before the request line (CRLF or bare LF; a CR must be followed by LF).
  for (;;) {
    if (p >= len) return INCOMPLETE;
    const c = buf[p] as number;
    if (c === LF) p++;
    else if (c === CR) {
      if (p + 1 >= len) return INCOMPLETE;
      if (buf[p + 1] !== LF) return fail(400, 'CR not followed by LF', p + 1);
      p += 2;
    } else break;
  }
  const start = p;
  // method
  let c = buf[p] as number;
  if (TOKEN[c] === 0) return fail(400, 'invalid character before method', p);
  while (TOKEN[c] !== 0) {
    if (++p >= len) return INCOMPLETE;
    c = buf[p] as number;
  }
  const mEnd = p;
  if (c !== SP && c !== HT) {
    return fail(400, c === CR || c === LF ? 'HTTP/0.9 request refused' : 'invalid character in method', p);
  }
  while (c === SP || c === HT) {
    if (++p >= len) return INCOMPLETE;
    c = buf[p] as number;
  }
  if (c === CR || c === LF) return fail(400, 'HTTP/0.9 request refused', p);
  // target
  const uStart = p;
  while (URI_OK[c] !== 0) {
    if (++p >= len) return INCOMPLETE;
    c = buf[p] as number;
  }
  const uEnd = p;
  if (c !== SP && c !== HT) {
    return fail(400, c === CR || c === LF ? 'HTTP/0.9 request refused' : 'invalid character in request target', p);
  }
  while (c === SP || c === HT) {
    if (++p >= len) return INCOMPLETE;
    c = buf[p] as number;
  }
  if (c === CR || c === LF) return fail(400, 'HTTP/0.9 request refused', p);
  // version
  const vStart = p;
  while (VER_OK[c] !== 0) {
    if (++p >= len) return INCOMPLETE;
    c = buf[p] as number;
  }
  const vEnd = p;
  if (c === CR) {
    if (++p >= len) return INCOMPLETE;
    if (buf[p] !== LF) return fail(400, 'CR not followed by LF in request line', p);
  } else if (c !== LF) return fail(400, 'invalid character in HTTP version', p);
  // "HTTP/d.d", exactly (h1_process_req_vsn without accept-invalid-http-request)
  if (
    vEnd - vStart !== 8 || buf[vStart] !== 72 || buf[vStart + 1] !== 84 || buf[vStart + 2] !== 84 ||
    buf[vStart + 3] !== 80 || buf[vStart + 4] !== 47 || !isDigit(buf[vStart + 5] as number) ||
    buf[vStart + 6] !== 46 || !isDigit(buf[vStart + 7] as number)
  ) return fail(400, 'invalid HTTP version', vStart);
  const major = (buf[vStart + 5] as number) - 48;
  const minor = (buf[vStart + 7] as number) - 48;
  const version: 10 | 11 = major > 1 || (major === 1 && minor >= 1) ? 11 : 10;

  const end = scan.scan(buf, p + 1);
  if (end === -1) return INCOMPLETE;
  if (end === -2) return fail(400, scan.errReason, scan.errOffset);

  // pass 2: strings from one slice
  const s = latin1(buf, start, end);
  const method = s.substring(0, mEnd - start);
  let target = s.substring(uStart - start, uEnd - start);
  const o = scan.offs;
  const n = scan.count;
  const maxIndexed = limits.maxHeaders - 1; // HAProxy keeps one slot of tune.http.maxhdr for the end marker
  const headers: HeaderField[] = [];
  let flags = 0;
  let clen = -1;
  let hostIdx = -1;
  let expectContinue = false;
  let upgrade: string | undefined;
  let hasWsKey = false;
  for (let i = 0; i < n; i++) {
    const k = i * FIELD_STRIDE;
    const ns = (o[k] as number) - start;
    const name = s.substring(ns, (o[k + 1] as number) - start);
    const ff = o[k + 4] as number;
    const lname = ff & F_UPPER ? name.toLowerCase() : name;
    let value = s.substring((o[k + 2] as number) - start, (o[k + 3] as number) - start);
    if (ff & F_FOLDED) value = trimLws(value.replace(/[\r\n]/g, ' '));
    if (headers.length >= maxIndexed) return fail(400, 'too many header fields', o[k] as number);
    switch (lname.length) {
      case 17:
        if (lname === 'transfer-encoding') {
          const f = parseTransferEncoding(value, flags, false);
          if (f < 0) return fail(400, 'invalid Transfer-Encoding', o[k + 2] as number);
          flags = f;
        } else if (lname === 'sec-websocket-key') hasWsKey = true;
        break;
      case 14:
        if (lname === 'content-length') {
          const r = parseContentLength(value, clen);
          if (r === null) return fail(400, 'invalid Content-Length', o[k + 2] as number);
          const first = clen < 0;
          clen = r.len;
          flags |= MF_CLEN;
          if (!first) continue; // identical duplicate: dropped
          value = r.word;
        }
        break;
      case 10:
        if (lname === 'connection') {
          const r = parseConnection(value, flags);
          flags = r.flags;
          if (r.cleaned.length === 0) continue;
          value = trimLws(r.cleaned);
        }
        break;
      case 7:
        if (lname === 'upgrade') {
          upgrade = value;
          if (upgradeHasWebsocket(value)) flags |= MF_UPG_WEBSOCKET;
          else flags &= ~MF_UPG_WEBSOCKET;
        }
        break;
      case 6:
        if (lname === 'expect' && value.length === 12 && value.toLowerCase() === '100-continue') expectContinue = true;
        break;
      case 4:
        if (lname === 'host') {
          if (hostIdx < 0) hostIdx = headers.length;
          else {
            const prev = (headers[hostIdx] as HeaderField).value;
            if (prev !== value && prev.toLowerCase() !== value.toLowerCase()) {
              return fail(400, 'several different Host headers', o[k + 2] as number);
            }
            continue; // identical duplicate: dropped
          }
        }
        break;
      default:
        break;
    }
    headers.push({ name, lname, value });
  }

  // request target vs Host
  let rawTarget: string | undefined;
  const parts = parseUri(target);
  if (method === 'CONNECT') {
    const hostVal = hostIdx >= 0 ? (headers[hostIdx] as HeaderField).value : null;
    const r = validateConnect(parts.authority, hostVal);
    if (r.ret === -1) return fail(400, 'invalid CONNECT authority', uStart);
    if (r.ret === -2) return fail(400, 'Host does not match the CONNECT authority', uStart);
    if (hostIdx >= 0 && r.host !== hostVal && r.host !== null) {
      const h = headers[hostIdx] as HeaderField;
      headers[hostIdx] = { name: h.name, lname: h.lname, value: r.host };
    }
  } else if (parts.authority.length > 0) {
    if (hostIdx >= 0 && !authorityMatchesHost(parts.scheme, parts.authority, (headers[hostIdx] as HeaderField).value)) {
      return fail(400, 'Host does not match the request target authority', uStart);
    }
    const norm = normalizeDefaultPort(target, parts);
    if (norm !== null) {
      rawTarget = target;
      target = norm.target;
      for (let i = 0; i < headers.length; i++) {
        const h = headers[i] as HeaderField;
        if (h.lname === 'host') {
          const v = norm.stripHostPort(h.value);
          if (v !== h.value) headers[i] = { name: h.name, lname: h.lname, value: v };
        }
      }
    }
  }

  // framing
  let framing: BodyFraming = NONE;
  if (flags & MF_XFER_ENC) {
    if (flags & MF_CLEN) {
      // T-E + C-L: Content-Length removed, connection closed after the exchange
      flags = (flags | MF_CONN_CLO) & ~MF_CLEN;
      for (let i = headers.length - 1; i >= 0; i--) if ((headers[i] as HeaderField).lname === 'content-length') headers.splice(i, 1);
    } else if (version === 10) flags |= MF_CONN_CLO;
    if (!(flags & MF_CHNK)) return fail(400, 'Transfer-Encoding without chunked last', vStart);
    if (flags & MF_TE_OTHER) return fail(422, 'Transfer-Encoding with codings other than chunked', vStart);
    framing = CHUNKED;
  } else if (flags & MF_CLEN && clen > 0) framing = { kind: 'length', length: clen };

  const websocket = (flags & (MF_CONN_UPG | MF_UPG_WEBSOCKET)) === (MF_CONN_UPG | MF_UPG_WEBSOCKET);
  if (websocket && !hasWsKey) return fail(400, 'WebSocket upgrade without Sec-WebSocket-Key', start);

  if (htxHeadCost(method.length + target.length + 8, headers) > limits.maxHeadSize - HTX_SLACK) {
    return fail(400, 'request head too large', end);
  }

  const keepAlive = version === 11 ? !(flags & MF_CONN_CLO) : (flags & (MF_CONN_KAL | MF_CONN_CLO)) === MF_CONN_KAL;
  const head: RequestHead = {
    method, target, version, headers, framing, keepAlive,
    expectContinue: expectContinue && version === 11,
    headLength: end,
  };
  if (flags & MF_CONN_UPG && upgrade !== undefined) head.upgrade = upgrade;
  if (websocket) head.websocket = true;
  if (rawTarget !== undefined) head.rawTarget = rawTarget;
  if (start !== 0) head.headStart = start;
  if (flags & MF_CONN_CLO) head.connClose = true;
  return { kind: 'head', head };
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}
