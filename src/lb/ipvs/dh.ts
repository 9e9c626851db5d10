/** IPVS `dh`: destination hashing, 256-bucket table keyed by the address the client reached. O(1). */
import type { LbContext, LbServer } from '../algorithm.js';
import { IpvsHashTable } from './hash-table.js';

export class IpvsDh<S extends LbServer> extends IpvsHashTable<S> {
  readonly name = 'dh';
  protected readonly weighted = false;
  protected readonly probes = false;
  constructor(servers: readonly S[]) {
    super(servers);
    this.build();
  }
  protected key(ctx: LbContext | undefined): string | undefined {
    return ctx?.dstAddr ?? ctx?.srcAddr;
  }
}
