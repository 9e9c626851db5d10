/**
 * Health checks in the running proxy: one HealthEngine (src/check) for the whole process, its
 * servers linked to the runtime servers through the engine's hooks. A state or weight change of a
 * HealthServer becomes Backend.setServerState() (so load balancing follows it), the engine's
 * messages are printed on stderr as HAProxy prints them, and servers with `observe` get a hook the
 * data plane calls on connects and responses. Checks run on their own timers: traffic never waits.
 */
import { formatPlain } from '../cli/messages.js';
import { HealthEngine } from '../check/engine.js';
import type { HealthServer } from '../check/server-state.js';
import type { MessageSink } from '../check/sink.js';
import type { ConfigModel } from '../config/model/config.js';
import type { Backend } from './backend.js';
import type { RuntimeGraph } from './graph.js';
import type { Server, ServerState } from './server.js';
import type { SessionSet } from './session.js';

/** Where the engine's lines go: one full line each (with its newline), or nowhere when quiet. */
export type HealthPrinter = (line: string) => void;

/** HAProxy prints state changes as "[WARNING]  (pid) : ..." / "[ALERT]    (pid) : ..." unless quiet. */
export function stderrSink(print: HealthPrinter | undefined): MessageSink {
  return {
    emit(m) {
      if (print) print(formatPlain(m.stderr, m.text) + '\n');
    },
  };
}

/**
 * Build the engine and link it to `graph` (runtime servers take the engine's initial states now:
 * `disabled`, `init-state down`, tracking). Checks start with `engine.start()`.
 */
export function linkHealth(cfg: ConfigModel, graph: RuntimeGraph, print: HealthPrinter | undefined, sessions?: SessionSet): HealthEngine {
  const engine = new HealthEngine(cfg, stderrSink(print), { deferStart: true });
  for (const be of graph.backends.values()) {
    const g = engine.groups.get(be.name);
    if (g && sessions) {
      // on-marked-up shutdown-backup-sessions: the streams on every backup server end (cause U).
      g.hooks.shutdownBackupSessions = () => {
        for (const b of be.servers) if (b.backup) sessions.forEach((s) => s.shutdownOn(b, 'U'));
      };
    }
    for (const srv of be.servers) {
      const h = engine.server(be.name, srv.name);
      if (!h) continue;
      srv.health = h;
      h.hooks = {
        changed: (x) => applyHealth(be, srv, x),
        sessions: () => srv.cur,
        queued: () => srv.queued,
        redistribute: () => be.redistribute(srv),
        ...(sessions ? { shutdownSessions: () => sessions.forEach((s) => s.shutdownOn(srv, 'D')) } : {}),
        setMaxconn: (n) => {
          srv.setMaxconn(n);
          be.processQueue(srv);
        },
      };
      const o = engine.observer(be.name, srv.name);
      if (o) srv.observe = (ev) => o.report(ev);
      applyHealth(be, srv, h);
    }
  }
  return engine;
}

/**
 * The runtime view of a HealthServer: MAINT and DOWN as such; DRAIN and NOLB stay UP (reachable)
 * with an effective weight of 0, so no algorithm picks them for new traffic.
 */
export function runtimeView(h: HealthServer): { state: ServerState; weight: number } {
  const p = h.publicState();
  if (p === 'MAINT' || p === 'DOWN') return { state: p, weight: h.uweight };
  return { state: 'UP', weight: p === 'UP' ? h.uweight : 0 };
}

/** Returns how many streams of the backend's queue the server took (coming UP). */
function applyHealth(be: Backend, srv: Server, h: HealthServer): number {
  const v = runtimeView(h);
  if (v.state !== srv.state || v.weight !== srv.weight) return be.setServerState(srv, v.state, v.weight);
  return 0;
}
