/**
 * Side-by-side runs for the rules e2e tests: the same configuration (with its own frontend port)
 * served by bin/switchyard and, when installed, by HAProxy 2.6; raw HTTP/1.1 exchanges over
 * loopback sockets with bounded waits; responses normalised (Date removed) for comparison.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { tmpConfig } from '../helpers/run.js';
import { startProxy, stopChild, waitForPort, type Proxy } from './harness.js';

export function hasHaproxy(): boolean {
  return spawnSync('haproxy', ['-v'], { timeout: 5000 }).status === 0;
}

export interface Runner {
  readonly name: 'switchyard' | 'haproxy';
  readonly port: number;
  stop(): Promise<void>;
  output(): string;
}

/** Start bin/switchyard with `cfg(port)`. */
export async function startSwitchyard(cfg: (port: number) => string, port: number): Promise<Runner> {
  const p: Proxy = await startProxy(cfg(port), [port]);
  return { name: 'switchyard', port, stop: async () => void (await p.stop()), output: () => p.output() };
}

/** Start haproxy -db with `cfg(port)`; waits (bounded) for its port. */
export async function startHaproxy(cfg: (port: number) => string, port: number): Promise<Runner> {
  const path = tmpConfig(cfg(port));
  const child: ChildProcess = spawn('haproxy', ['-db', '-f', path], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const kill = (): void => void child.kill('SIGKILL');
  process.once('exit', kill);
  if (!(await waitForPort(port, 5000))) {
    await stopChild(child, 'SIGKILL');
    throw new Error(`haproxy did not listen on ${port}:\n${out}`);
  }
  return {
    name: 'haproxy',
    port,
    stop: async () => {
      process.removeListener('exit', kill);
      await stopChild(child, 'SIGTERM');
    },
    output: () => out,
  };
}

/** One raw request; resolves with the response text (latin1) once complete, closed or after 3 s. */
export function exchange(port: number, request: string, localAddress?: string): Promise<string> {
  return new Promise((resolve) => {
    const s = connect({ port, host: '127.0.0.1', localAddress });
    let data = '';
    let done = false;
    const finish = (): void => {
      if (done) return;
      done = true;
      clearTimeout(t);
      s.destroy();
      resolve(data);
    };
    const t = setTimeout(finish, 3000);
    s.on('data', (d: Buffer) => {
      data += d.toString('latin1');
      if (complete(data)) finish();
    });
    s.on('error', finish);
    s.on('close', finish);
    s.on('connect', () => s.write(request));
  });
}

/** A full response is in `data` (content-length framing only, as our backends and replies use). */
function complete(data: string): boolean {
  const end = data.indexOf('\r\n\r\n');
  if (end < 0) return false;
  const m = /\r\ncontent-length: *(\d+)/i.exec(data.slice(0, end + 2));
  if (!m) return false;
  return data.length >= end + 4 + Number(m[1]);
}

/** The response without headers that vary between runs (date, keep-alive timeout). */
export function normalize(resp: string): string {
  return resp.replace(/\r\ndate: [^\r]*/gi, '');
}

export interface EchoBackend {
  readonly port: number;
  readonly server: HttpServer;
  close(): Promise<void>;
}

/** A backend answering JSON: its name, the method, the URL and the raw request headers. */
export function echoBackend(name: string): Promise<EchoBackend> {
  return new Promise((resolve) => {
    const server = createHttpServer((req, res) => {
      const body = JSON.stringify({ be: name, method: req.method, url: req.url, headers: req.rawHeaders });
      res.setHeader('content-type', 'application/json');
      res.setHeader('x-powered-by', 'echo');
      res.setHeader('content-length', Buffer.byteLength(body));
      res.end(body);
    });
    server.keepAliveTimeout = 10_000;
    server.listen(0, '127.0.0.1', () =>
      resolve({
        port: (server.address() as AddressInfo).port,
        server,
        close: () =>
          new Promise((r) => {
            server.closeAllConnections();
            server.close(() => r());
          }),
      }),
    );
  });
}

/** The JSON body of a proxied response, or undefined. */
export function bodyOf(resp: string): { be: string; method: string; url: string; headers: string[] } | undefined {
  const i = resp.indexOf('\r\n\r\n');
  try {
    return JSON.parse(resp.slice(i + 4)) as { be: string; method: string; url: string; headers: string[] };
  } catch {
    return undefined;
  }
}

export function statusOf(resp: string): number {
  const m = /^HTTP\/1\.[01] (\d{3})/.exec(resp);
  return m ? Number(m[1]) : 0;
}
