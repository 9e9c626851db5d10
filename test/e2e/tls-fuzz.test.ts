/**
 * Random and mutated TLS records at a `bind ... ssl` listener (a real ClientHello captured from
 * node:tls, then bytes flipped, truncated, lengths changed, records repeated; pure noise): the
 * process never crashes or hangs, every connection ends (bounded), and a real client still works.
 * Deterministic (seeded), bounded in count and time.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { connect, createServer, type AddressInfo } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import { curl, freePorts, startProxy, type Proxy } from './harness.js';
import { makePki, type TestPki } from '../helpers/tls-certs.js';

let pki: TestPki;
let proxy: Proxy;
let port = 0;
let hello: Buffer;

/** The bytes node:tls sends first (its ClientHello with SNI and ALPN). */
function captureHello(): Promise<Buffer> {
  return new Promise((resolve) => {
    const srv = createServer((s) => {
      s.once('data', (d: Buffer) => {
        resolve(d);
        s.destroy();
        srv.close();
      });
    });
    srv.listen(0, '127.0.0.1', () => {
      const c = tlsConnect({ port: (srv.address() as AddressInfo).port, host: '127.0.0.1', servername: 'www.test', ALPNProtocols: ['h2', 'http/1.1'] });
      c.on('error', () => undefined);
    });
  });
}

function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function mutate(base: Buffer, rnd: () => number): Buffer {
  const b = Buffer.from(base);
  switch (Math.floor(rnd() * 6)) {
    case 0: // flip bytes
      for (let i = 0, n = 1 + Math.floor(rnd() * 8); i < n; i++) b[Math.floor(rnd() * b.length)] = Math.floor(rnd() * 256);
      return b;
    case 1: // truncate
      return b.subarray(0, Math.floor(rnd() * b.length));
    case 2: // record or handshake length fields
      b.writeUInt16BE(Math.floor(rnd() * 65536), 3);
      if (rnd() < 0.5) b.writeUIntBE(Math.floor(rnd() * 0xffffff), 6, 3);
      return b;
    case 3: // the hello twice, then junk
      return Buffer.concat([b, b, Buffer.from([0x17, 0x03, 0x03, 0x40, 0x00])]);
    case 4: // extension area noise
      for (let i = 60; i < b.length; i += 1 + Math.floor(rnd() * 40)) b[i] = Math.floor(rnd() * 256);
      return b;
    default: {
      const n = Math.floor(rnd() * 600);
      const out = Buffer.alloc(n);
      for (let i = 0; i < n; i++) out[i] = Math.floor(rnd() * 256);
      if (n > 0 && rnd() < 0.5) out[0] = 0x16;
      return out;
    }
  }
}

/** Send bytes, half-close or not, wait for the proxy to close (bounded); true when it closed. */
function shoot(bytes: Buffer, end: boolean): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect(port, '127.0.0.1');
    let done = false;
    const finish = (closed: boolean): void => {
      if (done) return;
      done = true;
      clearTimeout(t);
      s.destroy();
      resolve(closed);
    };
    const t = setTimeout(() => finish(false), 4000);
    s.on('error', () => finish(true));
    s.on('close', () => finish(true));
    s.on('data', () => undefined);
    s.on('connect', () => {
      s.write(bytes);
      if (end) s.end();
    });
  });
}

before(async () => {
  pki = makePki();
  hello = await captureHello();
  [port] = await freePorts(1);
  proxy = await startProxy(
    `defaults
    mode http
    timeout client 1s
frontend fe
    bind 127.0.0.1:${port} ssl crt ${pki.rsa} crt ${pki.ecdsa} crt ${pki.wildcard} alpn h2,http/1.1
    http-request return status 200 content-type text/plain string ok
`,
    [port],
  );
});

after(async () => {
  await proxy?.stop();
});

test('mutated ClientHellos and noise: no crash, no hang, connections end, service goes on', async () => {
  assert.equal(hello[0], 0x16);
  const rnd = prng(0x7157);
  const CASES = 192;
  const started = Date.now();
  let open = 0;
  for (let c = 0; c < CASES; c += 24) {
    const batch = [];
    for (let k = 0; k < 24; k++) batch.push(shoot(mutate(hello, rnd), rnd() < 0.7));
    const closed = await Promise.all(batch);
    open += closed.filter((x) => !x).length;
    assert.equal(proxy.child.exitCode, null, `crashed: ${proxy.output().slice(-2000)}`);
  }
  // A connection that keeps its write side open with a half hello waits for the handshake timeout
  // (timeout client 1s here): the 4 s bound above would have caught a hang.
  assert.equal(open, 0, 'some connections were never closed');
  const r = await curl(['-k', '--resolve', `www.test:${port}:127.0.0.1`, `https://www.test:${port}/`]);
  assert.equal(r.stdout, 'ok');
  assert.ok(Date.now() - started < 60_000);
});
