/**
 * Head serialisation the way HAProxy 2.6 emits HTTP/1 (verified against haproxy 2.6.12): header names in
 * lower case (HTX), values as parsed (trimmed, obs-fold joined, Connection cleaned of keep-alive/close),
 * order kept, other hop-by-hop headers (Keep-Alive, Proxy-Connection, Connection options) left as they came,
 * and the connection mode expressed at the end of the head:
 *   closing + HTTP/1.1 message -> `connection: close`; keeping alive + HTTP/1.0 message -> `connection: keep-alive`.
 */
import type { HeaderField, RequestHead, ResponseHead } from './types.js';

export interface SerializeOptions {
  /** The connection on this side closes after this exchange (httpclose, http-server-close, client close...). */
  close: boolean;
  /** Headers added after the message's own (X-Forwarded-For, X-Original-To, rule actions). */
  extra?: readonly HeaderField[];
  /**
   * `option h1-case-adjust-bogus-*`: lower-case name -> name to emit. Without it names go out in lower case,
   * as HAProxy sends them.
   */
  caseAdjust?: ReadonlyMap<string, string>;
}

function writeHeaders(out: string, headers: readonly HeaderField[], adjust: ReadonlyMap<string, string> | undefined): string {
  let s = out;
  for (let i = 0; i < headers.length; i++) {
    const h = headers[i] as HeaderField;
    const name = adjust === undefined ? h.lname : adjust.get(h.lname) ?? h.lname;
    s += name + ': ' + h.value + '\r\n';
  }
  return s;
}

function connectionToken(version: 10 | 11, close: boolean): string | null {
  if (close) return version === 11 ? 'close' : null;
  return version === 10 ? 'keep-alive' : null;
}

function finish(start: string, headers: readonly HeaderField[], version: 10 | 11, opts: SerializeOptions): Buffer {
  const adjust = opts.caseAdjust;
  const token = connectionToken(version, opts.close);
  let s = start;
  if (token === null) s = writeHeaders(s, headers, adjust);
  else {
    // an existing Connection header (e.g. "upgrade") carries the token; otherwise it is appended at the end
    let merged = false;
    for (let i = 0; i < headers.length; i++) {
      const h = headers[i] as HeaderField;
      if (!merged && h.lname === 'connection') {
        merged = true;
        s = writeHeaders(s, [{ name: h.name, lname: h.lname, value: `${h.value}, ${token}` }], adjust);
      } else s = writeHeaders(s, [h], adjust);
    }
    if (opts.extra) s = writeHeaders(s, opts.extra, adjust);
    if (!merged) s += (adjust?.get('connection') ?? 'connection') + ': ' + token + '\r\n';
    return Buffer.from(s + '\r\n', 'latin1');
  }
  if (opts.extra) s = writeHeaders(s, opts.extra, adjust);
  return Buffer.from(s + '\r\n', 'latin1');
}

/** The request head as HAProxy forwards it to a server. */
export function serializeRequestHead(head: RequestHead, opts: SerializeOptions): Buffer {
  const line = head.method + ' ' + head.target + (head.version === 11 ? ' HTTP/1.1\r\n' : ' HTTP/1.0\r\n');
  return finish(line, head.headers, head.version, opts);
}

/** The response head as HAProxy sends it to the client (the server's version is kept in the status line). */
export function serializeResponseHead(head: ResponseHead, opts: SerializeOptions): Buffer {
  const line = (head.version === 11 ? 'HTTP/1.1 ' : 'HTTP/1.0 ') + head.status + ' ' + head.reason + '\r\n';
  return finish(line, head.headers, head.version, opts);
}
