/**
 * Admin actions posted from the statistics page (HAProxy's stats_process_http_post()): a form
 * with `s=<server>` (repeated), `action=<ready|drain|maint|hrunn|hnolb|hdown|arunn|adown|...>`
 * and `b=#<proxy id>` (or the backend name). The outcome is HAProxy's `;st=` word.
 */
import type { RuntimeGraph } from '../../runtime/graph.js';

export type AdminResult = 'DONE' | 'PART' | 'NONE' | 'ERRP' | 'EXCD' | 'DENY' | 'UNKN';

export function applyAdmin(graph: RuntimeGraph, body: string): AdminResult {
  const form = new URLSearchParams(body);
  const action = form.get('action') ?? '';
  const b = form.get('b') ?? '';
  const servers = form.getAll('s');
  if (!action || !b) return 'ERRP';
  const p = b.startsWith('#') ? graph.proxies.find((x) => x.iid === Number(b.slice(1))) : graph.proxies.find((x) => x.model.name === b);
  const be = p?.backend;
  if (!be) return 'ERRP';
  if (servers.length === 0) return 'NONE';
  let done = 0;
  for (const name of servers) {
    const srv = be.servers.find((s) => s.name === name);
    const h = srv?.health;
    if (!srv || !h) continue;
    switch (action) {
      case 'ready':
        h.setReady();
        break;
      case 'drain':
        h.setDrain();
        break;
      case 'maint':
        h.setMaint();
        break;
      case 'hrunn':
        if (!h.check) continue;
        h.check.setUp();
        h.setRunning(undefined);
        break;
      case 'hnolb':
        if (!h.check) continue;
        h.check.setUp();
        h.setStopping(undefined);
        break;
      case 'hdown':
        if (!h.check) continue;
        h.check.setDown();
        h.setStopped(undefined);
        break;
      case 'arunn':
        if (!h.agent) continue;
        h.agent.setUp();
        h.setRunning(undefined);
        break;
      case 'adown':
        if (!h.agent) continue;
        h.agent.setDown();
        h.setStopped(undefined);
        break;
      default:
        return 'UNKN';
    }
    done++;
  }
  if (done === 0) return 'NONE';
  return done === servers.length ? 'DONE' : 'PART';
}
