/**
 * `show stat` and `show info` until the counters of src/stats/ are wired in: HAProxy 2.6's CSV
 * layout (header, one row per frontend, server and backend, blanks where HAProxy leaves them) filled
 * from the runtime graph's live values (sessions, totals, states, weights, limits). Columns the
 * data plane does not count yet stay at HAProxy's zero.
 */
import { hostname } from 'node:os';
import { CAP_BE, CAP_FE } from '../config/model/proxy.js';
import { RELEASE_DATE, VERSION_STRING } from '../version.js';
import type { ApiContext } from './context.js';
import { INFO_FIELDS, STAT_TAGS } from './stat-tags.js';

export const STAT_HEADER =
  'pxname,svname,qcur,qmax,scur,smax,slim,stot,bin,bout,dreq,dresp,ereq,econ,eresp,wretr,wredis,status,weight,act,bck,chkfail,chkdown,lastchg,downtime,qlimit,pid,iid,sid,throttle,lbtot,tracked,type,rate,rate_lim,rate_max,check_status,check_code,check_duration,hrsp_1xx,hrsp_2xx,hrsp_3xx,hrsp_4xx,hrsp_5xx,hrsp_other,hanafail,req_rate,req_rate_max,req_tot,cli_abrt,srv_abrt,comp_in,comp_out,comp_byp,comp_rsp,lastsess,last_chk,last_agt,qtime,ctime,rtime,ttime,agent_status,agent_code,agent_duration,check_desc,agent_desc,check_rise,check_fall,check_health,agent_rise,agent_fall,agent_health,addr,cookie,mode,algo,conn_rate,conn_rate_max,conn_tot,intercepted,dcon,dses,wrew,connect,reuse,cache_lookups,cache_hits,srv_icur,src_ilim,qtime_max,ctime_max,rtime_max,ttime_max,eint,idle_conn_cur,safe_conn_cur,used_conn_cur,need_conn_est,uweight,agg_server_status,agg_server_check_status,agg_check_status,-,ssl_sess,ssl_reused_sess,ssl_failed_handshake,h2_headers_rcvd,h2_data_rcvd,h2_settings_rcvd,h2_rst_stream_rcvd,h2_goaway_rcvd,h2_detected_conn_protocol_errors,h2_detected_strm_protocol_errors,h2_rst_stream_resp,h2_goaway_resp,h2_open_connections,h2_backend_open_streams,h2_total_connections,h2_backend_total_streams,h1_open_connections,h1_open_streams,h1_total_connections,h1_total_streams,h1_bytes_in,h1_bytes_out,h1_spliced_bytes_in,h1_spliced_bytes_out'.split(',');

const COL = new Map(STAT_HEADER.map((n, i) => [n, i]));

/** HAProxy 2.6's rows for an idle proxy (mode http), the blanks and zeros as it prints them. */
const FE_ROW = 'x,FRONTEND,,,0,0,0,0,0,0,0,0,0,,,,,OPEN,,,,,,,,,1,2,0,,,,0,0,0,0,,,,0,0,0,0,0,0,,0,0,0,,,0,0,0,0,,,,,,,,,,,,,,,,,,,,,http,,0,0,0,0,0,0,0,,,0,0,,,,,,,0,,,,,,,,,-,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0';
const SRV_ROW = 'x,s,0,0,0,0,,0,0,0,,0,,0,0,0,0,no check,1,1,0,,,0,,,1,3,1,,0,,2,0,,0,,,,0,0,0,0,0,0,,,,0,0,0,,,,,-1,,,0,0,0,0,,,,,,,,,,,,,,http,,,,,,,,0,0,0,,,0,,0,0,0,0,0,0,0,0,0,1,,,,-,0,0,0,,,,,,,,,,,,,,,,,,,,,';
const BE_ROW = 'x,BACKEND,0,0,0,0,1,0,0,0,0,0,,0,0,0,0,UP,1,1,0,,0,0,0,,1,3,0,,0,,1,0,,0,,,,0,0,0,0,0,0,,,,0,0,0,0,0,0,0,-1,,,0,0,0,0,,,,,,,,,,,,,,http,roundrobin,,,,,,,0,0,0,0,0,,,0,0,0,0,0,,,,,1,0,0,0,-,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0';

export interface StatRow {
  readonly type: 0 | 1 | 2;
  readonly iid: number;
  readonly sid: number;
  readonly cells: string[];
}

function row(tpl: string, set: Record<string, string | number>): string[] {
  const cells = tpl.split(',');
  for (const [k, v] of Object.entries(set)) cells[COL.get(k)!] = String(v);
  return cells;
}

