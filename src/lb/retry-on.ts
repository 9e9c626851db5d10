/**
 * `retry-on`: which failures a backend retries (HAProxy 2.6 proxy_parse_retry_on()). Default
 * `conn-failure`; `none` retries nothing; `all-retryable-errors` is the usual set. Layer-7
 * conditions (statuses, empty/junk responses, response timeouts) need the request kept for replay.
 */

/** Pseudo-status codes for the non-status conditions. */
export const RETRY_EMPTY = -1;
export const RETRY_JUNK = -2;
export const RETRY_TIMEOUT = -3;

export class RetryOn {
  readonly connFailure: boolean;
  /** Any layer-7 condition: the request is kept (up to a buffer) to be replayed. */
  readonly l7: boolean;
  private readonly conds = new Set<number>();

  constructor(list: readonly string[] | undefined) {
    const words = list ?? ['conn-failure'];
    const set = new Set<string>();
    for (const w of words) {
      if (w === 'all-retryable-errors') {
        for (const x of ['conn-failure', 'empty-response', 'junk-response', 'response-timeout', '0rtt-rejected', '500', '502', '503', '504']) set.add(x);
      } else if (w !== 'none') set.add(w);
    }
    this.connFailure = set.has('conn-failure');
    for (const w of set) {
      if (w === 'empty-response') this.conds.add(RETRY_EMPTY);
      else if (w === 'junk-response') this.conds.add(RETRY_JUNK);
      else if (w === 'response-timeout') this.conds.add(RETRY_TIMEOUT);
      else if (/^\d{3}$/.test(w)) this.conds.add(Number(w));
    }
    this.l7 = this.conds.size > 0;
  }

  /** A status code or one of the RETRY_* conditions. */
  has(cond: number): boolean {
    return this.conds.has(cond);
  }
}
