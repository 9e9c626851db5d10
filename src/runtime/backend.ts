/** A backend (or the backend half of a `listen`): its servers, algorithm, queue and server-side settings. */
import type { ProxyModel } from '../config/model/proxy.js';
import { assign, QUEUE_FULL, SERVER_QUEUE, USE_SERVER, type AssignOut, type AssignResult } from '../lb/assign.js';
import { createAlgorithm, type LbAlgorithm, type LbContext } from '../lb/index.js';
import { nextPending, PendQueue, type Pending } from '../lb/queue.js';
import { RetryOn } from '../lb/retry-on.js';
import { lbKind, shouldRedispatch, turnAround, type LbKind } from '../lb/redispatch.js';
import { assignServerIds } from '../lb/server-ids.js';
import { lbSpecOf } from '../lb/spec.js';
import type { ProxyRules, Switcher } from '../rules/proxy-rules.js';
import type { RuleContext } from '../rules/context.js';
import type { SampleExpr } from '../rules/expr.js';
import { compileHashExpr, hashKey } from './hash-expr.js';
import { forwardFor, httpConnMode, type ForwardFor, type HttpConnMode } from './http-options.js';
import { Server, type QueueWaiter, type ServerState } from './server.js';
import { Counters } from '../stats/counters.js';
import type { StatsService } from '../stats/page/service.js';

export type HttpReuse = 'never' | 'safe' | 'aggressive' | 'always';

export class Backend {
  readonly name: string;
  readonly mode: 'tcp' | 'http';
  readonly servers: Server[];
  /** Rebuilt when the runtime API adds or deletes a server. */
  lb: LbAlgorithm<Server>;
  readonly lbKind: LbKind;
  readonly timeoutConnect: number;
  readonly timeoutServer: number;
  readonly timeoutServerFin: number;
  readonly timeoutTunnel: number;
  /** `timeout queue`, defaulting to `timeout connect` as HAProxy. */
  readonly timeoutQueue: number;
  readonly retries: number;
  /** `retry-on`: which failures are retried. */
  readonly retryOn: RetryOn;
  readonly redispatch: boolean;
  /** `option abortonclose`: a queued request whose client closed is dropped. */
  readonly abortOnClose: boolean;
  /** `option redispatch <N>`: -1 = the last retry. */
  readonly redispatchAfter: number;
  readonly httpReuse: HttpReuse;
  readonly connMode: HttpConnMode;
  readonly forwardFor: ForwardFor | undefined;
  /** `balance hash <expr>`, compiled. */
  readonly hashExpr: SampleExpr | undefined;
  /** `option allbackups`. */
  readonly allBackups: boolean;
  /** This proxy's compiled rules (set by RuntimeGraph). */
  rules: ProxyRules | undefined;
  /** `fullconn`; set from the frontends when not configured (RuntimeGraph). */
  fullconn: number;
  readonly fullconnSet: boolean;
  /** Streams waiting for any server (all saturated). */
  readonly queue = new PendQueue<QueueWaiter>();
  /** Cumulated streams. */
  total = 0;
  cur = 0;
  /** Stats counters (src/stats). */
  readonly counters = new Counters();
  /** The statistics page when this backend has `stats enable|uri ...`. */
  stats: StatsService | undefined = undefined;
  /** Counters kept for stats. */
  retriesCount = 0;
  redispatchCount = 0;
  private readonly out: AssignOut<Server> = { server: undefined };
  private readonly lbSpec: ReturnType<typeof lbSpecOf>;
  private warmup: NodeJS.Timeout | undefined;

  constructor(m: ProxyModel) {
    this.name = m.name;
    this.mode = m.mode === 'http' ? 'http' : 'tcp';
    this.servers = m.servers.map((s) => new Server(s, m.name));
    const ids = assignServerIds(this.servers.map((s) => s.id));
    this.servers.forEach((s, i) => {
      s.id = ids[i];
      s.load = this;
    });
    this.lbSpec = lbSpecOf(m);
    this.lb = createAlgorithm(this.lbSpec, this.servers);
    this.lbKind = lbKind(this.lb.name);
    this.hashExpr = compileHashExpr(m);
    this.allBackups = m.options['allbackups']?.enabled === true;
    const t = m.timeouts;
    this.timeoutConnect = t.connect ?? 0;
    this.timeoutServer = t.server ?? 0;
    this.timeoutServerFin = t['server-fin'] ?? 0;
    this.timeoutTunnel = t.tunnel ?? 0;
    this.timeoutQueue = t.queue ?? this.timeoutConnect;
    this.retries = m.retries ?? 3;
    this.retryOn = new RetryOn(m.retryOn);
    const rd = m.options['redispatch'];
    this.redispatch = rd?.enabled === true;
    this.abortOnClose = m.options['abortonclose']?.enabled === true;
    const after = rd?.params?.['after'];
    this.redispatchAfter = typeof after === 'number' ? after : -1;
    this.httpReuse = m.httpReuse ?? 'safe';
    this.connMode = httpConnMode(m);
    this.forwardFor = forwardFor(m);
    this.fullconnSet = m.fullconn !== undefined && m.fullconn > 0;
    this.fullconn = this.fullconnSet ? m.fullconn! : 0;
  }

