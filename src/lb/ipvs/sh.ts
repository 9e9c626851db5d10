/** IPVS `sh`: source hashing, weighted 256-bucket table keyed by the client address. O(1). */
import type { LbContext, LbServer } from '../algorithm.js';
import { IpvsHashTable } from './hash-table.js';

export class IpvsSh<S extends LbServer> extends IpvsHashTable<S> {
  readonly name = 'sh';
  protected readonly weighted = true;
  protected readonly probes = true;
  constructor(servers: readonly S[]) {
    super(servers);
    this.build();
  }
  protected key(ctx: LbContext | undefined): string | undefined {
    return ctx?.srcAddr;
  }
}
