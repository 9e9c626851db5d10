/**
 * The stats rows HAProxy prints (stats_fill_fe/li/sv/be_stats()): one row per frontend,
 * listener (`option socket-stats`), server and backend, each a string per CSV column, '' where
 * HAProxy leaves the field empty for that kind of object.
 */
import type { ProxyEntry, RuntimeGraph } from '../runtime/graph.js';
import type { Frontend } from '../runtime/frontend.js';
import type { Backend } from '../runtime/backend.js';
import type { Server } from '../runtime/server.js';
import type { Listener } from '../net/listener.js';
import { CHECK_STATUSES } from '../check/status.js';
import type { CheckHealth } from '../check/health.js';
import { BE_WEIGHT_SCALE } from '../lb/constants.js';
import { COL, CSV_COLUMNS, TYPE_BE, TYPE_FE, TYPE_SO, TYPE_SV, type StatType } from './fields.js';
import type { Counters } from './counters.js';
import { TIME_STATS_SAMPLES, swrateAvg } from './freq.js';

export interface StatRow {
  readonly type: StatType;
  readonly iid: number;
  /** Server or listener id, 0 for frontends and backends. */
  readonly sid: number;
  /** One string per CSV column (CSV_COLUMNS). */
  readonly values: string[];
}

export interface StatFilter {
  /** Only this proxy id (-1 or undefined: all). */
  iid?: number;
  /** Bit mask of types: 1 frontends, 2 backends, 4 servers (listeners go with frontends' 8), -1 all. */
  types?: number;
  /** Only this server id (-1 or undefined: all). */
  sid?: number;
  /** Only these proxy names (`stats scope`); empty or undefined: all. */
  scope?: readonly string[];
  /** Show addresses, cookies and algorithms (`stats show-legends`, admin-level CLI). */
  legends?: boolean;
}

const N = CSV_COLUMNS.length;

function empty(): string[] {
  return new Array<string>(N).fill('');
}

function put(v: string[], name: string, x: string | number): void {
  const i = COL[name];
  if (i === undefined) throw new Error(`no stats column ${name}`);
  v[i] = typeof x === 'number' ? String(Math.floor(x)) : x;
}

function putAll(v: string[], names: string, x: number): void {
  for (const n of names.split(' ')) put(v, n, x);
}

function secs(now: number, t: number): number {
  return Math.max(0, Math.floor((now - t) / 1000));
}

/** Fields every kind with traffic shows. */
function traffic(v: string[], c: Counters): void {
  put(v, 'stot', c.sessTot);
  put(v, 'bin', c.bytesIn);
  put(v, 'bout', c.bytesOut);
}

function hrsp(v: string[], c: Counters): void {
  put(v, 'hrsp_1xx', c.rsp1);
  put(v, 'hrsp_2xx', c.rsp2);
  put(v, 'hrsp_3xx', c.rsp3);
  put(v, 'hrsp_4xx', c.rsp4);
  put(v, 'hrsp_5xx', c.rsp5);
  put(v, 'hrsp_other', c.rspOther);
}

function times(v: string[], c: Counters): void {
  const n = c.timeSamples > TIME_STATS_SAMPLES ? TIME_STATS_SAMPLES : c.timeSamples;
  put(v, 'qtime', swrateAvg(c.qTime, n));
  put(v, 'ctime', swrateAvg(c.cTime, n));
  put(v, 'rtime', swrateAvg(c.dTime, n));
  put(v, 'ttime', swrateAvg(c.tTime, n));
}

function timeMax(v: string[], c: Counters): void {
  put(v, 'qtime_max', c.qTimeMax);
  put(v, 'ctime_max', c.cTimeMax);
  put(v, 'rtime_max', c.dTimeMax);
  put(v, 'ttime_max', c.tTimeMax);
}

function modules(v: string[], kind: 'ssl' | 'all', http: boolean, c: Counters, openConns: number, conns: number, streams: number): void {
  putAll(v, 'ssl_sess ssl_reused_sess ssl_failed_handshake', 0);
  if (kind === 'ssl') return;
  putAll(
    v,
    'h2_headers_rcvd h2_data_rcvd h2_settings_rcvd h2_rst_stream_rcvd h2_goaway_rcvd h2_detected_conn_protocol_errors ' +
      'h2_detected_strm_protocol_errors h2_rst_stream_resp h2_goaway_resp h2_open_connections h2_backend_open_streams ' +
      'h2_total_connections h2_backend_total_streams h1_spliced_bytes_in h1_spliced_bytes_out',
    0,
  );
  put(v, 'h1_open_connections', http ? openConns : 0);
  put(v, 'h1_open_streams', http ? openConns : 0);
  put(v, 'h1_total_connections', http ? conns : 0);
  put(v, 'h1_total_streams', http ? streams : 0);
  put(v, 'h1_bytes_in', http ? c.bytesIn : 0);
  put(v, 'h1_bytes_out', http ? c.bytesOut : 0);
}

