/**
 * HTTP/2 <-> HTTP/1.1 message translation (RFC 9113 section 8), both directions:
 *  - request fields from a client -> an HTTP/1.1 request head the h1 session path parses;
 *  - an HTTP/1.1 response head -> response fields for the client;
 *  - an HTTP/1.1 request head -> request fields for an h2 server;
 *  - response fields from an h2 server -> an HTTP/1.1 response head.
 * Checks follow RFC 9113 8.2 and 8.3: lower-case names, pseudo-headers first, known and not
 * repeated, connection-specific fields refused, `te` only "trailers", cookies joined with "; ".
 */
import type { HeaderField, RequestHead, ResponseHead } from '../types.js';
import type { H2Field } from './hpack.js';

/** Headers that make no sense in HTTP/2 (RFC 9113 8.2.2): refused when received, dropped when sending. */
const CONNECTION_SPECIFIC = new Set(['connection', 'proxy-connection', 'keep-alive', 'transfer-encoding', 'upgrade']);

/** RFC 9110 tchar for names, plus ':' only as the first byte of a pseudo-header. Upper case is refused. */
const NAME_OK = new Uint8Array(256);
for (const c of "!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyz") NAME_OK[c.charCodeAt(0)] = 1;

function badName(n: string, from: number): boolean {
  if (n.length <= from) return true;
  for (let i = from; i < n.length; i++) if (NAME_OK[n.charCodeAt(i)] !== 1) return true;
  return false;
}

/** NUL, CR, LF anywhere, or leading/trailing whitespace (RFC 9113 8.2.1). */
function badValue(v: string): boolean {
  for (let i = 0; i < v.length; i++) {
    const c = v.charCodeAt(i);
    if (c === 0 || c === 10 || c === 13) return true;
  }
  if (v.length > 0) {
    const a = v.charCodeAt(0);
    const z = v.charCodeAt(v.length - 1);
    if (a === 32 || a === 9 || z === 32 || z === 9) return true;
  }
  return false;
}

export type H2RequestResult =
  | { ok: true; head: Buffer; method: string; contentLength: number; chunked: boolean; connect: boolean }
  | { ok: false; reason: string };

/**
 * A client's request fields -> the HTTP/1.1 head the h1 path takes. `endStream`: the HEADERS
 * frame ended the stream (no body). A body without content-length goes out chunked.
 */
