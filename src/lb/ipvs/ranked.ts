/**
 * IPVS's "least something" schedulers (lc, wlc, sed, nq) keep their servers in a heap ordered by
 * the quantity the kernel minimises, ties going to the server listed first, so a pick is O(log n)
 * instead of the kernel's list scan, with the same choice. Servers are repositioned when they
 * take or release a connection; unavailable (overloaded) ones are skipped.
 */
import type { LbContext, LbServer } from '../algorithm.js';
import { Heap, HeapNode } from '../heap.js';
import { walk } from '../tree-walk.js';
import { IpvsScheduler } from './base.js';

export abstract class RankedScheduler<S extends LbServer> extends IpvsScheduler<S> {
  private readonly heap = new Heap<number>();
  private readonly nodes: HeapNode<number>[];

  constructor(servers: readonly S[]) {
    super(servers);
    this.nodes = servers.map((_, i) => new HeapNode(i));
    this.rebuild();
  }

  /** The quantity to minimise for a server (weight > 0). */
  protected abstract rank(s: S): number;

  private place(i: number): void {
    const s = this.servers[i]!;
    const n = this.nodes[i]!;
    if (s.weight > 0 && s.usable()) this.heap.place(n, this.rank(s), i);
    else this.heap.delete(n);
  }

  private rebuild(): void {
    for (let i = 0; i < this.servers.length; i++) this.place(i);
  }

  override update(): void {
    this.rebuild();
  }

  override serverChanged(s: S): void {
    const i = this.idx.get(s);
    if (i !== undefined) this.place(i);
  }

  override taken(s: S): void {
    this.serverChanged(s);
  }

  override released(s: S): void {
    this.serverChanged(s);
  }

  private readonly ok = (i: number): boolean => this.available(this.servers[i]!);

  pick(_ctx?: LbContext): S | undefined {
    const i = walk(this.heap, this.ok);
    return i >= 0 ? this.servers[i] : undefined;
  }
}
