/**
 * What the log line and the counters need to know about one stream (one TCP session, or one HTTP
 * request/response exchange). Filled as the stream advances; closed once, in one place.
 */
import type { TermCause, TermPhase } from './term-state.js';

export class StreamInfo {
  readonly frontend: string;
  backend = '';
  server = '<NOSRV>';
  /** Client address and port after any PROXY header. */
  srcAddr: string | undefined;
  srcPort: number | undefined;
  /** Times in ms (Date.now() at accept, then offsets). -1: did not happen. */
  readonly acceptTime: number;
  tRequest = -1;
  tConnect = -1;
  tResponse = -1;
  tClose = -1;
  /** HTTP status sent to the client (0 in TCP mode or when nothing was sent). */
  status = 0;
  bytesIn = 0;
  bytesOut = 0;
  /** Retries done to connect to a server. */
  retries = 0;
  termCause: TermCause = '-';
  termPhase: TermPhase = '-';
  /** Request line for the log (HTTP). */
  requestLine = '';

  constructor(frontend: string, srcAddr: string | undefined, srcPort: number | undefined) {
    this.frontend = frontend;
    this.srcAddr = srcAddr;
    this.srcPort = srcPort;
    this.acceptTime = Date.now();
  }

  /** The four-character termination state (%tsc). */
  get termState(): string {
    return this.termCause + this.termPhase + '--';
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
