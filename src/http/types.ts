/**
 * The HTTP/1 message model shared by the parser (src/http/h1-*.ts) and the data plane
 * (src/runtime/). Heads are parsed straight from socket Buffers; bodies are never copied by the
 * parser: the framing state machine reports byte ranges the data plane forwards as slices.
 */

/** One header as it came: the name keeps its case for forwarding; `lname` is lower-case for lookups. */
export interface HeaderField {
  name: string;
  lname: string;
  value: string;
}

export type BodyFraming =
  /** no body (GET without length, 204, 304, HEAD responses, 1xx) */
  | { kind: 'none' }
  | { kind: 'length'; length: number }
  | { kind: 'chunked' }
  /** response body delimited by the server closing the connection */
  | { kind: 'close' }
  /** after 101 Switching Protocols / CONNECT 2xx: raw bytes both ways */
  | { kind: 'tunnel' };

export interface RequestHead {
  method: string;
  /** Request target as written (origin-form, absolute-form, authority-form or '*'). */
  target: string;
  /** 10 or 11 (HTTP/1.0, HTTP/1.1) */
  version: 10 | 11;
  headers: HeaderField[];
  framing: BodyFraming;
  /** The client wants the connection kept open after this exchange. */
  keepAlive: boolean;
  /** `Expect: 100-continue` */
  expectContinue: boolean;
  /** `Upgrade` requested together with `Connection: upgrade`. */
  upgrade?: string;
  /** Bytes taken by the head, including the final CRLF CRLF. */
  headLength: number;
  /** The target as the client wrote it, when HAProxy-style normalisation changed `target` (default port removed). */
  rawTarget?: string;
  /** Offset where the request line starts (leading empty lines are skipped, as HAProxy does). */
  headStart?: number;
  /** `Upgrade: websocket` together with `Connection: upgrade`. */
  websocket?: boolean;
  /**
   * The message itself asks to close: a `close` token, or forced by HAProxy (Transfer-Encoding with
   * Content-Length, Transfer-Encoding on HTTP/1.0). HAProxy then adds no `connection: keep-alive` to a
   * HTTP/1.0 request it forwards.
   */
  connClose?: boolean;
}

export interface ResponseHead {
  version: 10 | 11;
  status: number;
  reason: string;
  headers: HeaderField[];
  framing: BodyFraming;
  keepAlive: boolean;
  headLength: number;
  /** 1xx other than 101: an interim response; another head follows on the same connection. */
  interim?: boolean;
}

/** Why a message was refused: the status HAProxy sends to the client and a reason for logs. */
export interface HttpError {
  /** 422: HAProxy 2.6 answers it to a request whose Transfer-Encoding has codings other than chunked. */
  status: 400 | 408 | 413 | 414 | 422 | 431 | 501 | 502;
  reason: string;
  /** Offset in the buffer where the problem was found (HAProxy's "show errors" position). */
  offset: number;
}

export type HeadResult<H> =
  | { kind: 'incomplete' }
  | { kind: 'head'; head: H }
  | { kind: 'error'; error: HttpError };

/** Limits the parser enforces (HAProxy: tune.bufsize - tune.maxrewrite for the head, etc.). */
export interface ParseLimits {
  /** Maximum head size in bytes before answering an error (HAProxy default 16384 - 1024). */
  maxHeadSize: number;
  /** Maximum number of header fields (HAProxy tune.http.maxhdr, default 101). */
  maxHeaders: number;
  /**
   * Raw bytes an incomplete head may occupy before it is refused (HAProxy tune.bufsize, default
   * maxHeadSize + 1024). A complete head is measured the way HAProxy's HTX stores it (see h1-size.ts).
   */
  bufSize?: number;
}

export const DEFAULT_LIMITS: ParseLimits = { maxHeadSize: 15360, maxHeaders: 101 };
