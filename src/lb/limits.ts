/**
 * Server limits that move: srv_dynamic_maxconn() (minconn/fullconn and slow-start) and the weight
 * ramp of slow-start (server_recalc_eweight()), as HAProxy 2.6 computes them.
 */
import { BE_WEIGHT_SCALE } from './constants.js';

/**
 * The concurrency limit of a server now. `beconn` is the backend's current connections and
 * `fullconn` its fullconn; `ramp` is the slow-start progress in percent (100 when not starting).
 */
export function dynamicMaxconn(maxconn: number, minconn: number, beconn: number, fullconn: number, ramp = 100): number {
  let max: number;
  if (beconn >= fullconn) max = maxconn;
  else if (minconn === maxconn) max = maxconn;
  else max = Math.max(minconn, Math.floor((beconn * maxconn) / fullconn));
  if (ramp < 100) max = Math.max(1, Math.floor((max * ramp) / 100));
  return max;
}

/** HAProxy keeps slowstart in whole seconds (rounded up from the configured milliseconds). */
export function slowstartSeconds(ms: number): number {
  return Math.floor((ms + 999) / 1000);
}

/**
 * Weight scale (out of 16) `elapsed` whole seconds into a slow-start of `slowstart` seconds:
 * (16 * elapsed + slowstart) / slowstart, capped at 16.
 */
export function slowstartScale(elapsed: number, slowstart: number): number {
  if (slowstart <= 0 || elapsed >= slowstart || elapsed < 0) return BE_WEIGHT_SCALE;
  return Math.min(BE_WEIGHT_SCALE, Math.floor((BE_WEIGHT_SCALE * elapsed + slowstart) / slowstart));
}

/** Slow-start progress in percent for dynamicMaxconn(): 100 * elapsed / slowstart. */
export function slowstartRamp(elapsed: number, slowstart: number): number {
  if (slowstart <= 0 || elapsed >= slowstart || elapsed < 0) return 100;
  return Math.floor((100 * elapsed) / slowstart);
}

/**
 * HAProxy's default fullconn: 10% of the sum of the maxconn of the frontends that can reach the
 * backend (at least 1).
 */
export function defaultFullconn(frontendMaxconns: readonly number[]): number {
  let sum = 0;
  for (const m of frontendMaxconns) sum += m;
  return Math.max(1, Math.floor(sum / 10));
}
