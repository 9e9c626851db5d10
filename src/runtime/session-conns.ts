/**
 * The idle server connections one client session keeps for itself: HAProxy's session list
 * (sess->srv_list). Private connections — `http-reuse never`, or carrying the client's PROXY
 * header — are never shared with another session; the session keeps at most
 * `max-session-srv-conns` (10 by default) of them idle, typically one per server it used, so a
 * keep-alive client alternating between servers reuses each one (session_check_idle_conn()).
 */
import type { Server } from './server.js';
import type { ServerConn } from './server-conn.js';

/** HAProxy's MAX_SRV_LIST, the default of `max-session-srv-conns`. */
export const DEFAULT_MAX_SESSION_SRV_CONNS = 10;

export class SessionConns {
  private readonly list: ServerConn[] = [];
  constructor(private readonly max: number) {}

  /** An idle connection of this session to `srv`, taken out of the list; undefined when none. */
  take(srv: Server): ServerConn | undefined {
    const list = this.list;
    for (let i = list.length - 1; i >= 0; i--) {
      const c = list[i]!;
      if (c.srv !== srv) continue;
      list.splice(i, 1);
      if (!c.closed && !c.socket.destroyed) return c;
    }
    return undefined;
  }

  /** Keep an idle private connection; closed instead when the session already keeps `max`. */
  keep(c: ServerConn): void {
    c.owner = undefined;
    if (this.list.length >= this.max) {
      c.destroy();
      return;
    }
    this.list.push(c);
  }

  /** The connection closed or is gone: forget it. */
  forget(c: ServerConn): void {
    const i = this.list.indexOf(c);
    if (i >= 0) this.list.splice(i, 1);
  }

  /** The session ends: its private connections go with it. */
  closeAll(): void {
    for (const c of this.list.splice(0)) c.destroy();
  }
}
