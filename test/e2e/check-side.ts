/**
 * Health-check e2e helpers: run the same configuration under Switchyard or HAProxy 2.6
 * (`haproxy -db -f cfg`), read their state-change lines from stderr with the pid and the check
 * duration masked, small HTTP backends whose answers a test switches, and bounded waits.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { freePort, startProxy } from './harness.js';
import { hasHaproxy, startHaproxy } from './lb-side.js';

export type Engine = 'switchyard' | 'haproxy';

export interface Running {
  output(): string;
  stop(): Promise<void>;
}

let haproxyKnown: boolean | undefined;

/** Engines to run a scenario under: Switchyard always, HAProxy when installed. */
export function engines(): Engine[] {
  haproxyKnown ??= hasHaproxy();
  return haproxyKnown ? ['switchyard', 'haproxy'] : ['switchyard'];
}

export const SKIP_HAPROXY = 'haproxy 2.x not installed: side-by-side comparison skipped';

/** Start `cfg` under `engine`, both in the foreground (-db), waiting until `port` listens. */
export async function start(engine: Engine, cfg: string, port: number): Promise<Running> {
  if (engine === 'haproxy') return startHaproxy(cfg, port);
  const p = await startProxy(cfg, [port], ['-db']);
  return {
    output: p.output,
    stop: async () => {
      await p.stop();
    },
  };
}

/** "[WARNING]  (1234) : text" lines with the pid and "check duration: Nms" masked. */
export function stateLines(out: string): string[] {
  return out
    .split('\n')
    .filter((l) => /^\[(WARNING|ALERT)\]/.test(l))
    .map((l) => l.replace(/^(\[\w+\] *)\(\d+\)/, '$1(PID)').replace(/check duration: \d+ms/, 'check duration: Xms'));
}

/** Resolve once `pred` holds (polling every 10 ms), false after `ms`. */
export async function until(pred: () => boolean, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (pred()) return true;
    await new Promise((r) => setTimeout(r, 10));
  }
  return pred();
}

export interface SwitchBackend {
  readonly port: number;
  /** Status answered to health checks (`path`) from now on. */
  checkStatus: number;
  /** Status answered to other requests. */
  trafficStatus: number;
  /** Health-check requests received so far. */
  checks: number;
  /** Other requests received so far. */
  traffic: number;
  close(): Promise<void>;
}

const REASONS: Record<number, string> = { 200: 'OK', 500: 'Internal Server Error', 503: 'Service Unavailable' };

/** An HTTP backend on a free loopback port: `checkPath` gets `checkStatus`, the rest `trafficStatus`. */
export async function switchBackend(checkPath: string, name = 'srv'): Promise<SwitchBackend> {
  const b = { port: 0, checkStatus: 200, trafficStatus: 200, checks: 0, traffic: 0 } as SwitchBackend & { port: number };
  const handler = (req: IncomingMessage, res: ServerResponse): void => {
    req.resume();
    const check = req.url === checkPath;
    if (check) b.checks++;
    else b.traffic++;
    const code = check ? b.checkStatus : b.trafficStatus;
    res.writeHead(code, REASONS[code] ?? 'Unknown', { 'content-type': 'text/plain', 'x-server': name });
    res.end(name);
  };
  let server: Server | undefined;
  for (let attempt = 0; attempt < 20 && !server; attempt++) {
    const port = await freePort();
    const s = createServer(handler);
    const ok = await new Promise<boolean>((resolve) => {
      s.once('error', () => resolve(false));
      s.listen(port, '127.0.0.1', () => resolve(true));
    });
    if (ok) {
      server = s;
      b.port = port;
    }
  }
  if (!server) throw new Error('no port for the backend');
  const srv = server;
  b.close = () =>
    new Promise<void>((r) => {
      srv.closeAllConnections();
      srv.close(() => r());
    });
  return b;
}

/** The usual head of a check test's configuration. */
export const CHECK_DEFAULTS = `defaults
    mode http
    timeout connect 1s
    timeout client 5s
    timeout server 5s
    timeout check 1s
`;

export interface Side {
  readonly engine: Engine;
  /** The port the proxy listens on. */
  readonly port: number;
  readonly run: Running;
}

/**
 * The same scenario under both engines at once (HAProxy when installed), each on its own
 * listening port: `cfg(port)` builds the configuration. Both check the same real servers, so one
 * change of a server is seen by both.
 */
export async function startSides(cfg: (port: number) => string): Promise<Side[]> {
  const out: Side[] = [];
  try {
    for (const engine of engines()) {
      const port = await freePort();
      out.push({ engine, port, run: await start(engine, cfg(port), port) });
    }
  } catch (e) {
    await stopSides(out);
    throw e;
  }
  return out;
}

export async function stopSides(sides: readonly Side[]): Promise<void> {
  await Promise.all(sides.map((s) => s.run.stop()));
}

/** Wait until every side's output holds `text` (`n` times); the sides that did not. */
export async function untilAll(sides: readonly Side[], text: string, ms: number, n = 1): Promise<string[]> {
  const count = (o: string): number => o.split(text).length - 1;
  await until(() => sides.every((s) => count(s.run.output()) >= n), ms);
  return sides.filter((s) => count(s.run.output()) < n).map((s) => `${s.engine} (no '${text}' x${n}):\n${s.run.output()}`);
}
