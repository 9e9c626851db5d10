/**
 * `balance roundrobin`: HAProxy's fast weighted round-robin (src/lb_fwrr.c), step for step, so the
 * sequence of servers is the one HAProxy produces. Each group (active, backup) has a "current" tree
 * ordered by next position, and "init"/"next" trees ordered by weight; heaps stand in for the eb32
 * trees. Weights are dynamic: a change repositions one server without disturbing the others.
 * O(log n) per pick.
 */
import { FarmAlgorithm } from './farm-algorithm.js';
import type { LbAlgorithm, LbContext, LbServer } from './algorithm.js';
import { SRV_EWGHT_MAX, SRV_UWGHT_RANGE, BE_WEIGHT_SCALE } from './constants.js';
import { Farm, type FarmOptions } from './farm.js';
import { Heap, HeapNode } from './heap.js';

class Group {
  readonly curr = new Heap<number>();
  readonly t0 = new Heap<number>();
  readonly t1 = new Heap<number>();
  init = this.t0;
  next = this.t1;
  currPos = 0;
  currWeight = 0;
  nextWeight = 0;
}

/** C unsigned division of a possibly negative int numerator, as HAProxy's mixed int/unsigned math. */
function udiv(num: number, den: number): number {
  return Math.floor((num < 0 ? num + 4294967296 : num) / den);
}

export class RoundRobin<S extends LbServer> extends FarmAlgorithm<S> implements LbAlgorithm<S> {
  readonly name: string = 'roundrobin';
  readonly hashing = false;
  readonly needsBody = false;
  override readonly farm: Farm<S>;
  private readonly act = new Group();
  private readonly bck = new Group();
  private readonly nodes: HeapNode<number>[];
  private readonly npos: Float64Array;
  private readonly lpos: Float64Array;
  private readonly rweight: Float64Array;
  /** Saturated servers taken out during one pick (reused). */
  private readonly full: number[] = [];

  constructor(servers: readonly S[], opts: FarmOptions = {}) {
    super();
    const farm = (this.farm = new Farm(servers, opts));
    const n = farm.n;
    this.nodes = servers.map((_, i) => new HeapNode(i));
    this.npos = new Float64Array(n);
    this.lpos = new Float64Array(n);
    this.rweight = new Float64Array(n);
    this.act.currPos = this.act.currWeight = this.act.nextWeight = farm.totWact;
    this.bck.currPos = this.bck.currWeight = this.bck.nextWeight = farm.totWbck;
    for (let i = 0; i < n; i++) {
      if (!farm.curUsable[i]) continue;
      this.queueByWeight(this.grp(i).init, i);
    }
  }

  private grp(i: number): Group {
    return this.farm.servers[i]!.backup ? this.bck : this.act;
  }

  private queueByWeight(root: Heap<number>, i: number): void {
    root.insert(this.nodes[i]!, SRV_EWGHT_MAX - this.farm.nextEw[i]!);
  }

  private dequeue(i: number): void {
    const n = this.nodes[i]!;
    n.heap?.delete(n);
  }

  /** fwrr_queue_srv() */
  private queueSrv(i: number): void {
    const f = this.farm;
    const g = this.grp(i);
    const ew = f.nextEw[i]!;
    if (!f.nextUsable[i]) {
      this.dequeue(i);
    } else if (ew <= 0 || this.npos[i]! >= 2 * g.currWeight || this.npos[i]! >= g.currWeight + g.nextWeight) {
      this.npos[i]! -= g.currWeight;
      this.queueByWeight(g.next, i);
    } else {
      const key = SRV_UWGHT_RANGE * this.npos[i]! + Math.floor((SRV_EWGHT_MAX + this.rweight[i]! - ew) / BE_WEIGHT_SCALE);
      g.curr.insert(this.nodes[i]!, key);
    }
  }

  /** fwrr_get_srv(): prepare a server taken out of its tree. */
  private getSrv(i: number): void {
    const g = this.grp(i);
    const h = this.nodes[i]!.heap;
    if (h === g.init) {
      this.npos[i] = this.rweight[i] = 0;
    } else if (h === g.next) {
      this.npos[i]! += g.currWeight;
    } else if (h === undefined) {
      this.npos[i] = g.currPos;
    }
  }

  private static switchTrees(g: Group): void {
    const swap = g.init;
    g.init = g.next;
    g.next = swap;
    g.currWeight = g.nextWeight;
    g.currPos = g.currWeight;
  }

