/**
 * Replies the rules make the proxy send by itself (deny, tarpit, return, redirect, auth) and their
 * bytes as HAProxy 2.6 writes them (checked side by side with haproxy 2.6.12): lower-case header
 * names, `content-length` first for error pages, `connection: close` last when the client side closes.
 */
import { renderedErrorMessage, type ErrorCode } from '../http/error-pages.js';
import type { HeaderField, ResponseHead } from '../http/types.js';
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
  // An HTTP/1.0 reply (an errorfile) closes by itself: HAProxy adds no connection header to it.
  const head = close && !r.head.startsWith('HTTP/1.0') ? `${r.head}connection: close\r\n\r\n` : `${r.head}\r\n`;
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
  // As HAProxy: no content-length on 204 and 304, which cannot have a body.
  if (status !== 204 && status !== 304) head += `content-length: ${body.length}\r\n`;
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

/**
 * A reply as an editable response head, for `http-after-response` rules on what the proxy answers
 * itself (deny, return, redirect, errors): status line and header fields of `r.head`.
 */
export function replyHead(r: HttpReply): ResponseHead {
  const lines = r.head.split('\r\n');
  const m = /^HTTP\/1\.([01]) (\d{3}) ?(.*)$/.exec(lines[0] ?? '');
  const headers: HeaderField[] = [];
  for (let i = 1; i < lines.length; i++) {
    const l = lines[i]!;
    const c = l.indexOf(':');
    if (c <= 0) continue;
    const name = l.slice(0, c);
    headers.push({ name, lname: name.toLowerCase(), value: l.slice(c + 1).trim() });
  }
  return {
    version: m?.[1] === '0' ? 10 : 11,
    status: m ? Number(m[2]) : r.status,
    reason: m?.[3] ?? reasonOf(r.status),
    headers,
    framing: { kind: 'length', length: r.body.length },
    keepAlive: true,
    headLength: 0,
  };
}

/** The reply again after the rules edited `h`. */
export function replyFromHead(r: HttpReply, h: ResponseHead): HttpReply {
  let head = `HTTP/1.${h.version === 10 ? 0 : 1} ${h.status} ${h.reason}\r\n`;
  for (const f of h.headers) head += `${f.lname}: ${f.value}\r\n`;
  return { kind: r.kind, status: h.status, head, body: r.body, delayMs: r.delayMs };
}

/** `errorloc`/`errorloc302`/`errorloc303`: the error answered as a redirect, as HAProxy writes it. */
export function errorlocReply(kind: 'deny' | 'tarpit', code: number, url: string, delayMs?: number): HttpReply {
  const head = `HTTP/1.1 ${code} ${reasonOf(code)}\r\ncache-control: no-cache\r\ncontent-length: 0\r\nlocation: ${url}\r\n`;
  return { kind, status: code, head, body: Buffer.alloc(0), delayMs };
}
