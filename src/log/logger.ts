/**
 * The logging of one frontend: its targets (with `log global` expanded), its compiled line, and
 * HAProxy's filters (strm_log()): dontlognull, option dontlog-normal, option log-separate-errors,
 * monitor requests not logged. Without a log format HAProxy logs one "Connect from" line per
 * accepted connection instead (session.c); error-log-format (or HAProxy's default message) covers
 * connections that fail before any stream, such as a bad PROXY header.
 */
import { plainAddr } from '../rules/fetch/conn.js';
import type { StreamInfo } from '../runtime/stream.js';
import { logDate } from './dates.js';
import type { LineFn } from './format.js';
import type { HeaderIdentity, SyslogTarget } from './syslog.js';

const LOG_INFO = 6;
const LOG_ERR = 3;

export interface LoggerOptions {
  readonly dontLogNull: boolean;
  readonly dontLogNormal: boolean;
  readonly separateErrors: boolean;
}

export class ProxyLogger {
  constructor(
    readonly name: string,
    readonly mode: 'tcp' | 'http',
    private readonly targets: readonly SyslogTarget[],
    private readonly id: HeaderIdentity,
    /** undefined: no log format, the "Connect from" line at accept is logged instead. */
    private readonly line: LineFn | undefined,
    private readonly sd: LineFn | undefined,
    private readonly errorLine: LineFn | undefined,
    private readonly opts: LoggerOptions,
  ) {}

  get logsStreams(): boolean {
    return this.line !== undefined;
  }

  private emit(level: number, msg: string, st: StreamInfo | undefined): void {
    let sd = '-';
    if (this.sd !== undefined && st !== undefined) sd = this.sd(st).replace(/ +$/, '');
    const ts = this.targets;
    for (let i = 0; i < ts.length; i++) ts[i]!.send(level, msg, this.id, sd);
  }

  /** A stream ended (called from the stream sink, synchronously: the line is built now, sent later). */
  stream(st: StreamInfo): void {
    const line = this.line;
    if (line === undefined || st.dontLog) return;
    if (this.opts.dontLogNull && st.bytesIn + st.statsInAdj === 0) return;
    const err = st.isError;
    if (!err && this.opts.dontLogNormal) return;
    this.emit(err && this.opts.separateErrors ? LOG_ERR : LOG_INFO, line(st), st);
  }

  /** A connection was accepted (HAProxy logs this only when the proxy has no log format). */
  accept(src: string | undefined, srcPort: number | undefined, dst: string | undefined, dstPort: number | undefined): void {
    if (this.line !== undefined) return;
    const a = (h: string | undefined, p: number | undefined): string => {
      const t = h === undefined ? '-' : (plainAddr(h) ?? h);
      return p === undefined ? t : t.includes(':') ? `${t}:${p}` : `${t}:${p}`;
    };
    this.emit(LOG_INFO, `Connect from ${a(src, srcPort)} to ${a(dst, dstPort)} (${this.name}/${this.mode === 'http' ? 'HTTP' : 'TCP'})`, undefined);
  }

  /** A connection failed before any stream (embryonic session): error-log-format or HAProxy's line. */
  connError(st: StreamInfo, bindName: string | undefined, message: string): void {
    if (this.opts.dontLogNull && st.bytesIn + st.statsInAdj === 0 && this.errorLine === undefined) return;
    if (this.errorLine !== undefined) {
      this.emit(LOG_INFO, this.errorLine(st), st);
      return;
    }
    const src = st.srcAddr === undefined ? '-' : (plainAddr(st.srcAddr) ?? st.srcAddr);
    this.emit(LOG_INFO, `${src}:${st.srcPort ?? 0} [${logDate(st.acceptTime)}] ${this.name}/${bindName ?? '(null)'}: ${message}`, st);
  }
}