  private fromGroup(g: Group): number {
    const f = this.farm;
    const n1 = g.curr.first();
    let s1 = -1;
    if (n1) {
      s1 = n1.item;
      if (f.curEw[s1] && this.npos[s1]! <= g.currPos) return s1;
    }
    const n2 = g.init.first();
    if (n2) {
      const s2 = n2.item;
      if (f.curEw[s2]) {
        this.npos[s2] = this.rweight[s2] = 0;
        return s2;
      }
    }
    return s1;
  }

  private updatePosition(g: Group, i: number): void {
    const ew = this.farm.curEw[i]!;
    if (!ew) return;
    if (!this.npos[i]) this.npos[i] = g.currPos;
    this.lpos[i] = this.npos[i]!;
    this.npos[i]! += Math.floor(g.nextWeight / ew);
    this.rweight[i]! += g.nextWeight % ew;
    if (this.rweight[i]! >= ew) {
      this.rweight[i]! -= ew;
      this.npos[i]!++;
    }
  }

  pick(_ctx?: LbContext, avoid?: S): S | undefined {
    const f = this.farm;
    let g: Group;
    if (f.srvAct) g = this.act;
    else if (f.fbck >= 0) return f.servers[f.fbck];
    else if (f.srvBck) g = this.bck;
    else return undefined;
    const avoidIdx = avoid ? f.indexOf(avoid) : -1;
    let switched = false;
    let avoided = -1;
    let srv = -1;
    const full = this.full;
    full.length = 0;
    let take = true;
    for (;;) {
      if (!g.currWeight) g.currPos = g.currWeight = g.nextWeight;
      for (;;) {
        srv = this.fromGroup(g);
        if (srv >= 0) break;
        if (switched) break;
        switched = true;
        RoundRobin.switchTrees(g);
      }
      if (srv < 0) {
        if (avoided >= 0) srv = avoided;
        else take = false;
        break;
      }
      this.updatePosition(g, srv);
      this.dequeue(srv);
      g.currPos++;
      if (f.hasRoom(srv)) {
        if (srv !== avoidIdx || avoided >= 0) break;
        avoided = srv;
      }
      full.push(srv);
    }
    if (take) this.queueSrv(srv);
    // Requeue the extracted servers, most recent first (HAProxy walks its LIFO list).
    for (let k = full.length - 1; k >= 0; k--) {
      const s = full[k]!;
      if (take && s === srv) continue;
      if (switched) this.queueByWeight(g.init, s);
      else this.queueSrv(s);
    }
    return take ? f.servers[srv] : undefined;
  }

  /** fwrr_update_server_weight(), which covers up and down transitions too. */
  protected override change(i: number): void {
    const f = this.farm;
    f.stage(i);
    if (!f.changed(i)) return;
    const oldState = f.curUsable[i] === 1;
    const newState = f.nextUsable[i] === 1;
    const g = this.grp(i);
    if (!oldState && !newState) {
      f.commit(i);
      return;
    }
    if (!oldState && newState) {
      g.nextWeight += f.nextEw[i]!;
      this.getSrv(i);
      this.npos[i] = g.currPos + udiv(g.nextWeight + g.currWeight - g.currPos, f.nextEw[i]!);
      this.queueSrv(i);
    } else if (oldState && !newState) {
      g.nextWeight -= f.curEw[i]!;
      this.dequeue(i);
    } else {
      g.nextWeight = g.nextWeight - f.curEw[i]! + f.nextEw[i]!;
      const node = this.nodes[i]!;
      if (node.heap === g.init) {
        this.dequeue(i);
        this.queueByWeight(g.init, i);
      } else if (!node.heap) {
        this.getSrv(i);
        this.npos[i] = g.currPos + udiv(g.nextWeight + g.currWeight - g.currPos, f.nextEw[i]!);
        this.queueSrv(i);
      } else {
        this.getSrv(i);
        const ew = f.nextEw[i]!;
        if (ew > 0) {
          const prevNext = this.npos[i]!;
          const step = Math.floor(g.nextWeight / ew);
          this.npos[i] = this.lpos[i]! + step;
          this.rweight[i] = 0;
          if (this.npos[i]! > prevNext) this.npos[i] = prevNext;
          if (this.npos[i]! < g.currPos + 2) this.npos[i] = g.currPos + step;
        } else {
          this.npos[i] = g.currPos + g.currWeight;
        }
        this.dequeue(i);
        this.queueSrv(i);
      }
    }
    f.recount();
    f.commit(i);
  }
}
