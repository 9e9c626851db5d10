/**
 * maxconn gates (global, frontend, bind). A connection is admitted only when every gate it passes
 * through has room; otherwise it waits, unread, until a slot frees (HAProxy stops accepting at the
 * limit and leaves connections in the backlog: clients are delayed, never refused).
 */

export class ConnGate {
  cur = 0;
  constructor(public max: number) {}
  get full(): boolean {
    return this.max > 0 && this.cur >= this.max;
  }
}

/** Something that holds connections waiting for a slot (a listener). */
export interface Admitter {
  /** Admit waiting connections while the gates allow; returns when none is left or a gate is full. */
  drainPending(): void;
  readonly pendingCount: number;
}

/** Listeners with waiting connections, woken when any connection ends. */
export class PendingSet {
  private readonly waiting = new Set<Admitter>();
  add(a: Admitter): void {
    this.waiting.add(a);
  }
  wake(): void {
    if (this.waiting.size === 0) return;
    for (const a of this.waiting) {
      a.drainPending();
      if (a.pendingCount === 0) this.waiting.delete(a);
    }
  }
  get size(): number {
    return this.waiting.size;
  }
}
