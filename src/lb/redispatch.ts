/**
 * When a connection attempt failed, does the retry go to another server? HAProxy 2.6's rule
 * (back_handle_st_cer()) with `option redispatch [N]`: when the server is not running, every Nth
 * failure (N < 0: counted from the end, -1 = the last retry), or at once for a non-deterministic
 * round-robin-kind algorithm with more than one active server. And how long to wait before it.
 */

/** HAProxy's algorithm families: round-robin kind (roundrobin, static-rr, random), connection-based (leastconn, first), hashing. */
export type LbKind = 'rr' | 'cb' | 'hi';

export function lbKind(name: string): LbKind {
  if (name === 'roundrobin' || name === 'static-rr' || name === 'random') return 'rr';
  if (name === 'leastconn' || name === 'first') return 'cb';
  return 'hi';
}

export interface RetryState {
  /** `option redispatch` is on. */
  readonly redispatch: boolean;
  /** Its interval: -1 by default (the last retry), N > 0 every Nth retry, 0 none. */
  readonly after: number;
  /** `retries`. */
  readonly retries: number;
  /** Failed attempts so far, this one included (1 on the first failure). */
  readonly failures: number;
  /** The server that failed is still running (not down or in maintenance). */
  readonly serverRunning: boolean;
  /** Active usable servers of the backend. */
  readonly activeServers: number;
  readonly kind: LbKind;
}

export function shouldRedispatch(r: RetryState): boolean {
  if (!r.redispatch) return false;
  if (!r.serverRunning) return true;
  if (r.after > 0 && r.failures % r.after === 0) return true;
  if (r.after < 0) {
    const every = r.retries + 1 + r.after;
    if (every > 0 && r.failures % every === 0) return true;
  }
  return r.activeServers > 1 && r.kind === 'rr';
}

/**
 * The turn-around before retrying: min(1 s, timeout connect), skipped when the retry leaves for
 * another server of a round-robin-kind farm with more than one active server.
 */
export function turnAround(redispatched: boolean, kind: LbKind, activeServers: number, timeoutConnect: number): number {
  if (redispatched && kind === 'rr' && activeServers > 1) return 0;
  return timeoutConnect > 0 && timeoutConnect < 1000 ? timeoutConnect : 1000;
}
