/**
 * The heads sent on the other side of the proxy, serialized the way HAProxy 2.6 emits HTTP/1
 * (src/http/h1-serialize.ts): lower-case names, the connection mode stated at the end of the head,
 * X-Forwarded-For appended after the message's own headers.
 */
import { forwardedFor } from '../http/forwarded.js';
import { serializeRequestHead, serializeResponseHead } from '../http/h1-serialize.js';
import type { HeaderField, RequestHead, ResponseHead } from '../http/types.js';
import type { ForwardFor } from './http-options.js';

/** The request head for the server; `serverClose`: the server connection closes after this exchange. */
export function requestOut(head: RequestHead, serverClose: boolean, ff: ForwardFor | undefined, srcAddr: string | undefined): Buffer {
  let extra: HeaderField[] | undefined;
  if (ff && srcAddr !== undefined) {
    const f = forwardedFor(head.headers, srcAddr, ff);
    if (f) extra = [f];
  }
  // An upgrade request keeps its Connection: upgrade; HAProxy does not add close to it.
  const close = serverClose && head.upgrade === undefined;
  return serializeRequestHead(head, extra ? { close, extra } : { close });
}

const KEEP_ALIVE: readonly HeaderField[] = [{ name: 'connection', lname: 'connection', value: 'keep-alive' }];

/**
 * The response head for the client; `clientClose`: the client connection closes after it.
 * A HTTP/1.0 client kept alive is told so (`connection: keep-alive`), as HAProxy does.
 */
export function responseOut(head: ResponseHead, clientClose: boolean, clientVersion: 10 | 11): Buffer {
  const close = clientClose && head.status !== 101;
  if (!close && clientVersion === 10 && head.version === 11) return serializeResponseHead(head, { close, extra: KEEP_ALIVE });
  return serializeResponseHead(head, { close });
}