export function frontendRow(p: ProxyEntry, fe: Frontend, now: number, stopping: boolean): StatRow {
  const v = empty();
  const c = fe.counters;
  const http = fe.mode === 'http';
  put(v, 'pxname', p.model.name);
  put(v, 'svname', 'FRONTEND');
  put(v, 'scur', fe.gate.cur);
  put(v, 'smax', c.sessMax);
  put(v, 'slim', fe.gate.max);
  traffic(v, c);
  put(v, 'dreq', c.deniedReq);
  put(v, 'dresp', c.deniedResp);
  put(v, 'ereq', c.failedReq);
  put(v, 'status', stopping || p.model.disabled ? 'STOP' : fe.gate.full ? 'FULL' : 'OPEN');
  put(v, 'pid', 1);
  put(v, 'iid', p.iid);
  put(v, 'sid', 0);
  put(v, 'type', TYPE_FE);
  put(v, 'rate', c.sessRate.read(now));
  put(v, 'rate_lim', p.model.rateLimitSessions ?? 0);
  put(v, 'rate_max', c.sessRate.max);
  if (http) hrsp(v, c);
  put(v, 'req_rate', c.reqRate.read(now));
  put(v, 'req_rate_max', c.reqRate.max);
  put(v, 'req_tot', c.reqTot);
  putAll(v, 'comp_in comp_out comp_byp comp_rsp', 0);
  put(v, 'mode', fe.mode);
  put(v, 'conn_rate', c.connRate.read(now));
  put(v, 'conn_rate_max', c.connRate.max);
  put(v, 'conn_tot', c.connTot);
  if (http) put(v, 'intercepted', c.intercepted);
  put(v, 'dcon', c.deniedConn);
  put(v, 'dses', c.deniedSess);
  put(v, 'wrew', c.failedRewrites);
  if (http) putAll(v, 'cache_lookups cache_hits', 0);
  put(v, 'eint', c.internalErrors);
  put(v, '-', '-');
  modules(v, 'all', http, c, fe.gate.cur, c.connTot, c.reqTot);
  return { type: TYPE_FE, iid: p.iid, sid: 0, values: v };
}

/** HAProxy names an unnamed listener "sock-N" (its luid). */
export function listenerName(l: Listener, luid: number): string {
  return l.bind.name ?? `sock-${luid}`;
}

export function listenerRow(p: ProxyEntry, fe: Frontend, l: Listener, luid: number, legends: boolean): StatRow {
  const v = empty();
  const c = l.counters;
  put(v, 'pxname', p.model.name);
  put(v, 'svname', listenerName(l, luid));
  put(v, 'scur', l.gate.cur);
  put(v, 'smax', c.sessMax);
  put(v, 'slim', l.gate.max);
  traffic(v, c);
  put(v, 'dreq', c.deniedReq);
  put(v, 'dresp', c.deniedResp);
  put(v, 'ereq', c.failedReq);
  put(v, 'status', l.gate.full ? 'FULL' : 'OPEN');
  put(v, 'pid', 1);
  put(v, 'iid', p.iid);
  put(v, 'sid', luid);
  put(v, 'type', TYPE_SO);
  if (legends) put(v, 'addr', l.label);
  put(v, 'mode', fe.mode);
  put(v, 'dcon', c.deniedConn);
  put(v, 'dses', c.deniedSess);
  put(v, 'wrew', c.failedRewrites);
  put(v, 'eint', c.internalErrors);
  put(v, '-', '-');
  modules(v, 'ssl', false, c, 0, 0, 0);
  return { type: TYPE_SO, iid: p.iid, sid: luid, values: v };
}

/** The server's stats status: the health engine's words when it knows the server. */
export function serverStatus(s: Server): string {
  if (s.health) return s.health.statusText();
  if (s.state === 'UP') return 'no check';
  return s.state;
}

function checkFields(v: string[], prefix: 'check' | 'agent', h: CheckHealth): void {
  const o = h.last;
  const info = CHECK_STATUSES[o.status];
  put(v, `${prefix}_status`, o.status);
  if (info.hasCode) put(v, `${prefix}_code`, o.code);
  if (o.status !== 'INI' && o.status !== 'UNK' && o.duration >= 0) put(v, `${prefix}_duration`, o.duration);
  put(v, `${prefix}_desc`, info.desc);
  put(v, `${prefix}_rise`, h.rise);
  put(v, `${prefix}_fall`, h.fall);
  put(v, `${prefix}_health`, h.health);
  put(v, prefix === 'check' ? 'last_chk' : 'last_agt', o.desc);
}

