/**
 * Pending streams (HAProxy's pendconns): one FIFO per server and one per backend, O(1) add and
 * remove (a stream leaves its queue when its `timeout queue` fires or its client goes away).
 * When a server frees a slot, the oldest stream of its own queue or of the backend's queue gets it.
 */

export class Pending<T> {
  prev: Pending<T> | undefined;
  next: Pending<T> | undefined;
  queue: PendQueue<T> | undefined;
  /** Order of arrival across every queue (older streams are served first). */
  readonly seq: number;
  constructor(readonly item: T) {
    this.seq = ++pendSeq;
  }
}

let pendSeq = 0;

export class PendQueue<T> {
  private head: Pending<T> | undefined;
  private tail: Pending<T> | undefined;
  length = 0;

  push(item: T): Pending<T> {
    const p = new Pending(item);
    p.queue = this;
    p.prev = this.tail;
    if (this.tail) this.tail.next = p;
    else this.head = p;
    this.tail = p;
    this.length++;
    return p;
  }

  first(): Pending<T> | undefined {
    return this.head;
  }

  remove(p: Pending<T>): boolean {
    if (p.queue !== this) return false;
    if (p.prev) p.prev.next = p.next;
    else this.head = p.next;
    if (p.next) p.next.prev = p.prev;
    else this.tail = p.prev;
    p.prev = p.next = undefined;
    p.queue = undefined;
    this.length--;
    return true;
  }

  shift(): Pending<T> | undefined {
    const p = this.head;
    if (p) this.remove(p);
    return p;
  }

  *[Symbol.iterator](): IterableIterator<T> {
    for (let p = this.head; p; p = p.next) yield p.item;
  }
}

/** The next pending stream a server with a free slot takes: the older of the two queue heads. */
export function nextPending<T>(server: PendQueue<T>, backend: PendQueue<T>): Pending<T> | undefined {
  const a = server.first();
  const b = backend.first();
  const p = a && (!b || a.seq < b.seq) ? a : b;
  if (p) p.queue!.remove(p);
  return p;
}
