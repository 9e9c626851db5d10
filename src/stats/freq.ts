/**
 * HAProxy's freq_ctr over one second: events of the current second plus the previous second's,
 * weighted by what is left of the current one (read_freq_ctr()). `max` keeps the highest count seen
 * within one second, as HAProxy's *_max fields (updated from update_freq_ctr()'s return value).
 * Plain numbers only: adding an event is a clock read, a compare and two additions.
 */
export class FreqCtr {
  /** Start of the current one-second period (ms). */
  start = 0;
  curr = 0;
  prev = 0;
  /** Highest per-second count seen (rate_max, conn_rate_max ...). */
  max = 0;

  /** Count `n` events at `now` (ms). */
  add(now: number, n = 1): void {
    const el = now - this.start;
    if (el >= 1000) {
      this.prev = el >= 2000 ? 0 : this.curr;
      this.curr = 0;
      this.start = el >= 2000 ? now : this.start + 1000;
    }
    this.curr += n;
    if (this.curr > this.max) this.max = this.curr;
  }

  /** Events over the last second at `now`. */
  read(now: number): number {
    let curr = this.curr;
    let prev = this.prev;
    let el = now - this.start;
    if (el >= 1000) {
      if (el >= 2000) return 0;
      prev = curr;
      curr = 0;
      el -= 1000;
    }
    return curr + Math.floor((prev * (1000 - el)) / 1000);
  }

  reset(): void {
    this.start = 0;
    this.curr = 0;
    this.prev = 0;
    this.max = 0;
  }
}

/** HAProxy's TIME_STATS_SAMPLES: the window of the qtime/ctime/rtime/ttime averages. */
export const TIME_STATS_SAMPLES = 512;

/**
 * swrate_add_dynamic(): a sliding sum over `n` samples (a plain sum while fewer samples were seen,
 * then sum - sum/n + v). Read back with swrateAvg().
 */
export function swrateAdd(sum: number, n: number, v: number): number {
  return sum - (n ? Math.floor((sum + n - 1) / n) : 0) + v;
}

/** swrate_avg(): the average over `n` samples. */
export function swrateAvg(sum: number, n: number): number {
  return n ? Math.floor((sum + n - 1) / n) : 0;
}
