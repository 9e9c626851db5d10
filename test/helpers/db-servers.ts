/**
 * Real Redis, MariaDB and PostgreSQL servers for the check tests, started in a temporary directory
 * on a loopback port (the Debian packages .ci/run installs). Each can be stopped and started again
 * on the same port, so a test can take the server down and bring it back. Every process started
 * here is killed when the test process exits.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, waitForPort } from '../e2e/harness.js';

const children = new Set<ChildProcess>();
const dirs: string[] = [];
process.once('exit', () => {
  for (const c of children) c.kill('SIGKILL');
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

export function which(bin: string, extra: string[] = []): string | undefined {
  for (const d of [...(process.env['PATH'] ?? '').split(':'), ...extra]) if (d && existsSync(join(d, bin))) return join(d, bin);
  return undefined;
}

function tmp(): string {
  const d = mkdtempSync(join(tmpdir(), 'switchyard-db-'));
  chmodSync(d, 0o777);
  dirs.push(d);
  return d;
}

const root = process.getuid?.() === 0;

export interface DbServer {
  readonly port: number;
  /** Start (again) on the same port; resolves once the port accepts connections. */
  start(): Promise<void>;
  /** Stop the server (SIGKILL unless the kind has a clean fast stop); resolves once it exited. */
  stop(): Promise<void>;
}

/** Either a server ready to start, or why it cannot run here. */
export type DbSetup = { server: DbServer } | { skip: string };

function killWait(c: ChildProcess | undefined, sig: NodeJS.Signals): Promise<void> {
  if (!c || c.exitCode !== null || c.signalCode !== null) return Promise.resolve();
  return new Promise((r) => {
    const t = setTimeout(() => c.kill('SIGKILL'), 5000);
    c.once('exit', () => {
      clearTimeout(t);
      children.delete(c);
      r();
    });
    c.kill(sig);
  });
}

function server(port: number, launch: () => ChildProcess, readyMs: number, stopSignal: NodeJS.Signals = 'SIGKILL', stopExtra?: (c: ChildProcess) => void): DbServer {
  let child: ChildProcess | undefined;
  return {
    port,
    async start() {
      const c = launch();
      children.add(c);
      child = c;
      if (!(await waitForPort(port, readyMs))) throw new Error(`database server did not listen on ${port}`);
    },
    async stop() {
      const c = child;
      child = undefined;
      if (c) stopExtra?.(c);
      await killWait(c, stopSignal);
    },
  };
}

export async function redisServer(): Promise<DbSetup> {
  const bin = which('redis-server');
  if (!bin) return { skip: 'redis-server is not installed (apt-get install redis-server)' };
  const port = await freePort();
  const dir = tmp();
  return { server: server(port, () => spawn(bin, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir], { stdio: 'ignore' }), 10_000) };
}

export async function mariadbServer(): Promise<DbSetup> {
  const bin = which('mariadbd', ['/usr/sbin']) ?? which('mysqld', ['/usr/sbin']);
  const install = which('mariadb-install-db') ?? which('mysql_install_db');
  if (!bin || !install) return { skip: 'mariadb-server is not installed (apt-get install mariadb-server)' };
  const dir = tmp();
  const user = root ? ['--user=root'] : [];
  const init = spawnSync(install, ['--no-defaults', `--datadir=${join(dir, 'data')}`, ...user, '--auth-root-authentication-method=normal', '--skip-test-db'], { timeout: 60_000 });
  if (init.status !== 0) return { skip: `mariadb-install-db failed: ${String(init.stderr).slice(0, 200)}` };
  const port = await freePort();
  const args = ['--no-defaults', `--datadir=${join(dir, 'data')}`, ...user, `--port=${port}`, '--bind-address=127.0.0.1', `--socket=${join(dir, 'sock')}`, `--pid-file=${join(dir, 'pid')}`, '--skip-log-bin', '--skip-name-resolve'];
  return { server: server(port, () => spawn(bin, args, { stdio: 'ignore' }), 30_000) };
}

const PG_BIN = ['/usr/lib/postgresql/17/bin', '/usr/lib/postgresql/16/bin', '/usr/lib/postgresql/15/bin'];

export async function postgresServer(): Promise<DbSetup> {
  const initdb = which('initdb', PG_BIN);
  const postgres = which('postgres', PG_BIN);
  if (!initdb || !postgres) return { skip: 'postgresql is not installed (apt-get install postgresql)' };
  const asUser = (cmd: string, args: string[]): [string, string[]] => (root ? ['runuser', ['-u', 'postgres', '--', cmd, ...args]] : [cmd, args]);
  const dir = tmp();
  const [c1, a1] = asUser(initdb, ['-D', join(dir, 'data'), '-A', 'trust', '-U', 'postgres']);
  const init = spawnSync(c1, a1, { timeout: 60_000 });
  if (init.status !== 0) return { skip: `initdb failed: ${String(init.stderr).slice(0, 200)}` };
  const port = await freePort();
  const [c2, a2] = asUser(postgres, ['-D', join(dir, 'data'), '-p', String(port), '-k', dir, '-c', 'listen_addresses=127.0.0.1']);
  // Run through runuser: the postmaster is runuser's child; SIGINT to it is PostgreSQL's fast shutdown.
  return {
    server: server(port, () => spawn(c2, a2, { stdio: 'ignore' }), 30_000, 'SIGTERM', (c) => {
      if (root) spawnSync('pkill', ['-INT', '-P', String(c.pid ?? 0)]);
    }),
  };
}
