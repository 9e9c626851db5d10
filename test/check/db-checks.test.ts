/**
 * redis-check, mysql-check and pgsql-check against real servers started here in a temp dir on
 * loopback ports (skipped with a message when the server binary is not installed).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { freePort } from '../e2e/harness.js';
import { mariadbServer, postgresServer, redisServer } from '../helpers/db-servers.js';
import { startEngine, until } from './engine-harness.js';

const strip = (t: string): string => t.replace(/duration: \d+ms/, 'duration: Xms');

test('redis-check against a real redis-server', async (t) => {
  const setup = await redisServer();
  if ('skip' in setup) return t.skip(setup.skip);
  const db = setup.server;
  await db.start();
  const port = db.port;
  const dead = await freePort();
  const r = startEngine(`backend rd
    option redis-check
    option log-health-checks
    server r1 127.0.0.1:${port} check inter 100
    server r2 127.0.0.1:${dead} check inter 100
`);
  try {
    assert.ok(await until(() => r.sink.texts().some((x) => x.includes('rd/r1')) && r.sink.texts().some((x) => x.includes('rd/r2')), 5000));
    const texts = r.sink.texts().map(strip);
    assert.ok(texts.includes('Health check for server rd/r1 succeeded, reason: Layer7 check passed, code: 0, info: "Redis server is ok", check duration: Xms, status: 3/3 UP.'), texts.join('\n'));
  } finally {
    r.stop();
    await db.stop();
  }
});

test('mysql-check against a real MariaDB server', async (t) => {
  const setup = await mariadbServer();
  if ('skip' in setup) return t.skip(setup.skip);
  const db = setup.server;
  await db.start();
  const port = db.port;
  const r = startEngine(`backend my
    option mysql-check user nosuch
    server y1 127.0.0.1:${port} check inter 200
backend my0
    option mysql-check
    option log-health-checks
    server y2 127.0.0.1:${port} check inter 200
`);
  try {
    assert.ok(await until(() => r.sink.texts().some((x) => x.includes('my/y1')) && r.sink.texts().some((x) => x.includes('my0/y2')), 5000));
    const texts = r.sink.texts().map(strip);
    assert.ok(
      texts.some((x) => /^Server my\/y1 is DOWN, reason: Layer7 wrong status, code: 1045, info: "#28000Access denied for user 'nosuch'@'127\.0\.0\.1' \(using password: NO\)"/.test(x)),
      texts.join('\n'),
    );
    assert.ok(texts.some((x) => /^Health check for server my0\/y2 succeeded, reason: Layer7 check passed, code: 0, info: "[^"]*MariaDB[^"]*", check duration: Xms, status: 3\/3 UP\.$/.test(x)), texts.join('\n'));
  } finally {
    r.stop();
    await db.stop();
  }
});

test('pgsql-check against a real PostgreSQL server', async (t) => {
  const setup = await postgresServer();
  if ('skip' in setup) return t.skip(setup.skip);
  const db = setup.server;
  await db.start();
  const port = db.port;
  const r = startEngine(`backend pg
    option pgsql-check user postgres
    option log-health-checks
    server p1 127.0.0.1:${port} check inter 200
`);
  try {
    // The port opens before PostgreSQL accepts sessions ("FATAL: the database system is starting up").
    assert.ok(await until(() => r.sink.texts().some((x) => x.includes('pg/p1 succeeded')), 10_000), r.sink.texts().join('\n'));
    assert.match(
      strip(r.sink.texts().find((x) => x.includes('pg/p1 succeeded'))!),
      /^Health check for server pg\/p1 succeeded, reason: Layer7 check passed, code: 0, info: "PostgreSQL server is ok", check duration: Xms, status: (3\/3 UP|1\/2 DOWN)\.$/,
    );
  } finally {
    r.stop();
    await db.stop();
  }
});
