/**
 * HAProxy's consistent-hashing tree (src/lb_chash.c) as sorted arrays, one per group (active,
 * backup). Each server owns eweight points keyed full_hash(puid * 4096 + n); a lookup finds the
 * closest point in O(log n). Point sets change only when a server's state or weight changes.
 * Also hosts `hash-balance-factor` (bounded loads) and the round-robin walk used when a key is missing.
 */
import type { LbServer } from './algorithm.js';
import { SRV_EWGHT_RANGE } from './constants.js';
import type { Farm } from './farm.js';
import { fullHash } from './hash-functions.js';
import { nextSeq } from './heap.js';

class RingNode {
  seq = 0;
  idx = -1;
  present = false;
  constructor(
    readonly key: number,
    readonly srv: number,
  ) {}
}

function before(a: RingNode, b: RingNode): boolean {
  return a.key < b.key || (a.key === b.key && a.seq < b.seq);
}

export class ChashRing<S extends LbServer> {
  private act: RingNode[] = [];
  private bck: RingNode[] = [];
  /** Keys and server indexes of the rings, flat for cache-friendly lookups. */
  private actKeys = new Uint32Array(0);
  private actSrv = new Int32Array(0);
  private bckKeys = new Uint32Array(0);
  private bckSrv = new Int32Array(0);
  private readonly points: RingNode[][];
  private readonly now: Int32Array;
  /** HAProxy's chash.last: where the round-robin walk stopped. */
  private last: RingNode | null = null;
  /** hash-balance-factor, 0 = off. */
  balanceFactor = 0;
  private readonly added: RingNode[] = [];

  constructor(private readonly farm: Farm<S>) {
    const n = farm.n;
    this.now = new Int32Array(n);
    this.points = [];
    for (let i = 0; i < n; i++) {
      const s = farm.servers[i]!;
      const tot = s.weight * 16;
      const pts: RingNode[] = [];
      const base = farm.ids[i]! * SRV_EWGHT_RANGE;
      for (let j = 0; j < tot; j++) pts.push(new RingNode(fullHash((base + j) >>> 0), i));
      this.points.push(pts);
    }
    for (let i = 0; i < n; i++) if (farm.curUsable[i]) this.adjust(i);
  }

  private ring(i: number): RingNode[] {
    return this.farm.servers[i]!.backup ? this.bck : this.act;
  }

  /** chash_skip_node(): the next point after `node` (wrapping), null when it is the only one. */
  private skip(node: RingNode): RingNode | null {
    const r = this.ring(node.srv);
    const len = r.length;
    for (let k = 1; k < len; k++) {
      const c = r[(node.idx + k) % len]!;
      if (c === node) return null;
      if (c.present) return c;
    }
    return null;
  }

  /** chash_queue_dequeue_srv(): make server i appear nextEw times in its tree (0 removes it). */
  adjust(i: number): void {
    const f = this.farm;
    const want = f.nextUsable[i] ? f.nextEw[i]! : 0;
    let pts = this.points[i]!;
    let changed = false;
    const remove = (): void => {
      const n = pts[--this.now[i]!]!;
      if (this.last === n) this.last = this.skip(n);
      n.present = false;
      changed = true;
    };
    while (this.now[i]! > want) remove();
    if (pts.length < want) {
      while (this.now[i]! > 0) remove();
      const base = f.ids[i]! * SRV_EWGHT_RANGE;
      for (let j = pts.length; j < want; j++) pts.push(new RingNode(fullHash((base + j) >>> 0), i));
      pts = this.points[i]!;
    }
    const added = this.added;
    added.length = 0;
    while (this.now[i]! < want && this.now[i]! < pts.length) {
      const n = pts[this.now[i]!++]!;
      n.present = true;
      n.seq = nextSeq();
      added.push(n);
    }
    if (changed || added.length) this.rebuild(this.farm.servers[i]!.backup);
  }

