/**
 * Replies the rules make the proxy send by itself (deny, tarpit, return, redirect, auth) and their
 * bytes as HAProxy 2.6 writes them (checked side by side with haproxy 2.6.12): lower-case header
 * names, `content-length` first for error pages, `connection: close` last when the client side closes.
 */
import { renderedErrorMessage, type ErrorCode } from '../http/error-pages.js';
import { reasonOf } from './reasons.js';

export type ReplyKind = 'deny' | 'tarpit' | 'return' | 'redirect' | 'auth' | 'reject';

export interface HttpReply {
  readonly kind: ReplyKind;
  readonly status: number;
  /** The full head and body, without the connection header (added by `replyBytes` when closing). */
  readonly head: string;
  readonly body: Buffer;
  /** tarpit: hold the request this long before answering (ms). */
  readonly delayMs?: number;
}

/** Status codes HAProxy has a built-in error page for. */
const PAGES = new Set([200, 400, 401, 403, 404, 405, 407, 408, 410, 413, 425, 429, 500, 501, 502, 503, 504]);

/** Reply bytes; `close` states `connection: close` as HAProxy does when the client side closes. */
export function replyBytes(r: HttpReply, close: boolean): Buffer {
  const head = close ? `${r.head}connection: close\r\n\r\n` : `${r.head}\r\n`;
  if (r.body.length === 0) return Buffer.from(head, 'latin1');
  const h = Buffer.from(head, 'latin1');
  return Buffer.concat([h, r.body]);
}

const pageCache = new Map<number, { head: string; body: Buffer }>();

/** The built-in error page of `status` split into head (without the final CRLF) and body. */
function page(status: number): { head: string; body: Buffer } {
  let p = pageCache.get(status);
  if (p) return p;
  const code = (PAGES.has(status) ? status : 500) as ErrorCode;
  const raw = renderedErrorMessage(code);
  const text = raw.toString('latin1');
  const sep = text.indexOf('\r\n\r\n');
  let head = text.slice(0, sep + 2);
  if (code !== status) head = head.replace(/^HTTP\/1\.1 \d+ [^\r]*/, `HTTP/1.1 ${status} ${reasonOf(status)}`);
  p = { head, body: Buffer.from(text.slice(sep + 4), 'latin1') };
  pageCache.set(status, p);
  return p;
}

/** deny / tarpit with the built-in page (or an errorfile given as raw response bytes). */
export function errorReply(kind: 'deny' | 'tarpit', status: number, errorfile?: Buffer, delayMs?: number): HttpReply {
  if (errorfile) {
    const text = errorfile.toString('latin1');
    const sep = text.indexOf('\r\n\r\n');
    const headText = sep < 0 ? text : text.slice(0, sep + 2);
    const lines = headText.split('\r\n').filter((l) => l !== '');
    const statusLine = lines.shift() ?? `HTTP/1.1 ${status} ${reasonOf(status)}`;
    let head = `${statusLine}\r\n`;
    for (const l of lines) {
      const c = l.indexOf(':');
      if (c < 0) continue;
      const name = l.slice(0, c).trim().toLowerCase();
      if (name === 'connection') continue;
      head += `${name}: ${l.slice(c + 1).trim()}\r\n`;
    }
    const body = sep < 0 ? Buffer.alloc(0) : errorfile.subarray(Buffer.byteLength(text.slice(0, sep + 4), 'latin1'));
    return { kind, status, head, body, delayMs };
  }
  const p = page(status);
  return { kind, status, head: p.head, body: p.body, delayMs };
}

/** `return` / `deny` with explicit content: user headers, then content-length and content-type. */
export function contentReply(
  kind: 'return' | 'deny' | 'tarpit',
  status: number,
  headers: ReadonlyArray<readonly [string, string]>,
  contentType: string | undefined,
  body: Buffer,
  delayMs?: number,
): HttpReply {
  let head = `HTTP/1.1 ${status} ${reasonOf(status)}\r\n`;
  for (const [n, v] of headers) head += `${n.toLowerCase()}: ${v}\r\n`;
  head += `content-length: ${body.length}\r\n`;
  if (contentType !== undefined && body.length > 0) head += `content-type: ${contentType}\r\n`;
  return { kind, status, head, body, delayMs };
}

/** Redirects: 302/303/307 carry `cache-control: no-cache`, 301/308 do not. */
export function redirectReply(code: number, location: string, cookie: string | undefined): HttpReply {
  let head = `HTTP/1.1 ${code} ${reasonOf(code)}\r\ncontent-length: 0\r\nlocation: ${location}\r\n`;
  if (code === 302 || code === 303 || code === 307) head += 'cache-control: no-cache\r\n';
  if (cookie !== undefined) head += `set-cookie: ${cookie}\r\n`;
  return { kind: 'redirect', status: code, head, body: Buffer.alloc(0) };
}

/** `http-request auth`: 401 (407 for a proxy-auth realm) with the built-in page and the challenge. */
export function authReply(realm: string, proxyAuth: boolean): HttpReply {
  const status = proxyAuth ? 407 : 401;
  const p = page(status);
  const hdr = proxyAuth ? 'proxy-authenticate' : 'www-authenticate';
  return { kind: 'auth', status, head: `${p.head}${hdr}: Basic realm="${realm}"\r\n`, body: p.body };
}

/** `reject`: the connection is closed without a reply. */
export const REJECT: HttpReply = { kind: 'reject', status: 0, head: '', body: Buffer.alloc(0) };
