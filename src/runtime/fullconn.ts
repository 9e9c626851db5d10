/**
 * HAProxy's default `fullconn`: for a backend without one, 10% of the sum of the maxconn of the
 * frontends that can reach it (default_backend or use_backend), as check_config_validity() does.
 */
import { defaultFullconn } from '../lb/limits.js';
import type { Backend } from './backend.js';
import type { FrontendEntry } from './graph.js';

export function applyDefaultFullconn(frontends: readonly FrontendEntry[], backends: ReadonlyMap<string, Backend>): void {
  const reach = new Map<Backend, number[]>();
  for (const { model, frontend } of frontends) {
    const targets = new Set<Backend>();
    if (frontend.defaultBackend) targets.add(frontend.defaultBackend);
    for (const r of model.useBackends) {
      const b = backends.get(r.target);
      if (b) targets.add(b);
    }
    for (const b of targets) {
      const list = reach.get(b) ?? [];
      list.push(frontend.gate.max);
      reach.set(b, list);
    }
  }
  for (const b of backends.values()) {
    if (!b.fullconnSet) b.fullconn = defaultFullconn(reach.get(b) ?? []);
  }
}
