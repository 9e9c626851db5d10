/**
 * HAProxy's termination state: two characters logged as %ts (four with cookie and persistence
 * flags as %tsc), set where a stream ends.
 *   cause: C client abort, S server abort/error, P proxy (deny/invalid), L local (proxy answered),
 *          R resource, I internal, D down, U up, K killed, c client timeout, s server timeout, - normal.
 *   phase: R request, Q queue, C connect, H headers, D data, L last data, T tarpit, - normal.
 */
export type TermCause = '-' | 'C' | 'S' | 'P' | 'L' | 'R' | 'I' | 'D' | 'U' | 'K' | 'c' | 's';
export type TermPhase = '-' | 'R' | 'Q' | 'C' | 'H' | 'D' | 'L' | 'T';
