/**
 * `http-request use-service prometheus-exporter`: HAProxy 2.6's exporter output (metric names,
 * help texts, types, labels `proxy`, `server`, `state`, `code`, order) in the Prometheus text
 * exposition format 0.0.4, built from the same stats rows as the CSV and `show info`.
 * `?scope=process|frontend|backend|server` (repeatable, `scope=` for none) and `?no-maint` as HAProxy.
 */
import type { RuntimeGraph } from '../runtime/graph.js';
import { VERSION_STRING } from '../version.js';
import { COL } from './fields.js';
import { infoFields } from './info.js';
import { PROM_METRICS, type PromScope } from './prometheus-metrics.js';
import { statRows, type StatRow } from './rows.js';

const SERVER_STATES = ['DOWN', 'UP', 'MAINT', 'DRAIN', 'NOLB'] as const;
const CHECK_STATES = ['HANA', 'SOCKERR', 'L4OK', 'L4TOUT', 'L4CON', 'L6OK', 'L6TOUT', 'L6RSP', 'L7TOUT', 'L7RSP', 'L7OK', 'L7OKC', 'L7STS', 'PROCERR', 'PROCTOUT', 'PROCOK'];
const CODES: Array<[string, string]> = [
  ['1xx', 'hrsp_1xx'],
  ['2xx', 'hrsp_2xx'],
  ['3xx', 'hrsp_3xx'],
  ['4xx', 'hrsp_4xx'],
  ['5xx', 'hrsp_5xx'],
  ['other', 'hrsp_other'],
];
/** Columns in ms that the exporter gives in seconds. */
const MS_COLUMNS = new Set(['qtime', 'ctime', 'rtime', 'ttime', 'qtime_max', 'ctime_max', 'rtime_max', 'ttime_max', 'check_duration']);
/** Columns whose metrics are left out when empty rather than NaN (checks not enabled). */
const SKIP_EMPTY = new Set(['check_status', 'check_code', 'check_duration']);

