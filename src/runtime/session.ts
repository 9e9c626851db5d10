/** What the process keeps about every live client connection, for soft and hard stops and the runtime API. */
import type { Backend } from './backend.js';
import type { Frontend } from './frontend.js';
import type { Server } from './server.js';

/** What `show sess` and `shutdown sessions server` need to know about a session. */
export interface SessionView {
  readonly frontend: Frontend;
  readonly backend: Backend | undefined;
  readonly server: Server | undefined;
  readonly srcAddr: string | undefined;
  readonly srcPort: number | undefined;
  readonly proto: 'tcpv4' | 'tcpv6' | 'unix_stream';
}

/** What `show sess` shows of a session: its proxies, server and client address. */
export function sessionView(
  frontend: Frontend,
  backend: Backend | undefined,
  server: Server | undefined,
  addrs: { readonly srcAddr?: string; readonly srcPort?: number },
): SessionView {
  const a = addrs.srcAddr;
  const proto = a === undefined ? 'unix_stream' : a.includes(':') && !a.startsWith('::ffff:') ? 'tcpv6' : 'tcpv4';
  return { frontend, backend, server, srcAddr: a, srcPort: addrs.srcPort, proto };
}

export interface Session {
  /** Soft stop: finish the current exchange, then close (idle ones close now). */
  softStop(): void;
  /** Hard stop: close everything now. */
  kill(): void;
  /** Where the session is now (runtime API). */
  view?(): SessionView;
  /**
   * HAProxy's srv_shutdown_streams(): end the stream now when it uses `srv` (connecting or
   * connected), with termination cause D (`on-marked-down shutdown-sessions`) or U
   * (`on-marked-up shutdown-backup-sessions`).
   */
  shutdownOn(srv: Server, cause: 'D' | 'U'): void;
}

/** Live sessions; the process may exit once this is empty during a soft stop. */
export class SessionSet {
  private readonly live = new Map<Session, { id: number; since: number }>();
  private nextId = 1;
  onEmpty: (() => void) | undefined;

  add(s: Session): void {
    this.live.set(s, { id: this.nextId++, since: Date.now() });
  }

  delete(s: Session): void {
    this.live.delete(s);
    if (this.live.size === 0 && this.onEmpty) this.onEmpty();
  }

  get size(): number {
    return this.live.size;
  }

  forEach(f: (s: Session) => void): void {
    for (const s of [...this.live.keys()]) f(s);
  }

  /** Each session with its process-unique number and accept time (runtime API `show sess`). */
  entries(): Array<{ session: Session; id: number; since: number }> {
    return [...this.live].map(([session, m]) => ({ session, id: m.id, since: m.since }));
  }
}
