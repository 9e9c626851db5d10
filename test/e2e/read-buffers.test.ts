/**
 * The data path reads into reused buffers (src/net/read-port.ts): bytes must arrive intact when
 * writes queue up behind slow readers on either side (tcp and http, several connections at once
 * sharing the buffer pool), and a client or server vanishing at any point must leave no socket and
 * no timer behind in the proxy (its descriptors from /proc, its active resources from a preload).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { request, Agent } from 'node:http';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { delay, DEFAULTS, freePorts, httpBackend, startProxy, tcpBackend, type Backend, type Proxy, type TcpBackend } from './harness.js';

const sha = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

let proxy: Proxy;
let echo: TcpBackend;
let web: Backend;
let raw: TcpBackend;
let ports: number[];
const resFile = join(tmpdir(), `sy-resources-${process.pid}.json`);
const preload = join(tmpdir(), `sy-resources-${process.pid}.cjs`);

/** Deterministic bytes for GET /big/SEED/SIZE. */
function bigBody(seed: number, size: number): Buffer {
  const b = Buffer.allocUnsafe(size);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < size; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    b[i] = x & 0xff;
  }
  return b;
}

before(async () => {
  // Echoes everything back, reading slowly (paused now and then), so both directions queue.
  echo = await tcpBackend((s) => {
    let n = 0;
    let writing = false;
    s.on('data', (d) => {
      if (!s.write(d)) {
        writing = true;
        s.pause();
      } else if (++n % 8 === 0) {
        // Stall now and then: the proxy's writes to this side queue up.
        s.pause();
        setTimeout(() => {
          if (!writing) s.resume();
        }, 3);
      }
    });
    s.on('drain', () => {
      writing = false;
      s.resume();
    });
    s.on('end', () => s.end());
  });
  web = await httpBackend((req, res) => {
    const m = /^\/big\/(\d+)\/(\d+)$/.exec(req.url ?? '');
    if (m) {
      const body = bigBody(Number(m[1]), Number(m[2]));
      res.writeHead(200, { 'content-length': body.length });
      // In pieces, so the proxy reads many chunks.
      let off = 0;
      const step = (): void => {
        while (off < body.length) {
          const part = body.subarray(off, off + 100_000);
          off += part.length;
          if (!res.write(part)) {
            res.once('drain', step);
            return;
          }
        }
        res.end();
      };
      step();
      return;
    }
    // POST /echo: the body back, chunked when it came chunked.
    const chunks: Buffer[] = [];
    req.on('data', (d: Buffer) => chunks.push(d));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      if (req.headers['transfer-encoding']) res.writeHead(200, {});
      else res.writeHead(200, { 'content-length': body.length });
      res.end(body);
    });
  });
  // Raw HTTP server whose misbehaviour is chosen by the request path.
  raw = await tcpBackend((s) => {
    let head = '';
    s.on('data', (d) => {
      if (head.includes('\r\n\r\n')) return;
      head += d.toString('latin1');
      if (!head.includes('\r\n\r\n')) return;
      const path = head.split(' ')[1] ?? '';
      if (path === '/server-mid-head') {
        s.write('HTTP/1.1 200 OK\r\nContent-');
        setTimeout(() => s.destroy(), 50);
      } else if (path === '/server-mid-body') {
        s.write('HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n' + 'x'.repeat(1000));
        setTimeout(() => s.destroy(), 50);
      } else if (path === '/stall-body') {
        s.write('HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n' + 'x'.repeat(1000));
      } else if (path === '/upgrade') {
        s.write('HTTP/1.1 101 Switching Protocols\r\nConnection: upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n\r\n');
      } else if (path === '/upgrade-server-gone') {
        s.write('HTTP/1.1 101 Switching Protocols\r\nConnection: upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n\r\n');
        setTimeout(() => s.destroy(), 50);
      }
      // Anything else: read and never answer.
    });
  });
  ports = await freePorts(3);
  // Reports the proxy's active resources (sockets, ref'd timers) every 50 ms.
  writeFileSync(
    preload,
    `const fs = require('fs');
setInterval(() => {
  const counts = {};
  for (const r of process.getActiveResourcesInfo()) counts[r] = (counts[r] || 0) + 1;
  counts.Timeout = (counts.Timeout || 0) - 1; // this interval
  try { fs.writeFileSync(${JSON.stringify(resFile)} + '.tmp', JSON.stringify(counts)); fs.renameSync(${JSON.stringify(resFile)} + '.tmp', ${JSON.stringify(resFile)}); } catch {}
}, 50);
`,
  );
  proxy = await startProxy(
    `${DEFAULTS}
listen tcp
    mode tcp
    bind 127.0.0.1:${ports[0]}
    server s1 127.0.0.1:${echo.port}
listen web
    mode http
    bind 127.0.0.1:${ports[1]}
    server s1 127.0.0.1:${web.port}
listen vanish
    mode http
    bind 127.0.0.1:${ports[2]}
    timeout http-request 10s
    timeout server 10s
    timeout tunnel 10s
    http-reuse never
    option http-server-close
    server s1 127.0.0.1:${raw.port}
`,
    ports,
    [],
    [],
    { NODE_OPTIONS: `--require ${preload}` },
  );
});

