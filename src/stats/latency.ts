/**
 * Response times of the last seconds in fixed buckets (ms), for the dashboard's percentiles:
 * one Float64Array ring of per-second histograms, so recording a time is a bucket search and an
 * increment (no allocation).
 */
export const LATENCY_BOUNDS = [1, 2, 3, 5, 7, 10, 15, 20, 30, 50, 70, 100, 150, 200, 300, 500, 700, 1000, 1500, 2000, 3000, 5000, 10000, 30000];
const NB = LATENCY_BOUNDS.length + 1;
/** Seconds kept. */
export const LATENCY_SECONDS = 10;

export class Latency {
  private readonly h = new Float64Array(NB * LATENCY_SECONDS);
  /** Second (epoch s) of each slot. */
  private readonly sec = new Float64Array(LATENCY_SECONDS);

  add(now: number, ms: number): void {
    const s = Math.floor(now / 1000);
    const slot = s % LATENCY_SECONDS;
    if (this.sec[slot] !== s) {
      this.h.fill(0, slot * NB, slot * NB + NB);
      this.sec[slot] = s;
    }
    let b = 0;
    while (b < NB - 1 && ms > LATENCY_BOUNDS[b]!) b++;
    this.h[slot * NB + b]!++;
  }

  /** Percentiles (`ps` in 0..1) over the last `seconds` (upper bounds of the buckets, ms); [] when empty. */
  percentiles(now: number, ps: readonly number[], seconds = LATENCY_SECONDS): { count: number; values: number[] } {
    const s = Math.floor(now / 1000);
    const sum = new Float64Array(NB);
    let count = 0;
    for (let i = 0; i < LATENCY_SECONDS; i++) {
      const age = s - this.sec[i]!;
      if (age < 0 || age >= seconds) continue;
      for (let b = 0; b < NB; b++) {
        const v = this.h[i * NB + b]!;
        sum[b] += v;
        count += v;
      }
    }
    if (count === 0) return { count, values: [] };
    const values = ps.map((p) => {
      const want = Math.max(1, Math.ceil(p * count));
      let acc = 0;
      for (let b = 0; b < NB; b++) {
        acc += sum[b]!;
        if (acc >= want) return b < NB - 1 ? LATENCY_BOUNDS[b]! : LATENCY_BOUNDS[NB - 2]! * 2;
      }
      return LATENCY_BOUNDS[NB - 2]! * 2;
    });
    return { count, values };
  }

  merge(o: Latency): void {
    for (let i = 0; i < LATENCY_SECONDS; i++) {
      if (o.sec[i] !== this.sec[i]) {
        if (o.sec[i]! > this.sec[i]!) {
          this.sec[i] = o.sec[i]!;
          for (let b = 0; b < NB; b++) this.h[i * NB + b] = o.h[i * NB + b]!;
        }
        continue;
      }
      for (let b = 0; b < NB; b++) this.h[i * NB + b]! += o.h[i * NB + b]!;
    }
  }

  reset(): void {
    this.h.fill(0);
    this.sec.fill(0);
  }
}
