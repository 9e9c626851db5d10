/**
 * HAProxy's server map (src/lb_map.c), used by `static-rr` and by map-based hashing: an array of
 * tot_weight slots where each usable server appears eweight times, spread in declaration order.
 * Rebuilt on state changes (O(tot_weight x servers)); lookups are O(1).
 */
import type { LbServer } from './algorithm.js';
import type { Farm } from './farm.js';

export class ServerMap<S extends LbServer> {
  /** Server index per slot. */
  private map: Int32Array;
  private readonly wscore: Float64Array;
  rrIdx = 0;

  constructor(private readonly farm: Farm<S>) {
    let act = 0;
    let bck = 0;
    for (let i = 0; i < farm.n; i++) {
      if (farm.servers[i]!.backup) bck += farm.nextEw[i]!;
      else act += farm.nextEw[i]!;
    }
    this.map = new Int32Array(Math.max(act, bck, 1));
    this.wscore = new Float64Array(farm.n);
    this.recalc();
  }

  /** recalc_server_map() on the farm's "next" values. */
  recalc(): void {
    const f = this.farm;
    if (f.totUsed === 0) return;
    const tot = f.totWeight;
    if (this.map.length < tot) this.map = new Int32Array(tot);
    const wantBackup = f.srvAct === 0;
    const ws = this.wscore;
    ws.fill(0);
    const n = f.n;
    for (let o = 0; o < tot; o++) {
      let max = 0;
      let best = -1;
      for (let i = 0; i < n; i++) {
        if (f.servers[i]!.backup !== wantBackup || !f.nextUsable[i]) continue;
        if (tot === 1) {
          best = i;
          break;
        }
        ws[i]! += f.nextEw[i]!;
        const v = Math.floor((ws[i]! + tot) / tot);
        if (best < 0 || v > max) {
          max = v;
          best = i;
        }
      }
      this.map[o] = best;
      if (best >= 0) ws[best]! -= tot;
    }
  }

  /** map_get_server_hash() */
  byHash(hash: number): S | undefined {
    const tot = this.farm.totWeight;
    if (!tot) return undefined;
    return this.farm.servers[this.map[hash % tot]!];
  }

  /** map_get_server_rr(): next slot whose server has room, avoiding `avoid` if possible. */
  next(avoid: number): S | undefined {
    const f = this.farm;
    const tot = f.totWeight;
    if (!tot) return undefined;
    if (this.rrIdx < 0 || this.rrIdx >= tot) this.rrIdx = 0;
    let idx = this.rrIdx;
    let avoided = -1;
    let avoidIdx = 0;
    do {
      const s = this.map[idx++]!;
      if (f.hasRoom(s)) {
        avoided = s;
        avoidIdx = idx;
        if (s !== avoid) {
          this.rrIdx = idx;
          return f.servers[s];
        }
      }
      if (idx === tot) idx = 0;
    } while (idx !== this.rrIdx);
    if (avoided >= 0) this.rrIdx = avoidIdx;
    return avoided >= 0 ? f.servers[avoided] : undefined;
  }
}