export function h2RequestToH1(fields: readonly H2Field[], endStream: boolean): H2RequestResult {
  let method: string | undefined;
  let scheme: string | undefined;
  let authority: string | undefined;
  let path: string | undefined;
  let regular = false;
  let host: string | undefined;
  let cookies: string[] | undefined;
  let contentLength = -1;
  let out = '';
  for (let i = 0; i < fields.length; i++) {
    const { name, value } = fields[i]!;
    if (name.charCodeAt(0) === 58 /* : */) {
      if (regular) return bad('pseudo-header after a regular header');
      if (badValue(value)) return bad(`bad value for ${name}`);
      switch (name) {
        case ':method':
          if (method !== undefined) return bad('repeated :method');
          method = value;
          break;
        case ':scheme':
          if (scheme !== undefined) return bad('repeated :scheme');
          scheme = value;
          break;
        case ':authority':
          if (authority !== undefined) return bad('repeated :authority');
          authority = value;
          break;
        case ':path':
          if (path !== undefined) return bad('repeated :path');
          path = value;
          break;
        default:
          return bad(`unknown pseudo-header ${name}`);
      }
      continue;
    }
    regular = true;
    if (badName(name, 0)) return bad(`bad header name ${JSON.stringify(name)}`);
    if (badValue(value)) return bad(`bad value for ${name}`);
    if (CONNECTION_SPECIFIC.has(name)) return bad(`connection-specific header ${name}`);
    if (name === 'te') {
      if (value.toLowerCase() !== 'trailers') return bad('te other than trailers');
    } else if (name === 'cookie') {
      (cookies ??= []).push(value);
      continue;
    } else if (name === 'content-length') {
      if (!/^[0-9]{1,15}$/.test(value)) return bad('bad content-length');
      const n = Number(value);
      if (contentLength >= 0 && n !== contentLength) return bad('conflicting content-length');
      if (contentLength >= 0) continue;
      contentLength = n;
    } else if (name === 'host') {
      if (host !== undefined) return bad('repeated host');
      host = value;
    }
    out += name + ': ' + value + '\r\n';
  }
  if (method === undefined || method === '' || badName(method.toLowerCase(), 0)) return bad('missing or bad :method');
  const connect = method === 'CONNECT';
  let target: string;
  if (connect) {
    // RFC 9113 8.5: CONNECT has :authority only.
    if (scheme !== undefined || path !== undefined || !authority) return bad('malformed CONNECT');
    target = authority;
  } else {
    if (scheme === undefined || scheme === '' || path === undefined || path === '') return bad('missing :scheme or :path');
    if (path.charCodeAt(0) !== 47 /* / */ && !(path === '*' && method === 'OPTIONS')) return bad('bad :path');
    for (let i = 0; i < path.length; i++) if (path.charCodeAt(i) <= 32 || path.charCodeAt(i) === 127) return bad('bad :path');
    target = path;
  }
  if (contentLength > 0 && endStream) return bad('content-length with no DATA');
  let head = method + ' ' + target + ' HTTP/1.1\r\n';
  // :authority becomes Host (first, as HAProxy places it); a Host header that disagrees is dropped.
  if (authority !== undefined && authority !== '') {
    head += 'host: ' + authority + '\r\n';
    if (host !== undefined) out = removeHost(out);
  } else if (host === undefined && !connect) return bad('no :authority nor host');
  head += out;
  if (cookies) head += 'cookie: ' + cookies.join('; ') + '\r\n';
  let chunked = false;
  if (!endStream && contentLength < 0 && !connect) {
    head += 'transfer-encoding: chunked\r\n';
    chunked = true;
  }
  // One exchange per stream: the h1 path closes its side after the response.
  head += 'connection: close\r\n\r\n';
  return { ok: true, head: Buffer.from(head, 'latin1'), method, contentLength, chunked, connect };
}

function removeHost(s: string): string {
  return s.replace(/(^|\r\n)host: [^\r\n]*\r\n/, '$1');
}

function bad(reason: string): { ok: false; reason: string } {
  return { ok: false, reason };
}

/** Response head from the h1 path -> fields for the client (connection-specific headers dropped). */
export function h1ResponseToH2(head: ResponseHead): H2Field[] {
  const out: H2Field[] = [{ name: ':status', value: String(head.status) }];
  pushHeaders(out, head.headers);
  return out;
}

function pushHeaders(out: H2Field[], headers: readonly HeaderField[]): void {
  for (let i = 0; i < headers.length; i++) {
    const h = headers[i]!;
    const n = h.lname;
    if (CONNECTION_SPECIFIC.has(n) || (n === 'te' && h.value.toLowerCase() !== 'trailers')) continue;
    out.push({ name: n, value: h.value });
  }
}

