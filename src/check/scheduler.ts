/**
 * One periodic check task (HAProxy's check task): runs the check, hands the result to the
 * server's state machine, and schedules the next run after srv_getinter() — inter when fully up,
 * fastinter while changing state, downinter while fully down. Nothing runs while in maintenance.
 */
import type { CheckHealth } from './health.js';
import type { RunResult } from './runner.js';
import { checkResources as res } from './resources.js';
import type { HealthServer } from './server-state.js';

export interface Intervals {
  readonly inter: number;
  readonly fastinter?: number;
  readonly downinter?: number;
  /** global spread-checks, percent of random noise (0..50). */
  readonly spread?: number;
}

export type Runner = (done: (r: RunResult) => void) => () => void;

export class CheckTask {
  private timer: NodeJS.Timeout | undefined;
  private abort: (() => void) | undefined;
  private stopped = false;
  /** Checks started so far (tests count them). */
  runs = 0;

  constructor(
    readonly server: HealthServer,
    readonly kind: 'check' | 'agent',
    private readonly health: CheckHealth,
    private readonly iv: Intervals,
    private readonly run: Runner,
    private readonly onResult: (t: CheckTask, r: RunResult) => void,
  ) {}

  /** srv_getinter(). */
  interval(): number {
    const h = this.health;
    const iv = this.iv;
    if (!this.server.forceFastinter && h.health === h.max) return iv.inter;
    if (this.server.state === 'stopped' && h.health === 0) return iv.downinter || iv.inter;
    return iv.fastinter || iv.inter;
  }

  start(delay: number): void {
    this.schedule(delay);
  }

  stop(): void {
    this.stopped = true;
    this.clearTimer();
    this.abort?.();
    this.abort = undefined;
  }

  /** Run the next check now (observe on-error asks for it). */
  wake(): void {
    if (this.abort || this.stopped) return;
    this.schedule(0);
  }

  private clearTimer(): void {
    if (!this.timer) return;
    clearTimeout(this.timer);
    this.timer = undefined;
    res.taskTimers--;
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    this.clearTimer();
    this.timer = setTimeout(() => this.fire(), Math.max(0, ms));
    this.timer.unref();
    res.taskTimers++;
  }

  private fire(): void {
    if (this.timer) res.taskTimers--;
    this.timer = undefined;
    if (this.stopped) return;
    if (this.kind === 'check' && this.server.maint) return this.schedule(this.iv.inter);
    this.runs++;
    this.abort = this.run((r) => {
      this.abort = undefined;
      if (this.stopped) return;
      this.onResult(this, r);
      let next = this.interval();
      const spread = this.iv.spread ?? 0;
      if (spread > 0) {
        const rv = Math.floor((next * spread) / 100);
        next += rv - Math.floor(2 * rv * Math.random());
      }
      this.schedule(next);
    });
  }
}
