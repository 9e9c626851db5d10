/**
 * Load balancing side by side with the real HAProxy 2.6: the same configuration, the same small
 * backends (each answers with its own name) and the same request sequence go to `haproxy -db` and
 * to bin/switchyard, and the sequence of servers that answered must be identical. Then the
 * behaviours of issue 4 (weights, leastconn, consistent hashing, backups, queues, redispatch) are
 * checked on both proxies with the same assertions.
 */
import assert from 'node:assert/strict';
import { createServer as createHttpServer } from 'node:http';
import { createServer } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { delay, freePort, PROBE_SOURCE, startProxy } from './harness.js';
import { HASH_EXPR_SCENARIOS, SCENARIOS } from './lb-scenarios.js';
import { rng } from './lb-scenarios.js';
import { join } from 'node:path';
import { sockDir, waitSocket } from './api-side.js';
import { haproxyChange, hasHaproxy, namedBackends, namedTcpBackends, playSteps, scenarioConfig, send, sequence, startHaproxy, tcpAsk, tcpSend, type NamedBackends, type Reply, type Req } from './lb-side.js';

const HAVE = hasHaproxy();
const skip = HAVE ? false : 'haproxy 2.x is not installed (apt-get install haproxy): side-by-side test skipped';

type Target = 'haproxy' | 'switchyard';

interface Started {
  stop(): Promise<void>;
  output(): string;
}

async function start(target: Target, cfg: string, port: number): Promise<Started> {
  if (target === 'haproxy') return startHaproxy(cfg, port);
  const p = await startProxy(cfg, [port]);
  return {
    output: p.output,
    async stop() {
      await p.stop();
    },
  };
}

/** Run `body` with the proxy started on `cfg` (a function of the listening port). */
async function withProxy<T>(target: Target, cfg: (port: number) => string, body: (port: number) => Promise<T>): Promise<T> {
  const port = await freePort();
  const p = await start(target, cfg(port), port);
  try {
    return await body(port);
  } finally {
    await p.stop();
  }
}

function count(list: readonly string[]): Record<string, number> {
  const c: Record<string, number> = {};
  for (const x of list) c[x] = (c[x] ?? 0) + 1;
  return c;
}

const HEAD = (port: number, extra = ''): string => `global
    maxconn 1000

defaults
    mode http
    timeout connect 2s
    timeout client 10s
    timeout server 10s
    timeout queue 10s
${extra}
listen lb
    bind 127.0.0.1:${port}
`;

/** Wait (bounded) until `cond` holds. */
async function until(cond: () => boolean, ms = 3000): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (cond()) return true;
    await delay(10);
  }
  return cond();
}

