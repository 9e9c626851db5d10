/**
 * `show stat [typed|json]` and `show info [typed|json]` over the statistics module (src/stats):
 * rows and values come from there; this file prints HAProxy's CLI forms (CSV, typed lines, JSON).
 */
import { csvHeader, csvRow, GENERIC_FIELDS, infoFields, MODULE_FIELDS, showInfo as infoLines, statRows, COL, type StatFilter, type StatRow } from '../stats/index.js';
import type { ApiContext } from './context.js';
import { INFO_FIELDS, STAT_TYPE_TAGS } from './stat-tags.js';

/** Rows with the CLI's view of frontends the API paused or stopped. */
export function apiRows(api: ApiContext, f: StatFilter): StatRow[] {
  const rows = statRows(api.graph, f);
  for (const r of rows) {
    if (r.type !== 0) continue;
    const name = r.values[COL['pxname']!];
    if (name === undefined) continue;
    const fe = api.graph.frontends.find((x) => x.frontend.name === name)?.frontend;
    if (!fe) continue;
    if (api.stoppedFrontends.has(name)) r.values[COL['status']!] = 'STOP';
    else if (fe.listeners.length > 0 && fe.listeners.every((l) => l.isPaused)) r.values[COL['status']!] = 'PAUSED';
  }
  return rows;
}

export function statCsv(rows: readonly StatRow[]): string {
  return [csvHeader(), ...rows.map(csvRow)].join('\n') + '\n';
}

const TYPE_LETTER = ['F', 'B', 'S', 'L'] as const;
const OBJ_TYPE = ['Frontend', 'Backend', 'Server', 'Listener'] as const;

/** Column i of a row: its typed position and definition (the '-' separator has none). */
function fieldAt(i: number): { pos: number; name: string; nature: string; type: string } | undefined {
  const g = GENERIC_FIELDS.length;
  if (i < g) return { pos: i, ...GENERIC_FIELDS[i]! };
  if (i === g) return undefined;
  const m = MODULE_FIELDS[i - g - 1];
  return m ? { pos: i - 1, ...m } : undefined;
}

export function statTyped(rows: readonly StatRow[]): string {
  let out = '';
  for (const r of rows) {
    const t = TYPE_LETTER[r.type];
    r.values.forEach((v, i) => {
      const f = fieldAt(i);
      if (!f || v === '') return;
      out += `${t}.${r.iid}.${r.sid}.${f.pos}.${f.name}.1:${STAT_TYPE_TAGS[t]?.[f.pos] ?? f.nature}:${f.type}:${v}\n`;
    });
  }
  return out;
}

const ORIGIN: Readonly<Record<string, string>> = { M: 'Metric', S: 'Status', K: 'Key', C: 'Config', P: 'Product' };
const NATURE: Readonly<Record<string, string>> = { A: 'Age', a: 'Avg', C: 'Counter', D: 'Duration', G: 'Gauge', L: 'Limit', M: 'Max', N: 'Name', O: 'Output', R: 'Rate', T: 'Time' };
const SCOPE: Readonly<Record<string, string>> = { S: 'Service', P: 'Process', Y: 'System', C: 'Cluster' };

function tagsJson(tag: string): string {
  return `{"origin":"${ORIGIN[tag[0]!] ?? ''}","nature":"${NATURE[tag[1]!] ?? ''}","scope":"${SCOPE[tag[2]!] ?? ''}"}`;
}

function jsonValue(type: string, v: string): string {
  return type === 'str' ? JSON.stringify(v) : String(Number(v) || 0);
}

export function statJson(rows: readonly StatRow[]): string {
  const objs = rows.map((r) => {
    const fields: string[] = [];
    r.values.forEach((v, i) => {
      const f = fieldAt(i);
      if (!f || v === '') return;
      fields.push(
        `{"objType":"${OBJ_TYPE[r.type]}","proxyId":${r.iid},"id":${r.sid},"field":{"pos":${f.pos},"name":"${f.name}"},"processNum":1,"tags":${tagsJson(STAT_TYPE_TAGS[TYPE_LETTER[r.type]]?.[f.pos] ?? f.nature)},"value":{"type":"${f.type}","value":${jsonValue(f.type, v)}}}`,
      );
    });
    return `[${fields.join(',')}]`;
  });
  return `[${objs.join(',')}]\n`;
}

const INFO_TAG = new Map(INFO_FIELDS.map(([n, tag, type]) => [n, { tag, type }]));

export function showInfo(api: ApiContext, format: 'plain' | 'typed' | 'json'): string {
  if (format === 'plain') return infoLines(api.graph).map((l) => l + '\n').join('');
  const vals = infoFields(api.graph).map(([name, value], i) => {
    const t = INFO_TAG.get(name) ?? { tag: typeof value === 'number' ? 'MGP' : 'POS', type: typeof value === 'number' ? 'u32' : 'str' };
    return { i, name, tag: t.tag, type: t.type, value: String(value) };
  });
  if (format === 'typed') return vals.map((f) => `${f.i}.${f.name}.1:${f.tag}:${f.type}:${f.value}\n`).join('');
  return `[${vals.map((f) => `{"field":{"pos":${f.i},"name":"${f.name}"},"processNum":1,"tags":${tagsJson(f.tag)},"value":{"type":"${f.type}","value":${jsonValue(f.type, f.value)}}}`).join(',')}]\n`;
}
