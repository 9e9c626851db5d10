/**
 * HAProxy 2.6's built-in error messages, byte for byte (captured from haproxy 2.6.12).
 * Two shapes exist on the wire:
 *  - raw: what the H1 mux writes itself for a refused/timed-out request (400 parse errors, 408) — the
 *    message exactly as compiled in, mixed-case names, `Connection: close` in the middle;
 *  - rendered: what the stream sends (deny, 502/503/504 ...) after HTX conversion — lower-case names,
 *    Connection removed and re-added at the end only when the client side closes.
 */
import { parseResponseHead } from './h1-response.js';
import { serializeResponseHead } from './h1-serialize.js';

export type ErrorCode = 200 | 400 | 401 | 403 | 404 | 405 | 407 | 408 | 410 | 413 | 425 | 429 | 500 | 501 | 502 | 503 | 504;

const PAGES: Record<ErrorCode, [reason: string, text: string, close: boolean]> = {
  200: ['OK', 'Service ready.', false],
  400: ['Bad request', 'Your browser sent an invalid request.', true],
  401: ['Unauthorized', 'You need a valid user and password to access this content.', false],
  403: ['Forbidden', 'Request forbidden by administrative rules.', false],
  404: ['Not Found', 'The resource could not be found.', false],
  405: ['Method Not Allowed', 'A request was made of a resource using a request method not supported by that resource', false],
  407: ['Unauthorized', 'You need a valid user and password to access this content.', false],
  408: ['Request Time-out', "Your browser didn't send a complete request in time.", true],
  410: ['Gone', 'The resource is no longer available and will not be available again.', false],
  413: ['Payload Too Large', 'The request entity exceeds the maximum allowed.', false],
  425: ['Too Early', 'Your browser sent early data.', false],
  429: ['Too Many Requests', 'You have sent too many requests in a given amount of time.', false],
  500: ['Internal Server Error', 'An internal server error occurred.', false],
  501: ['Not Implemented', '.The server does not support the functionality required to fulfill the request.', false],
  502: ['Bad Gateway', 'The server returned an invalid or incomplete response.', false],
  503: ['Service Unavailable', 'No server is available to handle this request.', false],
  504: ['Gateway Time-out', "The server didn't respond in time.", false],
};

function body(code: ErrorCode): string {
  const [reason, text] = PAGES[code];
  return `<html><body><h1>${code} ${reason}</h1>\n${text}\n</body></html>\n`;
}

/** The message as compiled into HAProxy (http_err_msgs): what the mux writes for 400/408 on its own. */
export function rawErrorMessage(code: ErrorCode): Buffer {
  const [reason, , close] = PAGES[code];
  const b = body(code);
  return Buffer.from(
    `HTTP/1.1 ${code} ${reason}\r\nContent-length: ${b.length}\r\nCache-Control: no-cache\r\n` +
      (close ? 'Connection: close\r\n' : '') + `Content-Type: text/html\r\n\r\n${b}`,
    'latin1',
  );
}

/** The message as the stream sends it (http-request deny, 502, 503, 504...): HTX-rendered. */
export function renderedErrorMessage(code: ErrorCode, opts: { close?: boolean } = {}): Buffer {
  const [reason, , close] = PAGES[code];
  const b = body(code);
  const conn = close || opts.close ? 'connection: close\r\n' : '';
  return Buffer.from(
    `HTTP/1.1 ${code} ${reason}\r\ncontent-length: ${b.length}\r\ncache-control: no-cache\r\ncontent-type: text/html\r\n${conn}\r\n${b}`,
    'latin1',
  );
}

/** An `errorfile` (a raw HTTP response in a file): validated like a server response. */
export interface ErrorFile {
  status: number;
  /** the file as written */
  raw: Buffer;
}

/** Checks an errorfile's contents; throws with the reason when HAProxy would refuse to load it. */
export function parseErrorFile(contents: Buffer): ErrorFile {
  const r = parseResponseHead(contents, 'GET');
  if (r.kind === 'incomplete') throw new Error('errorfile: unable to parse headers (incomplete HTTP response)');
  if (r.kind === 'error') throw new Error(`errorfile: invalid HTTP response: ${r.error.reason}`);
  return { status: r.head.status, raw: contents };
}

/** An errorfile as the stream would send it: head re-serialised in HAProxy's form, the body as in the file. */
export function renderErrorFile(file: ErrorFile, opts: { close?: boolean } = {}): Buffer {
  const r = parseResponseHead(file.raw, 'GET');
  if (r.kind !== 'head') return file.raw;
  const headers = r.head.headers.filter((h) => h.lname !== 'connection');
  const head = serializeResponseHead({ ...r.head, headers }, { close: opts.close === true || r.head.version === 10 });
  return Buffer.concat([head, file.raw.subarray(r.head.headLength)]);
}

/** The error pages a proxy answers with: built-ins overridden by `errorfile CODE FILE` entries. */
export class ErrorPages {
  private readonly files = new Map<number, ErrorFile>();
  set(code: number, contents: Buffer): void {
    this.files.set(code, parseErrorFile(contents));
  }
  /** What the stream sends for `code` (rendered form). */
  get(code: ErrorCode, opts: { close?: boolean } = {}): Buffer {
    const f = this.files.get(code);
    return f ? renderErrorFile(f, opts) : renderedErrorMessage(code, opts);
  }
}