/** Every row of `show stat`, in HAProxy's order (per proxy: FRONTEND, servers, BACKEND). */
export function statRows(api: ApiContext, showAddr: boolean): StatRow[] {
  const out: StatRow[] = [];
  const now = Date.now();
  const secs = (ms: number): number => Math.max(0, Math.floor((now - ms) / 1000));
  for (const p of api.cfg.proxies) {
    if (p.disabled || p.mode === 'health') continue;
    const iid = api.proxyIds.get(p.name) ?? 0;
    const mode = p.mode === 'http' ? 'http' : 'tcp';
    const fe = api.graph.frontends.find((f) => f.frontend.name === p.name)?.frontend;
    if ((p.cap & CAP_FE) !== 0 && fe) {
      const ls = api.listeners.get(p.name) ?? [];
      const status = api.stoppedFrontends.has(p.name) ? 'STOP' : ls.length > 0 && ls.every((l) => l.isPaused) ? 'PAUSED' : 'OPEN';
      out.push({ type: 0, iid, sid: 0, cells: row(FE_ROW, { pxname: p.name, scur: fe.gate.cur, slim: fe.gate.max, stot: fe.total, status, iid, mode, conn_tot: fe.total, req_tot: mode === 'http' ? fe.total : 0 }) });
    }
    const be = (p.cap & CAP_BE) !== 0 ? api.graph.backends.get(p.name) : undefined;
    if (!be) continue;
    let act = 0;
    let bck = 0;
    let wact = 0;
    let wbck = 0;
    const lastchg = api.startTime;
    for (const s of be.servers) {
      const h = api.healthOf(be, s);
      const usable = h ? h.usable() : s.usable();
      const uw = h ? h.uweight : s.weight;
      if (usable) {
        if (s.backup) {
          bck++;
          wbck += uw;
        } else {
          act++;
          wact += uw;
        }
      }
      const sid = s.id ?? 0;
      out.push({
        type: 2,
        iid,
        sid,
        cells: row(SRV_ROW, {
          pxname: p.name,
          svname: s.name,
          qcur: s.queued,
          scur: s.cur,
          slim: s.maxconn ? s.maxconn : '',
          stot: s.total,
          wretr: s.retries,
          wredis: s.redispatches,
          status: h ? h.statusText() : s.state,
          weight: uw,
          act: s.backup ? 0 : 1,
          bck: s.backup ? 1 : 0,
          lastchg: secs(h ? h.lastChange : api.startTime),
          iid,
          sid,
          lbtot: s.total,
          mode,
          addr: showAddr ? (s.unixPath ?? `${s.host.includes(':') ? `[${s.host}]` : s.host}:${s.port}`) : '',
          uweight: uw,
          ...(api.dynamic.has(s) ? { src_ilim: 0 } : {}),
        }),
      });
    }
    const weight = act ? wact : wbck;
    out.push({
      type: 1,
      iid,
      sid: 0,
      cells: row(BE_ROW, {
        pxname: p.name,
        qcur: be.queue.length,
        scur: be.cur,
        slim: be.fullconn,
        stot: be.total,
        wretr: be.retriesCount,
        wredis: be.redispatchCount,
        status: act + bck > 0 ? 'UP' : 'DOWN',
        weight,
        act,
        bck,
        lastchg: secs(lastchg),
        iid,
        lbtot: be.total,
        mode,
        algo: be.lb.name,
        uweight: weight,
      }),
    });
  }
  return out;
}

/** `show stat [iid type sid]` filter: -1 = any; type is a bit mask (1 frontend, 2 backend, 4 server). */
export function filterRows(rows: StatRow[], iid: number, types: number, sid: number): StatRow[] {
  return rows.filter((r) => (iid === -1 || r.iid === iid) && (types === -1 || (types & (1 << r.type)) !== 0) && (sid === -1 || r.sid === sid || r.type !== 2));
}

export function statCsv(rows: readonly StatRow[]): string {
  let out = `# ${STAT_HEADER.join(',')},\n`;
  for (const r of rows) out += r.cells.join(',') + ',\n';
  return out;
}

const TYPE_LETTER = ['F', 'B', 'S'] as const;

export function statTyped(rows: readonly StatRow[]): string {
  let out = '';
  for (const r of rows) {
    const t = TYPE_LETTER[r.type];
    const tags = STAT_TAGS[t] ?? {};
    r.cells.forEach((v, pos) => {
      const tg = tags[pos];
      if (!tg || v === '') return;
      out += `${t}.${r.iid}.${r.sid}.${pos}.${STAT_HEADER[pos]}.1:${tg[0]}:${tg[1]}:${v}\n`;
    });
    out += '\n';
  }
  return out;
}

