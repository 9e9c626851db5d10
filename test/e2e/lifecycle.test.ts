/**
 * Process and listener behaviour: silent start, pid file, bind forms (several addresses, port
 * ranges, IPv6, UNIX sockets with mode), bind errors, maxconn pausing, SIGUSR1 soft stop, SIGTERM.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mkdtempSync } from 'node:fs';
import { delay, freePorts, httpBackend, raw, startProxy, statusLines, stopChild, waitExit } from './harness.js';
import { runBin, tmpConfig } from '../helpers/run.js';

const GET = 'GET / HTTP/1.1\r\nHost: t\r\n\r\n';

function ipv6Available(): Promise<boolean> {
  return new Promise((resolve) => {
    const s = createServer();
    s.once('error', () => resolve(false));
    s.listen(0, '::1', () => s.close(() => resolve(true)));
  });
}

function unixGet(path: string): Promise<string> {
  return new Promise((resolve) => {
    const s = connect(path);
    let d = '';
    const t = setTimeout(() => {
      s.destroy();
      resolve(d);
    }, 3000);
    s.on('connect', () => s.write(GET));
    s.on('data', (x) => {
      d += x.toString();
      if (d.includes('\r\n\r\n') && d.endsWith('ok')) {
        clearTimeout(t);
        s.destroy();
        resolve(d);
      }
    });
    s.on('error', () => resolve(d));
  });
}

test('start is silent, writes the pid file, listens on every bind form; SIGTERM stops it', { timeout: 30_000 }, async () => {
  const app = await httpBackend((_req, res) => res.end('ok'));
  const [p1, p2] = await freePorts(2);
  // A range of two consecutive free ports.
  let range = 0;
  for (let i = 0; i < 20 && range === 0; i++) {
    const [a] = await freePorts(1);
    const b = await new Promise<boolean>((resolve) => {
      const s = createServer();
      s.once('error', () => resolve(false));
      s.listen(a! + 1, '127.0.0.1', () => s.close(() => resolve(true)));
    });
    if (b) range = a!;
  }
  const v6 = await ipv6Available();
  const [p6] = await freePorts(1);
  const dir = mkdtempSync(join(tmpdir(), 'switchyard-e2e-'));
  const sock = join(dir, 'fe.sock');
  const pidFile = join(dir, 'sy.pid');
  const cfg = `defaults
    mode http
    timeout connect 1s
    timeout client 2s
    timeout server 2s
frontend fe
    bind 127.0.0.1:${p1},127.0.0.1:${p2}
    bind 127.0.0.1:${range}-${range + 1}
${v6 ? `    bind [::1]:${p6}\n` : ''}    bind ${sock} mode 600
    default_backend app
backend app
    server s1 127.0.0.1:${app.port}
`;
  const proxy = await startProxy(cfg, [p1!, p2!, range, range + 1], ['-p', pidFile]);
  try {
    for (const p of [p1!, p2!, range, range + 1]) {
      const r = await raw(p, [GET], { until: (d) => d.endsWith('ok') });
      assert.deepEqual(statusLines(r.data), [200], `port ${p}`);
    }
    if (v6) {
      const r = await new Promise<string>((resolve) => {
        const s = connect(p6!, '::1');
        let d = '';
        const t = setTimeout(() => resolve(d), 3000);
        s.on('connect', () => s.write(GET));
        s.on('data', (x) => {
          d += x.toString();
          if (d.endsWith('ok')) {
            clearTimeout(t);
            s.destroy();
            resolve(d);
          }
        });
        s.on('error', () => resolve(d));
      });
      assert.deepEqual(statusLines(r), [200]);
    }
    assert.match(await unixGet(sock), /200 OK/);
    assert.equal(statSync(sock).mode & 0o777, 0o600);
    assert.equal(readFileSync(pidFile, 'utf8').trim(), String(proxy.child.pid));
    assert.equal(proxy.output(), '', 'nothing printed on a normal start');
  } finally {
    const code = await proxy.stop('SIGTERM');
    assert.equal(code, 0);
    await app.close();
  }
  assert.ok(existsSync(pidFile));
});

test('a port already in use fails the start with HAProxy alerts and exit 1', { timeout: 20_000 }, async () => {
  const busy = createServer();
  await new Promise<void>((r) => busy.listen(0, '127.0.0.1', () => r()));
  const port = (busy.address() as { port: number }).port;
  try {
    const cfgPath = tmpConfig(`defaults
    mode tcp
    timeout connect 1s
    timeout client 1s
    timeout server 1s
listen l
    bind 127.0.0.1:${port}
    server s1 127.0.0.1:9
`);
    const r = runBin(['-f', cfgPath], { timeoutMs: 10_000 });
    assert.equal(r.status, 1);
    assert.match(r.stderr, new RegExp(`\\[ALERT\\].*Binding \\[${cfgPath.replace(/[/.]/g, '\\$&')}:7\\] for proxy l: cannot bind socket \\(Address already in use\\) for \\[127\\.0\\.0\\.1:${port}\\]`));
    assert.match(r.stderr, /Some protocols failed to start their listeners! Exiting\./);
  } finally {
    busy.close();
  }
});

test('maxconn: at the limit new connections wait (not refused) and proceed when a slot frees', { timeout: 20_000 }, async () => {
  const app = await httpBackend((_req, res) => res.end('ok'));
  const [p] = await freePorts(1);
  const proxy = await startProxy(
    `defaults
    mode http
    timeout connect 1s
    timeout client 5s
    timeout server 5s
frontend fe
    bind 127.0.0.1:${p}
    maxconn 1
    default_backend app
backend app
    server s1 127.0.0.1:${app.port}
`,
    [p!],
  );
  try {
    // The readiness probe of startProxy used the only slot briefly; let it go.
    await delay(100);
    const holder = connect(p!, '127.0.0.1');
    holder.on('error', () => undefined);
    await new Promise((r) => holder.once('connect', r));
    await delay(100);
    const t0 = Date.now();
    const waiting = raw(p!, [GET], { until: (d) => d.endsWith('ok'), timeoutMs: 4000 });
    await delay(500);
    holder.destroy();
    const r = await waiting;
    assert.deepEqual(statusLines(r.data), [200]);
    assert.ok(Date.now() - t0 >= 450, 'the second connection waited for the first one');
  } finally {
    await proxy.stop();
    await app.close();
  }
});

test('SIGUSR1 soft stop: stops listening, finishes the exchange in progress, then exits 0', { timeout: 20_000 }, async () => {
  const app = await httpBackend((_req, res) => setTimeout(() => res.end('late ok'), 600));
  const [p] = await freePorts(1);
  const proxy = await startProxy(
    `defaults
    mode http
    timeout connect 1s
    timeout client 5s
    timeout server 5s
frontend fe
    bind 127.0.0.1:${p}
    default_backend app
backend app
    server s1 127.0.0.1:${app.port}
`,
    [p!],
  );
  try {
    const inflight = raw(p!, [GET], { until: (d) => d.endsWith('late ok'), timeoutMs: 4000 });
    await delay(150);
    proxy.child.kill('SIGUSR1');
    await delay(150);
    const refused = await raw(p!, [GET], { timeoutMs: 1000 });
    assert.equal(refused.data, '');
    const r = await inflight;
    assert.deepEqual(statusLines(r.data), [200]);
    assert.match(r.data, /connection: close/i);
    assert.equal(await waitExit(proxy.child, 3000), 0);
  } finally {
    await stopChild(proxy.child, 'SIGKILL');
    await app.close();
  }
});

test('bind fd@3: listens on an inherited socket', { timeout: 20_000 }, async () => {
  const app = await httpBackend((_req, res) => res.end('ok'));
  const inherited = createServer();
  await new Promise<void>((r) => inherited.listen(0, '127.0.0.1', () => r()));
  const port = (inherited.address() as { port: number }).port;
  const fd = (inherited as unknown as { _handle: { fd: number } })._handle.fd;
  let proxy;
  try {
    const started = startProxy(
      `defaults
    mode http
    timeout connect 1s
    timeout client 2s
    timeout server 2s
frontend fe
    bind fd@3
    default_backend app
backend app
    server s1 127.0.0.1:${app.port}
`,
      [],
      [],
      [fd],
    );
    proxy = await started;
    // The child has its own copy now; stop accepting here.
    await new Promise<void>((r) => inherited.close(() => r()));
    await delay(200);
    const r = await raw(port, [GET], { until: (d) => d.endsWith('ok') });
    assert.deepEqual(statusLines(r.data), [200]);
  } finally {
    if (inherited.listening) inherited.close();
    await proxy?.stop();
    await app.close();
  }
});
