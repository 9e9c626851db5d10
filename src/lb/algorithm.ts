/**
 * The interface every load-balancing algorithm implements. A backend owns one instance built from
 * its `balance` line; the data plane calls pick() once per stream (or per connection in TCP mode).
 */

/** What an algorithm needs to know about a server. The runtime Server class implements it. */
export interface LbServer {
  readonly name: string;
  /** Effective weight (0 = not used by weighted algorithms). */
  readonly weight: number;
  /** Backup server: only used when no active server is usable. */
  readonly backup: boolean;
  /** The server may receive new traffic (UP and not in maintenance/drain). */
  usable(): boolean;
  /** Connections currently established or being established (leastconn). */
  readonly cur: number;
}

/** Request facts hashing algorithms use (source, uri, header...). Filled by the data plane on demand. */
export interface LbContext {
  readonly srcAddr?: string;
  readonly uri?: string;
  header?(lname: string): string | undefined;
}

export interface LbAlgorithm<S extends LbServer = LbServer> {
  /** Pick a server for a new stream; undefined when none is usable. */
  pick(ctx?: LbContext): S | undefined;
  /** Called when a server's state or weight changed, so tables can be rebuilt. */
  update(): void;
}
