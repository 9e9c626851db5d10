/** IPVS `lblc`: locality-based least connections: a destination stays on its server unless overloaded. */
import type { LbContext, LbServer } from '../algorithm.js';
import { IpvsScheduler } from './base.js';
import { destKey, leastLoaded, overloaded, touch } from './locality.js';

export class IpvsLblc<S extends LbServer> extends IpvsScheduler<S> {
  readonly name = 'lblc';
  private readonly table = new Map<string, S>();
  private readonly ok = (s: S): boolean => this.available(s);

  pick(ctx?: LbContext): S | undefined {
    const k = destKey(ctx);
    const d = this.table.get(k);
    if (d && this.available(d) && !overloaded(d, this.servers)) {
      touch(this.table, k, d);
      return d;
    }
    const s = leastLoaded(this.servers, this.ok);
    if (s) touch(this.table, k, s);
    return s;
  }
}
