/**
 * Shared pieces of the end-to-end tests: run the real bin/switchyard on a temporary config, real
 * backends on ephemeral loopback ports, raw socket clients with bounded waits.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer as createHttpServer, type IncomingMessage, type Server as HttpServer, type ServerResponse } from 'node:http';
import { connect, createServer, type AddressInfo, type Server as NetServer, type Socket } from 'node:net';
import { BIN, tmpConfig } from '../helpers/run.js';

/**
 * A port that was free a moment ago on 127.0.0.1, drawn at random below the kernel's ephemeral
 * range (32768+): ports the kernel hands out for outgoing connections and `listen(0)` would
 * otherwise collide with the listeners a test is about to configure.
 */
export async function freePort(): Promise<number> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const port = 12000 + Math.floor(Math.random() * 20000);
    const ok = await new Promise<boolean>((resolve) => {
      const s = createServer();
      s.once('error', () => resolve(false));
      s.listen(port, '127.0.0.1', () => s.close(() => resolve(true)));
    });
    if (ok) return port;
  }
  throw new Error('no free port found below the ephemeral range');
}

export async function freePorts(n: number): Promise<number[]> {
  const out: number[] = [];
  while (out.length < n) {
    const p = await freePort();
    if (!out.includes(p)) out.push(p);
  }
  return out;
}

/**
 * The source address of readiness probes. A probe is an extra connection the proxy may or may not
 * have handed to a server before it closes (in mode tcp that takes a load-balancing turn), so tests
 * that compare server sequences reject this source with `tcp-request connection reject`.
 */
export const PROBE_SOURCE = '127.0.0.254';

/** Resolves true once 127.0.0.1:port accepts a connection (probed from PROBE_SOURCE), false after `ms`. */
export async function waitForPort(port: number, ms = 10_000): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    const ok = await new Promise<boolean>((resolve) => {
      const s = connect({ port, host: '127.0.0.1', localAddress: PROBE_SOURCE });
      s.once('connect', () => {
        s.destroy();
        resolve(true);
      });
      s.once('error', () => {
        s.destroy();
        resolve(false);
      });
    });
    if (ok) return true;
    await delay(30);
  }
  return false;
}

export function delay(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** Every child still running: killed if this test process ends early (timeout, signal). */
const live = new Set<ChildProcess>();
let hooked = false;

function track(c: ChildProcess): void {
  live.add(c);
  c.once('exit', () => live.delete(c));
  if (hooked) return;
  hooked = true;
  const killAll = (): void => {
    for (const x of live) x.kill('SIGKILL');
  };
  process.once('exit', killAll);
  for (const sig of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) {
    process.once(sig, () => {
      killAll();
      process.exit(1);
    });
  }
}

export interface Proxy {
  readonly child: ChildProcess;
  readonly cfgPath: string;
  output(): string;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** Start bin/switchyard on `cfg`; waits until every port in `ports` accepts connections. */
export async function startProxy(
  cfg: string,
  ports: readonly number[],
  extraArgs: readonly string[] = [],
  /** File descriptors of this process passed to the child as its fd 3, 4... (for `bind fd@N`). */
  passFds: readonly number[] = [],
  env: Record<string, string> = {},
): Promise<Proxy> {
  const cfgPath = tmpConfig(cfg);
  const child = spawn(process.execPath, [BIN, ...extraArgs, '-f', cfgPath], {
    stdio: ['ignore', 'pipe', 'pipe', ...passFds],
    env: { ...process.env, ...env },
  });
  track(child);
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const proxy: Proxy = { child, cfgPath, output: () => out, stop: (sig) => stopChild(child, sig) };
  for (const p of ports) {
    if (!(await waitForPort(p, 10_000))) {
      await proxy.stop('SIGKILL');
      throw new Error(`switchyard did not listen on ${p}; output:\n${out}`);
    }
  }
  return proxy;
}

/** Signal a child and wait (bounded) for it to exit; SIGKILL after 5 s. Resolves with its exit code. */
export function stopChild(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<number | null> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve(child.exitCode);
    const t = setTimeout(() => child.kill('SIGKILL'), 5000);
    child.once('exit', (code) => {
      clearTimeout(t);
      resolve(code);
    });
    child.kill(signal);
  });
}

/** Wait (bounded) for a child to exit by itself. */
export function waitExit(child: ChildProcess, ms: number): Promise<number | null | 'timeout'> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve(child.exitCode);
    const t = setTimeout(() => resolve('timeout'), ms);
    child.once('exit', (code) => {
      clearTimeout(t);
      resolve(code);
    });
  });
}

