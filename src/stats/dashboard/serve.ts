/**
 * The live dashboard beside the stats page (`<stats uri>;dashboard`): a plain HTML/JS/CSS page
 * (page.ts, no build step) that polls `<stats uri>;dashboard;data` every second for this JSON
 * snapshot and keeps the short history itself: request and error rates (from the counters'
 * differences), servers' states, and response-time percentiles of the last 10 seconds.
 */
import type { RuntimeGraph } from '../../runtime/graph.js';
import { COL } from '../fields.js';
import { statRows, type StatRow } from '../rows.js';
import { serverClass } from '../page/html.js';
import { DASHBOARD_PAGE } from './page.js';
import type { Counters } from '../counters.js';

const PS = [0.5, 0.9, 0.99];

function num(r: StatRow, n: string): number {
  const x = r.values[COL[n]!];
  return x === undefined || x === '' ? 0 : Number(x);
}

function pct(c: Counters, now: number): { n: number; p50: number | null; p90: number | null; p99: number | null } {
  const r = c.latency.percentiles(now, PS);
  return { n: r.count, p50: r.values[0] ?? null, p90: r.values[1] ?? null, p99: r.values[2] ?? null };
}

function traffic(r: StatRow): Record<string, number> {
  return {
    scur: num(r, 'scur'),
    smax: num(r, 'smax'),
    stot: num(r, 'stot'),
    req: num(r, 'req_tot'),
    bin: num(r, 'bin'),
    bout: num(r, 'bout'),
    h2xx: num(r, 'hrsp_2xx'),
    h3xx: num(r, 'hrsp_3xx'),
    h4xx: num(r, 'hrsp_4xx'),
    h5xx: num(r, 'hrsp_5xx'),
    ereq: num(r, 'ereq'),
    econ: num(r, 'econ'),
    eresp: num(r, 'eresp'),
    rate: num(r, 'rate'),
    reqRate: num(r, 'req_rate'),
    qcur: num(r, 'qcur'),
  };
}

export function dashboardJson(graph: RuntimeGraph, scope: readonly string[] | undefined, now = Date.now()): string {
  const rows = statRows(graph, { scope: scope ? [...scope] : undefined }, now);
  const proxies = [];
  for (const p of graph.proxies) {
    const pr = rows.filter((r) => r.iid === p.iid);
    if (pr.length === 0) continue;
    const fe = pr.find((r) => r.type === 0);
    const be = pr.find((r) => r.type === 1);
    proxies.push({
      name: p.model.name,
      iid: p.iid,
      mode: p.model.mode === 'http' ? 'http' : 'tcp',
      frontend: fe && p.frontend ? { ...traffic(fe), status: fe.values[COL['status']!], ...pct(p.frontend.counters, now) } : null,
      backend: be && p.backend ? { ...traffic(be), status: be.values[COL['status']!], algo: p.backend.lb.name, ...pct(p.backend.counters, now) } : null,
      servers: p.backend
        ? pr
            .filter((r) => r.type === 2)
            .map((r) => {
              const s = p.backend!.servers.find((x) => x.name === r.values[1]);
              const status = r.values[COL['status']!] ?? '';
              return {
                name: r.values[1],
                status,
                cls: serverClass(status, num(r, 'bck') === 1),
                backup: num(r, 'bck') === 1,
                weight: num(r, 'weight'),
                check: r.values[COL['check_status']!] ?? '',
                lastchg: num(r, 'lastchg'),
                ...traffic(r),
                ...(s ? pct(s.counters, now) : { n: 0, p50: null, p90: null, p99: null }),
              };
            })
        : [],
    });
  }
  return JSON.stringify({ time: now, pid: process.pid, uptime: Math.floor((now - graph.startTime) / 1000), conns: graph.globalGate.cur, proxies });
}

export function dashboardHtml(statsUri: string): string {
  return DASHBOARD_PAGE.replace('__DATA_URL__', JSON.stringify(`${statsUri};dashboard;data`)).replace('__STATS_URL__', JSON.stringify(statsUri));
}
