/** IPVS `wlc`: weighted least connections, overhead / weight smallest (ip_vs_wlc.c). O(log n). */
import type { LbServer } from '../algorithm.js';
import { overhead } from './base.js';
import { RankedScheduler } from './ranked.js';

export class IpvsWlc<S extends LbServer> extends RankedScheduler<S> {
  readonly name = 'wlc';
  protected rank(s: S): number {
    return overhead(s) / s.weight;
  }
}
