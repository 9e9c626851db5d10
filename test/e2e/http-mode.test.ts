/**
 * `mode http` end to end: keep-alive on both sides, pipelining, chunked bodies, 100-continue,
 * Upgrade tunnels, HEAD, forwardfor, httpclose / http-server-close.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Socket } from 'node:net';
import {
  DEFAULTS,
  curl,
  freePorts,
  hasCurl,
  httpBackend,
  raw,
  startProxy,
  statusLines,
  type Backend,
  type Proxy,
} from './harness.js';

let proxy: Proxy;
let app: Backend;
let closeBe: Backend;
let ports: number[];
const tunnels: Socket[] = [];

before(async () => {
  app = await httpBackend((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (d: Buffer) => chunks.push(d));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString();
      if (req.url === '/chunked') {
        res.writeHead(200, { 'content-type': 'text/plain' });
        res.write('part1-');
        setTimeout(() => res.end('part2'), 20);
        return;
      }
      const text = `${req.method} ${req.url} body=${body} xff=${req.headers['x-forwarded-for'] ?? '-'}`;
      res.writeHead(200, { 'content-type': 'text/plain', 'content-length': Buffer.byteLength(text) });
      res.end(req.method === 'HEAD' ? undefined : text);
    });
  });
  app.server.on('upgrade', (req, sock: Socket, head: Buffer) => {
    sock.write('HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n');
    if (head.length) sock.write(head);
    sock.on('data', (d) => sock.write(`echo:${d.toString()}`));
    sock.on('error', () => undefined);
    tunnels.push(sock);
  });
  closeBe = await httpBackend((req, res) => {
    req.resume();
    req.on('end', () => res.end(`ok ${req.url}`));
  });
  ports = await freePorts(3);
  proxy = await startProxy(
    `${DEFAULTS}
defaults http
    mode http
    timeout connect 2s
    timeout client 5s
    timeout server 5s
    timeout tunnel 5s
    retries 0
frontend fe
    bind 127.0.0.1:${ports[0]}
    option forwardfor
    default_backend app
backend app
    server s1 127.0.0.1:${app.port}
frontend fe_close
    bind 127.0.0.1:${ports[1]}
    option httpclose
    default_backend be_close
frontend fe_sclose
    bind 127.0.0.1:${ports[2]}
    option http-server-close
    default_backend be_close
backend be_close
    server s1 127.0.0.1:${closeBe.port}
`,
    ports,
  );
});

after(async () => {
  await proxy?.stop();
  for (const t of tunnels) t.destroy();
  await app?.close();
  await closeBe?.close();
});

const GET = (path: string, extra = ''): string => `GET ${path} HTTP/1.1\r\nHost: t\r\n${extra}\r\n`;

test('http: keep-alive on both sides (one client connection, one server connection)', async () => {
  const before = app.connections;
  const r = await raw(ports[0]!, [GET('/a'), GET('/b'), GET('/c')], {
    gapMs: 50,
    until: (d) => statusLines(d).length === 3,
  });
  assert.deepEqual(statusLines(r.data), [200, 200, 200]);
  assert.equal(r.closed, false);
  assert.equal(app.connections - before, 1);
});

test('http: pipelined requests are answered in order', async () => {
  const r = await raw(ports[0]!, [GET('/1') + GET('/2') + GET('/3')], {
    until: (d) => statusLines(d).length === 3,
  });
  const order = [...r.data.matchAll(/GET (\/\d)/g)].map((m) => m[1]);
  assert.deepEqual(order, ['/1', '/2', '/3']);
});

test('http: X-Forwarded-For carries the client address', async () => {
  const r = await raw(ports[0]!, [GET('/xff')], { until: (d) => d.includes('xff=') && d.endsWith('1') });
  assert.match(r.data, /xff=127\.0\.0\.1/);
});

test('http: Content-Length and chunked request bodies are forwarded', async () => {
  const cl = 'POST /cl HTTP/1.1\r\nHost: t\r\nContent-Length: 5\r\n\r\nhello';
  const ch = 'POST /ch HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n4\r\ndefg\r\n0\r\n\r\n';
  const r = await raw(ports[0]!, [cl, ch.slice(0, 60), ch.slice(60)], {
    gapMs: 30,
    until: (d) => statusLines(d).length === 2,
  });
  assert.match(r.data, /POST \/cl body=hello/);
  assert.match(r.data, /POST \/ch body=abcdefg/);
});

test('http: a chunked response reaches the client intact', async () => {
  const r = await raw(ports[0]!, [GET('/chunked')], { until: (d) => d.endsWith('0\r\n\r\n') });
  assert.match(r.data, /transfer-encoding: chunked/i);
  assert.match(r.data, /part1-/);
  assert.match(r.data, /part2/);
});

test('http: 100-continue with the body sent after the interim response', async () => {
  const { connect } = await import('node:net');
  const out = await new Promise<string>((resolve) => {
    const s = connect(ports[0]!, '127.0.0.1');
    let data = '';
    const t = setTimeout(() => {
      s.destroy();
      resolve(data);
    }, 3000);
    s.on('connect', () => s.write('POST /expect HTTP/1.1\r\nHost: t\r\nContent-Length: 4\r\nExpect: 100-continue\r\n\r\n'));
    s.on('data', (d) => {
      const before = data;
      data += d.toString();
      if (!before.includes('100 Continue') && data.includes('100 Continue')) s.write('data');
      if (data.includes('body=data')) {
        clearTimeout(t);
        s.destroy();
        resolve(data);
      }
    });
    s.on('error', () => undefined);
  });
  assert.deepEqual(statusLines(out), [100, 200]);
  assert.match(out, /body=data/);
});

test('http: HEAD response has no body and the connection goes on', async () => {
  const r = await raw(ports[0]!, ['HEAD /h HTTP/1.1\r\nHost: t\r\n\r\n' + GET('/after')], {
    until: (d) => statusLines(d).length === 2 && d.includes('GET /after'),
  });
  assert.deepEqual(statusLines(r.data), [200, 200]);
  assert.doesNotMatch(r.data, /HEAD \/h body/);
});

test('http: Upgrade (WebSocket handshake) becomes a tunnel', async () => {
  const up = 'GET /ws HTTP/1.1\r\nHost: t\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n';
  const r = await raw(ports[0]!, [up, 'ping'], { gapMs: 100, until: (d) => d.includes('echo:ping') });
  assert.deepEqual(statusLines(r.data), [101]);
  assert.match(r.data, /echo:ping/);
});

test('http: option httpclose closes after the response and says so', async () => {
  const r = await raw(ports[1]!, [GET('/x')], { timeoutMs: 3000 });
  assert.deepEqual(statusLines(r.data), [200]);
  assert.match(r.data, /connection: close/i);
  assert.equal(r.closed, true);
});

test('http: option http-server-close keeps the client, not the server connection', async () => {
  const before = closeBe.connections;
  const r = await raw(ports[2]!, [GET('/1'), GET('/2')], { gapMs: 50, until: (d) => statusLines(d).length === 2 });
  assert.deepEqual(statusLines(r.data), [200, 200]);
  assert.equal(r.closed, false);
  assert.equal(closeBe.connections - before, 2);
});

test('http: curl through the proxy (keep-alive reuse across two URLs)', { skip: !hasCurl() }, async () => {
  const base = `http://127.0.0.1:${ports[0]}`;
  const r = await curl([`${base}/one`, `${base}/two`, '-d', 'x=1']);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /POST \/one body=x=1 xff=127\.0\.0\.1POST \/two body=x=1/);
});
