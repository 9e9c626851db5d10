/**
 * The rule corpus runner: every case is one frontend (its own port) with its own backend, all in
 * ONE configuration served by ONE bin/switchyard and ONE HAProxy 2.6 process. Each request of a
 * case goes to both; the responses must be byte-identical (Date aside). Cases run a few at a time,
 * their requests in order (stick-table counters depend on it).
 *
 * In a case's text, `$A` and `$B` are the addresses of two echo servers (named a and b), `$T` of a
 * tcp echo server, and `$DIR` a directory holding the corpus files (maps, ACL lists).
 */
import assert from 'node:assert/strict';
import { createServer as createHttpServer, type IncomingMessage, type Server as HttpServer, type ServerResponse } from 'node:http';
import { connect, createServer, type AddressInfo, type Server as NetServer } from 'node:net';
import { freePorts } from './harness.js';
import { hasHaproxy, normalize, startHaproxy, startSwitchyard, type Runner } from './rules-harness.js';

export interface Req {
  /** Raw bytes to send (latin1). */
  readonly send: string;
  /** Client source address (127.0.0.x). */
  readonly from?: string;
  /** Wait this long (ms) before sending. */
  readonly after?: number;
  /** The expected status (checked on both, besides the byte comparison); 0 = closed without a reply. */
  readonly status?: number;
  /** A substring the response must contain. */
  readonly has?: string;
  /** The exact response (tcp mode). */
  readonly exact?: string;
}

export interface CorpusCase {
  readonly name: string;
  /** `http` (default) or `tcp`. */
  readonly mode?: 'http' | 'tcp';
  /** Lines of the frontend after `bind` (indentation free). */
  readonly fe?: string;
  /** Lines of the case's own backend after its server line (optional). */
  readonly be?: string;
  /** The backend's server lines; default `server s1 $A`. */
  readonly servers?: string;
  /** Extra top-level sections (userlist, http-errors, backends named `<case>_x`). */
  readonly extra?: string;
  readonly reqs: ReadonlyArray<Req | string>;
}

/** GET `path` with headers, Connection: close. */
export function get(path: string, headers: Record<string, string> = {}, host = 'www.example.com', method = 'GET'): string {
  let h = `${method} ${path} HTTP/1.1\r\nHost: ${host}\r\n`;
  for (const [k, v] of Object.entries(headers)) h += `${k}: ${v}\r\n`;
  return `${h}Connection: close\r\n\r\n`;
}

/** POST `body` to `path`. */
export function post(path: string, body: string, headers: Record<string, string> = {}): string {
  let h = `POST ${path} HTTP/1.1\r\nHost: www.example.com\r\nContent-Length: ${Buffer.byteLength(body, 'latin1')}\r\n`;
  for (const [k, v] of Object.entries(headers)) h += `${k}: ${v}\r\n`;
  return `${h}Connection: close\r\n\r\n${body}`;
}

/**
 * An echo server: answers JSON {be, method, url, headers, body}. Path parts steer the answer:
 * `/st/NNN` sets the status, `/cookie` adds a Set-Cookie, `/big` sends a 2 kB body.
 */
function echo(name: string): Promise<{ port: number; close(): Promise<void> }> {
  return new Promise((resolve) => {
    const server: HttpServer = createHttpServer((req: IncomingMessage, res: ServerResponse) => {
      const chunks: Buffer[] = [];
      req.on('data', (d: Buffer) => chunks.push(d));
      req.on('end', () => {
        const url = req.url ?? '';
        const st = /\/st\/(\d{3})/.exec(url);
        const body = JSON.stringify({
          be: name,
          method: req.method,
          url,
          headers: req.rawHeaders,
          body: Buffer.concat(chunks).toString('latin1'),
          pad: url.includes('/big') ? 'x'.repeat(2048) : undefined,
        });
        res.statusCode = st ? Number(st[1]) : 200;
        res.setHeader('content-type', 'application/json');
        res.setHeader('x-srv', name);
        if (url.includes('/cookie')) res.setHeader('set-cookie', `sid=${name}42; path=/`);
        res.setHeader('content-length', Buffer.byteLength(body));
        res.end(body);
      });
    });
    server.keepAliveTimeout = 10_000;
    server.listen(0, '127.0.0.1', () =>
      resolve({
        port: (server.address() as AddressInfo).port,
        close: () =>
          new Promise((r) => {
            server.closeAllConnections();
            server.close(() => r());
          }),
      }),
    );
  });
}