after(async () => {
  await proxy?.stop();
  await Promise.all([echo, web, raw].map((b) => b?.close()));
});

/** Read a socket slowly: stall now and then long enough for the kernel buffers to fill. */
function slowRead(s: Socket, into: Buffer[]): void {
  s.on('data', (d: Buffer) => {
    into.push(d);
    if (into.length % 64 === 0) {
      s.pause();
      setTimeout(() => s.resume(), 60);
    }
  });
}

test('tcp: 6 MB each way through 4 connections at once arrive intact behind slow readers', async () => {
  const runs = [0, 1, 2, 3].map(
    () =>
      new Promise<void>((resolve, reject) => {
        const sent = randomBytes(6 * 1024 * 1024);
        const got: Buffer[] = [];
        const s = connect(ports[0]!, '127.0.0.1');
        const t = setTimeout(() => reject(new Error('timeout')), 20_000);
        s.on('error', reject);
        // Not reading at first: the kernel buffers towards this client fill and the proxy's writes queue.
        setTimeout(() => slowRead(s, got), 1000);
        s.on('end', () => {
          clearTimeout(t);
          s.destroy();
          const all = Buffer.concat(got);
          assert.equal(all.length, sent.length);
          assert.equal(sha(all), sha(sent));
          resolve();
        });
        s.on('connect', async () => {
          // Pieces below the high-water mark, each read separately by the proxy, which keeps
          // reading while its writes towards the (not yet reading) client stay queued.
          for (let off = 0; off < sent.length; off += 8000) {
            if (!s.write(sent.subarray(off, off + 8000))) await new Promise((r) => s.once('drain', r));
            else await new Promise((r) => setImmediate(r));
          }
          s.end();
        });
      }),
  );
  await Promise.all(runs);
});

interface Reply {
  status: number;
  body: Buffer;
}

function httpCall(agent: Agent, method: string, path: string, body?: Buffer, chunked = false): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string | number> = {};
    if (body && !chunked) headers['content-length'] = body.length;
    const req = request({ host: '127.0.0.1', port: ports[1], method, path, agent, headers }, (res) => {
      const got: Buffer[] = [];
      res.on('data', (d: Buffer) => {
        got.push(d);
        if (got.length % 4 === 0) {
          res.pause();
          setTimeout(() => res.resume(), 2);
        }
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(got) }));
      res.on('error', reject);
    });
    req.setTimeout(20_000, () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    if (body) {
      if (chunked) {
        for (let off = 0; off < body.length; off += 65_000) req.write(body.subarray(off, off + 65_000));
      } else req.write(body);
    }
    req.end();
  });
}

test('http: large bodies both ways, chunked and by length, on reused connections arrive intact', async () => {
  const runs = [1, 2, 3].map(async (seed) => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    try {
      for (let i = 0; i < 2; i++) {
        const up = randomBytes(1_000_000 + seed * 777);
        const r1 = await httpCall(agent, 'POST', '/echo', up);
        assert.equal(r1.status, 200);
        assert.equal(sha(r1.body), sha(up));
        const size = 2_000_000 + seed * 1234 + i;
        const r2 = await httpCall(agent, 'GET', `/big/${seed * 10 + i}/${size}`);
        assert.equal(r2.status, 200);
        assert.equal(r2.body.length, size);
        assert.equal(sha(r2.body), sha(bigBody(seed * 10 + i, size)));
        const up3 = randomBytes(700_001 + seed);
        const r3 = await httpCall(agent, 'POST', '/echo', up3, true);
        assert.equal(r3.status, 200);
        assert.equal(sha(r3.body), sha(up3));
      }
    } finally {
      agent.destroy();
    }
  });
  await Promise.all(runs);
});