describe('load balancing side by side with HAProxy 2.6', { skip }, () => {
  let nb: NamedBackends;
  before(async () => {
    nb = await namedBackends(['s1', 's2', 's3', 's4', 's5', 'a', 'b', 'b1', 'b2']);
  });
  after(async () => {
    await nb?.close();
  });

  describe('same request sequence, same servers', () => {
    // Scenarios that change servers mid-way (weight, maintenance) apply the change through each
    // proxy's stats socket (`set server lb/S weight N`, `set server lb/S state maint|ready`).
    for (const sc of [...SCENARIOS, ...HASH_EXPR_SCENARIOS]) {
      const changes = sc.steps.some((st) => st.change);
      it(sc.name + (changes ? ' (changes through the stats socket)' : ''), { timeout: 60_000 }, async () => {
        const run = async (target: Target): Promise<string[]> => {
          const sock = changes ? join(sockDir(), 'admin.sock') : undefined;
          return withProxy(target, (port) => scenarioConfig(sc, nb, port, sock), async (port) => {
            if (sock) assert.ok(await waitSocket(sock), `${target}: stats socket`);
            return playSteps(port, sc.steps, sock ? haproxyChange(sock) : async () => {}, sc.pauseMs);
          });
        };
        const hap = await run('haproxy');
        const sy = await run('switchyard');
        assert.deepEqual(sy, hap);
      });
    }
  });

  describe('servers going down and up (health checks)', () => {
    for (const [name, lines] of [
      ['roundrobin', 'balance roundrobin'],
      ['static-rr', 'balance static-rr'],
      ['uri consistent', 'balance uri\n    hash-type consistent'],
      ['uri map-based', 'balance uri'],
    ] as const) {
      it(name, { timeout: 60_000 }, async () => {
        const db = await namedBackends(['d1', 'd2', 'd3']);
        try {
          const cfg = (port: number): string =>
            HEAD(port) +
            `    ${lines}\n` +
            db.names.map((n, i) => `    server ${n} 127.0.0.1:${db.ports[i]} weight ${i + 1} check inter 100ms fall 1 rise 1`).join('\n') +
            '\n';
          const r = rng(7);
          const reqs = (n: number): Req[] => Array.from({ length: n }, () => ({ path: `/o/${r() % 500}` }));
          const phases = [reqs(60), reqs(60), reqs(60)];
          const run = async (port: number): Promise<string[]> => {
            await delay(300);
            const out = await sequence(port, phases[0]!);
            await db.stopListening('d2');
            await delay(700);
            out.push(...(await sequence(port, phases[1]!)));
            await db.listenAgain('d2');
            await delay(700);
            out.push(...(await sequence(port, phases[2]!)));
            return out;
          };
          const hap = await withProxy('haproxy', cfg, run);
          const sy = await withProxy('switchyard', cfg, run);
          assert.ok(!hap.slice(60, 120).includes('d2'), 'd2 is down in the middle phase');
          assert.deepEqual(sy, hap);
        } finally {
          await db.close();
        }
      });
    }
  });

  describe('mode tcp: same connections, same servers', () => {
    const TCP_CASES: ReadonlyArray<readonly [string, string]> = [
      ['roundrobin weights', 'balance roundrobin'],
      ['static-rr', 'balance static-rr'],
      ['leastconn', 'balance leastconn'],
      ['source map-based', 'balance source'],
      ['source consistent', 'balance source\n    hash-type consistent'],
      ['source consistent crc32', 'balance source\n    hash-type consistent crc32'],
    ];
    for (const [name, lines] of TCP_CASES) {
      it(name, { timeout: 60_000 }, async () => {
        const tb = await namedTcpBackends(['t1', 't2', 't3', 't4']);
        try {
          const cfg = (port: number): string => `global
    maxconn 1000

defaults
    mode tcp
    timeout connect 2s
    timeout client 10s
    timeout server 10s

listen lb
    bind 127.0.0.1:${port}
    # Readiness probes would take a turn (or not, depending on timing) in mode tcp.
    tcp-request connection reject if { src ${PROBE_SOURCE} }
    ${lines}
    server t1 127.0.0.1:${tb.ports[0]} weight 2
    server t2 127.0.0.1:${tb.ports[1]} weight 5
    server t3 127.0.0.1:${tb.ports[2]} weight 3 disabled
    server t4 127.0.0.1:${tb.ports[3]}
`;
          const r = rng(99);
          const froms = Array.from({ length: 120 }, () => `127.0.0.${1 + (r() % 30)}`);
          const run = async (port: number): Promise<string[]> => {
            const out: string[] = [];
            for (const f of froms) {
              out.push(await tcpAsk(port, f));
              // Let the proxy finish the previous session (leastconn counts it until then).
              await delay(15);
            }
            return out;
          };
          const hap = await withProxy('haproxy', cfg, run);
          const sy = await withProxy('switchyard', cfg, run);
          assert.equal(hap.filter((x) => x === '').length, 0);
          assert.deepEqual(sy, hap);
        } finally {
          await tb.close();
        }
      });
    }
  });

  it('mode tcp: rdp-cookie keeps a user on one server, same servers as HAProxy', { timeout: 60_000 }, async () => {
    const tb = await namedTcpBackends(['t1', 't2', 't3', 't4']);
    try {
      const cfg = (port: number): string => `global
    maxconn 1000

defaults
    mode tcp
    timeout connect 2s
    timeout client 10s
    timeout server 10s

listen lb
    bind 127.0.0.1:${port}
    tcp-request connection reject if { src ${PROBE_SOURCE} }
    tcp-request inspect-delay 500ms
    tcp-request content accept if RDP_COOKIE
    balance rdp-cookie
${tb.ports.map((p, i) => `    server t${i + 1} 127.0.0.1:${p} weight ${i + 1}`).join('\n')}
`;
      const r = rng(5);
      const users = Array.from({ length: 40 }, (_, i) => (i % 7 === 6 ? '' : `user${r() % 25}`));
      const packet = (u: string): Buffer => {
        const body = u ? Buffer.from(`Cookie: mstshash=${u}\r\n`) : Buffer.alloc(0);
        const x224 = Buffer.from([body.length + 6, 0xe0, 0, 0, 0, 0, 0]);
        const tpkt = Buffer.from([3, 0, 0, 4 + x224.length + body.length]);
        return Buffer.concat([tpkt, x224, body]);
      };
      const run = async (port: number): Promise<string[]> => {
        const out: string[] = [];
        for (const u of users) {
          out.push(await tcpSend(port, packet(u), 3000));
          await delay(15);
        }
        return out;
      };
      let t0 = Date.now();
      const hap = await withProxy('haproxy', cfg, run);
      const thap = Date.now() - t0;
      t0 = Date.now();
      const sy = await withProxy('switchyard', cfg, run);
      const tsy = Date.now() - t0;
      assert.equal(hap.filter((x) => x === '').length, 0);
      assert.deepEqual(sy, hap, `haproxy ${thap} ms, switchyard ${tsy} ms`);
    } finally {
      await tb.close();
    }
  });

  for (const target of ['haproxy', 'switchyard'] as const) {
    describe(`behaviours on ${target}`, () => {
      it('weights 1:3 give exactly 25%/75% on roundrobin', { timeout: 30_000 }, async () => {
        const got = await withProxy(
          target,
          (port) => HEAD(port) + `    balance roundrobin\n    server a 127.0.0.1:${nb.ports[5]} weight 1\n    server b 127.0.0.1:${nb.ports[6]} weight 3\n`,
          (port) => sequence(port, Array.from({ length: 200 }, () => ({ path: '/' }))),
        );
        assert.deepEqual(count(got), { a: 50, b: 150 });
      });

      it('leastconn follows open connections', { timeout: 30_000 }, async () => {
        await withProxy(
          target,
          (port) => HEAD(port) + `    balance leastconn\n${['s1', 's2', 's3'].map((n, i) => `    server ${n} 127.0.0.1:${nb.ports[i]}`).join('\n')}\n`,
          async (port) => {
            nb.hold = true;
            const pending: Array<Promise<Reply>> = [];
            try {
              for (let i = 0; i < 3; i++) {
                pending.push(send(port, { path: '/' }));
                assert.ok(await until(() => ['s1', 's2', 's3'].reduce((n, s) => n + (nb.open.get(s) ?? 0), 0) === i + 1));
              }
              assert.deepEqual(['s1', 's2', 's3'].map((s) => nb.open.get(s) ?? 0), [1, 1, 1]);
              for (const freed of ['s2', 's3', 's1']) {
                nb.releaseServer(freed);
                assert.ok(await until(() => (nb.open.get(freed) ?? 0) === 0));
                await delay(50);
                pending.push(send(port, { path: '/' }));
                assert.ok(await until(() => (nb.open.get(freed) ?? 0) === 1), `the next request goes to ${freed}`);
              }
            } finally {
              nb.hold = false;
              nb.release();
              await Promise.all(pending);
            }
          },
        );
      });

      it('uri keeps a key on one server; consistent hashing moves only ~1/N keys', { timeout: 30_000 }, async () => {
        const keys: Req[] = Array.from({ length: 200 }, (_, i) => ({ path: `/k/${i * 7919}` }));
        const cfg = (port: number, down: boolean): string =>
          HEAD(port) +
          `    balance uri\n    hash-type consistent\n${['s1', 's2', 's3', 's4', 's5']
            .map((n, i) => `    server ${n} 127.0.0.1:${nb.ports[i]}${down && n === 's3' ? ' disabled' : ''}`)
            .join('\n')}\n`;
        const all = await withProxy(target, (p) => cfg(p, false), (p) => sequence(p, [...keys, ...keys]));
        assert.deepEqual(all.slice(0, 200), all.slice(200), 'same key, same server');
        const without = await withProxy(target, (p) => cfg(p, true), (p) => sequence(p, keys));
        let moved = 0;
        for (let i = 0; i < 200; i++) {
          if (all[i] !== without[i]) {
            moved++;
            assert.equal(all[i], 's3', 'only the removed server\'s keys move');
          }
        }
        assert.ok(moved > 15 && moved < 70, `moved ${moved} of 200`);
      });

      it('backup takeover, first backup only, and allbackups', { timeout: 30_000 }, async () => {
        const cfg = (port: number, allb: boolean, activeDown: boolean): string =>
          HEAD(port) +
          `    balance roundrobin\n${allb ? '    option allbackups\n' : ''}    server a 127.0.0.1:${nb.ports[5]}${activeDown ? ' disabled' : ''}\n    server b1 127.0.0.1:${nb.ports[7]} backup\n    server b2 127.0.0.1:${nb.ports[8]} backup\n`;
        const reqs = Array.from({ length: 8 }, () => ({ path: '/' }));
        assert.deepEqual(count(await withProxy(target, (p) => cfg(p, false, false), (p) => sequence(p, reqs))), { a: 8 });
        assert.deepEqual(count(await withProxy(target, (p) => cfg(p, false, true), (p) => sequence(p, reqs))), { b1: 8 });
        assert.deepEqual(count(await withProxy(target, (p) => cfg(p, true, true), (p) => sequence(p, reqs))), { b1: 4, b2: 4 });
      });

      it('queues under maxconn: a freed slot serves the queue, timeout queue answers 503', { timeout: 30_000 }, async () => {
        await withProxy(
          target,
          (port) => HEAD(port).replace('timeout queue 10s', 'timeout queue 700ms') + `    balance roundrobin\n    server s1 127.0.0.1:${nb.ports[0]} maxconn 1\n`,
          async (port) => {
            nb.hold = true;
            try {
              const first = send(port, { path: '/1' });
              assert.ok(await until(() => (nb.open.get('s1') ?? 0) === 1));
              const second = send(port, { path: '/2' });
              await delay(150);
              assert.equal(nb.open.get('s1'), 1, 'the second request waits in the queue');
              nb.releaseServer('s1');
              assert.equal((await first).status, 200);
              assert.ok(await until(() => (nb.open.get('s1') ?? 0) === 1), 'the queued request got the freed slot');
              nb.releaseServer('s1');
              assert.equal((await second).status, 200);
              // Now one held request, one that waits past `timeout queue`.
              const third = send(port, { path: '/3' });
              assert.ok(await until(() => (nb.open.get('s1') ?? 0) === 1));
              const t0 = Date.now();
              const fourth = await send(port, { path: '/4' });
              assert.equal(fourth.status, 503);
              assert.ok(Date.now() - t0 >= 500, 'answered after timeout queue');
              nb.releaseServer('s1');
              assert.equal((await third).status, 200);
            } finally {
              nb.hold = false;
              nb.release();
            }
          },
        );
      });

      it('retry-on 503 replays the request on another server', { timeout: 30_000 }, async () => {
        const bad = createHttpServer((req, res) => {
          req.resume();
          req.on('end', () => {
            res.writeHead(503, { 'x-server': 'bad' });
            res.end('bad');
          });
        });
        const badPort = await freePort();
        await new Promise<void>((r) => bad.listen(badPort, '127.0.0.1', () => r()));
        try {
          const got = await withProxy(
            target,
            (port) =>
              HEAD(port) +
              `    balance roundrobin\n    retries 2\n    retry-on 503\n    option redispatch\n    server bad 127.0.0.1:${badPort}\n    server s2 127.0.0.1:${nb.ports[1]}\n`,
            (port) => sequence(port, Array.from({ length: 6 }, (_, i) => (i % 2 ? { path: '/' } : { path: '/post', method: 'POST', body: 'a=1&b=2' }))),
          );
          assert.deepEqual(count(got), { s2: 6 });
        } finally {
          bad.closeAllConnections();
          await new Promise<void>((r) => bad.close(() => r()));
        }
      });

      it('redispatches to another server after a refused connection', { timeout: 30_000 }, async () => {
        // A port nobody listens on: connections are refused.
        const dead = await new Promise<number>((resolve) => {
          const s = createServer();
          s.listen(0, '127.0.0.1', () => {
            const p = (s.address() as { port: number }).port;
            s.close(() => resolve(p));
          });
        });
        const got = await withProxy(
          target,
          (port) => HEAD(port) + `    balance roundrobin\n    retries 1\n    option redispatch\n    server dead 127.0.0.1:${dead}\n    server s2 127.0.0.1:${nb.ports[1]}\n`,
          (port) => sequence(port, Array.from({ length: 6 }, () => ({ path: '/' }))),
        );
        assert.deepEqual(count(got), { s2: 6 });
      });
    });
  }
});
