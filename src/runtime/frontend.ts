/** A frontend (or the frontend half of a `listen`): listeners, limits, client-side settings, routing. */
import type { ProxyModel } from '../config/model/proxy.js';
import type { Backend } from './backend.js';
import { forwardFor, httpConnMode, type ForwardFor, type HttpConnMode } from './http-options.js';
import { ConnGate } from './limits.js';

export class Frontend {
  readonly name: string;
  readonly mode: 'tcp' | 'http';
  readonly gate: ConnGate;
  readonly timeoutClient: number;
  readonly timeoutClientFin: number;
  readonly timeoutHttpRequest: number;
  readonly timeoutHttpKeepAlive: number;
  readonly connMode: HttpConnMode;
  readonly forwardFor: ForwardFor | undefined;
  /** `use_backend` rules kept in order; rules with a condition are skipped until the ACL engine arrives. */
  readonly useBackends: Backend[] = [];
  defaultBackend: Backend | undefined;
  /** Cumulated sessions. */
  total = 0;

  constructor(m: ProxyModel, globalMaxconn: number) {
    this.name = m.name;
    this.mode = m.mode === 'http' ? 'http' : 'tcp';
    this.gate = new ConnGate(m.maxconn ?? globalMaxconn);
    const t = m.timeouts;
    this.timeoutClient = t.client ?? 0;
    this.timeoutClientFin = t['client-fin'] ?? 0;
    // HAProxy: http-request falls back to client; http-keep-alive falls back to http-request.
    this.timeoutHttpRequest = t['http-request'] ?? this.timeoutClient;
    this.timeoutHttpKeepAlive = t['http-keep-alive'] ?? this.timeoutHttpRequest;
    this.connMode = httpConnMode(m);
    this.forwardFor = forwardFor(m);
  }

  /** The backend for a stream: the first applicable use_backend rule, else default_backend. */
  route(): Backend | undefined {
    const rules = this.useBackends;
    return rules.length > 0 ? rules[0] : this.defaultBackend;
  }
}