  /**
   * Choose a server for a stream (HAProxy's assign_server_and_queue()). On USE_SERVER the slot is
   * taken (server `cur` counted); on SERVER_QUEUE / BACKEND_QUEUE the stream waits in `pending`
   * until `w.onSlot()` (the caller arms `timeout queue` and calls leaveQueue() on abort). The
   * server and queue entry are left in `assigned` / `pending` (no object per request).
   */
  assign(ctx: LbContext | undefined, w: QueueWaiter, avoid?: Server): AssignResult {
    const out = this.out;
    this.load.queued = this.queue.length;
    this.load.beconn = this.cur;
    const r = assign(this.lb, ctx, this.load, out, avoid);
    const srv = out.server;
    this.assigned = srv;
    this.pending = undefined;
    if (r === 0) this.take(srv!);
    else if (r === 1) {
      this.pending = srv!.queue.push(w);
      if (srv!.queue.length > srv!.counters.queueMax) srv!.counters.queueMax = srv!.queue.length;
    } else if (r === 2) {
      this.pending = this.queue.push(w);
      if (this.queue.length > this.counters.queueMax) this.counters.queueMax = this.queue.length;
    }
    return r;
  }

  /**
   * `use-server` rules (HAProxy's process_server_rules()): the first server named by a rule whose
   * condition holds and which is up (or any state with `option persist`); undefined for the algorithm.
   */
  directServer(rc: RuleContext): Server | undefined {
    const sw = this.serverSwitch;
    if (sw === undefined || sw.size === 0) return undefined;
    return sw.pick(rc, this.persist ? undefined : (s) => s.usable());
  }

  /** Assign a server named by use-server: take a slot, or wait in its queue (maxconn). */
  assignDirect(srv: Server, w: QueueWaiter): AssignResult {
    this.assigned = srv;
    this.pending = undefined;
    if (srv.maxconn && (srv.queued || srv.cur >= srv.maxconnNow())) {
      if (srv.maxqueue && srv.queued >= srv.maxqueue) return QUEUE_FULL;
      this.pending = srv.queue.push(w);
      return SERVER_QUEUE;
    }
    this.take(srv);
    return USE_SERVER;
  }

  serverSwitch: Switcher<Server> | undefined;
  /** `option persist`: use-server keeps a server that is down, and its queue stays when it goes DOWN. */
  persist = false;

  /** After assign(): the server chosen (also when queued on it or refused), and the queue entry. */
  assigned: Server | undefined;
  pending: Pending<QueueWaiter> | undefined;
  private readonly load = { queued: 0, beconn: 0 };

  /**
   * HAProxy's be_usable_srv() (`nbsrv`): the active servers that can take traffic (UP with a weight
   * above 0, so not DRAIN); when there is none, 1 if the first backup serves (no `allbackups`),
   * else the usable backup servers.
   */
  usableServers(): number {
    let act = 0;
    let bck = 0;
    for (const s of this.servers) {
      if (!s.usable() || s.weight === 0) continue;
      if (s.backup) bck++;
      else act++;
    }
    if (act > 0) return act;
    if (bck > 0 && !this.allBackups) return 1;
    return bck;
  }

  /** `balance hash <expr>`: the key of the request `rc` describes. */
  hashKey(rc: RuleContext): string | undefined {
    return this.hashExpr ? hashKey(this.hashExpr, rc) : undefined;
  }

  /** A stream enters this backend (HAProxy's beconn and be cum_conn). */
  enter(): void {
    this.total++;
    this.cur++;
    this.counters.session(Date.now(), this.cur);
  }

  /** Count a stream on a server (its slot) and tell the algorithm. */
  take(srv: Server): void {
    srv.cur++;
    srv.total++;
    srv.counters.lbTot++;
    this.counters.lbTot++;
    srv.noteUse();
    this.lb.taken(srv);
  }

  /** A stream leaves its server: free the slot and give it to the oldest waiting stream. */
  release(srv: Server): void {
    srv.cur--;
    this.lb.released(srv);
    this.processQueue(srv);
  }

  /** A waiting stream gives up (timeout queue, client gone). */
  leaveQueue(p: Pending<QueueWaiter>): void {
    p.queue?.remove(p);
  }

