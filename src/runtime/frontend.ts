/** A frontend (or the frontend half of a `listen`): listeners, limits, client-side settings, routing. */
import type { ProxyModel } from '../config/model/proxy.js';
import type { Backend } from './backend.js';
import { forwardFor, httpConnMode, type ForwardFor, type HttpConnMode } from './http-options.js';
import { ConnGate } from './limits.js';
import { DEFAULT_MAX_SESSION_SRV_CONNS } from './session-conns.js';
import type { Monitor } from './monitor.js';
import type { BindModel } from '../config/model/bind.js';
import { RuleContext } from '../rules/context.js';
import type { ProxyRules, Switcher } from '../rules/proxy-rules.js';
import { EMPTY_WORLD, type ProxyView, type RulesWorld } from '../rules/world.js';
import { Counters } from '../stats/counters.js';
import type { Listener } from '../net/listener.js';
import type { StatsService } from '../stats/page/service.js';
import type { RuntimeGraph } from './graph.js';

/** Connection facts a new RuleContext starts from. */
export interface ConnFacts {
  readonly srcAddr: string | undefined;
  readonly srcPort: number | undefined;
  readonly dstAddr: string | undefined;
  readonly dstPort: number | undefined;
}

/** One `capture request|response header NAME len N` of a frontend. */
export interface HeaderCapture {
  readonly lname: string;
  readonly len: number;
}

export class Frontend {
  readonly name: string;
  readonly mode: 'tcp' | 'http';
  readonly gate: ConnGate;
  readonly timeoutClient: number;
  readonly timeoutClientFin: number;
  readonly timeoutHttpRequest: number;
  readonly timeoutHttpKeepAlive: number;
  readonly connMode: HttpConnMode;
  /** `option http-ignore-probes`: connections closed without a byte are not counted as bad requests. */
  readonly ignoreProbes: boolean;
  readonly forwardFor: ForwardFor | undefined;
  /** This proxy's compiled rules (ACLs, tcp/http rules), and its use_backend rules. */
  rules: ProxyRules | undefined;
  switcher: Switcher<Backend> | undefined;
  world: RulesWorld = EMPTY_WORLD;
  defaultBackend: Backend | undefined;
  /** `monitor-uri` (HTTP): answered here before any rule. */
  monitor: Monitor | undefined = undefined;
  /** Cumulated sessions. */
  total = 0;
  /** The process-wide gate (HAProxy's actconn), set by the graph. */
  globalGate: ConnGate | undefined;
  /** `capture request header` / `capture response header` slots (undefined: none). */
  readonly reqCaptures: readonly HeaderCapture[] | undefined;
  readonly resCaptures: readonly HeaderCapture[] | undefined;
  /** Stats counters (src/stats), and the listeners opened for this frontend. */
  readonly counters = new Counters();
  readonly listeners: Listener[] = [];
  /** `max-session-srv-conns` (HAProxy's max_out_conns). */
  readonly maxSessionSrvConns: number;
  /** The proxy's numeric id (`fe_id`): `id` or its position among the proxies, as HAProxy numbers them. */
  id = 0;
  /** What `fe_conn` and the frontend-side fetches see of this frontend. */
  view: ProxyView | undefined;
  /** Listener ids (`so_id`): `bind ... id N` or 1, 2 ... in declaration order. */
  private readonly bindIds = new Map<BindModel, number>();
  /** The statistics page (`stats enable|uri ...`) and the graph it and the exporter show. */
  stats: StatsService | undefined = undefined;
  graph: RuntimeGraph | undefined = undefined;

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
    this.maxSessionSrvConns = m.maxSessionSrvConns ?? DEFAULT_MAX_SESSION_SRV_CONNS;
    this.ignoreProbes = m.options['http-ignore-probes']?.enabled === true;
    const caps = (dir: 'request' | 'response'): HeaderCapture[] | undefined => {
      const l = m.captures
        .filter((c) => c.what === 'header' && c.direction === dir)
        .map((c) => ({ lname: c.name.toLowerCase(), len: c.len }));
      return l.length > 0 ? l : undefined;
    };
    this.reqCaptures = caps('request');
    this.resCaptures = caps('response');
    const used = new Set<number>();
    for (const b of m.binds) if (b.id !== undefined) used.add(b.id);
    let next = 1;
    for (const b of m.binds) {
      if (b.id !== undefined) this.bindIds.set(b, b.id);
      else {
        while (used.has(next)) next++;
        this.bindIds.set(b, next++);
      }
    }
  }

  /** A RuleContext with this frontend's facts and the connection's addresses. */
  newRuleContext(a: ConnFacts, bind: BindModel): RuleContext {
    const rc = new RuleContext(this.world);
    rc.src = a.srcAddr;
    rc.srcPort = a.srcPort ?? 0;
    rc.dst = a.dstAddr;
    rc.dstPort = a.dstPort ?? 0;
    rc.feName = this.name;
    rc.feId = this.id;
    rc.frontend = this.view;
    rc.feDefBackend = this.defaultBackend?.name ?? '';
    rc.soId = this.bindIds.get(bind) ?? 0;
    rc.rcvdProxy = bind.acceptProxy === true;
    return rc;
  }

  /** Connections being served (`fe_conn`). */
  get cur(): number {
    return this.gate.cur;
  }

  /** The backend for a stream: the first applicable use_backend rule, else default_backend. */
  route(ctx: RuleContext): Backend | undefined {
    const sw = this.switcher;
    if (sw === undefined || sw.size === 0) return this.defaultBackend;
    return sw.pick(ctx) ?? this.defaultBackend;
  }
}
