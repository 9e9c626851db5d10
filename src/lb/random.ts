/**
 * `balance random[(draws)]`: random points on the consistent-hash ring; with several draws the
 * least loaded (served / weight) of the drawn servers wins, as HAProxy's get_server_rnd().
 * A saturated choice returns nothing so the stream waits in the backend queue. O(draws x log n).
 */
import { FarmAlgorithm } from './farm-algorithm.js';
import type { LbAlgorithm, LbContext, LbServer } from './algorithm.js';
import { ChashRing } from './chash-ring.js';
import { Farm, type FarmOptions } from './farm.js';

export interface RandomOptions extends FarmOptions {
  readonly draws?: number;
  readonly balanceFactor?: number;
  /** A 32-bit random source (tests make it deterministic). */
  readonly random?: () => number;
}

/** xorshift128+ reduced to 32 bits: fast, no allocation. */
function makeRandom(): () => number {
  let a = (Math.random() * 0x100000000) >>> 0 || 1;
  let b = (Math.random() * 0x100000000) >>> 0 || 2;
  return () => {
    let t = a;
    const s = b;
    a = s;
    t ^= t << 11;
    t ^= t >>> 8;
    b = (t ^ s ^ (s >>> 19)) >>> 0;
    return (b + s) >>> 0;
  };
}

export class RandomLb<S extends LbServer> extends FarmAlgorithm<S> implements LbAlgorithm<S> {
  readonly name: string = 'random';
  readonly hashing = false;
  readonly needsBody = false;
  override readonly farm: Farm<S>;
  private readonly ring: ChashRing<S>;
  private readonly draws: number;
  private readonly rnd: () => number;

  constructor(servers: readonly S[], opts: RandomOptions = {}) {
    super();
    this.farm = new Farm(servers, opts);
    this.ring = new ChashRing(this.farm);
    this.ring.balanceFactor = opts.balanceFactor ?? 0;
    this.draws = Math.max(1, opts.draws ?? 2);
    this.rnd = opts.random ?? makeRandom();
  }

  pick(_ctx?: LbContext, avoid?: S): S | undefined {
    const f = this.farm;
    if (!f.totWeight) return undefined;
    const avoidIdx = avoid ? f.indexOf(avoid) : -1;
    const list = f.servers;
    let ci = -1;
    let draws = this.draws;
    do {
      const pi = ci;
      ci = this.ring.byHashIndex(this.rnd(), avoidIdx);
      if (ci < 0) break;
      if (pi >= 0 && pi !== ci && list[ci]!.cur * f.curEw[pi]! > list[pi]!.cur * f.curEw[ci]!) ci = pi;
    } while (--draws > 0);
    if (ci < 0) return undefined;
    const curr = list[ci]!;
    if (curr.queued || (curr.maxconn && curr.cur >= f.maxconnNow(ci))) return undefined;
    return curr;
  }

  protected override change(i: number): void {
    const f = this.farm;
    f.stage(i);
    if (!f.changed(i)) return;
    f.recount();
    this.ring.adjust(i);
    f.commit(i);
  }
}
