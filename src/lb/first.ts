/**
 * `balance first`: the usable server with the lowest id that has a free slot (src/lb_fas.c).
 * Weights are ignored; servers are walked in id order, so a pick costs O(log n) per full server
 * skipped.
 */
import { FarmAlgorithm } from './farm-algorithm.js';
import type { LbAlgorithm, LbContext, LbServer } from './algorithm.js';
import { Farm, type FarmOptions } from './farm.js';
import { Heap, HeapNode } from './heap.js';
import { walk } from './tree-walk.js';

export class First<S extends LbServer> extends FarmAlgorithm<S> implements LbAlgorithm<S> {
  readonly name: string = 'first';
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
    for (let i = 0; i < f.n; i++) if (f.curUsable[i]) this.queue(i);
  }

  private queue(i: number): void {
    const tree = this.farm.servers[i]!.backup ? this.bck : this.act;
    tree.insert(this.nodes[i]!, this.farm.ids[i]!);
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

  protected override change(i: number): void {
    const f = this.farm;
    f.stage(i);
    if (!f.changed(i)) return;
    const node = this.nodes[i]!;
    if (!f.nextUsable[i]) node.heap?.delete(node);
    else if (!node.heap) this.queue(i);
    f.recount();
    f.commit(i);
  }
}
