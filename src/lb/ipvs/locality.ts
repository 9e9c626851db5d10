/**
 * What IPVS `lblc` and `lblcr` share (ip_vs_lblc.c, ip_vs_lblcr.c): the destination-address key,
 * the "least loaded" choice with their overhead (active * 50 + inactive), the overload test
 * (more active connections than weight while another server is below half its weight), and a
 * bounded table of destinations (oldest entries dropped first, as the kernel's expiry would).
 */
import type { LbContext, LbServer } from '../algorithm.js';
import { leastWeighted } from './base.js';

export const TABLE_MAX = 16384;

export function destKey(ctx: LbContext | undefined): string {
  return ctx?.dstAddr ?? ctx?.srcAddr ?? '';
}

export const localityOverhead = (s: LbServer): number => s.cur * 50;

export function leastLoaded<S extends LbServer>(list: readonly S[], ok: (s: S) => boolean): S | undefined {
  return leastWeighted(list, ok, localityOverhead);
}

export function overloaded<S extends LbServer>(d: S, list: readonly S[]): boolean {
  if (d.cur <= d.weight) return false;
  for (const s of list) if (s.usable() && s.weight > 0 && s.cur * 2 < s.weight) return true;
  return false;
}

/** A Map that forgets its least recently used keys beyond TABLE_MAX. */
export function touch<V>(m: Map<string, V>, k: string, v: V): void {
  m.delete(k);
  m.set(k, v);
  if (m.size > TABLE_MAX) {
    const first = m.keys().next();
    if (!first.done) m.delete(first.value);
  }
}
