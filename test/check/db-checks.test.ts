/**
 * redis-check, mysql-check and pgsql-check against real servers started here in a temp dir on
 * loopback ports (skipped with a message when the server binary is not installed).
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { freePort, waitForPort } from '../e2e/harness.js';
import { startEngine, until } from './engine-harness.js';

const children: ChildProcess[] = [];
const dirs: string[] = [];
after(() => {
  for (const c of children) c.kill('SIGKILL');
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function which(bin: string, extra: string[] = []): string | undefined {
  for (const d of [...(process.env['PATH'] ?? '').split(':'), ...extra]) if (d && existsSync(join(d, bin))) return join(d, bin);
  return undefined;
}

function tmp(): string {
  const d = mkdtempSync(join(tmpdir(), 'switchyard-db-'));
  chmodSync(d, 0o777);
  dirs.push(d);
  return d;
}

const strip = (t: string): string => t.replace(/duration: \d+ms/, 'duration: Xms');

test('redis-check against a real redis-server', async (t) => {
  const bin = which('redis-server');
  if (!bin) return t.skip('redis-server is not installed (apt-get install redis-server)');
  const port = await freePort();
  const c = spawn(bin, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', tmp()], { stdio: 'ignore' });
  children.push(c);
  assert.ok(await waitForPort(port, 10_000));
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
  }
});

test('mysql-check against a real MariaDB server', async (t) => {
  const bin = which('mariadbd', ['/usr/sbin']) ?? which('mysqld', ['/usr/sbin']);
  const install = which('mariadb-install-db') ?? which('mysql_install_db');
  if (!bin || !install) return t.skip('mariadb-server is not installed (apt-get install mariadb-server)');
  const dir = tmp();
  const root = process.getuid?.() === 0;
  const user = root ? ['--user=root'] : [];
  const init = spawnSync(install, ['--no-defaults', `--datadir=${join(dir, 'data')}`, ...user, '--auth-root-authentication-method=normal', '--skip-test-db'], { timeout: 60_000 });
  if (init.status !== 0) return t.skip(`mariadb-install-db failed: ${String(init.stderr).slice(0, 200)}`);
  const port = await freePort();
  const c = spawn(bin, ['--no-defaults', `--datadir=${join(dir, 'data')}`, ...user, `--port=${port}`, '--bind-address=127.0.0.1', `--socket=${join(dir, 'sock')}`, `--pid-file=${join(dir, 'pid')}`, '--skip-log-bin', '--skip-name-resolve'], { stdio: 'ignore' });
  children.push(c);
  assert.ok(await waitForPort(port, 30_000), 'mariadbd listens');
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
  }
});

test('pgsql-check against a real PostgreSQL server', async (t) => {
  const pgbin = ['/usr/lib/postgresql/17/bin', '/usr/lib/postgresql/16/bin', '/usr/lib/postgresql/15/bin'];
  const initdb = which('initdb', pgbin);
  const postgres = which('postgres', pgbin);
  if (!initdb || !postgres) return t.skip('postgresql is not installed (apt-get install postgresql)');
  const root = process.getuid?.() === 0;
  const asUser = (cmd: string, args: string[]): [string, string[]] => (root ? ['runuser', ['-u', 'postgres', '--', cmd, ...args]] : [cmd, args]);
  const dir = tmp();
  const [c1, a1] = asUser(initdb, ['-D', join(dir, 'data'), '-A', 'trust', '-U', 'postgres']);
  const init = spawnSync(c1, a1, { timeout: 60_000 });
  if (init.status !== 0) return t.skip(`initdb failed: ${String(init.stderr).slice(0, 200)}`);
  const port = await freePort();
  const [c2, a2] = asUser(postgres, ['-D', join(dir, 'data'), '-p', String(port), '-k', dir, '-c', 'listen_addresses=127.0.0.1']);
  const c = spawn(c2, a2, { stdio: 'ignore' });
  children.push(c);
  assert.ok(await waitForPort(port, 30_000), 'postgres listens');
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
    // postgres run through runuser: stop the server itself, not only runuser.
    spawnSync('pkill', ['-P', String(c.pid ?? 0)]);
  }
});