type Counts = Record<string, number>;

function resources(): Counts {
  try {
    return JSON.parse(readFileSync(resFile, 'utf8')) as Counts;
  } catch {
    return {};
  }
}

function fdCount(): number {
  return readdirSync(`/proc/${proxy.child.pid}/fd`).length;
}

/** Sockets, ref'd timers and descriptors of the proxy, for comparison with a baseline. */
function snapshot(): { fds: number; sockets: number; timers: number } {
  const r = resources();
  return { fds: fdCount(), sockets: r.TCPSocketWrap ?? 0, timers: r.Timeout ?? 0 };
}

/** Connect, send the parts with small gaps, wait for `waitFor` bytes (or a moment), then vanish. */
async function vanishAfter(port: number, parts: string[], waitFor?: string): Promise<void> {
  const s = connect(port, '127.0.0.1');
  s.on('error', () => undefined);
  let got = '';
  s.on('data', (d: Buffer) => (got += d.toString('latin1')));
  await new Promise<void>((r) => s.once('connect', () => r()));
  for (const p of parts) {
    s.write(p);
    await delay(30);
  }
  const deadline = Date.now() + 2000;
  while (waitFor !== undefined && !got.includes(waitFor) && Date.now() < deadline) await delay(10);
  if (waitFor !== undefined) assert.ok(got.includes(waitFor), `expected ${JSON.stringify(waitFor)} in ${JSON.stringify(got.slice(0, 200))}`);
  s.destroy();
}

test('a client or server vanishing at any point leaves no socket and no timer behind', async () => {
  await delay(300); // the resource file exists and the proxy is idle
  const base = snapshot();
  const vp = ports[2]!;
  const tp = ports[0]!;
  const req = (path: string, extra = ''): string => `GET ${path} HTTP/1.1\r\nHost: x\r\n${extra}\r\n`;
  const up = (path: string): string => `GET ${path} HTTP/1.1\r\nHost: x\r\nConnection: upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n`;
  const scenarios: Array<() => Promise<void>> = [
    // Client gone: mid-head, mid-body, waiting for the server, mid-response, mid-tunnel, in tcp mode.
    () => vanishAfter(vp, ['GET /x HTTP/1.1\r\nHo']),
    () => vanishAfter(vp, ['POST /x HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n\r\n', 'y'.repeat(1000)]),
    () => vanishAfter(vp, ['POST /x HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n', '10\r\n0123456789abcdef\r\n']),
    () => vanishAfter(vp, [req('/never')]),
    () => vanishAfter(vp, [req('/stall-body')], 'xxxx'),
    () => vanishAfter(vp, [up('/upgrade'), 'tunnel bytes'], '101 Switching'),
    () => vanishAfter(tp, ['some bytes through tcp']),
    // Server gone: mid-head, mid-body, mid-tunnel.
    () => vanishAfter(vp, [req('/server-mid-head')], '502'),
    () => vanishAfter(vp, [req('/server-mid-body')], 'xxxx'),
    () => vanishAfter(vp, [up('/upgrade-server-gone')], '101 Switching'),
  ];
  await Promise.all(scenarios.map((f) => f()));
  // The echo backend of the tcp listener and the raw one: close their sides too (server vanishing in tcp mode).
  const s = connect(tp, '127.0.0.1');
  s.on('error', () => undefined);
  await new Promise<void>((r) => s.once('connect', () => r()));
  s.write('hello');
  await delay(100);
  for (const b of echo.sockets) b.destroy();
  await delay(100);
  s.destroy();
  for (const b of raw.sockets) b.destroy();

  // Everything is released as the peers go, long before any timeout (10 s) could clean up.
  let now = snapshot();
  const deadline = Date.now() + 1500;
  while (Date.now() < deadline && (now.fds > base.fds || now.sockets > base.sockets || now.timers > base.timers)) {
    await delay(100);
    now = snapshot();
  }
  assert.deepEqual(now, base, `proxy resources after the vanishing peers (baseline ${JSON.stringify(base)})`);
});