const ORIGIN: Readonly<Record<string, string>> = { M: 'Metric', S: 'Status', K: 'Key', C: 'Config', P: 'Product' };
const NATURE: Readonly<Record<string, string>> = { A: 'Age', a: 'Avg', C: 'Counter', D: 'Duration', G: 'Gauge', L: 'Limit', M: 'Max', N: 'Name', O: 'Output', R: 'Rate', T: 'Time' };
const SCOPE: Readonly<Record<string, string>> = { G: 'Process', S: 'Service', P: 'Process' };

function jsonValue(type: string, v: string): string {
  return type === 'str' ? JSON.stringify(v) : String(Number(v) || 0);
}

function tagsJson(tag: string): string {
  return `{"origin":"${ORIGIN[tag[0]!] ?? ''}","nature":"${NATURE[tag[1]!] ?? ''}","scope":"${SCOPE[tag[2]!] ?? ''}"}`;
}

export function statJson(rows: readonly StatRow[]): string {
  const objs: string[] = [];
  const names = ['Frontend', 'Backend', 'Server'];
  for (const r of rows) {
    const t = TYPE_LETTER[r.type];
    const tags = STAT_TAGS[t] ?? {};
    const fields: string[] = [];
    r.cells.forEach((v, pos) => {
      const tg = tags[pos];
      if (!tg || v === '') return;
      fields.push(`{"objType":"${names[r.type]}","proxyId":${r.iid},"id":${r.sid},"field":{"pos":${pos},"name":"${STAT_HEADER[pos]}"},"processNum":1,"tags":${tagsJson(tg[0])},"value":{"type":"${tg[1]}","value":${jsonValue(tg[1], v)}}}`);
    });
    objs.push(`[${fields.join(',')}]`);
  }
  return `[${objs.join(',')}]\n`;
}

function uptime(ms: number): string {
  const s = Math.floor(ms / 1000);
  const d = Math.floor(s / 86400);
  const h = Math.floor((s % 86400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  return `${d}d ${h}h${String(m).padStart(2, '0')}m${String(s % 60).padStart(2, '0')}s`;
}

/** `show info` values by field name (the rest are HAProxy's zeros). */
export function infoValues(api: ApiContext): Map<string, string> {
  const now = Date.now();
  const up = now - api.startTime;
  let cum = 0;
  for (const f of api.graph.frontends) cum += f.frontend.total;
  const mem = process.memoryUsage();
  const v = new Map<string, string>([
    ['Name', 'HAProxy'],
    ['Version', VERSION_STRING],
    ['Release_date', RELEASE_DATE],
    ['Nbthread', '1'],
    ['Nbproc', '1'],
    ['Process_num', '1'],
    ['Pid', String(process.pid)],
    ['Uptime', uptime(up)],
    ['Uptime_sec', String(Math.floor(up / 1000))],
    ['Ulimit-n', '0'],
    ['Maxsock', String(api.hardMaxconn * 2)],
    ['Maxconn', String(api.graph.globalGate.max)],
    ['Hard_maxconn', String(api.hardMaxconn)],
    ['CurrConns', String(api.graph.globalGate.cur)],
    ['CumConns', String(cum)],
    ['CumReq', String(cum)],
    ['ConnRateLimit', String(api.rateLimits.connections)],
    ['SessRateLimit', String(api.rateLimits.sessions)],
    ['SslRateLimit', String(api.rateLimits.sslSessions)],
    ['CompressBpsRateLim', String(api.rateLimits.httpCompression)],
    ['Idle_pct', '100'],
    ['node', api.cfg.global.node ?? hostname()],
    ['Stopping', String(api.graph.world.stoppingFlag ? 1 : 0)],
    ['Jobs', String(api.sessions.size)],
    ['Listeners', String([...api.listeners.values()].reduce((n, l) => n + l.length, 0))],
    ['Build info', VERSION_STRING],
    ['PoolAlloc_bytes', String(mem.heapTotal)],
    ['PoolUsed_bytes', String(mem.heapUsed)],
    ['Start_time_sec', String(Math.floor(api.startTime / 1000))],
  ]);
  if (api.cfg.global.description) v.set('description', api.cfg.global.description);
  return v;
}

export function showInfo(api: ApiContext, format: 'plain' | 'typed' | 'json'): string {
  const v = infoValues(api);
  const vals = INFO_FIELDS.map(([name, tag, type]) => ({ name, tag, type, value: v.get(name) ?? (type === 'str' ? '' : '0') }));
  if (format === 'typed') return vals.map((f, i) => `${i}.${f.name}.1:${f.tag}:${f.type}:${f.value}\n`).join('');
  if (format === 'json')
    return `[${vals.map((f, i) => `{"field":{"pos":${i},"name":"${f.name}"},"processNum":1,"tags":${tagsJson(f.tag)},"value":{"type":"${f.type}","value":${jsonValue(f.type, f.value)}}}`).join(',')}]\n`;
  return vals.map((f) => `${f.name}: ${f.value}\n`).join('');
}
