/**
 * What the log line and the counters need to know about one stream (one TCP session, or one HTTP
 * request/response exchange). Filled as the stream advances; closed once, in one place.
 *
 * The timers follow HAProxy's `struct strm_logs`: `acceptDate` is the wall-clock date the stream
 * started (a connection's accept; for the next requests of a kept-alive connection, the end of the
 * previous one), every `t*` field is an offset in ms from it, -1 when the event did not happen.
 * The log variables derive from them as HAProxy does: Th = tHandshake, Ti = tIdle,
 * Tq = tRequest, TR = tRequest - Ti - Th, Tw = tQueue - tRequest, Tc = tConnect - tQueue,
 * Tr = tResponse - tConnect, Tt = tClose, Ta = Tt - Th - Ti, Td = Tt - tResponse (HTTP).
 */
import type { RuleContext } from '../rules/context.js';
import type { TermCause, TermPhase } from './term-state.js';
import type { Counters } from '../stats/counters.js';

export class StreamInfo {
  readonly frontend: string;
  /** 'http' for an HTTP exchange, 'tcp' for a TCP session. */
  mode: 'tcp' | 'http' = 'tcp';
  backend = '';
  server = '<NOSRV>';
  /** Client address and port after any PROXY header. */
  srcAddr: string | undefined;
  srcPort: number | undefined;
  /** Address and port the client connected to (%fi %fp). */
  dstAddr: string | undefined;
  dstPort: number | undefined;
  /** Server address and port once one was chosen (%si %sp). */
  srvAddr: string | undefined;
  srvPort: number | undefined;
  /** Date.now() when the stream started (HAProxy's accept_date, %t). */
  readonly acceptTime: number;
  /** Handshake time (%Th): accept to the connection being ready (PROXY header, TLS). */
  tHandshake = 0;
  /** Idle time before the first byte of the request (%Ti); -1 outside HTTP. */
  tIdle = -1;
  /** Offsets from acceptTime (ms); -1: did not happen. tRequest: complete request head. */
  tRequest = -1;
  /** Server (slot) assigned, queue left. */
  tQueue = -1;
  /** Server connection established (or an idle one reused). */
  tConnect = -1;
  /** Response headers received (HAProxy's t_data). */
  tResponse = -1;
  tClose = -1;
  /** HTTP status sent to the client (0 in TCP mode or when nothing was sent). */
  status = 0;
  /** Bytes from the client (%U) and to the client (%B). */
  bytesIn = 0;
  bytesOut = 0;
  /** Retries done to connect to a server (%rc), and whether one was a redispatch ('+'). */
  retries = 0;
  redispatched = false;
  /** Queue positions when the stream had to wait (%sq, %bq). */
  srvQueuePos = 0;
  beQueuePos = 0;
  /**
   * Connection counts when the stream ended (%ac %fc %bc %sc): process, frontend, backend, server.
   * Filled by the session just before the stream reaches the sink.
   */
  actConn = 0;
  feConn = 0;
  beConn = 0;
  srvConn = 0;
  termCause: TermCause = '-';
  termPhase: TermPhase = '-';
  /** Request line for the log (HTTP), e.g. `GET /x HTTP/1.1`; '' when no request was parsed. */
  requestLine = '';
  /** `capture request|response header` values, in declaration order (undefined: header absent). */
  reqCaptures: Array<string | undefined> | undefined;
  resCaptures: Array<string | undefined> | undefined;
  /** Persistence cookies seen (%CC) and set (%CS). */
  cliCookie: string | undefined;
  srvCookie: string | undefined;
  /** Number of this request on its connection (1 for the first), HAProxy's request counter base. */
  reqIndex = 0;
  /**
   * What the stats add to bytesIn/bytesOut to count as HAProxy does in HTTP (its HTX sizes: the
   * request head, response heads as HTX blocks instead of wire bytes). 0 in TCP.
   */
  statsInAdj = 0;
  statsOutAdj = 0;
  /** An http-request/tcp-request rule denied the request (deny, reject, tarpit). */
  denied = false;
  /** The counters this stream adds to (src/stats/account.ts): frontend, listener, backend, server. */
  feC: Counters | undefined = undefined;
  liC: Counters | undefined = undefined;
  beC: Counters | undefined = undefined;
  srvC: Counters | undefined = undefined;
  /** What `%[expr]` in a log-format reads (the session's rule context, valid when the stream ends). */
  rules: RuleContext | undefined;
  /** Not logged (monitor-uri requests, as HAProxy's SF_MONITOR). */
  dontLog = false;

  constructor(frontend: string, srcAddr: string | undefined, srcPort: number | undefined, acceptTime = Date.now()) {
    this.frontend = frontend;
    this.srcAddr = srcAddr;
    this.srcPort = srcPort;
    this.acceptTime = acceptTime;
  }

  /** The four-character termination state (%tsc). */
  get termState(): string {
    return this.termCause + this.termPhase + '--';
  }

  /** The stream ended with an error (HAProxy's log-separate-errors / dontlog-normal test). */
  get isError(): boolean {
    const c = this.termCause;
    return (
      this.redispatched ||
      (c !== '-' && c !== 'L') ||
      (c === '-' && this.retries > 0) ||
      (this.mode === 'http' && this.status >= 500)
    );
  }

  /** Record the first cause only: later events of the same teardown do not overwrite it. */
  setTerm(cause: TermCause, phase: TermPhase): void {
    if (this.termCause === '-' && cause !== '-') {
      this.termCause = cause;
      this.termPhase = phase;
    } else if (this.termCause === '-' && this.termPhase === '-') {
      this.termPhase = phase;
    }
  }
}
