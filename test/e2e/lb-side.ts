/**
 * Side-by-side load-balancing helpers: named HTTP backends that answer with their own name, a real
 * HAProxy (`haproxy -db -f cfg`) and Switchyard on the same configuration, and one client that
 * sends the same request sequence to either and records which server answered.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer as createHttpServer, request, type Server as HttpServer } from 'node:http';
import { connect } from 'node:net';
import type { Step } from '../lb/model.js';
import type { Scenario } from './lb-scenarios.js';
import { tmpConfig } from '../helpers/run.js';
import { freePort, stopChild, waitForPort } from './harness.js';

export function hasHaproxy(): boolean {
  const r = spawnSync('haproxy', ['-v'], { encoding: 'utf8', timeout: 5000 });
  return r.status === 0 && /HAProxy version 2\./.test(r.stdout);
}

export interface NamedBackends {
  readonly ports: number[];
  readonly names: string[];
  /** Requests each backend has open right now. */
  readonly open: Map<string, number>;
  /** Hold responses until release() (for concurrency tests). */
  hold: boolean;
  release(): void;
  /** Answer the held requests of one server. */
  releaseServer(name: string): void;
  /** Stop accepting connections on one backend (health checks fail), and start again. */
  stopListening(name: string): Promise<void>;
  listenAgain(name: string): Promise<void>;
  close(): Promise<void>;
}

/** HTTP servers on 127.0.0.1 that answer `200` with their name as the body. */
export async function namedBackends(names: readonly string[]): Promise<NamedBackends> {
  const servers: HttpServer[] = [];
  const ports: number[] = [];
  const open = new Map<string, number>();
  const held: Array<{ name: string; answer: () => void }> = [];
  const nb: NamedBackends = {
    ports,
    names: [...names],
    open,
    hold: false,
    release() {
      for (const r of held.splice(0)) r.answer();
    },
    releaseServer(name: string) {
      for (let i = held.length - 1; i >= 0; i--) {
        if (held[i]!.name === name) held.splice(i, 1)[0]!.answer();
      }
    },
    stopListening(name: string) {
      const i = names.indexOf(name);
      const srv = servers[i]!;
      return new Promise<void>((r) => {
        srv.close(() => r());
        srv.closeAllConnections();
      });
    },
    listenAgain(name: string) {
      const i = names.indexOf(name);
      return new Promise<void>((r) => servers[i]!.listen(ports[i], '127.0.0.1', () => r()));
    },
    async close() {
      nb.release();
      await Promise.all(
        servers.map(
          (s) =>
            new Promise<void>((r) => {
              s.closeAllConnections();
              if (!s.listening) return r();
              s.close(() => r());
            }),
        ),
      );
    },
  };
  for (const name of names) {
    const srv = createHttpServer((req, res) => {
      open.set(name, (open.get(name) ?? 0) + 1);
      const answer = (): void => {
        open.set(name, (open.get(name) ?? 1) - 1);
        if (res.destroyed) return;
        res.writeHead(200, { 'content-type': 'text/plain', 'x-server': name });
        res.end(name);
      };
      req.resume();
      req.on('end', () => (nb.hold ? held.push({ name, answer }) : answer()));
    });
    srv.keepAliveTimeout = 2000;
    let port = 0;
    for (let attempt = 0; attempt < 20 && !port; attempt++) {
      const p = await freePort();
      port = await new Promise<number>((resolve) => {
        srv.once('error', () => resolve(0));
        srv.listen(p, '127.0.0.1', () => resolve(p));
      });
    }
    if (!port) throw new Error('no port for a backend');
    servers.push(srv);
    ports.push(port);
  }
  return nb;
}

export interface Running {
  readonly port: number;
  readonly child: ChildProcess;
  output(): string;
  stop(): Promise<void>;
}

