/**
 * Replies the proxy itself sends, from HAProxy's built-in pages (src/http/error-pages.ts):
 * the mux's raw form for refused requests (400, 408...), the rendered form for stream errors
 * (502, 503, 504). Cached: the same bytes go out every time.
 * TODO(errorfile): per-proxy ErrorPages once errorfile/http-errors reach the runtime graph.
 */
import { rawErrorMessage, renderedErrorMessage, type ErrorCode } from '../http/error-pages.js';

const KNOWN = new Set<number>([200, 400, 401, 403, 404, 405, 407, 408, 410, 413, 425, 429, 500, 501, 502, 503, 504]);
const raw = new Map<number, Buffer>();
const keep = new Map<number, Buffer>();
const close = new Map<number, Buffer>();

function known(status: number): ErrorCode {
  // HAProxy's mux answers 400 for the parse errors it has no page for (414, 431, 422...).
  return (KNOWN.has(status) ? status : 400) as ErrorCode;
}

/** A request the mux refuses (parse error, 408): the raw compiled-in message. */
export function muxReply(status: number): Buffer {
  let b = raw.get(status);
  if (!b) raw.set(status, (b = rawErrorMessage(known(status))));
  return b;
}

/** A reply from the stream (503 no server, 502, 504...); `closing` adds `connection: close`. */
export function streamReply(status: number, closing: boolean): Buffer {
  const cache = closing ? close : keep;
  let b = cache.get(status);
  if (!b) cache.set(status, (b = renderedErrorMessage(known(status), { close: closing })));
  return b;
}
