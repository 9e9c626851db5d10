/**
 * Weighted round-robin (HAProxy's `balance roundrobin`, static for now): smooth weighted
 * round-robin, which spreads heavier servers evenly instead of in bursts. Backup servers are used
 * only when no active server is usable (the first usable backup, as HAProxy without allbackups).
 */
import type { LbAlgorithm, LbServer } from './algorithm.js';

export class RoundRobin<S extends LbServer> implements LbAlgorithm<S> {
  private readonly servers: readonly S[];
  private current: number[];

  constructor(servers: readonly S[]) {
    this.servers = servers;
    this.current = new Array<number>(servers.length).fill(0);
  }

  update(): void {
    this.current.fill(0);
  }

  pick(): S | undefined {
    const list = this.servers;
    const cur = this.current;
    let best = -1;
    let total = 0;
    for (let i = 0; i < list.length; i++) {
      const s = list[i]!;
      if (s.backup || s.weight <= 0 || !s.usable()) continue;
      cur[i]! += s.weight;
      total += s.weight;
      if (best < 0 || cur[i]! > cur[best]!) best = i;
    }
    if (best >= 0) {
      cur[best]! -= total;
      return list[best];
    }
    for (let i = 0; i < list.length; i++) {
      const s = list[i]!;
      if (s.backup && s.weight > 0 && s.usable()) return s;
    }
    return undefined;
  }
}
