/**
 * The interface every load-balancing algorithm implements. A backend owns one instance built from
 * its `balance` line; the data plane calls pick() once per stream (or per connection in TCP mode).
 */

/** What an algorithm needs to know about a server. The runtime Server class implements it. */
export interface LbServer {
  readonly name: string;
  /** User weight 0..256 (0 = not used by weighted algorithms). */
  readonly weight: number;
  /** Backup server: only used when no active server is usable. */
  readonly backup: boolean;
  /** The server may receive new traffic (UP and not in maintenance/drain). */
  usable(): boolean;
  /** Streams currently served (HAProxy's `served`: assigned and holding a connection slot). */
  readonly cur: number;
  /** Numeric id (`id` keyword, else the first free number in declaration order); default: position + 1. */
  readonly id?: number;
  /** Streams waiting in this server's queue (HAProxy's nbpend). */
  readonly queued?: number;
  /** Configured maxconn, 0 = unlimited. */
  readonly maxconn?: number;
  /** Configured maxqueue, 0 = unlimited. */
  readonly maxqueue?: number;
  /** The concurrency limit now (minconn/fullconn and slowstart applied); defaults to maxconn. */
  maxconnNow?(): number;
  /**
   * Weight scale out of BE_WEIGHT_SCALE (16): lower while the server slow-starts. Effective weight
   * for dynamic algorithms is weight * scale. Default 16.
   */
  readonly weightScale?: number;
}

/** Request facts hashing algorithms use (source, uri, header...). Filled by the data plane on demand. */
export interface LbContext {
  /** Client address as text ('127.0.0.1', '::1', '::ffff:10.0.0.1'). */
  readonly srcAddr?: string;
  /** Address the client connected to (IPVS `dh`, `lblc`, `lblcr`). */
  readonly dstAddr?: string;
  /** Request target as received, latin1 (HTTP only). */
  readonly uri?: string;
  /** Request method (HTTP only): url_param check_post looks into POST bodies. */
  readonly method?: string;
  /** Value of the first occurrence of a header, by lower-case name. */
  header?(lname: string): string | undefined;
  /** Request body bytes received so far (url_param check_post), latin1. */
  body?(): string | undefined;
  /** Bytes received so far on a TCP connection (rdp-cookie). */
  payload?(): Buffer | undefined;
  /** `balance hash <expr>`: the expression's value as binary (latin1), undefined when it has none. */
  sampleKey?(): string | undefined;
}

export interface LbAlgorithm<S extends LbServer = LbServer> {
  /**
   * Pick a server for a new stream; undefined when none is usable or all are saturated (then
   * hasUsable() tells which). `avoid` is the server a redispatch wants to leave.
   */
  pick(ctx?: LbContext, avoid?: S): S | undefined;
  /** Called when servers' states or weights changed, so tables can be rebuilt. */
  update(): void;
  /** One server's state or weight changed (cheaper than update()). */
  serverChanged(s: S): void;
  /** The server was given a stream (after its `cur` was incremented). */
  taken(s: S): void;
  /** The server finished a stream (after its `cur` was decremented). */
  released(s: S): void;
  /** At least one server can take traffic (HAProxy: tot_weight != 0). */
  hasUsable(): boolean;
  /** Usable active (non-backup) servers (HAProxy's srv_act). */
  activeServers(): number;
  /** The algorithm's name as in `balance`. */
  readonly name: string;
  /** Deterministic hashing algorithm (queued streams stay on their server's queue). */
  readonly hashing: boolean;
  /** Needs the request body before choosing (url_param check_post). */
  readonly needsBody: boolean;
}
