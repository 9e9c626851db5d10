/**
 * Servers that misbehave on health checks leak nothing in the binary: one accepts and never
 * answers, one resets the connection in the middle of its reply, one sends garbage and keeps the
 * connection open, one sends garbage and closes. After many check rounds (counted at the servers)
 * the process holds as many descriptors as after the first rounds (/proc/PID/fd), the servers see
 * no connection left open, and the checks' own counts (runs, sockets, timers, read with
 * SWITCHYARD_DEBUG_RESOURCES=1 on SIGUSR2) stay at most one per check.
 */
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { test } from 'node:test';
import { freePort, startProxy, type Proxy } from './harness.js';
import { until } from './check-side.js';

interface Bad {
  readonly name: string;
  readonly port: number;
  /** Connections accepted so far (one per check round). */
  accepted: number;
  /** Connections open right now. */
  open: number;
  close(): Promise<void>;
}

function bad(name: string, onConn: (s: Socket) => void): Promise<Bad> {
  return new Promise((resolve) => {
    const socks = new Set<Socket>();
    const b = { name, port: 0, accepted: 0, open: 0 } as Bad & { port: number };
    const server: Server = createServer((s) => {
      socks.add(s);
      b.accepted++;
      b.open++;
      s.on('error', () => undefined);
      s.on('close', () => {
        socks.delete(s);
        b.open--;
      });
      onConn(s);
    });
    b.close = () =>
      new Promise<void>((r) => {
        for (const s of socks) s.destroy();
        server.close(() => r());
      });
    server.listen(0, '127.0.0.1', () => {
      b.port = (server.address() as AddressInfo).port;
      resolve(b);
    });
  });
}

const GARBAGE = Buffer.from('\x00\xff\x13garbage\r\n\x7f\x01 not http at all \x00\r\n\r\n', 'latin1');

function fds(pid: number): number {
  return readdirSync(`/proc/${pid}/fd`).length;
}

interface Report {
  fds: number;
  handles: Record<string, number>;
  checks: { runs: number; sockets: number; runTimers: number; taskTimers: number };
}

/** Ask the process for its resource line (SIGUSR2) and parse the newest one. */
async function report(p: Proxy): Promise<Report> {
  const before = p.output().split('[DEBUG] resources: ').length;
  p.child.kill('SIGUSR2');
  assert.ok(await until(() => p.output().split('[DEBUG] resources: ').length > before, 2000), 'resource report printed');
  const last = p.output().split('[DEBUG] resources: ').pop()!;
  return JSON.parse(last.slice(0, last.indexOf('\n'))) as Report;
}

test('servers that hang, reset mid-reply or send garbage leak no descriptor, socket or timer', { skip: process.platform !== 'linux' && 'needs /proc' }, async (t) => {
  const servers = await Promise.all([
    bad('hang', () => undefined),
    bad('reset', (s) =>
      s.once('data', () => {
        s.write('HTTP/1.1 200 OK\r\nContent-Len');
        setImmediate(() => s.resetAndDestroy());
      }),
    ),
    bad('garbage-open', (s) => s.once('data', () => s.write(GARBAGE))),
    bad('garbage-close', (s) => s.once('data', () => s.end(GARBAGE))),
  ]);
  const tcp = await bad('tcp-garbage', (s) => s.write(GARBAGE));
  const all = [...servers, tcp];
  const port = await freePort();
  const cfg = `defaults
    mode http
    timeout connect 1s
    timeout client 5s
    timeout server 5s
    timeout check 40ms
backend web
    option httpchk GET /health
${servers.map((s) => `    server ${s.name} 127.0.0.1:${s.port} check inter 10 fall 1 rise 1`).join('\n')}
backend raw
    option tcp-check
    tcp-check expect string +OK
    server ${tcp.name} 127.0.0.1:${tcp.port} check inter 10 fall 1 rise 1
frontend fe
    bind 127.0.0.1:${port}
    default_backend web
`;
  const p = await startProxy(cfg, [port], ['-db', '-q'], [], { SWITCHYARD_DEBUG_RESOURCES: '1' });
  const pid = p.child.pid!;
  try {
    const rounds = (n: number): Promise<boolean> => until(() => all.every((s) => s.accepted >= n), 20_000);
    assert.ok(await rounds(10), `first rounds: ${all.map((s) => `${s.name}=${s.accepted}`).join(' ')}`);
    const fd0 = fds(pid);
    const r0 = await report(p);
    assert.ok(await rounds(80), `many rounds: ${all.map((s) => `${s.name}=${s.accepted}`).join(' ')}`);
    const fd1 = fds(pid);
    const r1 = await report(p);
    t.diagnostic(`fds ${fd0} -> ${fd1}; checks ${JSON.stringify(r0.checks)} -> ${JSON.stringify(r1.checks)}; handles ${JSON.stringify(r1.handles)}; rounds ${all.map((s) => `${s.name}=${s.accepted}`).join(' ')}`);
    // A check in progress holds one socket: at most one more per server than at the start.
    assert.ok(fd1 <= fd0 + all.length, `descriptors: ${fd0} after 10 rounds, ${fd1} after 80`);
    for (const r of [r0, r1]) {
      assert.ok(r.checks.runs <= all.length, `check runs in progress: ${JSON.stringify(r.checks)}`);
      assert.ok(r.checks.sockets <= all.length, `check sockets: ${JSON.stringify(r.checks)}`);
      assert.ok(r.checks.runTimers <= all.length, `check timeout timers: ${JSON.stringify(r.checks)}`);
      assert.ok(r.checks.taskTimers <= all.length, `check task timers: ${JSON.stringify(r.checks)}`);
      assert.ok((r.handles['Timeout'] ?? 0) <= all.length + 4, `active timers: ${JSON.stringify(r.handles)}`);
      assert.ok((r.handles['TCPSocketWrap'] ?? 0) <= all.length + 2, `TCP handles: ${JSON.stringify(r.handles)}`);
    }
    // Nothing the checks opened stays open at the servers (the one in progress at most). With
    // checks every 10 ms the previous check's close may still be on its way when the next one is
    // accepted on a loaded machine: give the servers a moment to see it (a leak would not settle).
    await until(() => all.every((s) => s.open <= 1), 2_000);
    for (const s of all) assert.ok(s.open <= 1, `${s.name}: ${s.open} connections left open after ${s.accepted}`);
  } finally {
    await p.stop();
    for (const s of all) await s.close();
  }
});
