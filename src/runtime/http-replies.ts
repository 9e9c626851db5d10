/**
 * Replies the proxy itself sends (HAProxy 2.6's built-in error messages, byte for byte).
 * TODO(http): take these from src/http/error-pages.ts once it exists, with errorfile support.
 */

function page(status: number, reason: string, text: string, close: boolean): Buffer {
  const body = `<html><body><h1>${status} ${reason}</h1>\n${text}\n</body></html>\n`;
  return Buffer.from(
    `HTTP/1.1 ${status} ${reason}\r\ncontent-length: ${body.length}\r\ncache-control: no-cache\r\ncontent-type: text/html\r\n` +
      (close ? 'connection: close\r\n' : '') +
      `\r\n${body}`,
    'latin1',
  );
}

const TEXTS: Record<number, [string, string]> = {
  400: ['Bad request', 'Your browser sent an invalid request.'],
  403: ['Forbidden', 'Request forbidden by administrative rules.'],
  408: ['Request Time-out', "Your browser didn't send a complete request in time."],
  413: ['Payload Too Large', 'The request entity exceeds the maximum allowed.'],
  414: ['URI Too Long', 'The request URI is too long.'],
  431: ['Request Header Fields Too Large', 'The request header fields are too large.'],
  500: ['Internal Server Error', 'An internal server error occurred.'],
  501: ['Not Implemented', 'The server does not support the functionality required to fulfill the request.'],
  502: ['Bad Gateway', 'The server returned an invalid or incomplete response.'],
  503: ['Service Unavailable', 'No server is available to handle this request.'],
  504: ['Gateway Time-out', "The server didn't respond in time."],
};

const cacheKeep = new Map<number, Buffer>();
const cacheClose = new Map<number, Buffer>();

/** HAProxy's 408 is still the legacy raw message with its own header spelling. */
const REPLY_408 = Buffer.from(
  'HTTP/1.1 408 Request Time-out\r\nContent-length: 110\r\nCache-Control: no-cache\r\nConnection: close\r\nContent-Type: text/html\r\n\r\n' +
    "<html><body><h1>408 Request Time-out</h1>\nYour browser didn't send a complete request in time.\n</body></html>\n",
  'latin1',
);

/** The reply for `status`; `close` adds `connection: close` (the connection ends after it). */
export function errorReply(status: number, close: boolean): Buffer {
  if (status === 408) return REPLY_408;
  const cache = close ? cacheClose : cacheKeep;
  let b = cache.get(status);
  if (!b) {
    const t = TEXTS[status] ?? ['Error', 'An error occurred.'];
    b = page(status, t[0], t[1], close);
    cache.set(status, b);
  }
  return b;
}

export const CONTINUE_100 = Buffer.from('HTTP/1.1 100 Continue\r\n\r\n', 'latin1');
