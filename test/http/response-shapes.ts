/** Server responses run through real HAProxy 2.6 (capture-haproxy-responses.mjs) and Switchyard's parser. */
export interface ResponseShape {
  name: string;
  raw: string;
}
const B = 'Content-Length: 2\r\n\r\nok';
export const RESPONSE_SHAPES: ResponseShape[] = [
  { name: 'plain 200', raw: `HTTP/1.1 200 OK\r\n${B}` },
  { name: 'no reason phrase', raw: `HTTP/1.1 200\r\n${B}` },
  { name: 'empty reason after space', raw: `HTTP/1.1 200 \r\n${B}` },
  { name: 'status 4 digits', raw: `HTTP/1.1 2000 OK\r\n${B}` },
  { name: 'status 2 digits', raw: `HTTP/1.1 20 OK\r\n${B}` },
  { name: 'status 099', raw: `HTTP/1.1 099 OK\r\n${B}` },
  { name: 'status 600', raw: `HTTP/1.1 600 OK\r\n${B}` },
  { name: 'status 999', raw: `HTTP/1.1 999 OK\r\n${B}` },
  { name: 'status with letter', raw: `HTTP/1.1 20x OK\r\n${B}` },
  { name: 'version HTTP/2.0', raw: `HTTP/2.0 200 OK\r\n${B}` },
  { name: 'version lowercase', raw: `http/1.1 200 OK\r\n${B}` },
  { name: 'version HTTP/1', raw: `HTTP/1 200 OK\r\n${B}` },
  { name: 'HTTP/1.0 response', raw: `HTTP/1.0 200 OK\r\n${B}` },
  { name: 'bare LF lines', raw: 'HTTP/1.1 200 OK\nContent-Length: 2\n\nok' },
  { name: 'bare CR in header', raw: 'HTTP/1.1 200 OK\r\nX-A: a\rb\r\nContent-Length: 2\r\n\r\nok' },
  { name: 'space before colon', raw: 'HTTP/1.1 200 OK\r\nX-A : b\r\nContent-Length: 2\r\n\r\nok' },
  { name: 'CL differing', raw: 'HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\nok' },
  { name: 'CL invalid', raw: 'HTTP/1.1 200 OK\r\nContent-Length: x\r\n\r\nok' },
  { name: 'TE gzip (close-delimited)', raw: 'HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\nok' },
  { name: 'TE chunked, gzip', raw: 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked, gzip\r\n\r\nok' },
  { name: 'TE chunked twice', raw: 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked, chunked\r\n\r\n0\r\n\r\n' },
  { name: 'TE chunked with CL', raw: 'HTTP/1.1 200 OK\r\nContent-Length: 9\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok\r\n0\r\n\r\n' },
  { name: 'chunked bad size', raw: 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nok\r\n0\r\n\r\n' },
  { name: 'no length (close-delimited)', raw: 'HTTP/1.1 200 OK\r\nX-A: 1\r\n\r\nok' },
  { name: '204 with body bytes', raw: 'HTTP/1.1 204 No Content\r\n\r\n' },
  { name: '101 websocket without accept', raw: 'HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\n' },
  { name: 'garbage', raw: 'FOO\r\n\r\n' },
  { name: 'leading CRLF', raw: `\r\nHTTP/1.1 200 OK\r\n${B}` },
  { name: 'obs-fold', raw: 'HTTP/1.1 200 OK\r\nX-A: a\r\n b\r\nContent-Length: 2\r\n\r\nok' },
  { name: 'header NUL in value', raw: 'HTTP/1.1 200 OK\r\nX-A: a\x00b\r\nContent-Length: 2\r\n\r\nok' },
  { name: '100 continue then 200', raw: `HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\n${B}` },
];
