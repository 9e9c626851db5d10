/**
 * What the farm-based algorithms share: usability from the farm's weights, the served counter, and
 * re-staging servers after a state or weight change. Each algorithm says how a server change
 * updates its own structure (`change`).
 */
import type { LbServer } from './algorithm.js';
import type { Farm } from './farm.js';

export abstract class FarmAlgorithm<S extends LbServer> {
  abstract readonly farm: Farm<S>;

  hasUsable(): boolean {
    return this.farm.totWeight > 0;
  }

  activeServers(): number {
    return this.farm.srvAct;
  }

  taken(_s?: S): void {
    this.farm.served++;
  }

  released(_s?: S): void {
    this.farm.served--;
  }

  update(): void {
    for (let i = 0; i < this.farm.n; i++) this.change(i);
  }

  serverChanged(s: S): void {
    const i = this.farm.indexOf(s);
    if (i >= 0) this.change(i);
  }

  /** Apply the staged state of server `i` to the algorithm's structure. */
  protected abstract change(i: number): void;
}
