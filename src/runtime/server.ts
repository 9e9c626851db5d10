/** A server of a backend, built once from its `server` line. Holds its live counters and idle pool. */
import type { TrafficEvent } from '../check/observe.js';
import type { ServerModel } from '../config/model/server.js';
import type { LbServer } from '../lb/algorithm.js';
import { BE_WEIGHT_SCALE } from '../lb/constants.js';
import { dynamicMaxconn, slowstartRamp, slowstartScale, slowstartSeconds } from '../lb/limits.js';
import { PendQueue } from '../lb/queue.js';
import type { ServerConn } from './server-conn.js';
import type { HealthServer } from '../check/server-state.js';
import { Counters } from '../stats/counters.js';
import type { TlsOrigin } from '../net/tls-client.js';
import type { SampleExpr } from '../rules/expr.js';
import type { RuleContext } from '../rules/context.js';
import { toStr } from '../rules/sample.js';

/** A stream waiting for a connection slot (in a server's or a backend's queue). */
export interface QueueWaiter {
  /** A slot on `srv` is now reserved for this stream (srv.cur already counts it). */
  onSlot(srv: Server): void;
  /**
   * The stream was taken out of a DOWN server's queue (pendconn_redistribute()): choose a server
   * again, as a new request would.
   */
  requeue(): void;
}

/** What a server needs from its backend to compute its dynamic limit. */
export interface BackendLoadView {
  /** Streams in the backend (HAProxy's beconn). */
  readonly cur: number;
  /** `fullconn` (explicit or computed). */
  readonly fullconn: number;
}

export type ServerState = 'UP' | 'DOWN' | 'MAINT';

/**
 * Idle server connections kept by the whole process. HAProxy closes a connection instead of keeping
 * it idle once idle connections would pass `tune.pool-high-fd-ratio` (25%) of its socket budget;
 * `setIdleLimit` sets the same bound from the global maxconn.
 */
const idleBudget = { count: 0, limit: 2048 };

/** Bound the idle connections of the process: 25% of 2 sockets per connection of `maxconn`. */
export function setIdleLimit(maxconn: number): void {
  idleBudget.limit = Math.max(1, Math.floor((2 * maxconn * 25) / 100));
}

export class Server implements LbServer {
  readonly name: string;
  readonly backendName: string;
  /** Address family of the target: tcp host/port or a UNIX socket path. */
  readonly unixPath: string | undefined;
  host: string;
  port: number;
  /** Port is relative to (or, when 0 without offset, equal to) the port the client connected to. */
  readonly portOffset: boolean;
  /** User weight 0..256 (`weight`, `set server ... weight`). */
  weight: number;
  readonly backup: boolean;
  state: ServerState;
  /** HAProxy's puid: `id`, else the first free number (set by the backend). */
  id: number | undefined;
  /** `maxconn`/`minconn`; an agent's `maxconn:N` changes them at run time (setMaxconn()), as does the runtime API's `set maxconn server`. */
  maxconn: number;
  minconn: number;
  readonly maxqueue: number;
  /** Slow-start duration in whole seconds (0 = none). */
  readonly slowstart: number;
  /** When the server last came up (ms), for slow-start. */
  lastChange = 0;
  /** Streams waiting for a slot on this server. */
  readonly queue = new PendQueue<QueueWaiter>();
  /** The backend's load, for minconn/fullconn. */
  load: BackendLoadView | undefined;
  /** Counters kept for stats: connection retries and redispatches away from this server. */
  retries = 0;
  redispatches = 0;
  /** Passive health (`observe layer4|layer7`): what traffic saw, set when the server observes. */
  observe: ((ev: TrafficEvent) => void) | undefined = undefined;
  readonly sendProxy: 0 | 1 | 2;
  /** `proto h2`: HTTP/2 towards this server (src/runtime/h2-back.ts). */
  readonly h2: boolean;
  /** `ssl`: TLS towards this server (set by the runtime graph). */
  tls: TlsOrigin | undefined = undefined;
  /** `sni <expr>` compiled, and its value when it is a constant `str(...)`. */
  sniExpr: SampleExpr | undefined = undefined;
  sniConst: string | undefined = undefined;
  /** Connections currently open to this server (active streams). */
  cur = 0;
  /** Cumulated sessions. */
  total = 0;
  /** Stats counters (src/stats), and the server line they describe. */
  readonly counters = new Counters();
  readonly model: ServerModel;
  /** Its health-check state, when the check engine knows it (set by linkHealth). */
  health: HealthServer | undefined = undefined;
  /** Idle keep-alive connections ready for reuse (most recent last). */
  readonly idle: ServerConn[] = [];
  readonly maxIdle: number;
  /** `pool-purge-delay`: how often idle connections beyond recent use are closed. */
  readonly purgeDelay: number;

  constructor(m: ServerModel, backendName: string) {
    this.name = m.name;
    this.model = m;
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
    // As check_config_validity(): minconn alone becomes maxconn; maxconn alone sets minconn.
    const minc = s.minconn ?? 0;
    const maxc = s.maxconn ?? 0;
    this.maxconn = minc > maxc ? minc : maxc;
    this.minconn = minc > maxc || !minc ? this.maxconn : minc;
    this.maxqueue = s.maxqueue ?? 0;
    this.slowstart = s.slowstart ? slowstartSeconds(s.slowstart) : 0;
    this.id = m.id;
    this.sendProxy = s.sendProxyV2 ? 2 : s.sendProxy ? 1 : 0;
    this.h2 = s.proto === 'h2';
    this.maxIdle = s.poolMaxConn ?? -1;
    this.purgeDelay = s.poolPurgeDelay ?? 5000;
  }

