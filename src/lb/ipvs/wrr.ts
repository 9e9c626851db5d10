/**
 * IPVS `wrr`: interleaved weighted round-robin (ip_vs_wrr.c): a current weight steps down by the
 * gcd of the weights each pass; servers whose weight reaches it are chosen in list order.
 */
import type { LbContext, LbServer } from '../algorithm.js';
import { IpvsScheduler } from './base.js';

function gcd(a: number, b: number): number {
  while (b) [a, b] = [b, a % b];
  return a;
}

export class IpvsWrr<S extends LbServer> extends IpvsScheduler<S> {
  readonly name = 'wrr';
  private cl = -1;
  private cw = 0;
  private mw = 0;
  private di = 1;

  constructor(servers: readonly S[]) {
    super(servers);
    this.update();
  }

  override update(): void {
    let g = 0;
    let m = 0;
    for (const s of this.servers) {
      if (s.weight > 0) {
        g = g ? gcd(g, s.weight) : s.weight;
        m = Math.max(m, s.weight);
      }
    }
    this.di = g || 1;
    this.mw = m;
    this.cw = Math.min(this.cw, m);
  }

  pick(_ctx?: LbContext): S | undefined {
    const n = this.servers.length;
    if (!n || !this.mw) return undefined;
    // At most two full rounds of weights: enough to find any available server.
    const limit = 2 * n * (Math.floor(this.mw / this.di) + 1);
    for (let step = 0; step < limit; step++) {
      this.cl++;
      if (this.cl >= n) {
        this.cl = 0;
        this.cw -= this.di;
        if (this.cw <= 0) this.cw = this.mw;
      }
      const s = this.servers[this.cl]!;
      if (this.available(s) && s.weight >= this.cw) return s;
    }
    return undefined;
  }
}
