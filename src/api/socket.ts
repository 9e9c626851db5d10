/**
 * The stats sockets (`stats socket <path|ipv4@addr:port> [level ...] [mode ...] [uid/gid ...]`):
 * listeners for HAProxy's CLI, and one CliSession per connection. As HAProxy's cli_io_handler():
 * commands end with a line feed or an unescaped `;`; each reply is followed by a line feed, or by
 * "\n> " in interactive mode (`prompt`); without `prompt` the connection closes once the commands
 * already received are answered. `stats timeout` (default 10s) closes idle connections,
 * `stats maxconn` (default 10) bounds how many are served at once (the others wait).
 */
import { chmodSync, chownSync, lstatSync, unlinkSync } from 'node:fs';
import { createServer, type Server as NetServer, type Socket } from 'node:net';
import type { StatsSocketModel } from '../config/model/global.js';
import type { CliConn } from './cli.js';
import { runCommand } from './commands.js';
import type { ApiContext, Level } from './context.js';
import { nextCommand, splitWords } from './words.js';

/** A command line ending with this takes the following lines, up to an empty one, as its payload. */
const PAYLOAD_PATTERN = '<<';

/** Requests longer than HAProxy's buffer (tune.bufsize) end the connection. */
const MAX_REQUEST = 16384;

class CliSession implements CliConn {
  level: Level;
  readonly id: number;
  readonly since = Date.now();
  readonly peer: string;
  private prompt = false;
  private buf = '';
  private ended = false;

  constructor(
    private readonly sock: Socket,
    private readonly api: ApiContext,
    level: Level,
    timeout: number,
    id: number,
    private readonly done: () => void,
  ) {
    this.level = level;
    this.id = id;
    this.peer = sock.remoteAddress ? `${sock.remoteAddress}:${sock.remotePort}` : `unix:${id}`;
    sock.setEncoding('latin1');
    sock.setTimeout(timeout);
    sock.on('data', (d: string) => this.onData(d));
    sock.on('end', () => this.onEnd());
    sock.on('timeout', () => this.close());
    sock.on('error', () => this.close());
    sock.on('close', () => this.finish());
  }

  setTimeout(ms: number): void {
    this.sock.setTimeout(ms);
  }

  private onData(d: string): void {
    if (this.ended) return;
    this.buf += d;
    this.process();
    if (!this.ended && this.buf.length > MAX_REQUEST) this.close();
  }

  private process(): void {
    let out = '';
    let guard = 0;
    while (!this.ended && guard++ < 10000) {
      const c = nextCommand(this.buf);
      if (!c) break;
      let text = c.text;
      let payload: string | undefined;
      let used = c.used;
      if (this.buf.charCodeAt(c.used - 1) === 10 && text.endsWith(PAYLOAD_PATTERN)) {
        // HAProxy's payload mode: the lines that follow, up to an empty line, go with the command.
        const rest = this.buf.slice(c.used);
        const end = rest.startsWith('\n') ? 0 : rest.indexOf('\n\n');
        if (end < 0) break;
        payload = end === 0 ? '' : rest.slice(0, end + 1);
        used += end === 0 ? 1 : end + 2;
        text = text.slice(0, -PAYLOAD_PATTERN.length);
      }
      this.buf = this.buf.slice(used);
      const r = runCommand(splitWords(text), this, this.api, payload);
      if (r.quit) {
        this.end(out);
        return;
      }
      if (r.togglePrompt) this.prompt = !this.prompt;
      out += r.text + (this.prompt ? '\n> ' : '\n');
      if (!this.prompt && this.buf.length === 0) {
        this.end(out);
        return;
      }
    }
    if (out) this.sock.write(out);
  }

  /** The client finished sending: an incomplete last line is dropped, as HAProxy does. */
  private onEnd(): void {
    if (this.ended) return;
    this.end('');
  }

  private end(out: string): void {
    this.ended = true;
    this.sock.end(out);
  }

  private close(): void {
    this.ended = true;
    this.sock.destroy();
  }

  private finish(): void {
    this.ended = true;
    this.done();
  }
}

export interface StatsListener {
  readonly server: NetServer;
  close(): void;
}

function removeStale(path: string): void {
  try {
    if (lstatSync(path).isSocket()) unlinkSync(path);
  } catch {
    /* absent */
  }
}

/** Where a `stats socket` address listens: a UNIX path, or a TCP host and port. */
export function socketTarget(address: string): { path: string } | { host: string; port: number } {
  const a = address.replace(/^unix@/, '');
  if (a.startsWith('/') || a.startsWith('./') || !/:\d+$/.test(a)) return { path: a };
  const rest = a.replace(/^(ipv4|ipv6|tcp|tcp4|tcp6)@/, '');
  const c = rest.lastIndexOf(':');
  const host = rest.slice(0, c).replace(/^\[(.*)\]$/, '$1');
  return { host: host === '' || host === '*' ? '0.0.0.0' : host, port: Number(rest.slice(c + 1)) };
}

let nextCliId = 1;

/** Open one stats socket; resolves with an error text (HAProxy's wording) or the listener. */
export function openStatsSocket(m: StatsSocketModel, api: ApiContext): Promise<StatsListener | string> {
  const timeout = api.cfg.global.statsTimeout ?? 10_000;
  const maxconn = api.cfg.global.statsMaxconn ?? 10;
  const level: Level = m.level ?? 'operator';
  let active = 0;
  const waiting: Socket[] = [];
  const admit = (sock: Socket): void => {
    active++;
    sock.resume();
    new CliSession(sock, api, level, timeout, nextCliId++, () => {
      active--;
      while (active < maxconn && waiting.length > 0) {
        const w = waiting.shift()!;
        if (!w.destroyed) admit(w);
      }
    });
  };
  const server = createServer({ pauseOnConnect: true }, (sock) => {
    sock.on('error', () => undefined);
    if (active >= maxconn) waiting.push(sock);
    else admit(sock);
  });
  const t = socketTarget(m.address);
  return new Promise((resolve) => {
    server.once('error', (e: NodeJS.ErrnoException) => {
      const what = 'path' in t ? `UNIX socket (${e.code === 'EADDRINUSE' ? 'Address already in use' : e.message})` : `socket (${e.code === 'EADDRINUSE' ? 'Address already in use' : e.message})`;
      resolve(`Starting proxy GLOBAL: cannot bind ${what} [${m.address}]`);
    });
    const ready = (): void => {
      server.on('error', () => undefined);
      if ('path' in t) {
        try {
          if (m.mode !== undefined) chmodSync(t.path, m.mode);
          if (m.uid !== undefined || m.gid !== undefined) chownSync(t.path, m.uid ?? -1, m.gid ?? -1);
        } catch (e) {
          server.close();
          resolve(`Starting proxy GLOBAL: cannot change UNIX socket ownership [${m.address}]`);
          return;
        }
      }
      resolve({
        server,
        close() {
          server.close();
          for (const w of waiting.splice(0)) w.destroy();
          // The path stays, as HAProxy leaves it: a new process may already have bound it.
        },
      });
    };
    if ('path' in t) {
      removeStale(t.path);
      server.listen(t.path, ready);
    } else server.listen(t.port, t.host, ready);
  });
}
