/** The rules engine's view of the runtime graph (RulesWorld): backends and servers by name, env, stopping. */
import { hostname } from 'node:os';
import type { ProxyView, RulesWorld, ServerView } from '../rules/world.js';
import type { Backend } from './backend.js';
import type { Server } from './server.js';
import type { StickTables } from '../stick/hooks.js';

class ServerAdapter implements ServerView {
  constructor(
    private readonly s: Server,
    readonly id: number,
  ) {}
  get name(): string {
    return this.s.name;
  }
  isUp(): boolean {
    return this.s.usable();
  }
  cur(): number {
    return this.s.cur;
  }
  queued(): number {
    return this.s.queued;
  }
  maxconn(): number {
    return this.s.maxconn;
  }
  maxqueue(): number {
    return this.s.maxqueue;
  }
  weight(): number {
    return this.s.weight;
  }
}

export class BackendView implements ProxyView {
  private readonly list: ServerAdapter[];
  private readonly byName = new Map<string, ServerAdapter>();
  constructor(
    private readonly b: Backend,
    readonly id: number,
  ) {
    this.list = b.servers.map((s, i) => new ServerAdapter(s, i + 1));
    for (const s of this.list) this.byName.set(s.name, s);
  }
  get name(): string {
    return this.b.name;
  }
  nbsrv(): number {
    return this.b.usableServers();
  }
  cur(): number {
    return this.b.cur;
  }
  queued(): number {
    let n = this.b.queue.length;
    for (const s of this.b.servers) n += s.queued;
    return n;
  }
  server(name: string): ServerView | undefined {
    return this.byName.get(name);
  }
  servers(): readonly ServerView[] {
    return this.list;
  }
}

/** A frontend as `fe_conn(name)` sees it (no servers). */
export class FrontendView implements ProxyView {
  constructor(
    private readonly f: { readonly name: string; readonly cur: number },
    readonly id: number,
  ) {}
  get name(): string {
    return this.f.name;
  }
  nbsrv(): number {
    return 0;
  }
  cur(): number {
    return this.f.cur;
  }
  queued(): number {
    return 0;
  }
  server(): ServerView | undefined {
    return undefined;
  }
  servers(): readonly ServerView[] {
    return [];
  }
}

export class RuntimeWorld implements RulesWorld {
  readonly views = new Map<string, BackendView>();
  readonly feViews = new Map<string, FrontendView>();
  /** The stick tables (src/stick), when the configuration declares any. */
  stick: StickTables | undefined;
  readonly hostname = hostname();
  stoppingFlag = false;
  proxy(name: string): ProxyView | undefined {
    return this.views.get(name) ?? this.feViews.get(name);
  }
  getenv(name: string): string | undefined {
    return process.env[name];
  }
  stopping(): boolean {
    return this.stoppingFlag;
  }
}
