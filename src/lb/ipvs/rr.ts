/** IPVS `rr`: plain round-robin over servers with a positive weight (ip_vs_rr.c). O(1) amortised. */
import type { LbContext, LbServer } from '../algorithm.js';
import { IpvsScheduler } from './base.js';

export class IpvsRr<S extends LbServer> extends IpvsScheduler<S> {
  readonly name = 'rr';
  private last = -1;

  pick(_ctx?: LbContext): S | undefined {
    const n = this.servers.length;
    for (let k = 1; k <= n; k++) {
      const i = (this.last + k) % n;
      const s = this.servers[i]!;
      if (this.available(s)) {
        this.last = i;
        return s;
      }
    }
    return undefined;
  }
}
