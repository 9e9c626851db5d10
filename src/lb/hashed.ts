/**
 * The hashing algorithms: `source`, `uri`, `url_param`, `hdr(name)`, `rdp-cookie`. The key's hash
 * picks a server from the static map (`hash-type map-based`, the default) or the consistent ring
 * (`hash-type consistent`, dynamic weights, optional `hash-balance-factor`). A missing key falls
 * back to round-robin on the same structure, as HAProxy's assign_server(). O(1) / O(log n).
 */
import { FarmAlgorithm } from './farm-algorithm.js';
import type { LbAlgorithm, LbContext, LbServer } from './algorithm.js';
import { ChashRing } from './chash-ring.js';
import { Farm, type FarmOptions } from './farm.js';
import { keyHash, type KeySpec } from './hash-keys.js';
import { ServerMap } from './server-map.js';

export interface HashedOptions extends FarmOptions {
  readonly consistent: boolean;
  readonly balanceFactor?: number;
}

export class Hashed<S extends LbServer> extends FarmAlgorithm<S> implements LbAlgorithm<S> {
  readonly name: string;
  readonly hashing = true;
  readonly needsBody: boolean;
  override readonly farm: Farm<S>;
  private readonly ring: ChashRing<S> | undefined;
  private readonly map: ServerMap<S> | undefined;

  constructor(
    servers: readonly S[],
    readonly key: KeySpec,
    opts: HashedOptions,
  ) {
    super();
    this.name = key.kind;
    this.needsBody = key.kind === 'url_param' && key.checkPost;
    this.farm = new Farm(servers, { allBackups: opts.allBackups, staticWeights: !opts.consistent });
    if (opts.consistent) {
      this.ring = new ChashRing(this.farm);
      this.ring.balanceFactor = opts.balanceFactor ?? 0;
    } else {
      this.map = new ServerMap(this.farm);
    }
  }

  pick(ctx?: LbContext, avoid?: S): S | undefined {
    const f = this.farm;
    if (!f.totWeight) return undefined;
    const avoidIdx = avoid ? f.indexOf(avoid) : -1;
    const h = keyHash(this.key, ctx, f.totUsed === 1);
    let s: S | undefined;
    if (h >= 0) s = this.ring ? this.ring.byHash(h, avoidIdx) : this.map!.byHash(h);
    if (!s) s = this.ring ? this.ring.next(avoidIdx) : this.map!.next(avoidIdx);
    return s;
  }

  override update(): void {
    const f = this.farm;
    if (this.map) {
      let any = false;
      for (let i = 0; i < f.n; i++) {
        f.stage(i);
        if (f.changed(i)) any = true;
      }
      if (!any) return;
      f.recount();
      this.map.recalc();
      for (let i = 0; i < f.n; i++) f.commit(i);
      return;
    }
    for (let i = 0; i < f.n; i++) this.change(i);
  }

  protected override change(i: number): void {
    const f = this.farm;
    f.stage(i);
    if (!f.changed(i)) return;
    f.recount();
    if (this.map) this.map.recalc();
    else this.ring!.adjust(i);
    f.commit(i);
  }
}
