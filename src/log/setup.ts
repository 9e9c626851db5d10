/**
 * Logging built once from the checked configuration: one ProxyLogger per frontend that has log
 * targets, transports shared by destination, formats compiled to functions. What the data plane
 * calls: `stream(st)` from the stream sink, `accept(...)` and `connError(...)` from accept.ts.
 */
import { hostname } from 'node:os';
import type { ConfigModel } from '../config/model/config.js';
import { CAP_FE, type LogTargetModel, type ProxyModel } from '../config/model/proxy.js';
import {
  CLF_HTTP_LOG_FORMAT,
  HTTP_LOG_FORMAT,
  HTTPS_LOG_FORMAT,
  TCP_LOG_FORMAT,
} from '../config/sections/proxy/traffic-options-special.js';
import { newCompileEnv, RulesError, type CompileEnv } from '../rules/compile-env.js';
import { StreamInfo } from '../runtime/stream.js';
import type { ConnErrorSink } from '../runtime/stream-sink.js';
import { compileLogLine, type LineFn } from './format.js';
import { ProxyLogger } from './logger.js';
import { SyslogTarget, type HeaderIdentity } from './syslog.js';
import { TransportPool } from './transport.js';

/** The tag when neither the proxy nor the global section sets `log-tag` (HAProxy: its program name). */
export const DEFAULT_LOG_TAG = 'haproxy';

export class Logging {
  readonly loggers = new Map<string, ProxyLogger>();
  readonly pool = new TransportPool();

  get empty(): boolean {
    return this.loggers.size === 0;
  }

  /** The stream sink's part: log the stream with its frontend's settings. */
  readonly stream = (st: StreamInfo): void => {
    this.loggers.get(st.frontend)?.stream(st);
  };

  /** A connection that ended before any stream (failed TLS handshake): HAProxy's error line. */
  readonly connError: ConnErrorSink = (frontend, listener, addrs, reason) => {
    const lg = this.loggers.get(frontend);
    if (lg === undefined) return;
    const st = new StreamInfo(frontend, addrs.srcAddr, addrs.srcPort);
    st.dstAddr = addrs.dstAddr;
    st.dstPort = addrs.dstPort;
    st.tClose = 0;
    st.setTerm('C', 'R');
    lg.connError(st, listener.bind.name, reason);
  };

  close(): void {
    this.pool.closeAll();
  }
}

function enabled(p: ProxyModel, name: string): boolean {
  return p.options[name]?.enabled === true;
}

/** Build the loggers; a log-format that does not compile throws RulesError with HAProxy's wording. */
export function buildLogging(cfg: ConfigModel, envFor: (p: ProxyModel) => CompileEnv = (p) => newCompileEnv(cfg, p)): Logging {
  const out = new Logging();
  const g = cfg.global;
  const host = g.logSendHostname === undefined ? undefined : g.logSendHostname === true ? hostname() : g.logSendHostname;
  // `log global` shares the global loggers (and their sampling state), as HAProxy does.
  const global = targetsOf(g.logs, out.pool, []);
  for (const p of cfg.proxies) {
    if (p.disabled || (p.cap & CAP_FE) === 0 || p.binds.length === 0) continue;
    const targets = targetsOf(p.logs, out.pool, global);
    if (targets.length === 0) continue;
    const mode = p.mode === 'http' ? 'http' : 'tcp';
    let fmt = p.logFormat;
    if (mode === 'tcp' && (fmt === HTTP_LOG_FORMAT || fmt === CLF_HTTP_LOG_FORMAT || fmt === HTTPS_LOG_FORMAT)) fmt = TCP_LOG_FORMAT;
    const env = envFor(p);
    const compile = (text: string | undefined, what: string): LineFn | undefined => {
      if (text === undefined || text === '') return undefined;
      try {
        return compileLogLine(text, env);
      } catch (e) {
        if (!(e instanceof RulesError)) throw e;
        const place = p.logFormatPlace ?? p.place;
        throw new RulesError(`Parsing [${place.file}:${place.line}]: failed to parse ${what} : ${e.message}.`);
      }
    };
    const line = compile(fmt, 'log-format');
    if (fmt === '') continue;
    const id: HeaderIdentity = { tag: p.logTag ?? g.logTag ?? DEFAULT_LOG_TAG, host };
    const logger = new ProxyLogger(
      p.name,
      mode,
      targets,
      id,
      line,
      compile(p.logFormatSd, 'log-format-sd'),
      compile(p.errorLogFormat, 'error-log-format'),
      {
        dontLogNull: enabled(p, 'dontlognull'),
        dontLogNormal: enabled(p, 'dontlog-normal'),
        separateErrors: enabled(p, 'log-separate-errors'),
      },
    );
    out.loggers.set(p.name, logger);
  }
  return out;
}

function targetsOf(list: readonly LogTargetModel[], pool: TransportPool, global: SyslogTarget[]): SyslogTarget[] {
  const out: SyslogTarget[] = [];
  for (const l of list) {
    if (l.global) {
      out.push(...global);
      continue;
    }
    if (l.target === undefined) continue;
    const t = pool.get(l.target);
    if (t === undefined) continue;
    out.push(new SyslogTarget(t, l));
  }
  return out;
}
