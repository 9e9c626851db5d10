/**
 * Connection management as HAProxy 2.6 writes it (recorded from haproxy 2.6.12 with the same
 * config): heads re-serialized with lower-case names, X-Forwarded-For appended, the server side
 * kept alive whatever the client asked, HTTP/1.0 clients and servers told `keep-alive`.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { freePorts, raw, startProxy, tcpBackend, type Proxy, type TcpBackend } from './harness.js';

let proxy: Proxy;
let capture: TcpBackend;
const seen: string[] = [];
let ports: number[];

before(async () => {
  capture = await tcpBackend((s) => {
    let b = '';
    s.on('data', (d) => {
      b += d.toString('latin1');
      let i;
      while ((i = b.indexOf('\r\n\r\n')) >= 0) {
        seen.push(b.slice(0, i + 4));
        b = b.slice(i + 4);
        s.write('HTTP/1.1 200 OK\r\nContent-Length: 2\r\nX-Up: A\r\n\r\nok');
      }
    });
  });
  ports = await freePorts(1);
  proxy = await startProxy(
    `defaults
    mode http
    timeout client 5s
    timeout server 5s
    timeout connect 1s
frontend fe
    bind 127.0.0.1:${ports[0]}
    option forwardfor
    default_backend be
backend be
    server s1 127.0.0.1:${capture.port}
`,
    ports,
  );
});

after(async () => {
  await proxy?.stop();
  await capture?.close();
});

test('keep-alive then Connection: close from the client', async () => {
  seen.length = 0;
  const r = await raw(ports[0]!, ['GET /a HTTP/1.1\r\nHost: x\r\nUser-Agent: T\r\n\r\nGET /b HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'], { timeoutMs: 2000 });
  assert.equal(
    r.data,
    'HTTP/1.1 200 OK\r\ncontent-length: 2\r\nx-up: A\r\n\r\nok' + 'HTTP/1.1 200 OK\r\ncontent-length: 2\r\nx-up: A\r\nconnection: close\r\n\r\nok',
  );
  assert.equal(r.closed, true);
  assert.deepEqual(seen, [
    'GET /a HTTP/1.1\r\nhost: x\r\nuser-agent: T\r\nx-forwarded-for: 127.0.0.1\r\n\r\n',
    'GET /b HTTP/1.1\r\nhost: x\r\nx-forwarded-for: 127.0.0.1\r\n\r\n',
  ]);
});

test('HTTP/1.0 clients: close by default, keep-alive when asked', async () => {
  seen.length = 0;
  const a = await raw(ports[0]!, ['GET /c HTTP/1.0\r\nHost: x\r\n\r\n'], { timeoutMs: 2000 });
  assert.equal(a.data, 'HTTP/1.1 200 OK\r\ncontent-length: 2\r\nx-up: A\r\nconnection: close\r\n\r\nok');
  assert.equal(a.closed, true);
  const b = await raw(ports[0]!, ['GET /d HTTP/1.0\r\nHost: x\r\nConnection: keep-alive\r\n\r\n'], { until: (d) => d.endsWith('ok'), timeoutMs: 2000 });
  assert.equal(b.data, 'HTTP/1.1 200 OK\r\ncontent-length: 2\r\nx-up: A\r\nconnection: keep-alive\r\n\r\nok');
  assert.equal(b.closed, false);
  assert.deepEqual(seen, [
    'GET /c HTTP/1.0\r\nhost: x\r\nx-forwarded-for: 127.0.0.1\r\nconnection: keep-alive\r\n\r\n',
    'GET /d HTTP/1.0\r\nhost: x\r\nx-forwarded-for: 127.0.0.1\r\nconnection: keep-alive\r\n\r\n',
  ]);
});
