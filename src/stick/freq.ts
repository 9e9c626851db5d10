/**
 * HAProxy's freq_ctr over a period (freq_ctr.c): events in the current period plus the previous
 * period's count weighted by the part of it still inside the sliding window.
 */
export class FreqCtr {
  private currTick = 0;
  private curr = 0;
  private prev = 0;

  private rotate(now: number, period: number): void {
    const elapsed = now - this.currTick;
    if (elapsed < period) return;
    this.prev = elapsed >= 2 * period ? 0 : this.curr;
    this.curr = 0;
    this.currTick = now - (elapsed % period);
  }

  add(now: number, period: number, n: number): void {
    this.rotate(now, period);
    this.curr += n;
  }

  read(now: number, period: number): number {
    this.rotate(now, period);
    const remain = period - (now - this.currTick);
    return this.curr + Math.floor((this.prev * remain) / period);
  }
}
