/**
 * The HTTP/1 side of `option httpchk`: the request HAProxy 2.6's H1 mux writes for an
 * `http-check send` rule, and a tolerant parse of the server's reply (status line, headers, body
 * as far as received, whether the message is complete).
 */
import type { HttpSend } from './rules.js';

export interface RequestContext {
  /** `http-check send-state`: the X-Haproxy-Server-State value. */
  readonly serverState?: string;
}

/** Serialize a check request as HAProxy's H1 mux does (lower-case names, connection last). */
export function buildRequest(h: HttpSend, ctx: RequestContext): Buffer {
  const meth = h.meth ?? 'OPTIONS';
  const uri = h.uri ?? '/';
  const ver = h.ver ?? 'HTTP/1.0';
  const v11 = /^HTTP\/(?:2|1\.[1-9]|[3-9])/.test(ver);
  let head = `${meth} ${uri} ${ver}\r\n`;
  let conn: string | undefined;
  for (const [n, v] of h.hdrs) {
    const ln = n.toLowerCase();
    if (ln === 'connection') {
      conn = v.toLowerCase();
      continue;
    }
    head += `${ln}: ${v}\r\n`;
  }
  if (ctx.serverState !== undefined) head += `x-haproxy-server-state: ${ctx.serverState}\r\n`;
  const body = h.body ?? '';
  if (body.length > 0) head += `content-length: ${Buffer.byteLength(body, 'latin1')}\r\n`;
  if (v11 && conn !== 'keep-alive') head += 'connection: close\r\n';
  else if (!v11 && conn === 'keep-alive') head += 'connection: keep-alive\r\n';
  return Buffer.from(head + '\r\n' + body, 'latin1');
}

export interface HttpReply {
  readonly state: 'incomplete' | 'error' | 'ok';
  readonly status: number;
  readonly statusText: string;
  readonly reason: string;
  readonly headers: ReadonlyArray<readonly [string, string]>;
  readonly body: Buffer;
  /** The whole message was received. */
  readonly complete: boolean;
}

const INCOMPLETE: HttpReply = { state: 'incomplete', status: 0, statusText: '', reason: '', headers: [], body: Buffer.alloc(0), complete: false };
const ERROR: HttpReply = { ...INCOMPLETE, state: 'error' };

/** Parse what was received so far. `eos`: the server closed (a body without length ends there). */
export function parseReply(buf: Buffer, eos: boolean): HttpReply {
  const end = buf.indexOf('\r\n\r\n', 0, 'latin1');
  const lfEnd = end < 0 ? buf.indexOf('\n\n', 0, 'latin1') : -1;
  if (end < 0 && lfEnd < 0) {
    if (buf.length >= 8 && !buf.subarray(0, 5).equals(Buffer.from('HTTP/'))) return ERROR;
    return INCOMPLETE;
  }
  const headEnd = end >= 0 ? end : lfEnd;
  const bodyStart = headEnd + (end >= 0 ? 4 : 2);
  const lines = buf.toString('latin1', 0, headEnd).split(/\r?\n/);
  const m = /^HTTP\/\d\.\d (\d{3})(?: (.*))?$/.exec(lines[0] ?? '');
  if (!m) return ERROR;
  const headers: Array<[string, string]> = [];
  for (const l of lines.slice(1)) {
    const c = l.indexOf(':');
    if (c <= 0 || /[\s]/.test(l.slice(0, c))) return ERROR;
    headers.push([l.slice(0, c).toLowerCase(), l.slice(c + 1).trim()]);
  }
  const status = Number(m[1]);
  const rest = buf.subarray(bodyStart);
  const get = (n: string): string | undefined => headers.find(([k]) => k === n)?.[1];
  const te = get('transfer-encoding');
  const cl = get('content-length');
  let body = rest;
  let complete: boolean;
  if (status < 200 || status === 204 || status === 304) {
    body = Buffer.alloc(0);
    complete = true;
  } else if (te !== undefined && /chunked/i.test(te)) {
    const d = dechunk(rest);
    if (!d) return ERROR;
    body = d.body;
    complete = d.complete;
  } else if (cl !== undefined) {
    if (!/^\d+$/.test(cl)) return ERROR;
    const n = Number(cl);
    body = rest.subarray(0, n);
    complete = rest.length >= n;
  } else complete = eos;
  return { state: 'ok', status, statusText: m[1]!, reason: m[2] ?? '', headers, body, complete };
}

function dechunk(b: Buffer): { body: Buffer; complete: boolean } | undefined {
  const parts: Buffer[] = [];
  let i = 0;
  for (;;) {
    const eol = b.indexOf('\r\n', i, 'latin1');
    if (eol < 0) return { body: Buffer.concat(parts), complete: false };
    const size = parseInt(b.toString('latin1', i, eol).split(';')[0]!.trim(), 16);
    if (!Number.isFinite(size)) return undefined;
    if (size === 0) return { body: Buffer.concat(parts), complete: true };
    const start = eol + 2;
    if (b.length < start + size) {
      parts.push(b.subarray(start));
      return { body: Buffer.concat(parts), complete: false };
    }
    parts.push(b.subarray(start, start + size));
    i = start + size + 2;
  }
}
