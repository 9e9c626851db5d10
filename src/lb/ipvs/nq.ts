/**
 * IPVS `nq`: never queue: the first idle server if there is one, else the shortest expected delay
 * (ip_vs_nq.c). O(log n).
 */
import type { LbServer } from '../algorithm.js';
import { RankedScheduler } from './ranked.js';
import { sedOverhead } from './sed.js';

export class IpvsNq<S extends LbServer> extends RankedScheduler<S> {
  readonly name = 'nq';
  protected rank(s: S): number {
    return s.cur === 0 ? -1 : sedOverhead(s) / s.weight;
  }
}
