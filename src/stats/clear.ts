/** `clear counters [all]` over the whole graph (frontends, listeners, backends, servers). */
import type { RuntimeGraph } from '../runtime/graph.js';
import type { Counters } from './counters.js';

export function clearCounters(graph: RuntimeGraph, all: boolean): void {
  const each = (c: Counters): void => (all ? c.clearAll() : c.clearMax());
  for (const p of graph.proxies) {
    if (p.frontend) {
      each(p.frontend.counters);
      for (const l of p.frontend.listeners) each(l.counters);
    }
    if (p.backend) {
      each(p.backend.counters);
      for (const s of p.backend.servers) each(s.counters);
    }
  }
}