/** A tcp server that answers `tcp:` and the first bytes it got, then closes. */
function tcpEcho(): Promise<NetServer> {
  return new Promise((resolve) => {
    const s = createServer((c) => {
      c.on('error', () => undefined);
      c.once('data', (d: Buffer) => c.end(`tcp:${d.subarray(0, 64).toString('latin1')}`));
    });
    s.listen(0, '127.0.0.1', () => resolve(s));
  });
}

/** One exchange: the response (latin1) once complete by content-length, closed, or after `ms`. */
export function exchange(port: number, r: Req): Promise<string> {
  return new Promise((resolve) => {
    const s = connect({ port, host: '127.0.0.1', localAddress: r.from });
    let data = '';
    let done = false;
    const finish = (): void => {
      if (done) return;
      done = true;
      clearTimeout(t);
      s.destroy();
      resolve(data);
    };
    const t = setTimeout(finish, 2500);
    s.on('data', (d: Buffer) => {
      data += d.toString('latin1');
      if (complete(data)) finish();
    });
    s.on('error', finish);
    s.on('close', finish);
    s.on('connect', () => s.write(Buffer.from(r.send, 'latin1')));
  });
}

function complete(data: string): boolean {
  if (!data.startsWith('HTTP/')) return false;
  const end = data.indexOf('\r\n\r\n');
  if (end < 0) return false;
  const m = /\r\ncontent-length: *(\d+)/i.exec(data.slice(0, end + 2));
  if (!m) return false;
  return data.length >= end + 4 + Number(m[1]);
}

function statusOf(resp: string): number {
  const m = /^HTTP\/1\.[01] (\d{3})/.exec(resp);
  return m ? Number(m[1]) : 0;
}

export function configOf(cases: readonly CorpusCase[], ports: readonly number[], env: Record<string, string>): string {
  let id = '';
  const sub = (s: string): string => s.replace(/\$ID/g, id).replace(/\$([ABT]|DIR)\b/g, (_m, k: string) => env[k]!);
  const ind = (s: string | undefined): string =>
    (s ?? '')
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l.length > 0)
      .map((l) => `    ${sub(l)}\n`)
      .join('');
  let out = `global
    tune.bufsize 16384
defaults
    mode http
    timeout connect 2s
    timeout client 5s
    timeout server 5s
    timeout tarpit 100ms
    timeout http-request 2s
`;
  cases.forEach((c, i) => {
    id = `c${i}`;
    out += `frontend ${id}\n    mode ${c.mode ?? 'http'}\n    bind 127.0.0.1:${ports[i]}\n${ind(c.fe)}    default_backend ${id}_be\n`;
    out += `backend ${id}_be\n    mode ${c.mode ?? 'http'}\n${ind(c.servers ?? (c.mode === 'tcp' ? 'server s1 $T' : 'server s1 $A'))}${ind(c.be)}`;
    if (c.extra) out += topLevel(sub(c.extra));
  });
  return out;
}

const SECTION = /^(userlist|backend|frontend|listen|http-errors|peers|resolvers)\b/;

/** Extra sections: section lines flush left, the others indented. */
function topLevel(text: string): string {
  let out = '';
  for (const raw of text.split('\n')) {
    const l = raw.trim();
    if (!l) continue;
    out += SECTION.test(l) ? `${l}\n` : `    ${l}\n`;
  }
  return out;
}

