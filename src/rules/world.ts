/**
 * What rules may ask the rest of the process at run time: proxies and servers by name (for
 * `nbsrv(be)`, `srv_is_up(be/srv)`, `be_conn` ...), stick tables (for `track-sc*` and `sc_*`
 * fetches), and the environment. The data plane implements these over its runtime graph; tests use
 * small fakes. Every method is called on the request path, so implementations are plain lookups.
 */
import type { RuleContext } from './context.js';
import type { SampleValue } from './sample.js';

export interface ServerView {
  readonly name: string;
  readonly id: number;
  isUp(): boolean;
  /** Current connections. */
  cur(): number;
  /** Requests waiting in its queue. */
  queued(): number;
  /** maxconn, 0 when unlimited. */
  maxconn(): number;
  /** maxqueue, 0 when unlimited. */
  maxqueue(): number;
  weight(): number;
}

export interface ProxyView {
  readonly name: string;
  readonly id: number;
  /** Usable servers (up, not in maintenance). */
  nbsrv(): number;
  /** Current connections / streams. */
  cur(): number;
  queued(): number;
  server(name: string): ServerView | undefined;
  servers(): readonly ServerView[];
}

/**
 * Stick tables, filled in by the stick-table issue. `track` starts tracking a key in a slot (0..2);
 * `fetch` answers `sc*_`/`src_`/`table_` fetches and converters ('conn_cur', 'http_req_rate' ...).
 */
export interface StickHooks {
  /** `session`: tracked by tcp-request connection/session rules (kept for the whole connection). */
  track(ctx: RuleContext, slot: number, key: SampleValue, table: string, session?: boolean): void;
  fetch(ctx: RuleContext, counter: string, slot: number | undefined, key: SampleValue | undefined, table: string | undefined): number | boolean | undefined;
  /** `sc-set-gpt0(slot) value`. */
  setGpt0?(ctx: RuleContext, slot: number, value: number): void;
  // What the data plane reports (src/stick implements them):
  /** A new HTTP request (after ctx.beginRequest). */
  onRequest?(ctx: RuleContext): void;
  /** The status sent to the client. */
  onStatus?(ctx: RuleContext, status: number): void;
  /** Bytes of the stream: from the client, to the client. */
  onBytes?(ctx: RuleContext, bytesIn: number, bytesOut: number): void;
  /** The stream (one HTTP exchange, or the tcp connection) ended. */
  endStream?(ctx: RuleContext): void;
  /** The client connection ended. */
  endSession?(ctx: RuleContext): void;
}

export interface RulesWorld {
  proxy(name: string): ProxyView | undefined;
  readonly stick?: StickHooks;
  getenv(name: string): string | undefined;
  readonly hostname: string;
  /** true during a soft stop (`stopping` fetch). */
  stopping(): boolean;
}

/** A world with no proxies: for unit tests and `-c` compilation. */
export const EMPTY_WORLD: RulesWorld = {
  proxy: () => undefined,
  getenv: (n) => process.env[n],
  hostname: 'localhost',
  stopping: () => false,
};
