/**
 * The head sent on the other side of the proxy. The common case forwards the received head bytes
 * unchanged (plus an X-Forwarded-For line); only when the Connection header must change is the
 * head serialized again from its parsed fields.
 */
import type { HeaderField, RequestHead, ResponseHead } from '../http/types.js';
import type { ForwardFor } from './http-options.js';

/** Connection tokens of a message: bit 1 close, bit 2 keep-alive, bit 4 upgrade, bit 8 a header exists. */
export const CONN_CLOSE = 1;
export const CONN_KEEPALIVE = 2;
export const CONN_UPGRADE = 4;
export const CONN_PRESENT = 8;

export function connectionTokens(headers: readonly HeaderField[]): number {
  let f = 0;
  for (let i = 0; i < headers.length; i++) {
    const h = headers[i]!;
    if (h.lname !== 'connection') continue;
    f |= CONN_PRESENT;
    const v = h.value.toLowerCase();
    if (v.includes('close')) f |= CONN_CLOSE;
    if (v.includes('keep-alive')) f |= CONN_KEEPALIVE;
    if (v.includes('upgrade')) f |= CONN_UPGRADE;
  }
  return f;
}

function hasHeader(headers: readonly HeaderField[], lname: string): boolean {
  for (let i = 0; i < headers.length; i++) if (headers[i]!.lname === lname) return true;
  return false;
}

/**
 * The request head for the server. `serverClose`: the server connection closes after this exchange
 * (the request must then say `Connection: close`).
 */
export function requestOut(buf: Buffer, head: RequestHead, serverClose: boolean, ff: ForwardFor | undefined, srcAddr: string | undefined): Buffer {
  let extra = '';
  if (ff && srcAddr !== undefined && !(ff.except && ff.except(srcAddr)) && !(ff.ifNone && hasHeader(head.headers, ff.lheader))) {
    extra = `${ff.header}: ${unmapped(srcAddr)}\r\n`;
  }
  const conn = connectionTokens(head.headers);
  const needClose = serverClose && (conn & CONN_CLOSE) === 0 && head.version === 11 && head.upgrade === undefined;
  if (!needClose) {
    if (extra === '') return buf.subarray(0, head.headLength);
    const hl = head.headLength - 2;
    const out = Buffer.allocUnsafe(hl + extra.length + 2);
    buf.copy(out, 0, 0, hl);
    out.write(extra, hl, 'latin1');
    out[hl + extra.length] = 0x0d;
    out[hl + extra.length + 1] = 0x0a;
    return out;
  }
  let s = `${head.method} ${head.target} HTTP/1.${head.version === 11 ? 1 : 0}\r\n`;
  s += headerLines(head.headers, true);
  s += 'Connection: close\r\n' + extra + '\r\n';
  return Buffer.from(s, 'latin1');
}

/**
 * The response head for the client. `clientClose`: the client connection closes after this
 * response; `reqVersion`: the client's HTTP version.
 */
export function responseOut(buf: Buffer, head: ResponseHead, clientClose: boolean, reqVersion: 10 | 11): Buffer {
  const conn = connectionTokens(head.headers);
  let change = false;
  let value = '';
  if (head.status === 101) return buf.subarray(0, head.headLength);
  if (clientClose) {
    if ((conn & CONN_CLOSE) === 0 && (reqVersion === 11 || (conn & CONN_KEEPALIVE) !== 0)) {
      change = true;
      value = 'close';
    }
  } else if ((conn & CONN_CLOSE) !== 0 || head.version === 10) {
    change = true;
    value = reqVersion === 10 ? 'keep-alive' : '';
  } else if (reqVersion === 10 && (conn & CONN_KEEPALIVE) === 0) {
    change = true;
    value = 'keep-alive';
  }
  if (!change) return buf.subarray(0, head.headLength);
  let s = `HTTP/1.1 ${head.status} ${head.reason}\r\n`;
  s += headerLines(head.headers, true);
  if (value !== '') s += `connection: ${value}\r\n`;
  s += '\r\n';
  return Buffer.from(s, 'latin1');
}

function headerLines(headers: readonly HeaderField[], dropConnection: boolean): string {
  let s = '';
  for (let i = 0; i < headers.length; i++) {
    const h = headers[i]!;
    if (dropConnection && h.lname === 'connection') continue;
    s += `${h.name}: ${h.value}\r\n`;
  }
  return s;
}

function unmapped(a: string): string {
  return a.startsWith('::ffff:') && a.indexOf('.') > 0 ? a.slice(7) : a;
}
