/**
 * Passive health (`observe layer4|layer7`, `error-limit`, `on-error`): the data plane reports what
 * it saw on real traffic; consecutive errors past the limit act as HAProxy's __health_adjust().
 */
import type { CheckTask } from './scheduler.js';
import type { HealthServer } from './server-state.js';
import { outcome } from './status.js';

/** HAProxy's HANA_STATUS_* with the { layer4, layer7 } meaning: 0 ignore, 1 error, 2 ok. */
export const ANALYZE = {
  'l4-ok': { desc: 'L4 successful connection', lr: [2, 0] },
  'l4-err': { desc: 'L4 unsuccessful connection', lr: [1, 1] },
  'http-ok': { desc: 'Correct http response', lr: [0, 2] },
  'http-sts': { desc: 'Wrong http response', lr: [0, 1] },
  'http-hdrrsp': { desc: 'Invalid http response (headers)', lr: [0, 1] },
  'http-rsp': { desc: 'Invalid http response', lr: [0, 1] },
  'http-read-error': { desc: 'Read error (http)', lr: [0, 1] },
  'http-read-timeout': { desc: 'Read timeout (http)', lr: [0, 1] },
  'http-broken-pipe': { desc: 'Close from server (http)', lr: [0, 1] },
} as const;

export type TrafficEvent = keyof typeof ANALYZE;

export interface ObserveSettings {
  readonly observe: 'layer4' | 'layer7';
  readonly errorLimit: number;
  readonly onError: 'fastinter' | 'fail-check' | 'sudden-death' | 'mark-down';
}

export class Observer {
  consecutive = 0;
  failedHana = 0;
  constructor(
    readonly server: HealthServer,
    readonly s: ObserveSettings,
    readonly task: CheckTask | undefined,
  ) {}

  report(ev: TrafficEvent): void {
    const a = ANALYZE[ev];
    const v = a.lr[this.s.observe === 'layer4' ? 0 : 1];
    if (v === 0) return;
    if (v === 2) {
      this.consecutive = 0;
      return;
    }
    if (++this.consecutive < this.s.errorLimit) return;
    const text = `Detected ${this.consecutive} consecutive errors, last one was: ${a.desc}`;
    const srv = this.server;
    const h = srv.check;
    srv.forceFastinter = true;
    if (h) {
      switch (this.s.onError) {
        case 'fastinter':
          break;
        case 'sudden-death':
          if (h.health > h.rise) h.health = h.rise + 1;
          srv.checkDone('check', outcome('HANA', text, 0, -1));
          break;
        case 'fail-check':
          srv.checkDone('check', outcome('HANA', text, 0, -1));
          break;
        case 'mark-down':
          h.health = h.rise;
          srv.checkDone('check', outcome('HANA', text, 0, -1));
          break;
      }
    }
    this.consecutive = 0;
    this.failedHana++;
    this.task?.wake();
  }

  /** A check passed: consecutive errors start again from zero. */
  reset(): void {
    this.consecutive = 0;
  }
}
