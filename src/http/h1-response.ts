/**
 * HTTP/1 response head parser on raw Buffers, following HAProxy 2.6 (h1.c + h1_htx.c). Anything HAProxy
 * would refuse from a server is an error the data plane turns into a 502.
 */
import type { BodyFraming, HeadResult, HeaderField, HttpError, ParseLimits, ResponseHead } from './types.js';
import { DEFAULT_LIMITS } from './types.js';
import { CR, HT, LF, SP, VER_OK, latin1 } from './chars.js';
import { FIELD_STRIDE, F_FOLDED, F_UPPER, FieldScan } from './h1-fields.js';
import {
  MF_CHNK, MF_CLEN, MF_CONN_CLO, MF_CONN_KAL, MF_TE_OTHER, MF_XFER_ENC,
  parseConnection, parseContentLength, parseTransferEncoding, trimLws,
} from './header-values.js';
import { HTX_SLACK, htxHeadCost } from './h1-size.js';

const INCOMPLETE = { kind: 'incomplete' } as const;
const NONE: BodyFraming = { kind: 'none' };
const CHUNKED: BodyFraming = { kind: 'chunked' };
const CLOSE: BodyFraming = { kind: 'close' };
const TUNNEL: BodyFraming = { kind: 'tunnel' };
const scan = new FieldScan();

function fail(reason: string, offset: number): HeadResult<never> {
  const error: HttpError = { status: 502, reason, offset };
  return { kind: 'error', error };
}

/**
 * @param reqUpgrade the request asked for a protocol upgrade (`Connection: upgrade` + `Upgrade`); HAProxy
 *   refuses a 101 answering a request that did not (502).
 */
export function parseResponseHead(
  buf: Buffer, reqMethod: string, limits: ParseLimits = DEFAULT_LIMITS, reqUpgrade = false,
): HeadResult<ResponseHead> {
  const r = parse(buf, reqMethod, limits, reqUpgrade);
  if (r === INCOMPLETE && buf.length >= (limits.bufSize ?? limits.maxHeadSize + 1024)) return fail('response head larger than the buffer', buf.length);
  return r;
}

