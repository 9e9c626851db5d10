/** IPVS `sed`: shortest expected delay, (active + 1) / weight smallest (ip_vs_sed.c). O(log n). */
import type { LbServer } from '../algorithm.js';
import { RankedScheduler } from './ranked.js';

export const sedOverhead = (s: LbServer): number => s.cur + 1;

export class IpvsSed<S extends LbServer> extends RankedScheduler<S> {
  readonly name = 'sed';
  protected rank(s: S): number {
    return sedOverhead(s) / s.weight;
  }
}