/** Start `haproxy -db -f cfg`; waits until `port` accepts connections. */
export async function startHaproxy(cfg: string, port: number): Promise<Running> {
  const path = tmpConfig(cfg);
  const child = spawn('haproxy', ['-db', '-f', path], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const killer = (): void => {
    child.kill('SIGKILL');
  };
  process.once('exit', killer);
  const run: Running = {
    port,
    child,
    output: () => out,
    async stop() {
      process.removeListener('exit', killer);
      await stopChild(child, 'SIGTERM');
    },
  };
  if (!(await waitForPort(port, 10_000))) {
    await run.stop();
    throw new Error(`haproxy did not listen on ${port}:\n${out}`);
  }
  return run;
}

export interface Req {
  readonly path: string;
  readonly method?: string;
  readonly headers?: Record<string, string>;
  readonly body?: string;
  /** Client address (a 127.0.0.x loopback address) for `balance source`. */
  readonly from?: string;
}

export interface Reply {
  readonly status: number;
  /** The server name the backend answered with ('' when the proxy answered itself). */
  readonly server: string;
}

/** One request on its own connection (`Connection: close`); bounded by `ms`. */
export function send(port: number, r: Req, ms = 5000): Promise<Reply> {
  return new Promise((resolve) => {
    const headers: Record<string, string> = { connection: 'close', ...(r.headers ?? {}) };
    if (r.body !== undefined) headers['content-length'] = String(Buffer.byteLength(r.body));
    const req = request(
      { host: '127.0.0.1', port, path: r.path, method: r.method ?? 'GET', headers, localAddress: r.from, agent: false },
      (res) => {
        let body = '';
        res.setEncoding('latin1');
        res.on('data', (d: string) => (body += d));
        res.on('end', () => {
          clearTimeout(t);
          const x = res.headers['x-server'];
          resolve({ status: res.statusCode ?? 0, server: typeof x === 'string' ? body : '' });
        });
      },
    );
    const t = setTimeout(() => {
      req.destroy();
      resolve({ status: -1, server: '' });
    }, ms);
    req.on('error', () => {
      clearTimeout(t);
      resolve({ status: -2, server: '' });
    });
    if (r.body !== undefined) req.write(r.body);
    req.end();
  });
}

/** Send the requests one after the other; the servers that answered, in order. */
export async function sequence(port: number, reqs: readonly Req[]): Promise<string[]> {
  const out: string[] = [];
  for (const r of reqs) {
    const rep = await send(port, r);
    out.push(rep.server || `<${rep.status}>`);
  }
  return out;
}

/** A backend section body: `server` lines for the named backends with extra words each. */
export function serverLines(nb: NamedBackends, extra: Readonly<Record<string, string>> = {}): string {
  return nb.names.map((n, i) => `    server ${n} 127.0.0.1:${nb.ports[i]} ${extra[n] ?? ''}`.trimEnd()).join('\n');
}

/** A `listen` proxy on `port` in mode http with the given backend lines. */
export function listenConfig(port: number, body: string): string {
  return `global
    maxconn 1000

defaults
    mode http
    timeout connect 2s
    timeout client 10s
    timeout server 10s
    timeout queue 10s

listen lb
    bind 127.0.0.1:${port}
${body}
`;
}

export function scenarioConfig(sc: Scenario, nb: NamedBackends, port: number, sock?: string): string {
  const servers = sc.servers
    .map(([n, extra]) => `    server ${n} 127.0.0.1:${nb.ports[nb.names.indexOf(n)]} ${extra}`.trimEnd())
    .join('\n');
  return `global
    maxconn 1000
${sock ? `    stats socket ${sock} level admin\n` : ''}
defaults
    mode http
    timeout connect 2s
    timeout client 10s
    timeout server 10s
    timeout queue 10s

listen lb
    bind 127.0.0.1:${port}
${sc.lines.map((l) => `    ${l}`).join('\n')}
${servers}
`;
}

/** One command on HAProxy's stats socket; resolves with its answer (bounded). */
export function haproxyCommand(sock: string, cmd: string): Promise<string> {
  return new Promise((resolve) => {
    const c = connect(sock);
    let out = '';
    const t = setTimeout(() => {
      c.destroy();
      resolve(out);
    }, 3000);
    c.on('connect', () => c.write(cmd + '\n'));
    c.on('data', (d) => (out += d.toString()));
    c.on('close', () => {
      clearTimeout(t);
      resolve(out);
    });
    c.on('error', () => {
      clearTimeout(t);
      resolve(out);
    });
  });
}

/** Play the steps against a running proxy; changes go through `apply`. */
export async function playSteps(port: number, steps: readonly Step[], apply: (st: Step) => Promise<void>, pauseMs = 0): Promise<string[]> {
  const out: string[] = [];
  for (const st of steps) {
    if (st.change) {
      await apply(st);
      continue;
    }
    const rep = await send(port, { path: st.path ?? '/', method: st.method, headers: st.headers, body: st.body, from: st.from });
    out.push(rep.server || `<${rep.status}>`);
    if (pauseMs) await new Promise((r) => setTimeout(r, pauseMs));
  }
  return out;
}

export function haproxyChange(sock: string): (st: Step) => Promise<void> {
  return async (st) => {
    const c = st.change!;
    if (c.maint !== undefined) await haproxyCommand(sock, `set server lb/${c.server} state ${c.maint ? 'maint' : 'ready'}`);
    if (c.weight !== undefined) await haproxyCommand(sock, `set server lb/${c.server} weight ${c.weight}`);
  };
}


/** TCP servers on 127.0.0.1 that write their name and close. */
export async function namedTcpBackends(names: readonly string[]): Promise<{ ports: number[]; close(): Promise<void> }> {
  const servers: import('node:net').Server[] = [];
  const ports: number[] = [];
  const { createServer: createNetServer } = await import('node:net');
  for (const name of names) {
    const srv = createNetServer((s) => {
      s.on('error', () => undefined);
      s.resume(); // read (and drop) what the client sends, so its FIN is seen and the socket closes
      s.end(name);
    });
    let port = 0;
    for (let attempt = 0; attempt < 20 && !port; attempt++) {
      const p = await freePort();
      port = await new Promise<number>((resolve) => {
        srv.once('error', () => resolve(0));
        srv.listen(p, '127.0.0.1', () => resolve(p));
      });
    }
    if (!port) throw new Error('no port for a backend');
    servers.push(srv);
    ports.push(port);
  }
  return {
    ports,
    close: () => Promise.all(servers.map((s) => new Promise<void>((r) => s.close(() => r())))).then(() => undefined),
  };
}

/** One TCP connection from `from`: what the server wrote before closing ('' on failure); bounded. */
export function tcpAsk(port: number, from: string | undefined, ms = 5000): Promise<string> {
  return new Promise((resolve) => {
    const c = connect({ host: '127.0.0.1', port, localAddress: from });
    let out = '';
    const t = setTimeout(() => {
      c.destroy();
      resolve(out);
    }, ms);
    c.on('data', (d) => (out += d.toString('latin1')));
    c.on('close', () => {
      clearTimeout(t);
      resolve(out);
    });
    c.on('error', () => undefined);
  });
}

/** One TCP connection that sends `data` first; what the server wrote before closing; bounded. */
export function tcpSend(port: number, data: Buffer, ms = 5000): Promise<string> {
  return new Promise((resolve) => {
    const c = connect({ host: '127.0.0.1', port });
    let out = '';
    const t = setTimeout(() => {
      c.destroy();
      resolve(out);
    }, ms);
    c.on('connect', () => c.write(data));
    c.on('data', (d) => (out += d.toString('latin1')));
    c.on('close', () => {
      clearTimeout(t);
      resolve(out);
    });
    c.on('error', () => undefined);
  });
}
