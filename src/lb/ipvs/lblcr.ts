/**
 * IPVS `lblcr`: locality-based least connections with replication: each destination has a set of
 * servers; the least loaded of the set serves it, and the least loaded server overall joins the
 * set when that one is overloaded. A set shrinks (its most loaded member leaves) after `expireMs`
 * without change.
 */
import type { LbContext, LbServer } from '../algorithm.js';
import { IpvsScheduler } from './base.js';
import { destKey, leastLoaded, localityOverhead, overloaded, touch } from './locality.js';

interface DestSet<S> {
  members: S[];
  lastMod: number;
}

export class IpvsLblcr<S extends LbServer> extends IpvsScheduler<S> {
  readonly name = 'lblcr';
  private readonly table = new Map<string, DestSet<S>>();
  private readonly ok = (s: S): boolean => this.available(s);
  expireMs = 24 * 3600 * 1000;

  pick(ctx?: LbContext): S | undefined {
    const k = destKey(ctx);
    const set = this.table.get(k);
    const now = Date.now();
    if (set) {
      let d = leastLoaded(set.members, this.ok);
      if (set.members.length > 1 && now - set.lastMod > this.expireMs) {
        // Drop the most loaded member.
        let worst = -1;
        for (let i = 0; i < set.members.length; i++) {
          const m = set.members[i]!;
          if (worst < 0 || localityOverhead(m) * set.members[worst]!.weight > localityOverhead(set.members[worst]!) * m.weight) worst = i;
        }
        if (worst >= 0) set.members.splice(worst, 1);
        set.lastMod = now;
      }
      if (d && !overloaded(d, this.servers)) {
        touch(this.table, k, set);
        return d;
      }
      d = leastLoaded(this.servers, this.ok);
      if (d) {
        if (!set.members.includes(d)) set.members.push(d);
        set.lastMod = now;
        touch(this.table, k, set);
      }
      return d;
    }
    const d = leastLoaded(this.servers, this.ok);
    if (d) touch(this.table, k, { members: [d], lastMod: now });
    return d;
  }
}