export function serverRow(p: ProxyEntry, be: Backend, s: Server, now: number, legends: boolean): StatRow {
  const v = empty();
  const c = s.counters;
  const h = s.health;
  const http = be.mode === 'http';
  const sid = s.id ?? 0;
  put(v, 'pxname', p.model.name);
  put(v, 'svname', s.name);
  put(v, 'qcur', s.queued);
  put(v, 'qmax', c.queueMax);
  put(v, 'scur', s.cur);
  put(v, 'smax', c.sessMax);
  if (s.maxconn) put(v, 'slim', s.maxconn);
  traffic(v, c);
  put(v, 'dresp', c.deniedResp);
  put(v, 'econ', c.failedConns);
  put(v, 'eresp', c.failedResp);
  put(v, 'wretr', c.retries);
  put(v, 'wredis', c.redispatches);
  put(v, 'status', serverStatus(s));
  put(v, 'weight', s.weight);
  put(v, 'act', s.backup ? 0 : 1);
  put(v, 'bck', s.backup ? 1 : 0);
  const lastChange = h ? h.lastChange : c.lastChange;
  if (h?.check) {
    put(v, 'chkfail', h.failedChecks);
    put(v, 'chkdown', h.downTransitions);
  }
  put(v, 'lastchg', secs(now, lastChange));
  if (h?.check) put(v, 'downtime', Math.floor((c.downTime + (c.downSince ? now - c.downSince : 0)) / 1000));
  if (s.maxqueue) put(v, 'qlimit', s.maxqueue);
  put(v, 'pid', 1);
  put(v, 'iid', p.iid);
  put(v, 'sid', sid);
  if (s.weightScale < BE_WEIGHT_SCALE && s.state === 'UP') put(v, 'throttle', Math.floor((s.weightScale * 100) / BE_WEIGHT_SCALE));
  put(v, 'lbtot', c.lbTot);
  if (h?.tracked) put(v, 'tracked', `${h.tracked.group.name}/${h.tracked.name}`);
  put(v, 'type', TYPE_SV);
  put(v, 'rate', c.sessRate.read(now));
  put(v, 'rate_max', c.sessRate.max);
  if (h?.check) checkFields(v, 'check', h.check);
  if (h?.agent) checkFields(v, 'agent', h.agent);
  if (http) hrsp(v, c);
  if (s.model.settings.observe && s.model.settings.observe !== 'none') put(v, 'hanafail', 0);
  if (http) put(v, 'req_tot', c.reqTot);
  put(v, 'cli_abrt', c.cliAborts);
  put(v, 'srv_abrt', c.srvAborts);
  put(v, 'lastsess', c.lastSess ? secs(now, c.lastSess) : -1);
  times(v, c);
  if (legends) {
    put(v, 'addr', s.unixPath ?? (s.host.includes(':') ? `[${s.host}]:${s.port}` : `${s.host}:${s.port}`));
    if (s.model.settings.cookie) put(v, 'cookie', s.model.settings.cookie);
  }
  put(v, 'mode', be.mode);
  put(v, 'wrew', c.failedRewrites);
  put(v, 'connect', c.connects);
  put(v, 'reuse', c.reuses);
  put(v, 'srv_icur', s.idle.length);
  if (s.maxIdle >= 0) put(v, 'src_ilim', s.maxIdle);
  timeMax(v, c);
  put(v, 'eint', c.internalErrors);
  put(v, 'idle_conn_cur', s.idle.length);
  put(v, 'safe_conn_cur', 0);
  put(v, 'used_conn_cur', s.cur);
  put(v, 'need_conn_est', s.neededConns);
  put(v, 'uweight', h ? h.uweight : s.weight);
  put(v, '-', '-');
  modules(v, 'ssl', false, c, 0, 0, 0);
  return { type: TYPE_SV, iid: p.iid, sid, values: v };
}

/** The backend's weight as HAProxy's lbprm.tot_weight: active servers, else the first (or all) backups. */
export function backendWeights(be: Backend, allBackups: boolean): { weight: number; uweight: number; act: number; bck: number } {
  let wa = 0;
  let ua = 0;
  let wb = 0;
  let ub = 0;
  let act = 0;
  let bck = 0;
  let first: Server | undefined;
  for (const s of be.servers) {
    if (!s.usable()) continue;
    const uw = s.health ? s.health.uweight : s.weight;
    if (s.backup) {
      bck++;
      first ??= s;
      wb += s.weight;
      ub += uw;
    } else {
      act++;
      wa += s.weight;
      ua += uw;
    }
  }
  if (act) return { weight: wa, uweight: ua, act, bck };
  if (first && !allBackups) return { weight: first.weight, uweight: first.health ? first.health.uweight : first.weight, act, bck };
  return { weight: wb, uweight: ub, act, bck };
}

