/** `accept-proxy` on binds: PROXY v1 and v2 headers give the client address; malformed ones close. */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { freePorts, httpBackend, raw, startProxy, statusLines, type Backend, type Proxy } from './harness.js';

let proxy: Proxy;
let app: Backend;
let ports: number[];

before(async () => {
  app = await httpBackend((req, res) => res.end(`xff=${req.headers['x-forwarded-for'] ?? '-'}`));
  ports = await freePorts(1);
  proxy = await startProxy(
    `defaults
    mode http
    timeout connect 1s
    timeout client 2s
    timeout server 2s
frontend fe
    bind 127.0.0.1:${ports[0]} accept-proxy
    option forwardfor
    default_backend app
backend app
    server s1 127.0.0.1:${app.port}
`,
    ports,
  );
});

after(async () => {
  await proxy?.stop();
  await app?.close();
});

const GET = 'GET / HTTP/1.1\r\nHost: t\r\n\r\n';

function v2(src: number[], dst: number[], sport: number, dport: number): Buffer {
  const b = Buffer.alloc(28);
  Buffer.from([0x0d, 0x0a, 0x0d, 0x0a, 0x00, 0x0d, 0x0a, 0x51, 0x55, 0x49, 0x54, 0x0a]).copy(b);
  b[12] = 0x21;
  b[13] = 0x11;
  b.writeUInt16BE(12, 14);
  Buffer.from(src).copy(b, 16);
  Buffer.from(dst).copy(b, 20);
  b.writeUInt16BE(sport, 24);
  b.writeUInt16BE(dport, 26);
  return b;
}

test('PROXY v1: the address from the header is the client address', async () => {
  const r = await raw(ports[0]!, ['PROXY TCP4 192.0.2.7 198.51.100.1 5555 80\r\n' + GET], { until: (d) => d.includes('xff=') });
  assert.match(r.data, /xff=192\.0\.2\.7/);
});

test('PROXY v1 over IPv6 and header split across packets', async () => {
  const r = await raw(ports[0]!, ['PROXY TCP6 2001:db8::1 2001:db8::2 ', '5555 80\r\n', GET], {
    gapMs: 30,
    until: (d) => d.includes('xff='),
  });
  assert.match(r.data, /xff=2001:db8::1/);
});

test('PROXY v2: binary header', async () => {
  const r = await raw(ports[0]!, [Buffer.concat([v2([203, 0, 113, 9], [127, 0, 0, 1], 4000, 80), Buffer.from(GET)])], {
    until: (d) => d.includes('xff='),
  });
  assert.match(r.data, /xff=203\.0\.113\.9/);
});

test('malformed PROXY headers close the connection without a reply', async () => {
  for (const bad of ['GET / HTTP/1.1\r\n\r\n', 'PROXY TCP4 999.0.0.1 1.2.3.4 1 2\r\n', 'PROXY TCP4 1.2.3.4\r\n', 'PROXY ' + 'x'.repeat(200)]) {
    const r = await raw(ports[0]!, [bad], { timeoutMs: 3000 });
    assert.equal(r.data, '', `for ${JSON.stringify(bad)}`);
    assert.equal(r.closed, true, `for ${JSON.stringify(bad)}`);
  }
  // The proxy still works afterwards.
  const ok = await raw(ports[0]!, ['PROXY TCP4 192.0.2.8 198.51.100.1 5555 80\r\n' + GET], { until: (d) => d.includes('xff=') });
  assert.deepEqual(statusLines(ok.data), [200]);
});
