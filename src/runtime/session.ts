/** What the process keeps about every live client connection, for soft and hard stops. */
export interface Session {
  /** Soft stop: finish the current exchange, then close (idle ones close now). */
  softStop(): void;
  /** Hard stop: close everything now. */
  kill(): void;
}

/** Live sessions; the process may exit once this is empty during a soft stop. */
export class SessionSet {
  private readonly live = new Set<Session>();
  onEmpty: (() => void) | undefined;

  add(s: Session): void {
    this.live.add(s);
  }

  delete(s: Session): void {
    this.live.delete(s);
    if (this.live.size === 0 && this.onEmpty) this.onEmpty();
  }

  get size(): number {
    return this.live.size;
  }

  forEach(f: (s: Session) => void): void {
    for (const s of [...this.live]) f(s);
  }
}
