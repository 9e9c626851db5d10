/**
 * An in-process stand-in for a backend: servers built from a parsed configuration and a request
 * sequence played against createAlgorithm() the way the data plane would (pick, take, release).
 */
import type { ProxyModel } from '../../src/config/model/proxy.js';
import { loadConfigText } from '../../src/config/parse.js';
import type { LbAlgorithm, LbContext, LbServer } from '../../src/lb/algorithm.js';
import { createAlgorithm } from '../../src/lb/index.js';
import { assignServerIds } from '../../src/lb/server-ids.js';
import { lbSpecOf } from '../../src/lb/spec.js';

export class FakeServer implements LbServer {
  cur = 0;
  queued = 0;
  maxqueue = 0;
  up = true;
  weightScale = 16;
  constructor(
    readonly name: string,
    public weight: number,
    readonly backup = false,
    readonly id?: number,
    public maxconn = 0,
  ) {}
  usable(): boolean {
    return this.up;
  }
}

export function fakeServers(spec: ReadonlyArray<[string, number, boolean?]>): FakeServer[] {
  return spec.map(([n, w, b]) => new FakeServer(n, w, b === true));
}

/** One step of a sequence: a request, or a change applied to a server between requests. */
export interface Step {
  readonly path?: string;
  readonly method?: string;
  readonly headers?: Record<string, string>;
  readonly body?: string;
  readonly from?: string;
  /** A server change: `maint`, `ready`, or a new weight. */
  readonly change?: { server: string; maint?: boolean; weight?: number };
}

export function proxyOf(cfg: string, name = 'lb'): ProxyModel {
  const r = loadConfigText(cfg);
  const errors = r.diag.items.filter((d) => d.level === 'alert');
  if (errors.length) throw new Error(errors.map((e) => e.message).join('\n'));
  const p = r.config.proxies.find((x) => x.name === name);
  if (!p) throw new Error(`no proxy ${name}`);
  return p;
}

export function modelBackend(p: ProxyModel): { servers: FakeServer[]; lb: LbAlgorithm<FakeServer> } {
  const ids = assignServerIds(p.servers.map((s) => s.id));
  const servers = p.servers.map((s, i) => {
    const f = new FakeServer(s.name, s.settings.weight ?? 1, s.settings.backup === true, ids[i], s.settings.maxconn ?? 0);
    if (s.settings.disabled) f.up = false;
    return f;
  });
  return { servers, lb: createAlgorithm(lbSpecOf(p), servers) };
}

export function contextOf(st: Step): LbContext {
  const h: Record<string, string> = {};
  for (const [k, v] of Object.entries(st.headers ?? {})) h[k.toLowerCase()] = v;
  return {
    srcAddr: st.from ?? '127.0.0.1',
    uri: st.path ?? '/',
    method: st.method ?? 'GET',
    header: (n) => h[n],
    body: () => st.body,
  };
}

/** Play the steps one after the other, as sequential requests; the chosen server names. */
export function modelSequence(cfg: string, steps: readonly Step[]): string[] {
  const { servers, lb } = modelBackend(proxyOf(cfg));
  const out: string[] = [];
  for (const st of steps) {
    if (st.change) {
      const s = servers.find((x) => x.name === st.change!.server)!;
      if (st.change.maint !== undefined) s.up = !st.change.maint;
      if (st.change.weight !== undefined) s.weight = st.change.weight;
      lb.serverChanged(s);
      continue;
    }
    const s = lb.pick(contextOf(st));
    if (!s) {
      out.push('<503>');
      continue;
    }
    s.cur++;
    lb.taken(s);
    out.push(s.name);
    s.cur--;
    lb.released(s);
  }
  return out;
}
