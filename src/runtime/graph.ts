/** The runtime graph built once from the configuration model: frontends, backends, servers. */
import type { ConfigModel } from '../config/model/config.js';
import { CAP_BE, CAP_FE, type ProxyModel } from '../config/model/proxy.js';
import { Backend } from './backend.js';
import { Frontend } from './frontend.js';
import { ConnGate } from './limits.js';

/** HAProxy's global maxconn when none is set (its computed default depends on ulimit -n). */
export const DEFAULT_GLOBAL_MAXCONN = 4096;

export interface FrontendEntry {
  readonly model: ProxyModel;
  readonly frontend: Frontend;
}

export class RuntimeGraph {
  readonly frontends: FrontendEntry[] = [];
  readonly backends = new Map<string, Backend>();
  readonly globalGate: ConnGate;

  constructor(cfg: ConfigModel) {
    this.globalGate = new ConnGate(cfg.global.maxconn ?? DEFAULT_GLOBAL_MAXCONN);
    for (const p of cfg.proxies) {
      if (p.disabled || p.mode === 'health') continue;
      if ((p.cap & CAP_BE) !== 0) this.backends.set(p.name, new Backend(p));
    }
    for (const p of cfg.proxies) {
      if (p.disabled || (p.cap & CAP_FE) === 0 || p.binds.length === 0 || p.mode === 'health') continue;
      const fe = new Frontend(p, this.globalGate.max);
      for (const r of p.useBackends) {
        // TODO(ACL engine): evaluate r.cond; until then a conditional rule never matches.
        if (r.cond) continue;
        const be = this.backends.get(r.target);
        if (be) fe.useBackends.push(be);
      }
      if (p.defaultBackend) fe.defaultBackend = this.backends.get(p.defaultBackend.name);
      else if ((p.cap & CAP_BE) !== 0) fe.defaultBackend = this.backends.get(p.name);
      this.frontends.push({ model: p, frontend: fe });
    }
  }

  closeIdle(): void {
    for (const b of this.backends.values()) b.closeIdle();
  }
}