export interface RawResult {
  data: string;
  /** The proxy closed the connection before the wait ended. */
  closed: boolean;
}

export interface RawOptions {
  /** Stop waiting once the received text satisfies this. */
  until?: (data: string) => boolean;
  /** Upper bound on the wait (default 3 s). */
  timeoutMs?: number;
  /** Half-close after writing. */
  end?: boolean;
  /** Pause between the given chunks. */
  gapMs?: number;
}

/** Send raw bytes to 127.0.0.1:port and collect what comes back. */
export function raw(port: number, chunks: ReadonlyArray<string | Buffer>, o: RawOptions = {}): Promise<RawResult> {
  return new Promise((resolve) => {
    const s = connect(port, '127.0.0.1');
    let data = '';
    let closed = false;
    let settled = false;
    const finish = (): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      s.destroy();
      resolve({ data, closed });
    };
    const timer = setTimeout(finish, o.timeoutMs ?? 3000);
    s.on('data', (d: Buffer) => {
      data += d.toString('latin1');
      if (o.until && o.until(data)) finish();
    });
    s.on('error', () => undefined);
    s.on('close', () => {
      closed = true;
      finish();
    });
    s.on('connect', async () => {
      for (let i = 0; i < chunks.length; i++) {
        if (i > 0 && o.gapMs) await delay(o.gapMs);
        if (!s.destroyed) s.write(chunks[i]!);
      }
      if (o.end) s.end();
    });
  });
}

/** Count complete HTTP/1 responses in a text (by status line). */
export function statusLines(data: string): number[] {
  const out: number[] = [];
  const re = /HTTP\/1\.[01] (\d{3}) /g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(data)) !== null) out.push(Number(m[1]));
  return out;
}

export interface Backend {
  readonly port: number;
  readonly server: HttpServer;
  /** TCP connections accepted so far. */
  connections: number;
  close(): Promise<void>;
}

/** A node:http backend on an ephemeral port. */
export function httpBackend(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<Backend> {
  return new Promise((resolve) => {
    const server = createHttpServer(handler);
    server.keepAliveTimeout = 30_000;
    const b: Backend = {
      port: 0,
      server,
      connections: 0,
      close: () =>
        new Promise((r) => {
          server.closeAllConnections();
          server.close(() => r());
        }),
    };
    server.on('connection', () => b.connections++);
    server.listen(0, '127.0.0.1', () => {
      (b as { port: number }).port = (server.address() as AddressInfo).port;
      resolve(b);
    });
  });
}

export interface TcpBackend {
  readonly port: number;
  readonly server: NetServer;
  readonly sockets: Socket[];
  close(): Promise<void>;
}

/** A raw TCP backend on an ephemeral port; `onConn` drives each accepted socket. */
export function tcpBackend(onConn: (s: Socket) => void): Promise<TcpBackend> {
  return new Promise((resolve) => {
    const sockets: Socket[] = [];
    const server = createServer({ allowHalfOpen: true }, (s) => {
      sockets.push(s);
      s.on('error', () => undefined);
      onConn(s);
    });
    server.listen(0, '127.0.0.1', () => {
      resolve({
        port: (server.address() as AddressInfo).port,
        server,
        sockets,
        close: () =>
          new Promise((r) => {
            for (const s of sockets) s.destroy();
            server.close(() => r());
          }),
      });
    });
  });
}

/**
 * Run curl (bounded by --max-time) without blocking the event loop (the backends live in this
 * process); resolves with its stdout/stderr/status.
 */
export function curl(args: readonly string[]): Promise<{ status: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const c = spawn('curl', ['-sS', '--max-time', '5', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    c.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    c.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const t = setTimeout(() => c.kill('SIGKILL'), 10_000);
    c.on('error', (e) => {
      clearTimeout(t);
      resolve({ status: -1, stdout, stderr: stderr + e.message });
    });
    c.on('close', (code) => {
      clearTimeout(t);
      resolve({ status: code ?? -1, stdout, stderr });
    });
  });
}

export function hasCurl(): boolean {
  return spawnSync('curl', ['--version'], { timeout: 5000 }).status === 0;
}

/** The usual timeouts for a test config. */
export const DEFAULTS = `defaults
    timeout connect 2s
    timeout client 5s
    timeout server 5s
    retries 0
`;
