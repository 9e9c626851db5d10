/**
 * What the runtime API acts on: the running graph (frontends, backends, servers), the health engine
 * (server states and weights go through it, so messages and load balancing follow), the listeners of
 * each frontend, the live sessions, and process-wide facts for `show info`.
 */
import type { HealthEngine } from '../check/engine.js';
import type { HealthServer } from '../check/server-state.js';
import type { ConfigModel } from '../config/model/config.js';
import type { ServerSettings } from '../config/model/server.js';
import { CAP_BE, CAP_FE } from '../config/model/proxy.js';
import type { Listener } from '../net/listener.js';
import type { TlsTerminator } from '../net/tls-server.js';
import { TlsRuntime } from '../net/tls-runtime.js';
import type { Backend } from '../runtime/backend.js';
import type { RuntimeGraph } from '../runtime/graph.js';
import type { Server } from '../runtime/server.js';
import type { SessionSet } from '../runtime/session.js';
import { clearCounters as clearStats } from '../stats/index.js';

export type Level = 'user' | 'operator' | 'admin';
export const LEVEL_RANK: Readonly<Record<Level, number>> = { user: 1, operator: 2, admin: 3 };

/** The rate limits `set rate-limit` changes (0 = none). */
export interface RateLimits {
  connections: number;
  sessions: number;
  sslSessions: number;
  httpCompression: number;
}

export class ApiContext {
  /** HAProxy's proxy ids (uuid), as the runtime graph numbers them. */
  readonly proxyIds = new Map<string, number>();
  /** Servers declared `disabled` (HAProxy's CMAINT admin bit, kept for `show servers state`). */
  readonly configDisabled = new WeakSet<Server>();
  /** Servers added with `add server` (only those may be deleted). */
  readonly dynamic = new WeakSet<Server>();
  /** The settings `add server` gave each dynamic server. */
  readonly dynamicSettings = new WeakMap<Server, ServerSettings>();
  readonly startTime = Date.now();
  readonly rateLimits: RateLimits = { connections: 0, sessions: 0, sslSessions: 0, httpCompression: 0 };
  /** Frontends stopped by `shutdown frontend`. */
  readonly stoppedFrontends = new Set<string>();
  /** Where HAProxy's stderr lines go ("Paused frontend fe.", "New server registered."), unless quiet. */
  print: ((line: string) => void) | undefined;
  /** Extra `clear counters` work (the statistics module registers its own). */
  readonly counterClearers: Array<(all: boolean) => void> = [];
  /** The global maxconn as configured (HAProxy's Hard_maxconn). */
  readonly hardMaxconn: number;
  /** Certificate stores, the `set ssl cert` transaction and ticket-key references. */
  readonly tls: TlsRuntime;

  constructor(
    readonly cfg: ConfigModel,
    readonly graph: RuntimeGraph,
    readonly health: HealthEngine | undefined,
    readonly sessions: SessionSet,
    readonly listeners: ReadonlyMap<string, readonly Listener[]>,
  ) {
    for (const p of graph.proxies) this.proxyIds.set(p.model.name, p.iid);
    this.hardMaxconn = graph.globalGate.max;
    const terms = new Set<TlsTerminator>();
    for (const ls of listeners.values()) for (const l of ls) if (l.tls) terms.add(l.tls);
    this.tls = new TlsRuntime([...terms]);
    for (const p of cfg.proxies) {
      if ((p.cap & CAP_BE) === 0) continue;
      const be = graph.backends.get(p.name);
      if (!be) continue;
      p.servers.forEach((m) => {
        const s = be.servers.find((x) => x.name === m.name);
        if (s && m.settings.disabled) this.configDisabled.add(s);
      });
    }
  }

  backend(name: string): Backend | undefined {
    return this.graph.backends.get(name);
  }

  /** HAProxy's proxy lookup by name or `#id`. */
  backendByRef(ref: string): Backend | undefined {
    if (ref.startsWith('#')) {
      const id = Number(ref.slice(1));
      for (const [name, pid] of this.proxyIds) if (pid === id) return this.graph.backends.get(name);
      return undefined;
    }
    return this.graph.backends.get(ref);
  }

  serverByRef(be: Backend, ref: string): Server | undefined {
    if (ref.startsWith('#')) {
      const id = Number(ref.slice(1));
      return be.servers.find((s) => s.id === id);
    }
    return be.servers.find((s) => s.name === ref);
  }

  healthOf(be: Backend, s: Server): HealthServer | undefined {
    return this.healthServers.get(s) ?? this.health?.server(be.name, s.name);
  }

  /** HealthServers of dynamic servers (the engine only knows configured ones). */
  readonly healthServers = new Map<Server, HealthServer>();

  /** `clear counters [all]`: max values, or every cumulated counter too. */
  clearCounters(all: boolean): void {
    if (all) {
      for (const f of this.graph.frontends) f.frontend.total = 0;
      for (const b of this.graph.backends.values()) {
        b.total = 0;
        b.retriesCount = 0;
        b.redispatchCount = 0;
        for (const s of b.servers) {
          s.total = 0;
          s.retries = 0;
          s.redispatches = 0;
        }
      }
    }
    clearStats(this.graph, all);
    for (const f of this.counterClearers) f(all);
  }

  frontendNames(): string[] {
    return this.cfg.proxies.filter((p) => (p.cap & CAP_FE) !== 0 && !p.disabled).map((p) => p.name);
  }
}