export function backendRow(p: ProxyEntry, be: Backend, now: number, legends: boolean): StatRow {
  const v = empty();
  const c = be.counters;
  const http = be.mode === 'http';
  const w = backendWeights(be, p.model.options['allbackups']?.enabled === true);
  put(v, 'pxname', p.model.name);
  put(v, 'svname', 'BACKEND');
  put(v, 'qcur', be.queue.length);
  put(v, 'qmax', c.queueMax);
  put(v, 'scur', be.cur);
  put(v, 'smax', c.sessMax);
  put(v, 'slim', be.fullconn);
  traffic(v, c);
  put(v, 'dreq', c.deniedReq);
  put(v, 'dresp', c.deniedResp);
  put(v, 'econ', c.failedConns);
  put(v, 'eresp', c.failedResp);
  put(v, 'wretr', c.retries);
  put(v, 'wredis', c.redispatches);
  put(v, 'status', w.weight > 0 || be.servers.length === 0 ? 'UP' : 'DOWN');
  put(v, 'weight', w.weight);
  put(v, 'act', w.act);
  put(v, 'bck', w.bck);
  put(v, 'chkdown', c.downTrans);
  put(v, 'lastchg', secs(now, c.lastChange));
  put(v, 'downtime', Math.floor((c.downTime + (c.downSince ? now - c.downSince : 0)) / 1000));
  put(v, 'pid', 1);
  put(v, 'iid', p.iid);
  put(v, 'sid', 0);
  put(v, 'lbtot', c.lbTot);
  put(v, 'type', TYPE_BE);
  put(v, 'rate', c.sessRate.read(now));
  put(v, 'rate_max', c.sessRate.max);
  if (http) {
    hrsp(v, c);
    put(v, 'req_tot', c.reqTot);
  }
  put(v, 'cli_abrt', c.cliAborts);
  put(v, 'srv_abrt', c.srvAborts);
  putAll(v, 'comp_in comp_out comp_byp comp_rsp', 0);
  put(v, 'lastsess', c.lastSess ? secs(now, c.lastSess) : -1);
  times(v, c);
  put(v, 'mode', be.mode);
  if (legends) put(v, 'algo', be.lb.name);
  put(v, 'wrew', c.failedRewrites);
  put(v, 'connect', c.connects);
  put(v, 'reuse', c.reuses);
  if (http) putAll(v, 'cache_lookups cache_hits', 0);
  timeMax(v, c);
  put(v, 'eint', c.internalErrors);
  put(v, 'uweight', w.uweight);
  putAll(v, 'agg_server_status agg_server_check_status agg_check_status', 0);
  put(v, '-', '-');
  modules(v, 'all', http, c, be.cur, c.connects, c.connects + c.reuses);
  return { type: TYPE_BE, iid: p.iid, sid: 0, values: v };
}

/** Every row in HAProxy's order: per proxy, FRONTEND, its listeners, servers, BACKEND. */
export function statRows(graph: RuntimeGraph, f: StatFilter = {}, now = Date.now()): StatRow[] {
  const out: StatRow[] = [];
  const types = f.types === undefined || f.types < 0 ? 0xf : f.types;
  const legends = f.legends === true;
  for (const p of graph.proxies) {
    if (f.iid !== undefined && f.iid >= 0 && p.iid !== f.iid) continue;
    if (f.scope && f.scope.length > 0 && !f.scope.includes(p.model.name)) continue;
    const fe = p.frontend;
    const be = p.backend;
    if (fe && types & 1) out.push(frontendRow(p, fe, now, graph.stopping));
    if (fe && types & 8 && p.model.options['socket-stats']?.enabled === true) {
      fe.listeners.forEach((l, i) => {
        if (f.sid === undefined || f.sid < 0 || f.sid === i + 1) out.push(listenerRow(p, fe, l, i + 1, legends));
      });
    }
    if (be && types & 4) {
      for (const s of be.servers) {
        if (f.sid !== undefined && f.sid >= 0 && s.id !== f.sid) continue;
        out.push(serverRow(p, be, s, now, legends));
      }
    }
    if (be && types & 2) out.push(backendRow(p, be, now, legends));
  }
  return out;
}
