/**
 * Side-by-side log helpers: a UDP syslog receiver, HAProxy 2.6 and Switchyard started on the same
 * configuration (each with its own ports and its own receiver), and the masking that makes two log
 * lines comparable field by field: dates, pids, client ports and durations differ by nature; -1
 * (an event that did not happen) is kept.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createSocket, type Socket as DgramSocket } from 'node:dgram';
import { tmpConfig } from '../helpers/run.js';
import { delay, freePort, PROBE_SOURCE, startProxy, stopChild, waitForPort } from './harness.js';

export interface Receiver {
  readonly port: number;
  readonly lines: string[];
  /** Wait until at least n lines arrived (bounded). */
  wait(n: number, ms?: number): Promise<boolean>;
  close(): void;
}

export async function udpReceiver(family: 'udp4' | 'udp6' = 'udp4'): Promise<Receiver> {
  const port = await freePort();
  const sock: DgramSocket = createSocket(family);
  const lines: string[] = [];
  sock.on('message', (m) => lines.push(m.toString('utf8')));
  await new Promise<void>((r) => sock.bind(port, family === 'udp6' ? '::1' : '127.0.0.1', () => r()));
  return {
    port,
    lines,
    async wait(n, ms = 3000) {
      const end = Date.now() + ms;
      while (lines.length < n && Date.now() < end) await delay(20);
      return lines.length >= n;
    },
    close: () => sock.close(),
  };
}

export interface Running {
  stop(): Promise<void>;
}

/** `haproxy -db -f cfg`, ready once every port accepts. */
export async function startHaproxy(cfg: string, ports: readonly number[]): Promise<Running> {
  const path = tmpConfig(cfg);
  const child: ChildProcess = spawn('haproxy', ['-db', '-f', path], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  for (const p of ports) {
    if (!(await waitForPort(p, 10_000))) {
      await stopChild(child, 'SIGKILL');
      throw new Error(`haproxy did not listen on ${p}:\n${out}`);
    }
  }
  return { stop: async () => void (await stopChild(child, 'SIGKILL')) };
}

export async function startSwitchyard(cfg: string, ports: readonly number[]): Promise<Running> {
  const p = await startProxy(cfg, ports);
  return { stop: async () => void (await p.stop()) };
}

/** The message after the syslog header (`<PRI>Mmm dd hh:mm:ss tag[pid]: `). */
export function messageOf(line: string): string {
  const m = /^<\d+>\w{3} [ \d]\d \d\d:\d\d:\d\d [^ ]+\[\d+\]: (.*)\n$/s.exec(line);
  return m ? m[1]! : line;
}

/** Lines of clients other than the readiness probes. */
export function clientLines(lines: readonly string[]): string[] {
  return lines.map(messageOf).filter((l) => !l.startsWith(PROBE_SOURCE + ':') && !l.includes(`from ${PROBE_SOURCE}:`));
}

/**
 * Mask what legitimately differs between two runs: dates, client ports, durations (a non-negative
 * number in a timer slot; -1 stays), the proxies' own ports given in `ports` (replaced by names).
 */
export function mask(line: string, ports: Record<string, string> = {}): string {
  let s = line;
  for (const [p, name] of Object.entries(ports)) s = s.split(p).join(name);
  s = s.replace(/\d\d\/\w{3}\/\d{4}:\d\d:\d\d:\d\d(\.\d{3})?/g, 'DATE');
  s = s.replace(/^(\[?[\d.:a-f]+\]?):\d+ /, '$1:PORT ');
  s = s.replace(/^Connect from (\S+):\d+ /, 'Connect from $1:PORT ');
  // HTTP timers TR/Tw/Tc/Tr/Ta and TCP timers Tw/Tc/Tt.
  s = s.replace(/ (\+?-?\d+)\/(-?\d+)\/(-?\d+)\/(-?\d+)\/(\+?-?\d+) (\d{3}|-1|0) /, (_m, a, b, c, d, e, st) => ` ${[a, b, c, d, e].map(t).join('/')} ${st} `);
  s = s.replace(/\] (\S+) (\S+) (-?\d+)\/(-?\d+)\/(\+?-?\d+) /, (_m, fe, bs, a, b, c) => `] ${fe} ${bs} ${[a, b, c].map(t).join('/')} `);
  return s;
}

function t(v: string): string {
  return v === '-1' ? '-1' : 'T';
}

/** Field-by-field comparison result: the first differing field with both values, or undefined. */
export function firstDifference(a: string, b: string): string | undefined {
  const fa = a.split(' ');
  const fb = b.split(' ');
  for (let i = 0; i < Math.max(fa.length, fb.length); i++) {
    if (fa[i] !== fb[i]) return `field ${i + 1}: haproxy '${fa[i] ?? ''}' vs switchyard '${fb[i] ?? ''}'`;
  }
  return undefined;
}
