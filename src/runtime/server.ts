/** A server of a backend, built once from its `server` line. Holds its live counters and idle pool. */
import type { ServerModel } from '../config/model/server.js';
import type { LbServer } from '../lb/algorithm.js';
import type { ServerConn } from './server-conn.js';

export type ServerState = 'UP' | 'DOWN' | 'MAINT';

export class Server implements LbServer {
  readonly name: string;
  readonly backendName: string;
  /** Address family of the target: tcp host/port or a UNIX socket path. */
  readonly unixPath: string | undefined;
  host: string;
  readonly port: number;
  /** Port is relative to (or, when 0 without offset, equal to) the port the client connected to. */
  readonly portOffset: boolean;
  weight: number;
  readonly backup: boolean;
  state: ServerState;
  readonly maxconn: number;
  readonly sendProxy: 0 | 1 | 2;
  /** Connections currently open to this server (active streams). */
  cur = 0;
  /** Cumulated sessions. */
  total = 0;
  /** Idle keep-alive connections ready for reuse (most recent last). */
  readonly idle: ServerConn[] = [];
  readonly maxIdle: number;

  constructor(m: ServerModel, backendName: string) {
    this.name = m.name;
    this.backendName = backendName;
    const a = m.address;
    this.unixPath = a.family === 'unix' ? a.host : undefined;
    this.host = a.family === 'ipv6' && a.host === '' ? '::1' : a.host || '127.0.0.1';
    this.port = a.port;
    this.portOffset = a.portOffset === true;
    const s = m.settings;
    this.weight = s.weight ?? 1;
    this.backup = s.backup === true;
    this.state = s.disabled ? 'MAINT' : 'UP';
    this.maxconn = s.maxconn ?? 0;
    this.sendProxy = s.sendProxyV2 ? 2 : s.sendProxy ? 1 : 0;
    this.maxIdle = s.poolMaxConn ?? -1;
  }

  usable(): boolean {
    return this.state === 'UP';
  }

  /** The port to connect to for a client that reached us on `localPort`. */
  portFor(localPort: number): number {
    if (this.portOffset) return localPort + this.port;
    return this.port === 0 ? localPort : this.port;
  }

  /** Take an idle connection (most recently used first); undefined when none. */
  takeIdle(): ServerConn | undefined {
    return this.idle.pop();
  }

  putIdle(c: ServerConn): boolean {
    if (this.maxIdle === 0) return false;
    if (this.maxIdle > 0 && this.idle.length >= this.maxIdle) return false;
    this.idle.push(c);
    return true;
  }

  removeIdle(c: ServerConn): void {
    const i = this.idle.lastIndexOf(c);
    if (i >= 0) {
      const last = this.idle.pop()!;
      if (i < this.idle.length) this.idle[i] = last;
    }
  }

  closeIdle(): void {
    const list = this.idle.splice(0);
    for (const c of list) c.destroy();
  }
}
