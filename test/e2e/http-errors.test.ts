/**
 * Replies the proxy gives by itself, byte for byte as HAProxy 2.6: 503 (no server), 502 (invalid
 * response, server gone), 504 (timeout server), 408 (timeout http-request), 400 (bad request).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { freePorts, raw, startProxy, statusLines, tcpBackend, type Proxy, type TcpBackend } from './harness.js';

const PAGE_503 =
  'HTTP/1.1 503 Service Unavailable\r\ncontent-length: 107\r\ncache-control: no-cache\r\ncontent-type: text/html\r\n\r\n' +
  '<html><body><h1>503 Service Unavailable</h1>\nNo server is available to handle this request.\n</body></html>\n';
const PAGE_502 =
  'HTTP/1.1 502 Bad Gateway\r\ncontent-length: 107\r\ncache-control: no-cache\r\ncontent-type: text/html\r\n\r\n' +
  '<html><body><h1>502 Bad Gateway</h1>\nThe server returned an invalid or incomplete response.\n</body></html>\n';
const PAGE_504 =
  'HTTP/1.1 504 Gateway Time-out\r\ncontent-length: 92\r\ncache-control: no-cache\r\ncontent-type: text/html\r\n\r\n' +
  "<html><body><h1>504 Gateway Time-out</h1>\nThe server didn't respond in time.\n</body></html>\n";
const PAGE_408 =
  'HTTP/1.1 408 Request Time-out\r\nContent-length: 110\r\nCache-Control: no-cache\r\nConnection: close\r\nContent-Type: text/html\r\n\r\n' +
  "<html><body><h1>408 Request Time-out</h1>\nYour browser didn't send a complete request in time.\n</body></html>\n";

let proxy: Proxy;
let garbage: TcpBackend;
let silent: TcpBackend;
let slam: TcpBackend;
let ports: number[];

before(async () => {
  garbage = await tcpBackend((s) => s.once('data', () => s.end('garbage\r\n\r\n')));
  silent = await tcpBackend((s) => s.on('data', () => undefined));
  slam = await tcpBackend((s) => s.once('data', () => s.destroy()));
  ports = await freePorts(5);
  proxy = await startProxy(
    `defaults
    mode http
    timeout connect 1s
    timeout client 5s
    timeout server 400ms
    timeout http-request 400ms
    retries 0
frontend nosrv
    bind 127.0.0.1:${ports[0]}
    default_backend nosrv
backend nosrv
    server s1 127.0.0.1:${silent.port} disabled
frontend bad
    bind 127.0.0.1:${ports[1]}
    default_backend bad
backend bad
    server s1 127.0.0.1:${garbage.port}
frontend slow
    bind 127.0.0.1:${ports[2]}
    default_backend slow
backend slow
    server s1 127.0.0.1:${silent.port}
frontend slam
    bind 127.0.0.1:${ports[3]}
    default_backend slam
backend slam
    server s1 127.0.0.1:${slam.port}
frontend nobackend
    bind 127.0.0.1:${ports[4]}
    use_backend slow if { path_beg /never }
    default_backend nosrv
`,
    ports,
  );
});

after(async () => {
  await proxy?.stop();
  await Promise.all([garbage, silent, slam].map((b) => b?.close()));
});

const GET = 'GET / HTTP/1.1\r\nHost: t\r\n\r\n';

test('503 with HAProxy page when no server is usable; the connection stays usable', async () => {
  const r = await raw(ports[0]!, [GET + GET], { until: (d) => statusLines(d).length === 2 });
  assert.equal(r.data, PAGE_503 + PAGE_503);
  assert.equal(r.closed, false);
});

test('502 on an invalid response', async () => {
  const r = await raw(ports[1]!, [GET], { until: (d) => d.endsWith('</html>\n') });
  assert.equal(r.data, PAGE_502);
});

test('502 when the server closes without answering', async () => {
  const r = await raw(ports[3]!, [GET], { until: (d) => d.endsWith('</html>\n') });
  assert.equal(r.data, PAGE_502);
});

test('504 on timeout server', async () => {
  const t0 = Date.now();
  const r = await raw(ports[2]!, [GET], { until: (d) => d.endsWith('</html>\n') });
  assert.equal(r.data, PAGE_504);
  assert.ok(Date.now() - t0 >= 350);
});

test('408 on timeout http-request with a partial head, then close', async () => {
  const r = await raw(ports[0]!, ['GET / HTTP/1.1\r\nHost: t\r\n'], { timeoutMs: 3000 });
  assert.equal(r.data, PAGE_408);
  assert.equal(r.closed, true);
});

test('400 with the raw page on a malformed request, then close', async () => {
  const r = await raw(ports[0]!, ['GET / HTTP/1.1\r\nBad Header\r\n\r\n'], { timeoutMs: 3000 });
  assert.deepEqual(statusLines(r.data), [400]);
  assert.match(r.data, /Connection: close\r\n/);
  assert.equal(r.closed, true);
});

test('a use_backend rule whose condition does not match falls to default_backend', async () => {
  const r = await raw(ports[4]!, ['GET /other HTTP/1.1\r\nHost: t\r\n\r\n'], { until: (d) => d.endsWith('</html>\n') });
  assert.equal(r.data, PAGE_503);
});
