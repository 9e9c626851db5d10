/** The runtime graph built once from the configuration model: frontends, backends, servers. */
import { setIdleLimit } from './server.js';
import type { ConfigModel } from '../config/model/config.js';
import { CAP_BE, CAP_FE, type ProxyModel } from '../config/model/proxy.js';
import { Backend } from './backend.js';
import { Frontend } from './frontend.js';
import { compileMonitor } from './monitor.js';
import { ConnGate } from './limits.js';
import { applyDefaultFullconn } from './fullconn.js';
import { compileAllRules } from '../rules/proxy-rules.js';
import { BackendView, FrontendView, RuntimeWorld } from './rules-world.js';
import { StickTables } from '../stick/hooks.js';
import { StickTable } from '../stick/table.js';
import { StatsService } from '../stats/page/service.js';
import { hostname } from 'node:os';
import { TlsOrigin } from '../net/tls-client.js';
import { newCompileEnv } from '../rules/compile-env.js';
import { compileExpr } from '../rules/expr.js';

/** `server ... ssl`: each server's TLS settings and its `sni` expression, built once. */
function linkServerTls(b: Backend, p: ProxyModel, cfg: ConfigModel): void {
  p.servers.forEach((m, i) => {
    if (!m.settings.ssl) return;
    const srv = b.servers[i]!;
    srv.tls = new TlsOrigin(m, cfg.global);
    const sni = m.settings.sni;
    if (sni !== undefined) {
      const expr = compileExpr(sni, newCompileEnv(undefined, p));
      srv.sniExpr = expr;
      // A server name that depends on the request makes its connections private to one client.
      srv.sniConst = /^str\(([^()]*)\)$/.exec(sni.trim())?.[1];
    }
  });
}

/** HAProxy's global maxconn when none is set (its computed default depends on ulimit -n). */
export const DEFAULT_GLOBAL_MAXCONN = 4096;

export interface FrontendEntry {
  readonly model: ProxyModel;
  readonly frontend: Frontend;
}

/** One proxy as the stats see it (config order), with HAProxy's proxy id (iid). */
export interface ProxyEntry {
  readonly model: ProxyModel;
  readonly iid: number;
  frontend: Frontend | undefined;
  backend: Backend | undefined;
}

export class RuntimeGraph {
  readonly frontends: FrontendEntry[] = [];
  /** Every running proxy in configuration order (stats, runtime API). */
  readonly proxies: ProxyEntry[] = [];
  readonly config: ConfigModel;
  /** When the process started serving (ms), for `show info` and the stats page. */
  readonly startTime = Date.now();
  /** Set during a soft stop (frontends show STOP). */
  stopping = false;
  readonly backends = new Map<string, Backend>();
  readonly globalGate: ConnGate;
  /** What rules see of this graph (nbsrv(), srv_is_up() ...). */
  readonly world = new RuntimeWorld();

  /** `warn` receives load-time warnings of the rules compiler. */
  constructor(cfg: ConfigModel, warn: (m: string) => void = () => undefined) {
    this.config = cfg;
    this.globalGate = new ConnGate(cfg.global.maxconn ?? DEFAULT_GLOBAL_MAXCONN);
    setIdleLimit(cfg.global.maxconn ?? DEFAULT_GLOBAL_MAXCONN);
    const tables = new Map<string, StickTable>();
    for (const p of cfg.proxies) if (p.stickTable && !p.disabled) tables.set(p.name, new StickTable(p.name, p.stickTable));
    if (tables.size > 0) this.world.stick = new StickTables(tables);
    const rules = compileAllRules(cfg, warn);
    const ids = proxyIds(cfg);
    for (const p of cfg.proxies) {
      const id = ids.get(p)!;
      if (p.disabled || p.mode === 'health') continue;
      if ((p.cap & CAP_BE) !== 0) {
        const b = new Backend(p);
        b.rules = rules.get(p.name);
        b.persist = p.options['persist']?.enabled === true;
        if (b.rules && p.useServers.length > 0) b.serverSwitch = b.rules.switcher(p.useServers, (name) => b.servers.find((s) => s.name === name));
        linkServerTls(b, p, cfg);
        this.backends.set(p.name, b);
        this.world.views.set(p.name, new BackendView(b, id));
      }
    }
    for (const p of cfg.proxies) {
      if (p.disabled || (p.cap & CAP_FE) === 0 || p.binds.length === 0 || p.mode === 'health') continue;
      const fe = new Frontend(p, this.globalGate.max);
      const fr = rules.get(p.name);
      if (fr) {
        fe.rules = fr;
        fe.switcher = fr.switcher(p.useBackends, (name) => this.backends.get(name));
      }
      fe.world = this.world;
      fe.globalGate = this.globalGate;
      fe.id = ids.get(p)!;
      const view = new FrontendView(fe, fe.id);
      fe.view = view;
      this.world.feViews.set(p.name, view);
      fe.monitor = compileMonitor(p, fr);
      if (p.defaultBackend) fe.defaultBackend = this.backends.get(p.defaultBackend.name);
      else if ((p.cap & CAP_BE) !== 0) fe.defaultBackend = this.backends.get(p.name);
      this.frontends.push({ model: p, frontend: fe });
    }
    applyDefaultFullconn(this.frontends, this.backends);
    const feOf = new Map(this.frontends.map((f) => [f.model, f.frontend]));
    // HAProxy numbers proxies from 1 in order, skipping explicit ids; the stats socket's internal
    // proxy takes the first number.
    const used = new Set(cfg.proxies.map((p) => p.id).filter((v): v is number => v !== undefined));
    let next = cfg.global.statsSockets.length > 0 ? 2 : 1;
    for (const p of cfg.proxies) {
      let iid = p.id;
      if (iid === undefined) {
        while (used.has(next)) next++;
        iid = next++;
      }
      if (p.disabled || p.mode === 'health') continue;
      const frontend = feOf.get(p);
      const backend = (p.cap & CAP_BE) !== 0 ? this.backends.get(p.name) : undefined;
      if (frontend || backend) this.proxies.push({ model: p, iid, frontend, backend });
      if (frontend) frontend.graph = this;
      if (p.stats.enabled && p.mode === 'http' && (frontend || backend)) {
        const svc = new StatsService(p, rules.get(p.name), cfg.global.node ?? hostname(), cfg.global.description);
        svc.graph = this;
        if (frontend) frontend.stats = svc;
        if (backend) backend.stats = svc;
      }
    }
  }

  /** Close idle server connections nobody has needed lately (see Server.purgeIdle). */
  purgeIdle(now = Date.now()): void {
    for (const b of this.backends.values()) b.purgeIdle(now);
  }

  closeIdle(): void {
    for (const b of this.backends.values()) b.closeIdle();
  }
}

/** Proxy ids as HAProxy numbers them: `id N` where given, else the next free number in order. */
function proxyIds(cfg: ConfigModel): Map<ConfigModel['proxies'][number], number> {
  const used = new Set<number>();
  for (const p of cfg.proxies) if (p.id !== undefined) used.add(p.id);
  const out = new Map<ConfigModel['proxies'][number], number>();
  let next = 1;
  for (const p of cfg.proxies) {
    if (p.id !== undefined) out.set(p, p.id);
    else {
      while (used.has(next)) next++;
      out.set(p, next++);
    }
  }
  return out;
}
