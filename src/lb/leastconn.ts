/**
 * `balance leastconn`: HAProxy's fast weighted least-connections (src/lb_fwlc.c). Servers sit in a
 * tree keyed by (inflight + 1) * 4096 / eweight (0 when idle) and are repositioned each time they
 * take or release a stream; among equal keys the least recently queued comes first, which is the
 * round-robin among equally loaded servers. O(log n) per pick (plus saturated servers skipped).
 */
import { FarmAlgorithm } from './farm-algorithm.js';
import type { LbAlgorithm, LbContext, LbServer } from './algorithm.js';
import { SRV_EWGHT_MAX } from './constants.js';
import { Farm, type FarmOptions } from './farm.js';
import { Heap, HeapNode } from './heap.js';
import { walk } from './tree-walk.js';

export class LeastConn<S extends LbServer> extends FarmAlgorithm<S> implements LbAlgorithm<S> {
  readonly name: string = 'leastconn';
  readonly hashing = false;
  readonly needsBody = false;
  override readonly farm: Farm<S>;
  private readonly act = new Heap<number>();
  private readonly bck = new Heap<number>();
  private readonly nodes: HeapNode<number>[];
  private avoidIdx = -1;
  private avoided = -1;

  constructor(servers: readonly S[], opts: FarmOptions = {}) {
    super();
    const f = (this.farm = new Farm(servers, opts));
    this.nodes = servers.map((_, i) => new HeapNode(i));
    for (let i = 0; i < f.n; i++) if (f.curUsable[i]) this.queue(i, f.nextEw[i]!);
  }

  private tree(i: number): Heap<number> {
    return this.farm.servers[i]!.backup ? this.bck : this.act;
  }

  private queue(i: number, ew: number): void {
    const s = this.farm.servers[i]!;
    const inflight = s.cur + (s.queued ?? 0);
    const key = inflight ? Math.floor(((inflight + 1) * SRV_EWGHT_MAX) / ew) : 0;
    this.tree(i).insert(this.nodes[i]!, key >>> 0);
  }

  private readonly accept = (i: number): boolean => {
    if (!this.farm.hasRoomOrQueue(i)) return false;
    if (i !== this.avoidIdx) return true;
    this.avoided = i;
    return false;
  };

  pick(_ctx?: LbContext, avoid?: S): S | undefined {
    const f = this.farm;
    let tree: Heap<number>;
    if (f.srvAct) tree = this.act;
    else if (f.fbck >= 0) return f.servers[f.fbck];
    else if (f.srvBck) tree = this.bck;
    else return undefined;
    this.avoidIdx = avoid ? f.indexOf(avoid) : -1;
    this.avoided = -1;
    let i = walk(tree, this.accept);
    if (i < 0) i = this.avoided;
    return i >= 0 ? f.servers[i] : undefined;
  }

  private reposition(s: S): void {
    const i = this.farm.indexOf(s);
    const node = this.nodes[i];
    if (!node || !node.heap) return;
    node.heap.delete(node);
    this.queue(i, this.farm.curEw[i]!);
  }

  override taken(s: S): void {
    this.farm.served++;
    this.reposition(s);
  }

  override released(s: S): void {
    this.farm.served--;
    this.reposition(s);
  }

  protected override change(i: number): void {
    const f = this.farm;
    f.stage(i);
    if (!f.changed(i)) return;
    const node = this.nodes[i]!;
    if (f.curUsable[i] && !f.nextUsable[i]) node.heap?.delete(node);
    else if (f.nextUsable[i]) {
      node.heap?.delete(node);
      this.queue(i, f.nextEw[i]!);
    }
    f.recount();
    f.commit(i);
  }
}
