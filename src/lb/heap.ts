/**
 * An indexed binary min-heap ordered by (key, seq): it stands in for HAProxy's eb32 trees, whose
 * duplicates come out in insertion order. Every insert takes a fresh sequence number unless the
 * caller restores a node with its old one (to put back nodes it only looked at). O(log n) insert
 * and delete, O(1) first. Nodes are allocated once per server, never per operation.
 */

export class HeapNode<T> {
  key = 0;
  seq = 0;
  /** Position in the heap array, -1 when in no heap. */
  pos = -1;
  /** The heap this node is in, if any. */
  heap: Heap<T> | undefined;
  constructor(readonly item: T) {}
}

let seqCounter = 0;

/** A new sequence number, later than every one handed out before. */
export function nextSeq(): number {
  return ++seqCounter;
}

export class Heap<T> {
  private readonly a: HeapNode<T>[] = [];

  get size(): number {
    return this.a.length;
  }

  first(): HeapNode<T> | undefined {
    return this.a[0];
  }

  /** Insert with `key` after every node of equal key already inserted. */
  insert(n: HeapNode<T>, key: number): void {
    n.key = key;
    n.seq = nextSeq();
    this.put(n);
  }

  /** Insert with an explicit tie-breaker (lower `seq` first among equal keys). */
  place(n: HeapNode<T>, key: number, seq: number): void {
    n.key = key;
    n.seq = seq;
    this.put(n);
  }

  /** Put back a node with the key and sequence it had (its place among equals is kept). */
  restore(n: HeapNode<T>): void {
    this.put(n);
  }

  delete(n: HeapNode<T>): void {
    if (n.heap !== this) return;
    const a = this.a;
    const i = n.pos;
    const last = a.pop()!;
    n.pos = -1;
    n.heap = undefined;
    if (last === n) return;
    a[i] = last;
    last.pos = i;
    if (!this.up(i)) this.down(i);
  }

  /** Remove and return the smallest node. */
  pop(): HeapNode<T> | undefined {
    const n = this.a[0];
    if (n) this.delete(n);
    return n;
  }

  clear(): void {
    for (const n of this.a) {
      n.pos = -1;
      n.heap = undefined;
    }
    this.a.length = 0;
  }

  private put(n: HeapNode<T>): void {
    if (n.heap) n.heap.delete(n);
    n.heap = this;
    n.pos = this.a.length;
    this.a.push(n);
    this.up(n.pos);
  }

  private static less<T>(x: HeapNode<T>, y: HeapNode<T>): boolean {
    return x.key < y.key || (x.key === y.key && x.seq < y.seq);
  }

  private up(i: number): boolean {
    const a = this.a;
    const n = a[i]!;
    let moved = false;
    while (i > 0) {
      const p = (i - 1) >> 1;
      const pn = a[p]!;
      if (!Heap.less(n, pn)) break;
      a[i] = pn;
      pn.pos = i;
      i = p;
      moved = true;
    }
    a[i] = n;
    n.pos = i;
    return moved;
  }

  private down(i: number): void {
    const a = this.a;
    const len = a.length;
    const n = a[i]!;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= len) break;
      const r = c + 1;
      if (r < len && Heap.less(a[r]!, a[c]!)) c = r;
      const cn = a[c]!;
      if (!Heap.less(cn, n)) break;
      a[i] = cn;
      cn.pos = i;
      i = c;
    }
    a[i] = n;
    n.pos = i;
  }
}