function labelValue(s: string): string {
  return s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

export interface PromOptions {
  scopes?: ReadonlySet<PromScope>;
  noMaint?: boolean;
}

/** Options from the request's query string, as HAProxy's promex_parse_uri(). */
export function promOptions(target: string): PromOptions {
  const q = target.indexOf('?');
  if (q < 0) return {};
  const params = new URLSearchParams(target.slice(q + 1));
  const opts: { scopes?: Set<PromScope>; noMaint?: boolean } = {};
  if (params.has('scope')) {
    const s = new Set<PromScope>();
    for (const v of params.getAll('scope')) {
      if (v === '*') for (const x of ['process', 'frontend', 'backend', 'server'] as const) s.add(x);
      else if (v === 'process' || v === 'frontend' || v === 'backend' || v === 'server') s.add(v);
    }
    opts.scopes = s;
  }
  if (params.has('no-maint')) opts.noMaint = true;
  return opts;
}

function objLabels(scope: PromScope, r: StatRow): string {
  const px = `proxy="${labelValue(r.values[0]!)}"`;
  if (scope === 'listener') return `${px},listener="${labelValue(r.values[1]!)}"`;
  return scope === 'server' ? `${px},server="${labelValue(r.values[1]!)}"` : px;
}

function serverState(status: string): string {
  if (status.startsWith('MAINT')) return 'MAINT';
  if (status === 'DRAIN' || status === 'NOLB') return status;
  if (status.startsWith('DOWN')) return 'DOWN';
  return 'UP';
}

export function prometheusText(graph: RuntimeGraph, o: PromOptions = {}, now = Date.now()): string {
  const info = new Map(infoFields(graph, now).map(([k, v]) => [k, v]));
  const rows = statRows(graph, { types: 1 | 2 | 4 | 8 }, now);
  const fes: StatRow[] = [];
  const bes: StatRow[] = [];
  const svs: StatRow[] = [];
  const lis: StatRow[] = [];
  const httpProxy = new Map<number, boolean>();
  for (const p of graph.proxies) httpProxy.set(p.iid, p.model.mode === 'http');
  const byBackend = new Map<number, StatRow[]>();
  for (const r of rows) {
    if (r.type === 2) {
      const l = byBackend.get(r.iid);
      if (l) l.push(r);
      else byBackend.set(r.iid, [r]);
    }
    if (r.type === 3) lis.push(r);
    if (r.type === 0) fes.push(r);
    else if (r.type === 1) bes.push(r);
    else if (r.type === 2) {
      if (o.noMaint && (r.values[COL['status']!] ?? '').startsWith('MAINT')) continue;
      svs.push(r);
    }
  }
  const out: string[] = [];
  for (const [scope, suffix, type, help, src] of PROM_METRICS) {
    if (o.scopes && !o.scopes.has(scope === 'listener' ? 'frontend' : scope)) continue;
    const name = `haproxy_${scope}_${suffix}`;
    const samples: string[] = [];
    if (scope === 'process') {
      if (suffix === 'build_info') samples.push(`${name}{version="${labelValue(VERSION_STRING)}"} 1`);
      else if (src === '') samples.push(`${name} NaN`);
      else samples.push(`${name} ${info.get(src) ?? 0}`);
    } else {
      const list = scope === 'frontend' ? fes : scope === 'listener' ? lis : scope === 'backend' ? bes : svs;
      if (src === 'hrsp') {
        // Code by code, each object (HAProxy's order for this metric).
        for (const [code, c] of CODES) {
          for (const r of list) {
            if (httpProxy.get(r.iid) !== true) continue;
            samples.push(`${name}{${objLabels(scope, r)},code="${code}"} ${r.values[COL[c]!] || 0}`);
          }
        }
      }
      const httpOnly = suffix.startsWith('http_') || suffix === 'intercepted_requests_total';
      for (const r of list) {
        if (src === 'hrsp') break;
        if (httpOnly && httpProxy.get(r.iid) !== true) continue;
        const labels = objLabels(scope, r);
        const http = httpProxy.get(r.iid) === true;
        if (src === 'status') {
          const st = r.values[COL['status']!] ?? '';
          if (scope === 'listener') {
            for (const s of ['WAITING', 'OPEN', 'FULL']) samples.push(`${name}{${labels},state="${s}"} ${s === st ? 1 : 0}`);
          } else if (scope === 'server') {
            const cur = serverState(st);
            for (const s of SERVER_STATES) samples.push(`${name}{${labels},state="${s}"} ${s === cur ? 1 : 0}`);
          } else {
            const up = scope === 'frontend' ? st !== 'STOP' : st === 'UP';
            samples.push(`${name}{${labels},state="DOWN"} ${up ? 0 : 1}`, `${name}{${labels},state="UP"} ${up ? 1 : 0}`);
          }
          continue;
        }
        if (src === 'agg_server_status' || src === 'agg_server_check_status' || src === 'agg_check_status') {
          const srvs = byBackend.get(r.iid) ?? [];
          const states: readonly string[] = src === 'agg_check_status' ? CHECK_STATES : SERVER_STATES;
          for (const s of states) {
            let n = 0;
            for (const x of srvs) {
              const v = src === 'agg_check_status' ? x.values[COL['check_status']!] : serverState(x.values[COL['status']!] ?? '');
              if (v === s) n++;
            }
            samples.push(`${name}{${labels},state="${s}"} ${n}`);
          }
          continue;
        }
        if (src === 'check_status') {
          const st = r.values[COL['check_status']!] ?? '';
          if (st === '') continue;
          for (const s of CHECK_STATES) samples.push(`${name}{${labels},state="${s}"} ${s === st ? 1 : 0}`);
          continue;
        }
        if (src === 'check_code' && scope === 'server') {
          // Present whenever the server is checked, 0 when the check has no layer 5-7 code.
          if ((r.values[COL['check_status']!] ?? '') === '') continue;
          samples.push(`${name}{${labels}} ${r.values[COL['check_code']!] || 0}`);
          continue;
        }
        const v = r.values[COL[src]!] ?? '';
        if (v === '') {
          if (SKIP_EMPTY.has(src) && scope === 'server') continue;
          if (scope !== 'server' && scope !== 'listener' && !http) continue;
          samples.push(`${name}{${labels}} NaN`);
          continue;
        }
        const n = Number(v);
        samples.push(`${name}{${labels}} ${MS_COLUMNS.has(src) ? (n / 1000).toFixed(6) : Number.isFinite(n) ? n : 'NaN'}`);
      }
    }
    if (samples.length === 0) continue;
    out.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`, ...samples);
  }
  return out.join('\n') + '\n';
}
