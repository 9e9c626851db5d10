/** `mode tcp` end to end: forwarding, half-close both ways, no server, timeouts, send-proxy. */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULTS, freePorts, raw, startProxy, tcpBackend, type Proxy, type TcpBackend } from './harness.js';

let proxy: Proxy;
let echoAfterEnd: TcpBackend;
let banner: TcpBackend;
let silent: TcpBackend;
let proxied: TcpBackend;
const got: { bannerRest: string; proxyHeaders: Buffer[] } = { bannerRest: '', proxyHeaders: [] };
let ports: number[];
let deadPort: number;

before(async () => {
  // Answers only once the client half-closed: proves the FIN was forwarded and the reverse path stays open.
  echoAfterEnd = await tcpBackend((s) => {
    let data = '';
    s.on('data', (d) => (data += d.toString()));
    s.on('end', () => s.end(`got:${data}`));
  });
  // Sends a banner and half-closes at once; keeps reading what the client sends afterwards.
  banner = await tcpBackend((s) => {
    s.end('banner\n');
    s.on('data', (d) => (got.bannerRest += d.toString()));
  });
  silent = await tcpBackend((s) => s.on('data', () => undefined));
  proxied = await tcpBackend((s) => {
    s.once('data', (d) => {
      got.proxyHeaders.push(d);
      s.end();
    });
  });
  ports = await freePorts(10);
  deadPort = ports[7]!;
  proxy = await startProxy(
    `${DEFAULTS}
listen echo
    mode tcp
    bind 127.0.0.1:${ports[0]}
    server s1 127.0.0.1:${echoAfterEnd.port}
listen banner
    mode tcp
    bind 127.0.0.1:${ports[1]}
    server s1 127.0.0.1:${banner.port}
listen nosrv
    mode tcp
    bind 127.0.0.1:${ports[2]}
    server s1 127.0.0.1:${silent.port} disabled
listen slow
    mode tcp
    bind 127.0.0.1:${ports[3]}
    timeout server 300ms
    server s1 127.0.0.1:${silent.port}
listen refused
    mode tcp
    bind 127.0.0.1:${ports[4]}
    server s1 127.0.0.1:${deadPort}
listen pp1
    mode tcp
    bind 127.0.0.1:${ports[5]}
    server s1 127.0.0.1:${proxied.port} send-proxy
listen pp2
    mode tcp
    bind 127.0.0.1:${ports[6]}
    server s1 127.0.0.1:${proxied.port} send-proxy-v2
listen tunnel
    mode tcp
    bind 127.0.0.1:${ports[8]}
    timeout tunnel 300ms
    server s1 127.0.0.1:${silent.port}
listen clientfin
    mode tcp
    bind 127.0.0.1:${ports[9]}
    timeout client-fin 300ms
    server s1 127.0.0.1:${silent.port}
`,
    [...ports.slice(0, 7), ports[8]!, ports[9]!],
  );
});

after(async () => {
  await proxy?.stop();
  await Promise.all([echoAfterEnd, banner, silent, proxied].map((b) => b?.close()));
});

test('tcp: bytes forwarded, client FIN forwarded, reply after the half-close comes back', async () => {
  const r = await raw(ports[0]!, ['hello ', 'world'], { end: true, timeoutMs: 3000 });
  assert.equal(r.data, 'got:hello world');
  assert.equal(r.closed, true);
});

test('tcp: server FIN forwarded, the client can still send afterwards', async () => {
  const r = await raw(ports[1]!, ['late data'], { end: true, gapMs: 100, timeoutMs: 3000 });
  assert.equal(r.data, 'banner\n');
  assert.equal(r.closed, true);
  for (let i = 0; i < 50 && got.bannerRest === ''; i++) await new Promise((res) => setTimeout(res, 20));
  assert.equal(got.bannerRest, 'late data');
});

test('tcp: no usable server closes the client connection', async () => {
  const r = await raw(ports[2]!, ['x'], { timeoutMs: 3000 });
  assert.equal(r.data, '');
  assert.equal(r.closed, true);
});

test('tcp: timeout server closes both sides', async () => {
  const t0 = Date.now();
  const r = await raw(ports[3]!, ['x'], { timeoutMs: 4000 });
  assert.equal(r.closed, true);
  const took = Date.now() - t0;
  assert.ok(took >= 250 && took < 2500, `closed after ${took} ms`);
});

test('tcp: connection refused by the server closes the client (retries 0)', async () => {
  const r = await raw(ports[4]!, ['x'], { timeoutMs: 3000 });
  assert.equal(r.closed, true);
  assert.equal(r.data, '');
});

test('tcp: send-proxy sends a PROXY v1 line with the client addresses', async () => {
  got.proxyHeaders.length = 0;
  await raw(ports[5]!, ['payload'], { timeoutMs: 3000 });
  const h = got.proxyHeaders[0]?.toString('latin1') ?? '';
  assert.match(h, new RegExp(`^PROXY TCP4 127\\.0\\.0\\.1 127\\.0\\.0\\.1 \\d+ ${ports[5]}\\r\\n`));
});

test('tcp: send-proxy-v2 sends the binary header', async () => {
  got.proxyHeaders.length = 0;
  await raw(ports[6]!, ['payload'], { timeoutMs: 3000 });
  const h = got.proxyHeaders[0] ?? Buffer.alloc(0);
  assert.ok(h.length >= 28, `header of ${h.length} bytes`);
  assert.deepEqual([...h.subarray(0, 12)], [0x0d, 0x0a, 0x0d, 0x0a, 0x00, 0x0d, 0x0a, 0x51, 0x55, 0x49, 0x54, 0x0a]);
  assert.equal(h[12], 0x21);
  assert.equal(h[13], 0x11);
  assert.equal(h.readUInt16BE(26), ports[6]);
});

test('tcp: timeout tunnel supersedes client/server timeouts once connected', async () => {
  const t0 = Date.now();
  const r = await raw(ports[8]!, ['x'], { timeoutMs: 4000 });
  const took = Date.now() - t0;
  assert.equal(r.closed, true);
  assert.ok(took >= 250 && took < 2500, `closed after ${took} ms`);
});

test('tcp: timeout client-fin applies once the client half-closed', async () => {
  const t0 = Date.now();
  const r = await raw(ports[9]!, ['x'], { end: true, timeoutMs: 4000 });
  const took = Date.now() - t0;
  assert.equal(r.closed, true);
  assert.ok(took >= 250 && took < 2500, `closed after ${took} ms`);
});
