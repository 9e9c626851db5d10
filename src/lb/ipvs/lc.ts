/** IPVS `lc`: least connections; weights only say 0 = unused (ip_vs_lc.c). O(log n). */
import type { LbServer } from '../algorithm.js';
import { overhead } from './base.js';
import { RankedScheduler } from './ranked.js';

export class IpvsLc<S extends LbServer> extends RankedScheduler<S> {
  readonly name = 'lc';
  protected rank(s: S): number {
    return overhead(s);
  }
}