function parse(buf: Buffer, reqMethod: string, limits: ParseLimits, reqUpgrade: boolean): HeadResult<ResponseHead> {
  const len = buf.length;
  let p = 0;
  for (;;) {
    if (p >= len) return INCOMPLETE;
    const c = buf[p] as number;
    if (c === LF) p++;
    else if (c === CR) {
      if (p + 1 >= len) return INCOMPLETE;
      if (buf[p + 1] !== LF) return fail('CR not followed by LF', p + 1);
      p += 2;
    } else break;
  }
  const start = p;
  let c = buf[p] as number;
  while (VER_OK[c] !== 0) {
    if (++p >= len) return INCOMPLETE;
    c = buf[p] as number;
  }
  const vEnd = p;
  if (c !== SP && c !== HT) return fail('invalid status line', p);
  if (
    vEnd - start !== 8 || buf[start] !== 72 || buf[start + 1] !== 84 || buf[start + 2] !== 84 || buf[start + 3] !== 80 ||
    buf[start + 4] !== 47 || !isDigit(buf[start + 5] as number) || buf[start + 6] !== 46 || !isDigit(buf[start + 7] as number)
  ) return fail('invalid HTTP version', start);
  const major = (buf[start + 5] as number) - 48;
  const minor = (buf[start + 7] as number) - 48;
  const version: 10 | 11 = major > 1 || (major === 1 && minor >= 1) ? 11 : 10;
  while (c === SP || c === HT) {
    if (++p >= len) return INCOMPLETE;
    c = buf[p] as number;
  }
  if (c === CR || c === LF) return fail('missing status code', p);
  const cStart = p;
  let status = 0;
  while (isDigit(c)) {
    status = status * 10 + c - 48;
    if (++p >= len) return INCOMPLETE;
    c = buf[p] as number;
  }
  const cEnd = p;
  if (c !== SP && c !== HT && c !== CR && c !== LF) return fail('invalid status code', p);
  if (cEnd - cStart !== 3 || status < 100) return fail('invalid status code', cStart);
  while (c === SP || c === HT) {
    if (++p >= len) return INCOMPLETE;
    c = buf[p] as number;
  }
  const rStart = p;
  while (c !== CR && c !== LF) {
    if (++p >= len) return INCOMPLETE;
    c = buf[p] as number;
  }
  const rEnd = p;
  if (c === CR) {
    if (++p >= len) return INCOMPLETE;
    if (buf[p] !== LF) return fail('CR not followed by LF in status line', p);
  }
  const end = scan.scan(buf, p + 1);
  if (end === -1) return INCOMPLETE;
  if (end === -2) return fail(scan.errReason, scan.errOffset);

  const s = latin1(buf, start, end);
  const reason = s.substring(rStart - start, rEnd - start);
  const o = scan.offs;
  const n = scan.count;
  const headers: HeaderField[] = [];
  let flags = 0;
  let clen = -1;
  for (let i = 0; i < n; i++) {
    const k = i * FIELD_STRIDE;
    const name = s.substring((o[k] as number) - start, (o[k + 1] as number) - start);
    const ff = o[k + 4] as number;
    const lname = ff & F_UPPER ? name.toLowerCase() : name;
    let value = s.substring((o[k + 2] as number) - start, (o[k + 3] as number) - start);
    if (ff & F_FOLDED) value = trimLws(value.replace(/[\r\n]/g, ' '));
    if (headers.length >= limits.maxHeaders - 1) return fail('too many header fields', o[k] as number);
    if (lname === 'transfer-encoding') {
      const f = parseTransferEncoding(value, flags, true);
      if (f < 0) return fail('invalid Transfer-Encoding', o[k + 2] as number);
      flags = f;
    } else if (lname === 'content-length') {
      const r = parseContentLength(value, clen);
      if (r === null) return fail('invalid Content-Length', o[k + 2] as number);
      const first = clen < 0;
      clen = r.len;
      flags |= MF_CLEN;
      if (!first) continue;
      value = r.word;
    } else if (lname === 'connection') {
      const r = parseConnection(value, flags);
      flags = r.flags;
      if (r.cleaned.length === 0) continue;
      value = trimLws(r.cleaned);
    }
    headers.push({ name, lname, value });
  }
  if (flags & MF_XFER_ENC) {
    if (flags & MF_CLEN) {
      flags = (flags | MF_CONN_CLO) & ~MF_CLEN;
      for (let i = headers.length - 1; i >= 0; i--) if ((headers[i] as HeaderField).lname === 'content-length') headers.splice(i, 1);
    } else if (version === 10) flags |= MF_CONN_CLO;
    // HAProxy 2.6.12 answers 502 to a response whose Transfer-Encoding is not exactly chunked
    if (!(flags & MF_CHNK) || flags & MF_TE_OTHER) return fail('Transfer-Encoding other than chunked', start);
  }
  if (status === 101 && !reqUpgrade) return fail('101 to a request that asked for no upgrade', cStart);
  if (htxHeadCost(8 + (cEnd - cStart) + (rEnd - rStart), headers) > limits.maxHeadSize - HTX_SLACK) {
    return fail('response head too large', end);
  }

  let framing: BodyFraming;
  let interim = false;
  if (status === 101) framing = TUNNEL;
  else if (status < 200) {
    framing = NONE;
    interim = true;
  } else if (reqMethod === 'CONNECT' && status < 300) framing = TUNNEL;
  else if (reqMethod === 'HEAD' || status === 204 || status === 304) framing = NONE;
  else if (flags & MF_XFER_ENC) framing = CHUNKED;
  else if (flags & MF_CLEN) framing = clen > 0 ? { kind: 'length', length: clen } : NONE;
  else framing = CLOSE;

  let keepAlive = version === 11 ? !(flags & MF_CONN_CLO) : (flags & (MF_CONN_KAL | MF_CONN_CLO)) === MF_CONN_KAL;
  if (framing === CLOSE) keepAlive = false;
  const head: ResponseHead = { version, status, reason, headers, framing, keepAlive, headLength: end };
  if (interim) head.interim = true;
  return { kind: 'head', head };
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}