export interface CorpusResult {
  readonly compared: boolean;
  readonly requests: number;
}

/** Run the corpus; throws with every divergence listed. */
export async function runCorpus(cases: readonly CorpusCase[], dir: string, log: (m: string) => void): Promise<CorpusResult> {
  const a = await echo('a');
  const b = await echo('b');
  const t = await tcpEcho();
  const env = { A: `127.0.0.1:${a.port}`, B: `127.0.0.1:${b.port}`, T: `127.0.0.1:${(t.address() as AddressInfo).port}`, DIR: dir };
  let syPorts: number[] = [];
  let hapPorts: number[] = [];
  let sy: Runner | undefined;
  let hap: Runner | undefined;
  let requests = 0;
  const failures: string[] = [];
  try {
    // Hundreds of ports drawn at random: another test may take one meanwhile; then draw again (bounded).
    for (let attempt = 1; ; attempt++) {
      const ports = await freePorts(cases.length * 2);
      syPorts = ports.slice(0, cases.length);
      hapPorts = ports.slice(cases.length);
      try {
        sy = await startSwitchyard(() => configOf(cases, syPorts, env), syPorts[syPorts.length - 1]!);
        if (hasHaproxy()) hap = await startHaproxy(() => configOf(cases, hapPorts, env), hapPorts[hapPorts.length - 1]!);
        const bad = /cannot bind|Some protocols failed/;
        // (No probe connections: they would count in the stick tables.) A failed bind is reported at once.
        await new Promise((r) => setTimeout(r, 200));
        if (!bad.test(sy.output()) && !bad.test(hap?.output() ?? '')) break;
        throw new Error(`a port was taken:\n${sy.output()}\n${hap?.output() ?? ''}`);
      } catch (e) {
        if (sy) await sy.stop();
        if (hap) await hap.stop();
        sy = undefined;
        hap = undefined;
        if (attempt >= 3) throw e;
      }
    }
    if (!hap) log('haproxy is not installed: checking Switchyard alone, without the side-by-side comparison');
    let next = 0;
    const worker = async (): Promise<void> => {
      for (;;) {
        const i = next++;
        if (i >= cases.length) return;
        const c = cases[i]!;
        for (let k = 0; k < c.reqs.length; k++) {
          const raw = c.reqs[k]!;
          const r: Req = typeof raw === 'string' ? { send: raw } : raw;
          if (r.after) await new Promise((res) => setTimeout(res, r.after));
          const [got, ref] = await Promise.all([exchange(syPorts[i]!, r), hap ? exchange(hapPorts[i]!, r) : Promise.resolve(undefined)]);
          requests++;
          const where = `[${c.name}] request ${k + 1}`;
          if (ref !== undefined && normalize(got) !== normalize(ref)) {
            failures.push(`${where}: Switchyard and HAProxy differ\n--- switchyard:\n${got}\n--- haproxy:\n${ref}`);
            continue;
          }
          if (r.status !== undefined && statusOf(got) !== r.status) failures.push(`${where}: status ${statusOf(got)}, expected ${r.status}\n${got}`);
          if (r.has !== undefined && !got.includes(r.has)) failures.push(`${where}: no '${r.has}' in\n${got}`);
          if (r.exact !== undefined && got !== r.exact) failures.push(`${where}: got '${got}', expected '${r.exact}'`);
        }
      }
    };
    await Promise.all(Array.from({ length: 6 }, worker));
  } finally {
    if (sy) await sy.stop();
    if (hap) await hap.stop();
    await a.close();
    await b.close();
    await new Promise((r) => t.close(() => r(undefined)));
  }
  if (failures.length > 0) {
    assert.fail(`${failures.length} divergence(s):\n\n${failures.join('\n\n')}\n--- switchyard output:\n${sy?.output() ?? ''}`);
  }
  return { compared: hap !== undefined, requests };
}