  /**
   * process_srv_queue(): hand free slots of `srv` to the oldest streams of its queue or the
   * backend's. Returns how many came from the backend's queue.
   */
  processQueue(srv: Server): number {
    let guard = 0;
    let fromBackend = 0;
    while ((srv.queue.length || this.queue.length) && srv.usable() && srv.hasFreeSlot() && guard++ < 10000) {
      const fromBe = this.queue.first() !== undefined && (srv.queue.first() === undefined || this.queue.first()!.seq < srv.queue.first()!.seq);
      const p = nextPending(srv.queue, this.queue);
      if (!p) break;
      if (fromBe) fromBackend++;
      this.take(srv);
      p.item.onSlot(srv);
    }
    return fromBackend;
  }

  /**
   * pendconn_redistribute(): a server goes DOWN; with `option redispatch` (and without `option
   * persist`) the streams waiting in its queue choose a server again. Returns how many did.
   */
  redistribute(srv: Server): number {
    if (!this.redispatch || this.persist) return 0;
    const moved: QueueWaiter[] = [];
    for (let p = srv.queue.shift(); p && moved.length < 100_000; p = srv.queue.shift()) moved.push(p.item);
    for (const w of moved) w.requeue();
    return moved.length;
  }

  /** Whether a failed connection's retry leaves for another server (and count it). */
  retryElsewhere(srv: Server, failures: number): boolean {
    return shouldRedispatch({
      redispatch: this.redispatch,
      after: this.redispatchAfter,
      retries: this.retries,
      failures,
      serverRunning: srv.usable(),
      activeServers: this.lb.activeServers(),
      kind: this.lbKind,
    });
  }

  /** Count a retry: a redispatch when the new server differs from the previous one. */
  countRetry(prev: Server, next: Server | undefined): void {
    if (next && next !== prev) {
      prev.redispatches++;
      this.redispatchCount++;
      prev.counters.redispatches++;
      this.counters.redispatches++;
    } else {
      prev.retries++;
      this.retriesCount++;
      prev.counters.retries++;
      this.counters.retries++;
    }
  }

  /** Delay before the next connection attempt. */
  turnAround(redispatched: boolean): number {
    return turnAround(redispatched, this.lbKind, this.lb.activeServers(), this.timeoutConnect);
  }

  /**
   * Change a server's state or weight (health checks, runtime API): the algorithm is updated, a
   * server coming up slow-starts when configured, and queued streams get its free slots (returns
   * how many came from the backend's queue: the "N sessions requeued" of HAProxy's UP message).
   */
  setServerState(srv: Server, state: ServerState, weight = srv.weight): number {
    const cameUp = state === 'UP' && srv.state !== 'UP';
    const wasUsable = this.servers.some((s) => s.usable());
    if (state !== srv.state) srv.counters.stateChanged(Date.now(), state !== 'UP');
    srv.state = state;
    srv.weight = weight;
    if (cameUp && srv.slowstart) {
      srv.lastChange = Date.now();
      this.armWarmup();
    }
    this.lb.serverChanged(srv);
    const usable = this.servers.some((s) => s.usable());
    if (usable !== wasUsable) this.counters.stateChanged(Date.now(), !usable);
    return state === 'UP' ? this.processQueue(srv) : 0;
  }

  /**
   * Runtime API `add server` / `del server`: the farm changes, so the algorithm is built again over
   * the new server list (the others keep their state; a round-robin restarts its cycle).
   */
  replaceServers(list: readonly Server[]): void {
    this.servers.splice(0, this.servers.length, ...list);
    for (const s of list) s.load = this;
    this.lb = createAlgorithm(this.lbSpec, this.servers);
  }

  /** Re-read slow-starting servers' weights until they are at full weight. */
  private armWarmup(): void {
    if (this.warmup) return;
    const tick = (): void => {
      this.warmup = undefined;
      let again = false;
      for (const s of this.servers) {
        if (!s.slowstart || !s.lastChange) continue;
        this.lb.serverChanged(s);
        this.processQueue(s);
        if (Date.now() - s.lastChange < s.slowstart * 1000) again = true;
        else s.lastChange = 0;
      }
      if (again) this.armWarmup();
    };
    const step = Math.max(1000, Math.min(...this.servers.filter((s) => s.slowstart).map((s) => (s.slowstart * 1000) / 20)));
    this.warmup = setTimeout(tick, step);
    this.warmup.unref();
  }

  purgeIdle(now: number): void {
    for (const s of this.servers) s.purgeIdle(now);
  }

  closeIdle(): void {
    for (const s of this.servers) s.closeIdle();
    if (this.warmup) clearTimeout(this.warmup);
    this.warmup = undefined;
  }
}
