/**
 * Runs one check: the steps of a ruleset over real sockets, as tcpcheck_main() with
 * chk_report_conn_err() for connection errors and timeouts. Every socket and timer it opens is
 * closed when the check ends, whatever the peer does.
 */
import { connect as netConnect, type Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import { connect as tlsConnect, type ConnectionOptions, type TLSSocket } from 'node:tls';
import { buildProxyV1, buildProxyV2 } from '../net/proxy-protocol.js';
import { errCode, strerror } from './errno.js';
import { checkResources as res } from './resources.js';
import { BUFSIZE, cstring, evalHttpExpect, evalTcpExpect, onSuccessMessage, type ExpectContext, type ExpectEval } from './expect.js';
import { buildRequest } from './http-reply.js';
import { stepId, type CheckRule, type ConnectRule, type ExpectRule, type Ruleset } from './rules.js';
import { outcome, type CheckOutcome, type CheckStatusName } from './status.js';

export interface RunParams {
  /** Default destination: `addr`/`port` server options, else the server's own address. */
  readonly host: string;
  readonly port: number;
  readonly inter: number;
  /** `timeout connect` and `timeout check` of the backend (0/undefined: unset). */
  readonly timeoutConnect?: number;
  readonly timeoutCheck?: number;
  /** check-send-proxy with the server's send-proxy version (default connect only). */
  readonly sendProxy?: 0 | 1 | 2;
  readonly ssl?: boolean;
  readonly sni?: string;
  readonly alpn?: string;
  /** The server's TLS settings (verification, CA, client certificate) when it has them. */
  readonly tls?: (sni: string | undefined) => ConnectionOptions;
  /** `http-check send-state` header value, computed when the request is built. */
  readonly serverState?: () => string;
  /** disable-on-404: true while the server is not DOWN. */
  readonly notStopped?: () => boolean;
}

export interface RunResult extends CheckOutcome {
  /** The agent's reply line, for agent checks. */
  readonly raw?: string;
  /**
   * A status a protocol's expect function set on the way (MySQL's server version, LDAP's
   * "Success") before the check ended with its final status: HAProxy calls
   * set_server_check_status() for both, so the health counter moves twice and
   * `option log-health-checks` may print both.
   */
  readonly pre?: CheckOutcome;
}

export type Done = (r: RunResult) => void;

/** Start a check; returns a function that aborts it (no result is reported after). */
export function runCheck(rs: Ruleset, p: RunParams, done: Done): () => void {
  return new CheckRun(rs, p, done).start();
}

class CheckRun {
  private readonly t0 = performance.now();
  private sock: Socket | TLSSocket | undefined;
  private timer: NodeJS.Timeout | undefined;
  private idx = 0;
  private current: CheckRule | undefined;
  private buf = Buffer.alloc(0);
  private eos = false;
  private err: string | undefined;
  private connected = false;
  private tlsPending = false;
  private mustRead = true;
  private waiting: 'connect' | 'data' | undefined;
  private finished = false;
  private code = 0;
  /** `linger` of the connect rule that opened the current connection. */
  private lingerConn = false;
  /** A status set by a passing custom expect before the end (see RunResult.pre). */
  private pre: CheckOutcome | undefined;

  constructor(
    private readonly rs: Ruleset,
    private readonly p: RunParams,
    private readonly done: Done,
  ) {}

  start(): () => void {
    res.runs++;
    setImmediate(() => this.step());
    return () => this.abort();
  }

  private abort(): void {
    if (!this.finished) res.runs--;
    this.finished = true;
    this.cleanup();
  }

  private clearTimer(): void {
    if (!this.timer) return;
    clearTimeout(this.timer);
    this.timer = undefined;
    res.runTimers--;
  }

  private cleanup(): void {
    this.clearTimer();
    const s = this.sock;
    this.sock = undefined;
    if (s) {
      res.sockets--;
      s.removeAllListeners('data');
      s.removeAllListeners('connect');
      s.removeAllListeners('secureConnect');
      s.removeAllListeners('end');
      s.on('error', () => undefined);
      this.close(s);
    }
  }

  /** HAProxy closes check connections with a reset unless the connect rule says `linger`. */
  private close(s: Socket | TLSSocket): void {
    const r = this.current;
    const linger = r?.kind === 'connect' ? r.linger : this.lingerConn;
    const raw = 'encrypted' in s ? undefined : s;
    if (!linger && raw && typeof raw.resetAndDestroy === 'function' && !raw.destroyed && raw.readyState === 'open') raw.resetAndDestroy();
    else s.destroy();
  }

  private duration(): number {
    return Math.floor(performance.now() - this.t0);
  }

  private finish(status: CheckStatusName, desc: string, code: number, raw?: string): void {
    if (this.finished) return;
    this.finished = true;
    res.runs--;
    this.cleanup();
    // The duration is taken at the first status a check sets (HAProxy clears check->start then).
    const o = outcome(status, desc, code, this.pre ? this.pre.duration : this.duration());
    const r: RunResult = raw !== undefined ? { ...o, raw } : o;
    this.done(this.pre ? { ...r, pre: this.pre } : r);
  }

  private setTimer(ms: number): void {
    this.clearTimer();
    this.timer = setTimeout(() => this.expired(), Math.max(1, ms));
    res.runTimers++;
  }

  private get tcpProto(): boolean {
    return this.rs.proto === 'tcp';
  }

  /** The " at step N of tcp-check (...)" part of chk_report_conn_err(). */
  private stepText(): string {
    if (!this.tcpProto) return '';
    const r = this.current;
    const step = stepId(r);
    if (step === 0) return ' at initial connection step of tcp-check';
    let s = ` at step ${step} of tcp-check`;
    if (r?.kind === 'connect') s += r.port ? ` (connect port ${r.port})` : ' (connect)';
    else if (r?.kind === 'expect') {
      const m = r.match;
      switch (m.type) {
        case 'string':
          s += ` (expect string '${m.data.toString('latin1')}')`;
          break;
        case 'binary':
          s += ` (expect binary '${m.data.toString('hex').toUpperCase()}')`;
          break;
        case 'rstring':
          s += ' (expect regex)';
          break;
        case 'rbinary':
          s += ' (expect binary regex)';
          break;
        case 'string-lf':
          s += ' (expect log-format string)';
          break;
        case 'binary-lf':
          s += ' (expect log-format binary)';
          break;
        case 'custom':
          s += ' (expect custom function)';
          break;
        default:
          s += ' (expect HTTP status codes)';
      }
    } else if (r?.kind === 'send') s += ' (send)';
    if (r?.comment) s += ` comment: '${r.comment}'`;
    return s;
  }

  /** chk_report_conn_err(): the error text is strerror() (when a socket error occurred) then the step. */
  private connError(expired: boolean): void {
    const chk = this.stepText();
    const sysErr = this.err !== undefined && this.err !== 'TLS' ? strerror(this.err) : '';
    const desc = sysErr + chk;
    if (!this.connected) {
      if (this.err) this.finish('L4CON', desc, 0);
      else if (expired) this.finish('L4TOUT', desc, 0);
    } else if (this.tlsPending) {
      if (this.err) this.finish('L6RSP', this.err === 'TLS' ? 'SSL handshake failure' + chk : desc, 0);
      else this.finish('L6TOUT', desc, 0);
    } else if (this.err) {
      this.finish('SOCKERR', desc, 0);
    } else if (expired) {
      const r = this.current;
      this.finish(r?.kind === 'expect' && r.toutStatus ? r.toutStatus : 'L7TOUT', desc, 0);
    }
  }

  private expired(): void {
    if (this.timer) res.runTimers--;
    this.timer = undefined;
    if (this.finished) return;
    this.connError(true);
  }

  private openSocket(r: ConnectRule): void {
    const p = this.p;
    const host = r.addr?.host ?? p.host;
    const port = r.port ?? r.addr?.port ?? p.port;
    const ssl = r.ssl || (r.useDefaults && p.ssl === true);
    const sendProxy = r.sendProxy ? 1 : r.useDefaults ? (p.sendProxy ?? 0) : 0;
    this.lingerConn = r.linger;
    this.connected = false;
    this.tlsPending = false;
    this.buf = Buffer.alloc(0);
    this.eos = false;
    this.err = undefined;
    // Connect timeout: inter, or min(inter, timeout connect) when `timeout check` is set.
    let t = p.inter;
    if (p.timeoutCheck && p.timeoutConnect) t = Math.min(t, p.timeoutConnect);
    this.setTimer(t);
    let s: Socket;
    try {
      s = netConnect({ host, port, allowHalfOpen: false });
    } catch (e) {
      this.err = errCode(e) ?? 'EINVAL';
      this.finish('SOCKERR', strerror(this.err) + this.stepText(), 0);
      return;
    }
    this.sock = s;
    res.sockets++;
    s.setNoDelay(true);
    s.on('error', (e) => this.onError(e));
    s.once('connect', () => {
      this.connected = true;
      if (sendProxy) {
        const a = { srcAddr: s.localAddress, srcPort: s.localPort, dstAddr: s.remoteAddress, dstPort: s.remotePort };
        s.write(sendProxy === 2 ? buildProxyV2(a) : buildProxyV1(a));
      }
      if (ssl) {
        this.tlsPending = true;
        const sni = r.sni ?? (r.useDefaults ? p.sni : undefined);
        const alpn = r.alpn ?? (r.useDefaults ? p.alpn : undefined);
        const t = tlsConnect({
          rejectUnauthorized: false,
          ...(p.tls ? p.tls(sni) : {}),
          socket: s,
          ...(sni ? { servername: sni } : {}),
          ...(alpn ? { ALPNProtocols: alpn.split(',') } : {}),
        });
        this.sock = t;
        t.on('error', (e) => this.onError(e, true));
        t.once('secureConnect', () => {
          this.tlsPending = false;
          this.attach(t);
          this.connectedStep();
        });
        return;
      }
      this.attach(s);
      this.connectedStep();
    });
  }

  private attach(s: Socket): void {
    s.on('data', (d: Buffer) => {
      if (this.buf.length < BUFSIZE) {
        const room = BUFSIZE - this.buf.length;
        this.buf = Buffer.concat([this.buf, d.length > room ? d.subarray(0, room) : d]);
      }
      if (this.waiting === 'data') this.step();
    });
    s.on('end', () => {
      this.eos = true;
      if (this.waiting === 'data') this.step();
    });
  }

  private onError(e: Error, tls = false): void {
    if (this.finished) return;
    this.err = errCode(e) ?? (tls ? 'TLS' : 'EIO');
    if (tls && this.tlsPending) this.err = 'TLS';
    if (this.waiting === 'connect' || !this.connected || this.tlsPending) {
      this.connError(false);
      return;
    }
    if (this.waiting === 'data') this.step();
  }

  private connectedStep(): void {
    if (this.p.timeoutCheck) this.setTimer(this.p.timeoutCheck);
    this.idx++;
    this.waiting = undefined;
    this.step();
  }

  private sendBytes(r: Extract<CheckRule, { kind: 'send' }>): Buffer {
    const d = r.data;
    if (d.type === 'bytes') return d.bytes;
    if (d.type === 'lf') {
      const out = d.fmt({ payload: this.buf, vars: this.rs.vars });
      if (!d.binary) return out;
      return Buffer.from(out.toString('latin1'), 'hex');
    }
    return buildRequest(d.http, this.p.serverState ? { serverState: this.p.serverState() } : {});
  }

  private step(): void {
    if (this.finished) return;
    this.waiting = undefined;
    const rules = this.rs.rules;
    while (this.idx < rules.length) {
      const r = rules[this.idx]!;
      this.code = 0;
      if (r.kind === 'connect') {
        if (this.sock && this.current !== r) this.cleanupSocketOnly();
        this.current = r;
        this.mustRead = true;
        this.waiting = 'connect';
        this.openSocket(r);
        return;
      }
      if (r.kind === 'send') {
        this.current = r;
        const b = this.sendBytes(r);
        // A new send starts a new exchange: what was received before is dropped.
        this.buf = Buffer.alloc(0);
        if (b.length > 0 && this.sock && !this.sock.destroyed) this.sock.write(b);
        this.mustRead = true;
        this.idx++;
        continue;
      }
      this.current = r;
      if (this.mustRead) {
        if (this.buf.length === 0) {
          if (this.err) return this.connError(false);
          if (this.eos) return this.emptyResponse(r);
          this.waiting = 'data';
          return;
        }
        this.mustRead = false;
      }
      const res = this.evalExpect(r);
      if (res.kind === 'wait') {
        if (this.err || this.eos) {
          // Nothing more will come: evaluate as a last read (done by evalExpect with lastRead).
          return this.finish('L7RSP', '', 0);
        }
        this.idx = rules.indexOf(r.head ?? r);
        this.waiting = 'data';
        return;
      }
      if (res.kind === 'done') {
        if (res.stop) return this.finish(res.status, res.desc, res.code, res.raw);
        this.code = res.code;
        if (r.match.type === 'custom' && res.raw === undefined) {
          // A protocol function passed and set its status; the check goes on (to its end).
          this.pre = outcome(res.status, res.desc, res.code, this.duration());
          this.idx++;
          continue;
        }
        if (this.idx === rules.length - 1) return this.finish(res.status, res.desc, res.code, res.raw);
        this.idx++;
        continue;
      }
      this.code = res.code;
      this.idx++;
    }
    this.success();
  }

  private cleanupSocketOnly(): void {
    const s = this.sock;
    this.sock = undefined;
    if (s) {
      res.sockets--;
      s.removeAllListeners('data');
      s.removeAllListeners('end');
      s.on('error', () => undefined);
      this.close(s);
    }
  }

  private emptyResponse(r: ExpectRule): void {
    if (this.rs.proto === 'http') return this.finish('L7RSP', '', 0);
    let msg = `TCPCHK got an empty response at step ${stepId(r)}`;
    if (r.comment) msg += ` comment: '${r.comment}'`;
    this.finish(r.errStatus ?? 'L7RSP', msg, 0);
  }

  private ctx(r: ExpectRule): ExpectContext {
    const rules = this.rs.rules;
    return {
      proto: this.rs.proto,
      buf: this.buf,
      lastRead: this.eos || this.err !== undefined,
      vars: this.rs.vars,
      isLast: rules.indexOf(r) === rules.length - 1,
      accept404: this.rs.disableOn404 && (this.p.notStopped?.() ?? true),
    };
  }

  private evalExpect(r: ExpectRule): ExpectEval {
    const c = this.ctx(r);
    return this.rs.proto === 'http' ? evalHttpExpect(r, c) : evalTcpExpect(r, c);
  }

  /** All rules passed: the status depends on the last step, as at the end of tcpcheck_main(). */
  private success(): void {
    const r = this.current;
    if (r?.kind === 'expect') {
      const c = this.ctx(r);
      if (c.accept404 && this.code === 404) return this.finish('L7OKC', '', 404);
      let code = this.code;
      if (r.statusCode) {
        const n = parseInt(cstring(r.statusCode({ payload: this.buf, vars: this.rs.vars })), 10);
        if (Number.isFinite(n)) code = n;
      }
      return this.finish(r.okStatus ?? 'L7OK', onSuccessMessage(r, c), code);
    }
    if (r?.kind === 'connect') {
      const tls = this.sock !== undefined && 'encrypted' in this.sock;
      return this.finish(tls ? 'L6OK' : 'L4OK', r.implicit ? '' : '(tcp-check)', 0);
    }
    this.finish('L7OK', '(tcp-check)', 0);
  }
}
