/**
 * The accounting every algorithm shares, as HAProxy's recount_servers() and update_backend_weight():
 * which servers are usable, their effective weights (committed "cur" and staged "next" values), the
 * active/backup totals, the first usable backup, and the backend's served count.
 */
import type { LbServer } from './algorithm.js';
import { BE_WEIGHT_SCALE } from './constants.js';

export interface FarmOptions {
  /** `option allbackups`: every usable backup server shares the load, not only the first. */
  readonly allBackups?: boolean;
  /**
   * Static weights (map-based algorithms): eweight = weight / gcd(weights), no slow-start.
   * Otherwise eweight = weight * scale, scale = 16 (or less while slow-starting).
   */
  readonly staticWeights?: boolean;
}

export class Farm<S extends LbServer> {
  readonly servers: readonly S[];
  readonly n: number;
  readonly allBackups: boolean;
  readonly staticWeights: boolean;
  /** HAProxy's puid per server. */
  readonly ids: number[];
  /** Weight divisor of static algorithms (gcd of the configured weights). */
  readonly wmult: number;
  readonly curUsable: Uint8Array;
  readonly curEw: Float64Array;
  readonly nextUsable: Uint8Array;
  readonly nextEw: Float64Array;
  /** Sum of the eweights of the usable servers before this one in its group (hash-balance-factor). */
  readonly cumulative: Float64Array;
  srvAct = 0;
  srvBck = 0;
  totWact = 0;
  totWbck = 0;
  /** First usable backup when not `allbackups`, else -1. */
  fbck = -1;
  totWeight = 0;
  totUsed = 0;
  /** Streams served by all servers (the backend's `served`). */
  served = 0;
  private readonly idx = new Map<S, number>();

  constructor(servers: readonly S[], opts: FarmOptions = {}) {
    this.servers = servers;
    const n = (this.n = servers.length);
    this.allBackups = opts.allBackups === true;
    this.staticWeights = opts.staticWeights === true;
    this.ids = servers.map((s, i) => s.id ?? i + 1);
    servers.forEach((s, i) => this.idx.set(s, i));
    this.curUsable = new Uint8Array(n);
    this.curEw = new Float64Array(n);
    this.nextUsable = new Uint8Array(n);
    this.nextEw = new Float64Array(n);
    this.cumulative = new Float64Array(n);
    let g = 1;
    if (this.staticWeights) {
      // init_server_map(): Euclid on the user weights, skipping leading zero weights.
      let k = 0;
      while (k < n && !servers[k]!.weight) k++;
      if (k < n) {
        g = servers[k]!.weight;
        while (g > 1 && ++k < n) {
          let w = servers[k]!.weight;
          while (w) {
            const t = g % w;
            g = w;
            w = t;
          }
        }
      }
    }
    this.wmult = g;
    for (let i = 0; i < n; i++) {
      this.stage(i);
      this.commit(i);
      this.served += servers[i]!.cur;
    }
    this.recount();
  }

  indexOf(s: S): number {
    return this.idx.get(s) ?? -1;
  }

  /** The server's effective weight now. */
  liveEw(s: S): number {
    const w = s.weight;
    if (this.staticWeights) return w > 0 ? Math.ceil(w / this.wmult) : 0;
    const scale = s.weightScale ?? BE_WEIGHT_SCALE;
    return w * scale;
  }

  /** Read the server's state into the "next" values. */
  stage(i: number): void {
    const s = this.servers[i]!;
    const ew = this.liveEw(s);
    this.nextEw[i] = ew;
    this.nextUsable[i] = ew > 0 && s.usable() ? 1 : 0;
  }

  /** srv_lb_status_changed(). */
  changed(i: number): boolean {
    return this.nextUsable[i] !== this.curUsable[i] || this.nextEw[i] !== this.curEw[i];
  }

  commit(i: number): void {
    this.curUsable[i] = this.nextUsable[i]!;
    this.curEw[i] = this.nextEw[i]!;
  }

  /** recount_servers() + update_backend_weight(), on the "next" values. */
  recount(): void {
    let act = 0;
    let bck = 0;
    let wact = 0;
    let wbck = 0;
    let fbck = -1;
    for (let i = 0; i < this.n; i++) {
      if (!this.nextUsable[i]) continue;
      const ew = this.nextEw[i]!;
      if (this.servers[i]!.backup) {
        if (!bck && !this.allBackups) fbck = i;
        bck++;
        this.cumulative[i] = wbck;
        wbck += ew;
      } else {
        act++;
        this.cumulative[i] = wact;
        wact += ew;
      }
    }
    this.srvAct = act;
    this.srvBck = bck;
    this.totWact = wact;
    this.totWbck = wbck;
    this.fbck = fbck;
    if (act) {
      this.totWeight = wact;
      this.totUsed = act;
    } else if (fbck >= 0) {
      this.totWeight = this.nextEw[fbck]!;
      this.totUsed = 1;
    } else {
      this.totWeight = wbck;
      this.totUsed = bck;
    }
  }

  /** The concurrency limit of server i now (0 = none). */
  maxconnNow(i: number): number {
    const s = this.servers[i]!;
    return s.maxconnNow ? s.maxconnNow() : (s.maxconn ?? 0);
  }

  /** RR-style room check: `!maxconn || (!nbpend && served < srv_dynamic_maxconn)`. */
  hasRoom(i: number): boolean {
    const s = this.servers[i]!;
    if (!s.maxconn) return true;
    return !s.queued && s.cur < this.maxconnNow(i);
  }

  /** leastconn/first room check: `!maxconn || served + nbpend < dynamic maxconn + maxqueue`. */
  hasRoomOrQueue(i: number): boolean {
    const s = this.servers[i]!;
    if (!s.maxconn) return true;
    return s.cur + (s.queued ?? 0) < this.maxconnNow(i) + (s.maxqueue ?? 0);
  }
}
