/**
 * redis-check, mysql-check and pgsql-check through the binary against real Redis, MariaDB and
 * PostgreSQL servers: the server is killed (traffic goes to the backup), started again (traffic
 * comes back once the check says UP). Switchyard and HAProxy 2.6 run at the same time on the same
 * database server and print the same state-change lines.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { raw } from './harness.js';
import { SKIP_HAPROXY, stateLines, startSides, stopSides, untilAll, type Side } from './check-side.js';
import { fallback } from './check-responders.js';
import { mariadbServer, postgresServer, redisServer, type DbSetup } from '../helpers/db-servers.js';

interface Kind {
  readonly option: string;
  readonly setup: () => Promise<DbSetup>;
  /** What a client sends through the proxy, and how the database's answer is recognised. */
  readonly probe: Buffer;
  readonly isDb: (d: string) => boolean;
  /** How long the server takes to come back (ms, generous). */
  readonly upMs: number;
}

/** Who answered a client through the proxy: the database, the backup, or nobody. */
async function who(port: number, k: Kind): Promise<string> {
  const r = await raw(port, [k.probe], { until: (d) => d.length > 0 && (k.isDb(d) || d.includes('FALLBACK\n')), timeoutMs: 2000 });
  if (r.data.includes('FALLBACK')) return 'backup';
  return k.isDb(r.data) ? 'db' : `none(${JSON.stringify(r.data.slice(0, 40))})`;
}

async function whoAll(sides: readonly Side[], k: Kind): Promise<string[]> {
  return Promise.all(sides.map((s) => who(s.port, k)));
}

async function scenario(k: Kind, t: { skip(m: string): void; diagnostic(m: string): void }): Promise<void> {
  const setup = await k.setup();
  if ('skip' in setup) return t.skip(setup.skip);
  const db = setup.server;
  await db.start();
  const fb = await fallback();
  const sides = await startSides(
    (port) => `defaults
    mode tcp
    timeout connect 1s
    timeout client 5s
    timeout server 5s
    timeout check 1s
listen db
    bind 127.0.0.1:${port}
    ${k.option}
    server d 127.0.0.1:${db.port} check inter 150 rise 2 fall 2
    server fb 127.0.0.1:${fb.port} backup
`,
  );
  try {
    // PostgreSQL and MariaDB may still be starting: wait for the first good answer through each proxy.
    const deadline = Date.now() + 10_000;
    let first = await whoAll(sides, k);
    while (first.some((w) => w !== 'db') && Date.now() < deadline) first = await whoAll(sides, k);
    assert.deepEqual(first, sides.map(() => 'db'), 'the database answers through the proxy');
    await db.stop();
    assert.deepEqual(await untilAll(sides, 'db/d is DOWN', 5000), []);
    assert.deepEqual(await whoAll(sides, k), sides.map(() => 'backup'), 'DOWN: traffic goes to the backup');
    await db.start();
    assert.deepEqual(await untilAll(sides, 'db/d is UP', k.upMs), []);
    assert.deepEqual(await whoAll(sides, k), sides.map(() => 'db'), 'UP again: traffic reaches the database');
    const lines = sides.map((s) => stateLines(s.run.output()));
    const sy = lines[0]!;
    assert.equal(sy.length, 2, sy.join('\n'));
    assert.match(sy[0]!, /^\[WARNING\]  \(PID\) : Server db\/d is DOWN, reason: .*\. 0 active and 1 backup servers left\. Running on backup\. 0 sessions active, 0 requeued, 0 remaining in queue\.$/);
    assert.match(sy[1]!, /^\[WARNING\]  \(PID\) : Server db\/d is UP, reason: Layer7 check passed, code: 0(, info: "[^"]*")?, check duration: Xms\. 1 active and 1 backup servers online\. 0 sessions requeued, 0 total in queue\.$/);
    if (sides.length < 2) return t.diagnostic(SKIP_HAPROXY);
    assert.deepEqual(sy, lines[1], 'same lines as HAProxy 2.6');
  } finally {
    await stopSides(sides);
    await db.stop();
    await fb.close();
  }
}

test('redis-check through the binary: redis-server killed and restarted', (t) =>
  scenario(
    {
      option: 'option redis-check',
      setup: redisServer,
      probe: Buffer.from('PING\r\n'),
      isDb: (d) => d.startsWith('+PONG'),
      upMs: 5000,
    },
    t,
  ));

test('mysql-check through the binary: mariadbd killed and restarted', (t) =>
  scenario(
    {
      option: 'option mysql-check',
      setup: mariadbServer,
      // The server speaks first: its handshake names the version.
      probe: Buffer.alloc(0),
      isDb: (d) => d.includes('MariaDB'),
      upMs: 20_000,
    },
    t,
  ));

test('pgsql-check through the binary: postgres stopped and restarted', (t) =>
  scenario(
    {
      option: 'option pgsql-check user postgres',
      setup: postgresServer,
      // SSLRequest: PostgreSQL answers one byte, 'N' (no TLS) or 'S'.
      probe: Buffer.from([0, 0, 0, 8, 0x04, 0xd2, 0x16, 0x2f]),
      isDb: (d) => d === 'N' || d === 'S',
      upMs: 20_000,
    },
    t,
  ));
