/**
 * The 256-bucket tables of IPVS `sh` and `dh` (ip_vs_sh.c, ip_vs_dh.c): buckets are filled with
 * servers in turn (`sh` repeats each server weight times); an address picks its bucket with a
 * multiplicative hash. Unavailable servers are skipped by probing the following buckets (sh).
 */
import type { LbContext, LbServer } from '../algorithm.js';
import { sourceWords } from '../source-address.js';
import { IpvsScheduler } from './base.js';

const TAB_BITS = 8;
const TAB_SIZE = 1 << TAB_BITS;

export abstract class IpvsHashTable<S extends LbServer> extends IpvsScheduler<S> {
  override readonly hashing = true;
  protected readonly table = new Int32Array(TAB_SIZE).fill(-1);
  protected abstract readonly weighted: boolean;
  protected abstract key(ctx: LbContext | undefined): string | undefined;

  protected build(): void {
    const list = this.servers.map((_, i) => i).filter((i) => this.servers[i]!.weight > 0);
    if (!list.length) {
      this.table.fill(-1);
      return;
    }
    let d = 0;
    let count = 0;
    for (let b = 0; b < TAB_SIZE; b++) {
      this.table[b] = list[d]!;
      const w = this.weighted ? this.servers[list[d]!]!.weight : 1;
      if (++count >= w) {
        count = 0;
        d = (d + 1) % list.length;
      }
    }
  }

  override update(): void {
    this.build();
  }

  static bucket(addr: string): number {
    const h = sourceWords(addr);
    return (Math.imul(h >>> 0, 2654435761 | 0) >>> 0) >>> (32 - TAB_BITS);
  }

  pick(ctx?: LbContext): S | undefined {
    const k = this.key(ctx);
    if (k === undefined) return undefined;
    const b = IpvsHashTable.bucket(k);
    for (let probe = 0; probe < TAB_SIZE; probe++) {
      const i = this.table[(b + probe) % TAB_SIZE]!;
      if (i < 0) return undefined;
      const s = this.servers[i]!;
      if (this.available(s)) return s;
      if (!this.probes) return undefined;
    }
    return undefined;
  }

  /** `sh` falls back to the next buckets when a server is unavailable; `dh` does not. */
  protected abstract readonly probes: boolean;
}
