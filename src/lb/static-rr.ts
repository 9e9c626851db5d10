/**
 * `balance static-rr`: round-robin over HAProxy's static server map (src/lb_map.c). Weights are
 * fixed at start (only 0 or full apply at run time, as HAProxy); O(1) per pick.
 */
import type { LbAlgorithm, LbContext, LbServer } from './algorithm.js';
import { Farm, type FarmOptions } from './farm.js';
import { ServerMap } from './server-map.js';

export class StaticRoundRobin<S extends LbServer> implements LbAlgorithm<S> {
  readonly name: string = 'static-rr';
  readonly hashing = false;
  readonly needsBody = false;
  readonly farm: Farm<S>;
  private readonly map: ServerMap<S>;

  constructor(servers: readonly S[], opts: FarmOptions = {}) {
    this.farm = new Farm(servers, { ...opts, staticWeights: true });
    this.map = new ServerMap(this.farm);
  }

  pick(_ctx?: LbContext, avoid?: S): S | undefined {
    return this.map.next(avoid ? this.farm.indexOf(avoid) : -1);
  }

  hasUsable(): boolean {
    return this.farm.totWeight > 0;
  }

  activeServers(): number {
    return this.farm.srvAct;
  }

  taken(): void {
    this.farm.served++;
  }

  released(): void {
    this.farm.served--;
  }

  update(): void {
    const f = this.farm;
    let any = false;
    for (let i = 0; i < f.n; i++) {
      f.stage(i);
      if (f.changed(i)) any = true;
    }
    if (!any) return;
    f.recount();
    this.map.recalc();
    for (let i = 0; i < f.n; i++) f.commit(i);
  }

  serverChanged(s: S): void {
    const f = this.farm;
    const i = f.indexOf(s);
    if (i < 0) return;
    f.stage(i);
    if (!f.changed(i)) return;
    f.recount();
    this.map.recalc();
    f.commit(i);
  }
}