  /** The SNI of a new connection to this server for the stream `rc` describes. */
  sniFor(rc: RuleContext | undefined): string | undefined {
    if (this.sniConst !== undefined) return this.sniConst;
    const e = this.sniExpr;
    if (e === undefined || rc === undefined) return undefined;
    const v = e.one(rc);
    return v === undefined ? undefined : toStr(v);
  }

  usable(): boolean {
    return this.state === 'UP';
  }

  /**
   * A new maxconn at run time (agent `maxconn:N`), as server_parse_maxconn_change_request(): a
   * static limit (minconn == maxconn, also both 0) stays static, a dynamic one keeps its minconn.
   */
  setMaxconn(v: number): void {
    if (this.maxconn === this.minconn) this.minconn = v;
    this.maxconn = v;
  }

  /** Streams waiting in this server's queue (HAProxy's nbpend). */
  get queued(): number {
    return this.queue.length;
  }

  /** Whole seconds since the server came up, -1 when it is not slow-starting. */
  private startingFor(): number {
    if (!this.slowstart || !this.lastChange) return -1;
    const t = Math.floor((Date.now() - this.lastChange) / 1000);
    return t < this.slowstart ? t : -1;
  }

  /** Weight scale out of 16: lower while slow-starting. */
  get weightScale(): number {
    const t = this.startingFor();
    return t < 0 ? BE_WEIGHT_SCALE : slowstartScale(t, this.slowstart);
  }

  /** srv_dynamic_maxconn(): the concurrency limit now (0 = none). */
  maxconnNow(): number {
    if (!this.maxconn) return 0;
    const t = this.startingFor();
    const load = this.load;
    return dynamicMaxconn(
      this.maxconn,
      this.minconn,
      load ? load.cur : 0,
      load ? load.fullconn : 0,
      t < 0 ? 100 : slowstartRamp(t, this.slowstart),
    );
  }

  /** A slot frees for a queued stream (no maxconn, or below the limit). */
  hasFreeSlot(): boolean {
    return !this.maxconn || this.cur < this.maxconnNow();
  }

  /** The port to connect to for a client that reached us on `localPort`. */
  portFor(localPort: number): number {
    if (this.portOffset) return localPort + this.port;
    return this.port === 0 ? localPort : this.port;
  }

  /** Take an idle connection (most recently used first); undefined when none. */
  takeIdle(): ServerConn | undefined {
    const c = this.idle.pop();
    if (c) idleBudget.count--;
    return c;
  }

  /**
   * Park an idle connection. `bounded` (the client session is over) keeps it only while idle plus
   * used connections stay within the estimated need, as HAProxy's srv_add_to_idle_list(); a
   * connection a keep-alive client will reuse is kept regardless (HAProxy's session list).
   */
  putIdle(c: ServerConn, bounded = true): boolean {
    if (this.maxIdle === 0) return false;
    if (this.maxIdle > 0 && this.idle.length >= this.maxIdle) return false;
    if (idleBudget.count >= idleBudget.limit) return false;
    if (bounded && this.idle.length + this.cur >= Math.max(this.peakUsed, this.estNeed)) return false;
    this.idle.push(c);
    idleBudget.count++;
    return true;
  }

  removeIdle(c: ServerConn): void {
    const i = this.idle.lastIndexOf(c);
    if (i >= 0) {
      const last = this.idle.pop()!;
      if (i < this.idle.length) this.idle[i] = last;
      idleBudget.count--;
    }
  }

  closeIdle(): void {
    const list = this.idle.splice(0);
    idleBudget.count -= list.length;
    for (const c of list) c.destroy();
  }

  /** Most streams using the server at once since the last purge (HAProxy's max_used_conns). */
  private peakUsed = 0;
  /** Connections the server is expected to need, from past peaks (HAProxy's est_need_conns). */
  private estNeed = 0;
  private lastPurge = Date.now();

  /** Connections the server is expected to need (stats need_conn_est). */
  get neededConns(): number {
    return this.estNeed;
  }

  /** Called when a stream takes the server. */
  noteUse(): void {
    if (this.cur > this.peakUsed) this.peakUsed = this.cur;
  }

  /**
   * HAProxy's idle-connection purge: every `pool-purge-delay` (5 s by default), idle connections
   * beyond the recent peak of simultaneous use are closed, oldest first; the peak starts over.
   */
  purgeIdle(now: number): void {
    if (now - this.lastPurge < this.purgeDelay) return;
    this.lastPurge = now;
    this.estNeed = this.estNeed < this.peakUsed ? this.peakUsed : Math.floor((this.estNeed + this.peakUsed) / 2);
    const excess = this.idle.length - this.peakUsed;
    if (excess > 0) {
      const victims = this.idle.splice(0, excess);
      idleBudget.count -= victims.length;
      for (const c of victims) c.destroy();
    }
    this.peakUsed = this.cur;
  }
}
