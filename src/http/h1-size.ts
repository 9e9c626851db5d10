/**
 * HAProxy 2.6 refuses a head that does not fit its HTX message: start line (28 bytes + method + target +
 * version), every header (8 + name + value, after trimming and dropped duplicates) and the end-of-headers
 * block (8) must total at most maxHeadSize - 49 (15311 with default tune.bufsize 16384 / maxrewrite 1024;
 * measured with real haproxy: one-header heads are refused from 15274 raw bytes, 50-header heads from 15074).
 */
import type { HeaderField } from './types.js';

export const HTX_SL_COST = 28;
export const HTX_HDR_COST = 8;
export const HTX_EOH_COST = 8;
export const HTX_SLACK = 49;

export function htxHeadCost(startLineBytes: number, headers: readonly HeaderField[]): number {
  let n = HTX_SL_COST + startLineBytes + HTX_EOH_COST;
  for (let i = 0; i < headers.length; i++) {
    const h = headers[i] as HeaderField;
    n += HTX_HDR_COST + h.name.length + h.value.length;
  }
  return n;
}
