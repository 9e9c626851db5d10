/**
 * HTTP/2 towards servers (`server ... proto h2`) end to end, against a node:http2 server: h1 and h2
 * clients, bodies both ways, trailers, many streams multiplexed over few connections (h2load),
 * a reset from the server answered with 502.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import http2 from 'node:http2';
import type { AddressInfo } from 'node:net';
import { curl, freePorts, hasCurl, startProxy, type Proxy } from './harness.js';
import { runH2load } from './h2load.js';

let proxy: Proxy;
let server: http2.Http2Server;
let sessions = 0;
let h2port: number;
let h1port: number;
const hasH2load = spawnSync('h2load', ['--version'], { timeout: 5000 }).status === 0;

before(async () => {
  server = http2.createServer();
  server.on('session', () => sessions++);
  server.on('stream', (st, h) => {
    st.on('error', () => undefined);
    const chunks: Buffer[] = [];
    st.on('data', (d: Buffer) => chunks.push(d));
    st.on('end', () => {
      const path = h[':path'];
      if (path === '/reset') {
        st.close(http2.constants.NGHTTP2_INTERNAL_ERROR);
        return;
      }
      if (path === '/trailers') {
        st.respond({ ':status': 200 }, { waitForTrailers: true });
        st.on('wantTrailers', () => st.sendTrailers({ 'x-check': 'ok' }));
        st.end('with-trailers');
        return;
      }
      if (path === '/big') {
        st.respond({ ':status': 200 });
        st.end('z'.repeat(300_000));
        return;
      }
      st.respond({ ':status': 201, 'x-proto': 'h2', 'content-type': 'application/json' });
      st.end(JSON.stringify({ m: h[':method'], p: path, a: h[':authority'], s: h[':scheme'], c: h['cookie'] ?? null, len: Buffer.concat(chunks).length, conn: h['connection'] ?? null }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const bePort = (server.address() as AddressInfo).port;
  [h2port, h1port] = await freePorts(2);
  proxy = await startProxy(
    `defaults
    mode http
    timeout connect 2s
    timeout client 5s
    timeout server 5s
frontend fe
    bind 127.0.0.1:${h2port} proto h2
    bind 127.0.0.1:${h1port}
    default_backend be
backend be
    server s1 127.0.0.1:${bePort} proto h2
`,
    [h2port, h1port],
  );
});

after(async () => {
  await proxy?.stop();
  await new Promise<void>((r) => server.close(() => r()));
});

test('h1 client -> h2 server: request fields, body, response status and headers', { skip: !hasCurl() }, async () => {
  const r = await curl(['-i', '-H', 'Connection: keep-alive', '-b', 'a=1', '-d', 'hello', `http://127.0.0.1:${h1port}/p?q=1`]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^HTTP\/1\.1 201/);
  assert.match(r.stdout, /x-proto: h2/);
  const b = JSON.parse(r.stdout.slice(r.stdout.indexOf('\r\n\r\n') + 4)) as Record<string, unknown>;
  assert.deepEqual(b, { m: 'POST', p: '/p?q=1', a: `127.0.0.1:${h1port}`, s: 'http', c: 'a=1', len: 5, conn: null });
});

test('h2 client -> h2 server: large body and trailers', { skip: !hasCurl() }, async () => {
  const big = await curl(['--http2-prior-knowledge', `http://127.0.0.1:${h2port}/big`]);
  assert.equal(big.stdout.length, 300_000);
  const t = await curl(['-i', `http://127.0.0.1:${h1port}/trailers`]);
  assert.match(t.stdout, /transfer-encoding: chunked/);
  assert.match(t.stdout, /with-trailers/);
  assert.match(t.stdout, /x-check: ok/);
});

test('a stream reset by the server is a 502', { skip: !hasCurl() }, async () => {
  const r = await curl(['-s', '-o', '/dev/null', '-w', '%{http_code}', `http://127.0.0.1:${h1port}/reset`]);
  assert.equal(r.stdout, '502');
});

test('h2load: many concurrent streams, all succeed, multiplexed over few server connections', { skip: !hasH2load }, async () => {
  const before = sessions;
  const r = await runH2load(['-n', '2000', '-c', '4', '-m', '32', `http://127.0.0.1:${h2port}/load`]);
  assert.equal(r.succeeded, 2000, r.out);
  assert.ok(sessions - before <= 4, `server connections: ${sessions - before}`);
});
