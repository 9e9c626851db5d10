/** Proxy and server fetches (`nbsrv`, `be_conn`, `srv_is_up` ...), answered through the RulesWorld. */
import type { RuleContext } from '../context.js';
import type { ProxyView, ServerView } from '../world.js';
import { simple, type Fetch, type FetchBuilder } from './types.js';

/** A fetch taking an optional backend name (the current backend when omitted). */
function onBackend(f: (p: ProxyView) => number | boolean): FetchBuilder {
  return (args) => {
    const name = args[0];
    const pick = (c: RuleContext): ProxyView | undefined =>
      name !== undefined && name !== '' ? c.world.proxy(name) : (c.backend ?? c.frontend);
    const fetch: Fetch = {
      type: 'sint',
      one: (c) => {
        const p = pick(c);
        return p ? f(p) : undefined;
      },
    };
    return fetch;
  };
}

/** A fetch taking `[backend/]server`. */
function onServer(type: 'sint' | 'bool', f: (s: ServerView) => number | boolean): FetchBuilder {
  return (args) => {
    const a = args[0] ?? '';
    const slash = a.indexOf('/');
    const beName = slash < 0 ? undefined : a.slice(0, slash);
    const srvName = slash < 0 ? a : a.slice(slash + 1);
    return {
      type,
      one: (c) => {
        const p = beName !== undefined ? c.world.proxy(beName) : (c.backend ?? c.frontend);
        const s = p?.server(srvName);
        return s ? f(s) : undefined;
      },
    };
  };
}

function connslots(p: ProxyView): number {
  let n = 0;
  for (const s of p.servers()) {
    if (!s.isUp()) continue;
    const max = s.maxconn();
    const maxq = s.maxqueue();
    // As HAProxy: a server without maxconn or maxqueue makes the count meaningless (-1).
    if (max === 0 || maxq === 0) return -1;
    n += max - s.cur() + (maxq - s.queued());
  }
  return n;
}

export const PROXY_FETCHES: Record<string, FetchBuilder> = {
  fe_name: simple('str', (c) => c.feName),
  fe_id: simple('sint', (c) => c.feId),
  fe_defbe: simple('str', (c) => c.feDefBackend || undefined),
  be_name: simple('str', (c) => c.beName || undefined),
  be_id: simple('sint', (c) => (c.beName ? c.beId : undefined)),
  srv_name: simple('str', (c) => c.srvName || undefined),
  srv_id: simple('sint', (c) => (c.srvName ? c.srvId : undefined)),
  nbsrv: onBackend((p) => p.nbsrv()),
  be_conn: onBackend((p) => p.cur()),
  be_conn_free: onBackend((p) => {
    let n = 0;
    for (const s of p.servers()) if (s.isUp()) n += s.maxconn() === 0 ? 0 : Math.max(0, s.maxconn() - s.cur());
    return n;
  }),
  connslots: onBackend(connslots),
  queue: onBackend((p) => p.queued()),
  avg_queue: onBackend((p) => {
    const n = p.nbsrv();
    return n > 0 ? Math.floor(p.queued() / n) : p.queued();
  }),
  fe_conn: (args) => ({
    type: 'sint',
    one: (c) => {
      const p = args[0] ? c.world.proxy(args[0]) : c.frontend;
      return p?.cur();
    },
  }),
  srv_is_up: onServer('bool', (s) => s.isUp()),
  srv_conn: onServer('sint', (s) => s.cur()),
  srv_queue: onServer('sint', (s) => s.queued()),
  srv_conn_free: onServer('sint', (s) => (s.maxconn() === 0 ? -1 : Math.max(0, s.maxconn() - s.cur()))),
  srv_weight: onServer('sint', (s) => s.weight()),
  srv_iweight: onServer('sint', (s) => s.weight()),
  srv_uweight: onServer('sint', (s) => s.weight()),
  stopping: simple('bool', (c) => c.world.stopping()),
};
