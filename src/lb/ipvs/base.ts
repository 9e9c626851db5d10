/**
 * Shared parts of the keepalived (Linux IPVS) schedulers: the LbAlgorithm plumbing, IPVS's
 * connection overhead (active * 256 + inactive; we only know active) and the overload flag
 * (a real server's upper threshold, here its maxconn).
 */
import type { LbAlgorithm, LbContext, LbServer } from '../algorithm.js';

export abstract class IpvsScheduler<S extends LbServer> implements LbAlgorithm<S> {
  abstract readonly name: string;
  readonly hashing: boolean = false;
  readonly needsBody = false;
  protected readonly idx = new Map<S, number>();

  constructor(protected readonly servers: readonly S[]) {
    servers.forEach((s, i) => this.idx.set(s, i));
  }

  abstract pick(ctx?: LbContext, avoid?: S): S | undefined;

  /** IPVS considers a destination when its weight is positive and it is not overloaded. */
  protected available(s: S): boolean {
    return s.weight > 0 && s.usable() && !(s.maxconn && s.cur >= s.maxconn);
  }

  hasUsable(): boolean {
    for (const s of this.servers) if (s.weight > 0 && s.usable()) return true;
    return false;
  }

  activeServers(): number {
    let n = 0;
    for (const s of this.servers) if (!s.backup && s.weight > 0 && s.usable()) n++;
    return n;
  }

  update(): void {}
  serverChanged(_s: S): void {
    this.update();
  }
  taken(_s: S): void {}
  released(_s: S): void {}
}

/** ip_vs_dest_conn_overhead(): active connections weigh 256 times an inactive one. */
export function overhead(s: LbServer): number {
  return s.cur * 256;
}

/** Least weighted overhead among available servers (wlc); `oh` gives the overhead. */
export function leastWeighted<S extends LbServer>(
  list: readonly S[],
  ok: (s: S) => boolean,
  oh: (s: S) => number,
): S | undefined {
  let least: S | undefined;
  let loh = 0;
  for (const s of list) {
    if (!ok(s)) continue;
    const doh = oh(s);
    if (!least || loh * s.weight > doh * least.weight) {
      least = s;
      loh = doh;
    }
  }
  return least;
}