  private rebuild(backup: boolean): void {
    const old = backup ? this.bck : this.act;
    const add = this.added.sort((a, b) => (before(a, b) ? -1 : 1));
    const out: RingNode[] = [];
    let a = 0;
    let b = 0;
    while (a < old.length || b < add.length) {
      const x = old[a];
      if (x && !x.present) {
        x.idx = -1;
        a++;
        continue;
      }
      const y = add[b];
      if (x && (!y || before(x, y))) {
        a++;
        x.idx = out.length;
        out.push(x);
      } else if (y) {
        b++;
        y.idx = out.length;
        out.push(y);
      }
    }
    add.length = 0;
    const keys = new Uint32Array(out.length);
    const srvs = new Int32Array(out.length);
    for (let k = 0; k < out.length; k++) {
      keys[k] = out[k]!.key;
      srvs[k] = out[k]!.srv;
    }
    if (backup) {
      this.bck = out;
      this.bckKeys = keys;
      this.bckSrv = srvs;
    } else {
      this.act = out;
      this.actKeys = keys;
      this.actSrv = srvs;
    }
  }

  /** The root HAProxy looks in: active tree, the first backup, or the backup tree. */
  private root(): RingNode[] | number {
    const f = this.farm;
    if (f.srvAct) return this.act;
    if (f.fbck >= 0) return f.fbck;
    if (f.srvBck) return this.bck;
    return -1;
  }

  /** chash_server_is_eligible(): bounded loads. */
  private eligible(i: number): boolean {
    const f = this.farm;
    const s = f.servers[i]!;
    const tw = f.totWeight;
    const totSlots = Math.floor(((f.served + 1) * this.balanceFactor + 99) / 100) >>> 0;
    const perWeight = Math.floor(totSlots / tw);
    const rem = totSlots % tw;
    const ew = f.curEw[i]!;
    const cum = f.cumulative[i]!;
    let slots = Math.imul(ew, perWeight) >>> 0;
    slots += Math.floor((Math.imul(cum + ew, rem) >>> 0) / tw) - Math.floor((Math.imul(cum, rem) >>> 0) / tw);
    slots >>>= 0;
    if (slots === 0) slots = 1;
    return s.cur < slots;
  }

  /** chash_get_server_hash(): the closest point to `hash`, skipping `avoid` and overloaded servers. */
  byHash(hash: number, avoid: number): S | undefined {
    const i = this.byHashIndex(hash, avoid);
    return i >= 0 ? this.farm.servers[i] : undefined;
  }

  /** byHash() as a server index (-1: none). */
  byHashIndex(hash: number, avoid: number): number {
    const f = this.farm;
    let keys: Uint32Array;
    let srvs: Int32Array;
    if (f.srvAct) {
      keys = this.actKeys;
      srvs = this.actSrv;
    } else if (f.fbck >= 0) return f.fbck;
    else if (f.srvBck) {
      keys = this.bckKeys;
      srvs = this.bckSrv;
    } else return -1;
    const len = keys.length;
    if (!len) return -1;
    let lo = 0;
    let hi = len;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (keys[mid]! < hash) lo = mid + 1;
      else hi = mid;
    }
    let ni = lo < len ? lo : 0;
    const pi = ni > 0 ? ni - 1 : len - 1;
    const dp = (hash - keys[pi]!) >>> 0;
    const dn = (keys[ni]! - hash) >>> 0;
    if (dp <= dn) ni = pi;
    let srv = srvs[ni]!;
    let loop = 0;
    while (srv === avoid || (this.balanceFactor && !this.eligible(srv))) {
      ni++;
      if (ni >= len) {
        ni = 0;
        if (++loop > 1) break;
      }
      srv = srvs[ni]!;
    }
    return srv;
  }

  /** chash_get_next_server(): round-robin along the ring, skipping saturated servers. */
  next(avoid: number): S | undefined {
    const f = this.farm;
    const r = this.root();
    if (typeof r === 'number') return r >= 0 ? f.servers[r] : undefined;
    let node = this.last;
    let stop = node;
    let avoided = -1;
    let avoidedNode: RingNode | null = null;
    do {
      if (node) {
        const own = this.ring(node.srv);
        node = node.idx + 1 < own.length ? own[node.idx + 1]! : null;
      }
      if (!node) node = r[0] ?? null;
      this.last = node;
      if (!node) return undefined;
      if (!stop) stop = node;
      const s = node.srv;
      if (f.hasRoom(s)) {
        if (s !== avoid) return f.servers[s];
        avoided = s;
        avoidedNode = node;
      }
    } while (node !== stop);
    this.last = avoidedNode;
    return avoided >= 0 ? f.servers[avoided] : undefined;
  }
}
