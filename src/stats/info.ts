/** `show info`: the process fields HAProxy 2.6 prints, in its order ("Name: value" lines). */
import { hostname } from 'node:os';
import type { RuntimeGraph } from '../runtime/graph.js';
import { RELEASE_DATE, VERSION_STRING } from '../version.js';

/** Process counters derived from the frontends (summed when asked: nothing extra on the hot path). */
function totals(graph: RuntimeGraph, now: number): { conns: number; reqs: number; connRate: number; connMax: number; sessRate: number; sessMax: number; bytesOut: number } {
  let conns = 0;
  let reqs = 0;
  let connRate = 0;
  let connMax = 0;
  let sessRate = 0;
  let sessMax = 0;
  let bytesOut = 0;
  for (const { frontend: fe } of graph.frontends) {
    const c = fe.counters;
    conns += c.connTot;
    reqs += c.reqTot;
    connRate += c.connRate.read(now);
    connMax = Math.max(connMax, c.connRate.max);
    sessRate += c.sessRate.read(now);
    sessMax = Math.max(sessMax, c.sessRate.max);
    bytesOut += c.bytesOut;
  }
  return { conns, reqs, connRate, connMax, sessRate, sessMax, bytesOut };
}

function uptime(sec: number): string {
  const d = Math.floor(sec / 86400);
  const h = Math.floor((sec % 86400) / 3600);
  const m = Math.floor((sec % 3600) / 60);
  const s = sec % 60;
  return `${d}d ${h}h${String(m).padStart(2, '0')}m${String(s).padStart(2, '0')}s`;
}

/** [name, value] pairs in HAProxy's order (the typed and JSON forms use the same list). */
export function infoFields(graph: RuntimeGraph, now = Date.now()): Array<[string, string | number]> {
  const g = graph.config.global;
  const t = totals(graph, now);
  const up = Math.floor((now - graph.startTime) / 1000);
  const mem = process.memoryUsage();
  const maxconn = graph.globalGate.max;
  let listeners = 0;
  for (const f of graph.frontends) listeners += f.frontend.listeners.length;
  return [
    ['Name', 'HAProxy'],
    ['Version', VERSION_STRING],
    ['Release_date', RELEASE_DATE],
    ['Nbthread', 1],
    ['Nbproc', 1],
    ['Process_num', 1],
    ['Pid', process.pid],
    ['Uptime', uptime(up)],
    ['Uptime_sec', up],
    ['Memmax_MB', 0],
    ['PoolAlloc_MB', Math.floor(mem.heapTotal / 1048576)],
    ['PoolUsed_MB', Math.floor(mem.heapUsed / 1048576)],
    ['PoolFailed', 0],
    ['Ulimit-n', maxconn * 2 + 15],
    ['Maxsock', maxconn * 2 + 15],
    ['Maxconn', maxconn],
    ['Hard_maxconn', maxconn],
    ['CurrConns', graph.globalGate.cur],
    ['CumConns', t.conns],
    ['CumReq', t.reqs],
    ['MaxSslConns', 0],
    ['CurrSslConns', 0],
    ['CumSslConns', 0],
    ['Maxpipes', 0],
    ['PipesUsed', 0],
    ['PipesFree', 0],
    ['ConnRate', t.connRate],
    ['ConnRateLimit', 0],
    ['MaxConnRate', t.connMax],
    ['SessRate', t.sessRate],
    ['SessRateLimit', 0],
    ['MaxSessRate', t.sessMax],
    ['SslRate', 0],
    ['SslRateLimit', 0],
    ['MaxSslRate', 0],
    ['SslFrontendKeyRate', 0],
    ['SslFrontendMaxKeyRate', 0],
    ['SslFrontendSessionReuse_pct', 0],
    ['SslBackendKeyRate', 0],
    ['SslBackendMaxKeyRate', 0],
    ['SslCacheLookups', 0],
    ['SslCacheMisses', 0],
    ['CompressBpsIn', 0],
    ['CompressBpsOut', 0],
    ['CompressBpsRateLim', 0],
    ['Tasks', 0],
    ['Run_queue', 0],
    ['Idle_pct', 100],
    ['node', g.node ?? hostname()],
    ...(g.description !== undefined ? ([['description', g.description]] as Array<[string, string]>) : []),
    ['Stopping', graph.stopping ? 1 : 0],
    ['Jobs', graph.globalGate.cur + listeners],
    ['Unstoppable Jobs', 0],
    ['Listeners', listeners],
    ['ActivePeers', 0],
    ['ConnectedPeers', 0],
    ['DroppedLogs', 0],
    ['BusyPolling', 0],
    ['FailedResolutions', 0],
    ['TotalBytesOut', t.bytesOut],
    ['TotalSplicdedBytesOut', 0],
    ['BytesOutRate', 0],
    ['DebugCommandsIssued', 0],
    ['CumRecvLogs', 0],
    ['Build info', VERSION_STRING],
    ['Memmax_bytes', 0],
    ['PoolAlloc_bytes', mem.heapTotal],
    ['PoolUsed_bytes', mem.heapUsed],
    ['Start_time_sec', Math.floor(graph.startTime / 1000)],
    ['Tainted', 0],
  ];
}

/** `show info` lines ("Name: value"), without the final empty line. */
export function showInfo(graph: RuntimeGraph, now = Date.now()): string[] {
  return infoFields(graph, now).map(([k, v]) => `${k}: ${v}`);
}
