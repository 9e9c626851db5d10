/** HAProxy's stats CSV (`;csv` on the stats page, `show stat` on the runtime API). */
import type { RuntimeGraph } from '../runtime/graph.js';
import { CSV_COLUMNS } from './fields.js';
import { statRows, type StatFilter, type StatRow } from './rows.js';

/** csv_enc(): quote a field holding a comma, a quote, a line break or edge spaces. */
export function csvField(s: string): string {
  if (!/[",\r\n]|^\s|\s$/.test(s)) return s;
  return `"${s.replace(/"/g, '""')}"`;
}

/** The header line, "# pxname,svname,...," (with its trailing comma, as HAProxy). */
export function csvHeader(): string {
  return `# ${CSV_COLUMNS.join(',')},`;
}

export function csvRow(r: StatRow): string {
  return r.values.map(csvField).join(',') + ',';
}

/** The header then one line per row, each ending with '\n' (an empty line ends HAProxy's CLI output). */
export function csvLines(graph: RuntimeGraph, f: StatFilter = {}, now = Date.now()): string[] {
  return [csvHeader(), ...statRows(graph, f, now).map(csvRow)];
}

/** The whole CSV document as the stats page serves it. */
export function csvText(graph: RuntimeGraph, f: StatFilter = {}, now = Date.now()): string {
  return csvLines(graph, f, now).join('\n') + '\n';
}
