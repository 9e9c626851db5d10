/**
 * The counters HAProxy keeps for one frontend, backend, server or listener (its fe_counters,
 * be_counters, srv->counters, li->counters), as plain numeric fields: the hot path only adds to
 * them, nothing is allocated or looked up per request. One object has one owner (the process
 * running the traffic); summing several processes' objects field by field gives the totals
 * (see mergeCounters: counters add, maxima take the highest).
 *
 * Gauges (current sessions, queue lengths, states) are not stored here: they are read from the
 * runtime objects when the stats are produced.
 */
import { FreqCtr, TIME_STATS_SAMPLES, swrateAdd } from './freq.js';
import { Latency } from './latency.js';

export class Counters {
  /** Connections accepted (frontend conn_tot). */
  connTot = 0;
  /** Sessions (stot): frontend sessions, backend streams, server connections. */
  sessTot = 0;
  /** Highest current sessions seen (smax). */
  sessMax = 0;
  /** Highest queue length seen (qmax). */
  queueMax = 0;
  readonly sessRate = new FreqCtr();
  readonly connRate = new FreqCtr();
  readonly reqRate = new FreqCtr();
  bytesIn = 0;
  bytesOut = 0;
  deniedReq = 0;
  deniedResp = 0;
  failedReq = 0;
  deniedConn = 0;
  deniedSess = 0;
  failedConns = 0;
  failedResp = 0;
  retries = 0;
  redispatches = 0;
  /** Times a server was chosen by load balancing (lbtot). */
  lbTot = 0;
  cliAborts = 0;
  srvAborts = 0;
  /** HTTP requests (req_tot). */
  reqTot = 0;
  /** Requests answered by the proxy itself (stats, monitor, redirect, return). */
  intercepted = 0;
  failedRewrites = 0;
  internalErrors = 0;
  /** New server connections, and idle connections reused. */
  connects = 0;
  reuses = 0;
  /** HTTP responses by class: 1xx..5xx, other. */
  rsp1 = 0;
  rsp2 = 0;
  rsp3 = 0;
  rsp4 = 0;
  rsp5 = 0;
  rspOther = 0;
  /** Last stream assigned (ms since epoch, 0: never). */
  lastSess = 0;
  /** Sliding sums of queue, connect, response and total times (ms), HAProxy's swrate. */
  qTime = 0;
  cTime = 0;
  dTime = 0;
  tTime = 0;
  /** Samples added to the time sums (cum_req in HTTP, cum_lbconn in TCP). */
  timeSamples = 0;
  qTimeMax = 0;
  cTimeMax = 0;
  dTimeMax = 0;
  tTimeMax = 0;
  /** Transitions to DOWN (backend chkdown), and when the state last changed (ms). */
  downTrans = 0;
  lastChange = Date.now();
  /** Milliseconds spent DOWN before `downSince` (backend downtime). */
  downTime = 0;
  downSince = 0;
  /** Response times (ms) of the last seconds, for the dashboard's percentiles. */
  readonly latency = new Latency();

  /** A new session / stream / server connection: stot, the rate, smax against `cur` (already counted). */
  session(now: number, cur: number): void {
    this.sessTot++;
    this.sessRate.add(now);
    if (cur > this.sessMax) this.sessMax = cur;
    this.lastSess = now;
  }

  /** Count a response status in its class. */
  status(s: number): void {
    if (s >= 600 || s < 100) this.rspOther++;
    else if (s >= 500) this.rsp5++;
    else if (s >= 400) this.rsp4++;
    else if (s >= 300) this.rsp3++;
    else if (s >= 200) this.rsp2++;
    else this.rsp1++;
  }

  /**
   * stream_update_time_stats(): one stream's queue, connect, data and total times (ms from accept,
   * as HAProxy's t_queue/t_connect/t_data/t_close; `request` is the time the request was complete).
   */
  times(request: number, queue: number, connect: number, data: number, close: number): void {
    if (connect < 0 || data < 0) return;
    const n = this.timeSamples > TIME_STATS_SAMPLES ? TIME_STATS_SAMPLES : 0;
    const d = data - connect;
    const c = connect - queue;
    const q = queue - (request > 0 ? request : 0);
    this.qTime = swrateAdd(this.qTime, n, q);
    this.cTime = swrateAdd(this.cTime, n, c);
    this.dTime = swrateAdd(this.dTime, n, d);
    this.tTime = swrateAdd(this.tTime, n, close);
    if (q > this.qTimeMax) this.qTimeMax = q;
    if (c > this.cTimeMax) this.cTimeMax = c;
    if (d > this.dTimeMax) this.dTimeMax = d;
    if (close > this.tTimeMax) this.tTimeMax = close;
  }

  /** Record a state change (servers, backends): DOWN transitions and time spent down. */
  stateChanged(now: number, down: boolean): void {
    if (down && !this.downSince) {
      this.downTrans++;
      this.downSince = now;
    } else if (!down && this.downSince) {
      this.downTime += now - this.downSince;
      this.downSince = 0;
    }
    this.lastChange = now;
  }

  /** `clear counters`: maxima and rates (HAProxy's plain `clear counters`). */
  clearMax(): void {
    this.sessMax = 0;
    this.queueMax = 0;
    this.sessRate.max = 0;
    this.connRate.max = 0;
    this.reqRate.max = 0;
    this.qTimeMax = this.cTimeMax = this.dTimeMax = this.tTimeMax = 0;
  }

  /** `clear counters all`: every counter. */
  clearAll(): void {
    const fresh = new Counters();
    const lastChange = this.lastChange;
    const downSince = this.downSince;
    Object.assign(this, { ...fresh, sessRate: this.sessRate, connRate: this.connRate, reqRate: this.reqRate, latency: this.latency });
    this.sessRate.reset();
    this.connRate.reset();
    this.reqRate.reset();
    this.latency.reset();
    this.lastChange = lastChange;
    this.downSince = downSince;
  }
}

/** Fields that are maxima (merged with max), the others add up. */
const MAX_FIELDS = new Set(['sessMax', 'queueMax', 'qTimeMax', 'cTimeMax', 'dTimeMax', 'tTimeMax', 'lastSess', 'lastChange']);

/** Sum `b` into `a` (several worker processes' counters of the same object). */
export function mergeCounters(a: Counters, b: Counters): void {
  const ra = a as unknown as Record<string, unknown>;
  const rb = b as unknown as Record<string, unknown>;
  for (const k of Object.keys(rb)) {
    const v = rb[k];
    if (typeof v !== 'number') continue;
    const cur = ra[k] as number;
    ra[k] = MAX_FIELDS.has(k) ? Math.max(cur, v) : cur + v;
  }
  for (const k of ['sessRate', 'connRate', 'reqRate'] as const) {
    a[k].curr += b[k].curr;
    a[k].prev += b[k].prev;
    a[k].max = Math.max(a[k].max, b[k].max);
  }
  a.latency.merge(b.latency);
}
