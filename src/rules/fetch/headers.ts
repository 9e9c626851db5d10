/**
 * Header lookups as HAProxy's http_find_header(): names are case-insensitive; `hdr()` splits values
 * on commas (outside quotes), `fhdr()` takes whole lines. Occurrence: positive counts from the first,
 * negative from the last, 0 means every one.
 */
import type { HeaderField } from '../../http/types.js';

/** Push the comma-separated elements of `v` (trimmed) to `out`. */
export function splitCommas(v: string, out: string[]): void {
  let start = 0;
  let quoted = false;
  for (let i = 0; i < v.length; i++) {
    const c = v.charCodeAt(i);
    if (c === 34) quoted = !quoted;
    else if (c === 92 && quoted) i++;
    else if (c === 44 && !quoted) {
      out.push(v.slice(start, i).trim());
      start = i + 1;
    }
  }
  out.push(v.slice(start).trim());
}

/** Every value of header `lname` ('' = every header), split on commas when `split`. */
export function headerValues(h: readonly HeaderField[], lname: string, split: boolean, into?: string[]): string[] {
  const out: string[] = into ?? [];
  out.length = 0;
  for (let i = 0; i < h.length; i++) {
    const f = h[i]!;
    if (lname !== '' && f.lname !== lname) continue;
    if (split && f.value.indexOf(',') >= 0) splitCommas(f.value, out);
    else out.push(f.value);
  }
  return out;
}

/** One occurrence of header `lname`: occ > 0 from the first, occ < 0 from the last. */
export function headerOcc(h: readonly HeaderField[], lname: string, split: boolean, occ: number): string | undefined {
  if (!split && occ === -1) {
    for (let i = h.length - 1; i >= 0; i--) if (h[i]!.lname === lname) return h[i]!.value;
    return undefined;
  }
  if (!split && occ === 1) {
    for (let i = 0; i < h.length; i++) if (h[i]!.lname === lname) return h[i]!.value;
    return undefined;
  }
  const all = headerValues(h, lname, split);
  if (occ > 0) return all[occ - 1];
  if (occ < 0) return all[all.length + occ];
  return all[all.length - 1];
}

/** Number of occurrences (comma-split when `split`). */
export function headerCount(h: readonly HeaderField[], lname: string, split: boolean): number {
  if (!split) {
    let n = 0;
    for (let i = 0; i < h.length; i++) if (lname === '' || h[i]!.lname === lname) n++;
    return n;
  }
  return headerValues(h, lname, true).length;
}

/**
 * Cookie values named `name` ('' = any) in Cookie (request) or Set-Cookie (response) headers.
 * Spaces around names and values are ignored; in Set-Cookie only the first pair counts.
 */
export function cookieValues(h: readonly HeaderField[], hdr: 'cookie' | 'set-cookie', name: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < h.length; i++) {
    const f = h[i]!;
    if (f.lname !== hdr) continue;
    const pairs = hdr === 'cookie' ? f.value.split(/[;,]/) : [f.value.split(';')[0] ?? ''];
    for (const p of pairs) {
      const eq = p.indexOf('=');
      if (eq < 0) continue;
      const k = p.slice(0, eq).trim();
      if (name === '' || k === name) out.push(p.slice(eq + 1).trim());
    }
  }
  return out;
}
