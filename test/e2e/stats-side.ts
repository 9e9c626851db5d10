/**
 * Stats e2e helpers: one configuration run under Switchyard or HAProxy 2.6, the same traffic sent
 * to each, and their `;csv` parsed into rows keyed by "pxname/svname".
 */
import { request } from 'node:http';
import { connect } from 'node:net';
import { delay, startProxy } from './harness.js';
import { startHaproxy } from './lb-side.js';

export type Engine = 'switchyard' | 'haproxy';

export interface Running {
  stop(): Promise<void>;
  output(): string;
}

export async function startEngine(engine: Engine, cfg: string, port: number): Promise<Running> {
  if (engine === 'haproxy') return startHaproxy(cfg, port);
  const p = await startProxy(cfg, [port], ['-db']);
  return { output: p.output, stop: async () => void (await p.stop()) };
}

export interface HttpResult {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** One HTTP/1.1 request on a fresh connection (bounded by 5 s). */
export function get(port: number, path: string, o: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<HttpResult> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method: o.method ?? 'GET', headers: { connection: 'close', ...o.headers }, timeout: 5000 }, (res) => {
      let body = '';
      res.setEncoding('latin1');
      res.on('data', (d: string) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    if (o.body !== undefined) req.write(o.body);
    req.end();
  });
}

/** Raw bytes on one connection; resolves with what came back once the peer closes (or after `ms`). */
export function rawExchange(port: number, data: string, ms = 2000): Promise<string> {
  return new Promise((resolve) => {
    const s = connect(port, '127.0.0.1');
    let out = '';
    const t = setTimeout(() => s.destroy(), ms);
    s.on('connect', () => s.write(data));
    s.on('data', (d) => (out += d.toString('latin1')));
    s.on('close', () => {
      clearTimeout(t);
      resolve(out);
    });
    s.on('error', () => undefined);
  });
}

export type CsvRows = Map<string, Record<string, string>>;

export function parseCsv(text: string): { header: string[]; rows: CsvRows } {
  const lines = text.split('\n').filter((l) => l !== '');
  const header = lines[0]!.replace(/^# /, '').replace(/,$/, '').split(',');
  const rows: CsvRows = new Map();
  for (const l of lines.slice(1)) {
    const cells: string[] = [];
    let cur = '';
    let q = false;
    for (let i = 0; i < l.length; i++) {
      const c = l[i]!;
      if (q) {
        if (c === '"' && l[i + 1] === '"') {
          cur += '"';
          i++;
        } else if (c === '"') q = false;
        else cur += c;
      } else if (c === '"') q = true;
      else if (c === ',') {
        cells.push(cur);
        cur = '';
      } else cur += c;
    }
    const rec: Record<string, string> = {};
    header.forEach((h, i) => (rec[h] = cells[i] ?? ''));
    rows.set(`${rec['pxname']}/${rec['svname']}`, rec);
  }
  return { header, rows };
}

export { delay };
