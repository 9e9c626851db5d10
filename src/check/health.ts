/**
 * The rise/fall counter of one check (HAProxy's check->health): 0..rise-1 is DOWN going up,
 * rise..rise+fall-1 is UP going down. set_server_check_status() moves it on each result.
 */
import { resultOf, type CheckOutcome, type CheckStatusName } from './status.js';

export type InitState = 'fully-up' | 'up' | 'down' | 'fully-down';

export class CheckHealth {
  readonly rise: number;
  readonly fall: number;
  health: number;
  /** Last finished check (INI until the first one). */
  last: CheckOutcome;

  constructor(rise: number, fall: number, init: InitState = 'up') {
    this.rise = Math.max(1, rise);
    this.fall = Math.max(1, fall);
    this.health = CheckHealth.initial(this.rise, this.fall, init);
    this.last = { status: 'INI', code: 0, desc: '', duration: -1 };
  }

  static initial(rise: number, fall: number, init: InitState): number {
    switch (init) {
      case 'fully-up':
        return rise + fall - 1;
      case 'up':
        return rise;
      case 'down':
        return rise - 1;
      case 'fully-down':
        return 0;
    }
  }

  get max(): number {
    return this.rise + this.fall - 1;
  }

  /** Counted as UP (health >= rise). */
  get up(): boolean {
    return this.health >= this.rise;
  }

  /** Fully up: not going down. */
  get full(): boolean {
    return this.health === this.max;
  }

  setUp(): void {
    this.health = this.max;
  }

  setDown(): void {
    this.health = 0;
  }

  /**
   * Record a finished check. Returns true when the counter moved ("report" in HAProxy), which
   * with a status change makes `option log-health-checks` print a line.
   * `agentNoCount`: agent checks only count failures at layer 7 (the agent said so).
   */
  apply(o: CheckOutcome, agent = false): boolean {
    this.last = o;
    const r = resultOf(o.status);
    if (r === 'failed') {
      if ((!agent || isLayer7(o.status)) && this.health > 0) {
        this.health--;
        if (this.health < this.rise) this.health = 0;
        return true;
      }
      return false;
    }
    if (r === 'passed' || r === 'condpass') {
      if (this.health < this.max) {
        this.health++;
        if (this.health >= this.rise) this.health = this.max;
        return true;
      }
    }
    return false;
  }

  /** "status: 2/3 UP" part of log-health-checks lines: position within the current half. */
  position(): { n: number; of: number } {
    return this.up ? { n: this.health - this.rise + 1, of: this.fall } : { n: this.health, of: this.rise };
  }
}

/** Statuses at or above HAProxy's HCHK_STATUS_L57DATA. */
export function isLayer7(s: CheckStatusName): boolean {
  return s === 'L7OK' || s === 'L7OKC' || s === 'L7STS' || s === 'PROCERR' || s === 'PROCTOUT' || s === 'PROCOK';
}