/** Request head from the h1 path -> fields for an h2 server (`scheme`: http or https). */
export function h1RequestToH2(head: RequestHead, scheme: string): H2Field[] {
  const out: H2Field[] = [{ name: ':method', value: head.method }];
  let authority: string | undefined;
  let target = head.target;
  if (head.method === 'CONNECT') {
    out.push({ name: ':authority', value: target });
  } else {
    const abs = /^([a-zA-Z][a-zA-Z0-9+.-]*):\/\/([^/?#]*)(.*)$/.exec(target);
    if (abs) {
      authority = abs[2];
      target = abs[3] || '/';
      scheme = abs[1]!.toLowerCase();
    }
    for (const h of head.headers) if (authority === undefined && h.lname === 'host') authority = h.value;
    out.push({ name: ':scheme', value: scheme }, { name: ':authority', value: authority ?? '' }, { name: ':path', value: target });
    if (!authority) out.splice(2, 1);
  }
  for (let i = 0; i < head.headers.length; i++) {
    const h = head.headers[i]!;
    const n = h.lname;
    if (n === 'host' || CONNECTION_SPECIFIC.has(n) || (n === 'te' && h.value.toLowerCase() !== 'trailers')) continue;
    out.push({ name: n, value: h.value });
  }
  return out;
}

export type H2ResponseResult =
  | { ok: true; status: number; head: Buffer; contentLength: number; interim: boolean; noBody: boolean }
  | { ok: false; reason: string };

/**
 * Response fields from an h2 server -> HTTP/1.1 head for the h1 path. A body without
 * content-length is sent chunked; `endStream` with no body gets content-length: 0.
 */
export function h2ResponseToH1(fields: readonly H2Field[], endStream: boolean, reqMethod: string): H2ResponseResult {
  let status = -1;
  let regular = false;
  let contentLength = -1;
  let out = '';
  for (let i = 0; i < fields.length; i++) {
    const { name, value } = fields[i]!;
    if (name.charCodeAt(0) === 58) {
      if (regular || name !== ':status' || status >= 0 || !/^[1-9][0-9]{2}$/.test(value)) return bad(`bad pseudo-header ${name}`);
      status = Number(value);
      continue;
    }
    regular = true;
    if (badName(name, 0) || badValue(value)) return bad(`bad header ${JSON.stringify(name)}`);
    if (CONNECTION_SPECIFIC.has(name)) return bad(`connection-specific header ${name}`);
    if (name === 'content-length') {
      if (!/^[0-9]{1,15}$/.test(value)) return bad('bad content-length');
      const n = Number(value);
      if (contentLength >= 0 && n !== contentLength) return bad('conflicting content-length');
      if (contentLength >= 0) continue;
      contentLength = n;
    }
    out += name + ': ' + value + '\r\n';
  }
  if (status < 0) return bad('no :status');
  const interim = status >= 100 && status < 200;
  const noBody = interim || status === 204 || status === 304 || reqMethod === 'HEAD';
  let head = 'HTTP/1.1 ' + status + ' ' + reasonPhrase(status) + '\r\n' + out;
  if (!interim && !noBody && contentLength < 0) head += endStream ? 'content-length: 0\r\n' : 'transfer-encoding: chunked\r\n';
  head += '\r\n';
  return { ok: true, status, head: Buffer.from(head, 'latin1'), contentLength, interim, noBody };
}

const REASONS: Record<number, string> = {
  100: 'Continue', 101: 'Switching Protocols', 103: 'Early Hints', 200: 'OK', 201: 'Created', 202: 'Accepted',
  204: 'No Content', 206: 'Partial Content', 301: 'Moved Permanently', 302: 'Found', 303: 'See Other',
  304: 'Not Modified', 307: 'Temporary Redirect', 308: 'Permanent Redirect', 400: 'Bad Request',
  401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 405: 'Method Not Allowed', 408: 'Request Timeout',
  409: 'Conflict', 410: 'Gone', 413: 'Payload Too Large', 414: 'URI Too Long', 429: 'Too Many Requests',
  500: 'Internal Server Error', 501: 'Not Implemented', 502: 'Bad Gateway', 503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

function reasonPhrase(status: number): string {
  return REASONS[status] ?? (status < 200 ? 'Informational' : status < 300 ? 'OK' : status < 400 ? 'Redirection' : status < 500 ? 'Client Error' : 'Server Error');
}

/** Trailer fields received on h2 -> chunked trailer lines (pseudo-headers refused). */
export function trailersToH1(fields: readonly H2Field[]): string | null {
  let s = '';
  for (const { name, value } of fields) {
    if (name.charCodeAt(0) === 58 || badName(name, 0) || badValue(value) || CONNECTION_SPECIFIC.has(name)) return null;
    s += name + ': ' + value + '\r\n';
  }
  return s;
}
