/**
 * The health-check engine of a process: from the configuration it builds one HealthGroup per
 * backend and one HealthServer per server, resolves `track`, and runs each server's check and
 * agent check once for the whole process, spread over the first interval as HAProxy does.
 */
import { hostname } from 'node:os';
import type { ConfigModel } from '../config/model/config.js';
import { CAP_BE, CAP_FE, type ProxyModel } from '../config/model/proxy.js';
import type { ServerModel } from '../config/model/server.js';
import type { GlobalModel } from '../config/model/global.js';
import type { ConnectionOptions } from 'node:tls';
import { TlsOrigin } from '../net/tls-client.js';
import { agentOutcome, parseAgentReply, parseMaxconn, parseWeight } from './agent-reply.js';
import { runExternal } from './external.js';
import { CheckHealth } from './health.js';
import { Observer, type TrafficEvent } from './observe.js';
import type { Ruleset } from './rules.js';
import { agentRuleset, buildRuleset, checkOption } from './ruleset.js';
import { runCheck, type RunResult } from './runner.js';
import { CheckTask, type Runner } from './scheduler.js';
import { HealthGroup, HealthServer } from './server-state.js';
import type { MessageSink } from './sink.js';
import { outcome } from './status.js';

/** DEF_CHKINTR, DEF_RISETIME, DEF_FALLTIME, DEF_AGENT_*: HAProxy's defaults. */
export const DEFAULT_INTER = 2000;
const DEFAULT_RISE = 2;
const DEFAULT_FALL = 3;
/** SRV_CHK_INTER_THRES: intervals below this do not spread the first checks. */
const INTER_THRES = 1000;

export interface EngineOptions {
  /** Do not start timers (tests drive the state machine by hand). */
  readonly manual?: boolean;
  /** Build everything but start the checks only when start() is called (the data plane links first). */
  readonly deferStart?: boolean;
}

interface Pending {
  readonly task: CheckTask;
  readonly inter: number;
}

export class HealthEngine {
  readonly groups = new Map<string, HealthGroup>();
  readonly tasks: CheckTask[] = [];
  private readonly servers = new Map<string, HealthServer>();
  private readonly observers = new Map<HealthServer, Observer>();
  private pending: Pending[] | undefined;

  constructor(
    readonly cfg: ConfigModel,
    readonly sink: MessageSink,
    readonly opts: EngineOptions = {},
  ) {
    const pending: Pending[] = [];
    const backends = cfg.proxies.filter((p) => !p.disabled && (p.cap & CAP_BE) !== 0 && p.mode !== 'health');
    for (const p of backends) {
      const g = new HealthGroup(p.name, (p.cap & CAP_FE) !== 0 ? 'listen' : 'backend', sink, p.options['log-health-checks']?.enabled === true);
      this.groups.set(p.name, g);
      const rs = p.servers.some((s) => s.settings.check) ? buildRuleset(p) : undefined;
      for (const m of p.servers) this.addServer(p, g, m, rs, pending);
    }
    for (const p of backends) for (const m of p.servers) this.resolveTrack(p, m);
    if (opts.manual) return;
    if (opts.deferStart) this.pending = pending;
    else this.startAll(pending);
  }

  /** Start the checks of a `deferStart` engine (once). */
  start(): void {
    const p = this.pending;
    this.pending = undefined;
    if (p) this.startAll(p);
  }

  /** The HealthServer of backend/server, if configured. */
  server(backend: string, name: string): HealthServer | undefined {
    return this.servers.get(`${backend}/${name}`);
  }

  /** The passive-health observer of backend/server, when it has `observe layer4|layer7`. */
  observer(backend: string, name: string): Observer | undefined {
    const s = this.server(backend, name);
    return s ? this.observers.get(s) : undefined;
  }

  /** The data plane reports what it saw on real traffic to a server (`observe`). */
  observe(backend: string, name: string, ev: TrafficEvent): void {
    const s = this.server(backend, name);
    if (s) this.observers.get(s)?.report(ev);
  }

  stop(): void {
    this.pending = undefined;
    for (const t of this.tasks) t.stop();
  }

  private addServer(p: ProxyModel, g: HealthGroup, m: ServerModel, rs: Ruleset | undefined, pending: Pending[]): void {
    const s = m.settings;
    const srv = new HealthServer(g, {
      name: m.name,
      backup: s.backup === true,
      weight: s.weight ?? 1,
      disabled: s.disabled === true,
      ...(s.onMarkedDown ? { onMarkedDown: s.onMarkedDown } : {}),
      ...(s.onMarkedUp ? { onMarkedUp: s.onMarkedUp } : {}),
    });
    this.servers.set(`${p.name}/${m.name}`, srv);
    const inter = s.inter ?? DEFAULT_INTER;
    const host = s.checkAddr ?? (m.address.host || '127.0.0.1');
    const port = s.checkPort ?? m.address.port;
    const spread = this.cfg.global.spreadChecks ?? 0;
    let checkTask: CheckTask | undefined;
    if (s.check && s.track === undefined) {
      const h = (srv.check = new CheckHealth(s.rise ?? DEFAULT_RISE, s.fall ?? DEFAULT_FALL, s.initState ?? 'up'));
      if (!h.up) srv.state = 'stopped';
      const run = this.mainRunner(p, m, srv, rs, host, port, inter);
      if (run) {
        checkTask = new CheckTask(srv, 'check', h, { inter, ...(s.fastinter ? { fastinter: s.fastinter } : {}), ...(s.downinter ? { downinter: s.downinter } : {}), spread }, run, (_t, r) => {
          if (r.status.startsWith('L') && r.status !== 'L7STS') this.observers.get(srv)?.reset();
          srv.checkDone('check', r);
        });
        pending.push({ task: checkTask, inter });
      }
    }
    if (s.agentCheck && (s.agentPort !== undefined || s.agentAddr !== undefined)) {
      const ah = (srv.agent = new CheckHealth(1, 1));
      const ainter = s.agentInter ?? DEFAULT_INTER;
      const ars = agentRuleset(s.agentSend);
      const aport = s.agentPort ?? port;
      const ahost = s.agentAddr ?? host;
      const run: Runner = (done) => runCheck(ars, { host: ahost, port: aport, inter: ainter, ...this.timeouts(p) }, done);
      const t = new CheckTask(srv, 'agent', ah, { inter: ainter, spread }, run, (_t, r) => this.agentDone(srv, r));
      pending.push({ task: t, inter: ainter });
    }
    if (s.observe && s.observe !== 'none' && srv.check) {
      this.observers.set(srv, new Observer(srv, { observe: s.observe, errorLimit: s.errorLimit ?? 10, onError: s.onError ?? 'fail-check' }, checkTask));
    }
  }

  private timeouts(p: ProxyModel): { timeoutConnect?: number; timeoutCheck?: number } {
    return {
      ...(p.timeouts.connect ? { timeoutConnect: p.timeouts.connect } : {}),
      ...(p.timeouts.check ? { timeoutCheck: p.timeouts.check } : {}),
    };
  }

  private mainRunner(p: ProxyModel, m: ServerModel, srv: HealthServer, rs: Ruleset | undefined, host: string, port: number, inter: number): Runner | undefined {
    const s = m.settings;
    if (checkOption(p) === 'external-check') {
      const cmd = p.externalCheck?.command;
      if (!cmd) return undefined;
      const a = p.binds[0]?.addresses[0];
      return (done) =>
        runExternal(
          {
            command: cmd,
            ...(p.externalCheck?.path !== undefined ? { path: p.externalCheck.path } : {}),
            proxyAddr: a?.host ?? '',
            proxyPort: a ? String(a.port) : '',
            proxyName: p.name,
            proxyId: p.id ?? 0,
            serverAddr: m.address.host,
            serverPort: port,
            serverName: m.name,
            serverId: m.id ?? 0,
            serverMaxconn: s.maxconn ?? 0,
            serverCurconn: () => srv.hooks.sessions?.() ?? 0,
            timeout: p.timeouts.check ?? inter,
          },
          done,
        );
    }
    if (!rs) return undefined;
    const sp = s.sendProxyV2 ? 2 : s.sendProxy ? 1 : 0;
    const params = {
      host,
      port,
      inter,
      ...this.timeouts(p),
      sendProxy: s.checkSendProxy ? (sp || 1) as 1 | 2 : 0 as const,
      // As HAProxy: without check-ssl/no-check-ssl, checks use TLS when the server does and the
      // check goes to the server's own address and port.
      ssl: s.checkSsl ?? (s.ssl === true && s.checkPort === undefined && s.checkAddr === undefined),
      ...(s.ssl || s.checkSsl ? { tls: tlsFor(m, this.cfg.global) } : {}),
      ...(s.checkSni !== undefined ? { sni: s.checkSni } : {}),
      ...(s.checkAlpn !== undefined ? { alpn: s.checkAlpn } : {}),
      notStopped: () => srv.state !== 'stopped',
      ...(rs.sendState ? { serverState: () => this.stateHeader(p, m, srv, host, port) } : {}),
    };
    return (done) => runCheck(rs, params, done);
  }

  /** X-Haproxy-Server-State: "UP 2/3; address=...; port=...; name=be/srv; node=...; weight=1/2; scur=0/1; qcur=0". */
  private stateHeader(p: ProxyModel, m: ServerModel, srv: HealthServer, host: string, port: number): string {
    const g = srv.group;
    let total = 0;
    let act = 0;
    for (const x of g.servers) {
      total += x.uweight;
      if (x.usable()) act += x.uweight;
    }
    const h = srv.check;
    let st: string;
    if (srv.maint) st = 'MAINT';
    else if (!h) st = srv.state === 'stopped' ? 'DOWN' : 'UP';
    else if (h.up) st = `UP ${h.health - h.rise + 1}/${h.fall}`;
    else st = `DOWN ${h.health}/${h.rise}`;
    if (srv.state === 'stopping' && !srv.maint) st = 'NOLB';
    const node = this.cfg.global.node ?? hostname();
    return `${st}; address=${host}; port=${port}; name=${p.name}/${m.name}; node=${node}; weight=${srv.uweight}/${act || total}; scur=${srv.hooks.sessions?.() ?? 0}/${total ? g.servers.reduce((n, x) => n + (x.hooks.sessions?.() ?? 0), 0) : 0}; qcur=${srv.hooks.queued?.() ?? 0}`;
  }

  private agentDone(srv: HealthServer, r: RunResult): void {
    if (r.raw === undefined) {
      srv.checkDone('agent', r);
      return;
    }
    const reply = parseAgentReply(r.raw);
    if (reply.incomplete) {
      srv.checkDone('agent', outcome(srv.agent?.last.status === 'INI' ? 'CHECKED' : srv.agent!.last.status, 'Ignoring incomplete line from agent', 0, r.duration));
      return;
    }
    if (reply.health === 'up') srv.check?.setUp();
    else if (reply.health) srv.check?.setDown();
    if (reply.admin === 'drain') srv.setDrain();
    else if (reply.admin === 'maint') srv.setMaint();
    else if (reply.admin === 'ready') srv.setReady();
    let warning: string | undefined;
    if (reply.weight !== undefined) {
      const w = parseWeight(reply.weight, srv.iweight);
      if (typeof w === 'string') warning = w;
      else srv.setWeight(w);
    }
    if (reply.maxconn !== undefined) {
      const n = parseMaxconn(reply.maxconn);
      if (typeof n === 'string') warning ??= n;
      else srv.hooks.setMaxconn?.(n);
    }
    const o = agentOutcome(reply, warning);
    srv.checkDone('agent', outcome(o.status, o.desc, 0, r.duration));
  }

  private resolveTrack(p: ProxyModel, m: ServerModel): void {
    const t = m.settings.track;
    if (t === undefined) return;
    const slash = t.indexOf('/');
    const be = slash >= 0 ? t.slice(0, slash) : p.name;
    const name = slash >= 0 ? t.slice(slash + 1) : t;
    const target = this.server(be, name);
    const me = this.server(p.name, m.name);
    if (target && me) me.trackServer(target);
  }

  /** start_checks(): first runs spread over the smallest interval (of those >= 1s). */
  private startAll(pending: Pending[]): void {
    let mininter = 0;
    for (const x of pending) if (x.task.interval() >= INTER_THRES && (!mininter || x.task.interval() < mininter)) mininter = x.task.interval();
    pending.forEach((x, pos) => {
      this.tasks.push(x.task);
      x.task.start(Math.floor((mininter * pos) / pending.length));
    });
  }
}


/** The server's TLS settings for its checks, built once (undefined options if they cannot be). */
function tlsFor(m: ServerModel, g: GlobalModel): (sni: string | undefined) => ConnectionOptions {
  let origin: TlsOrigin | undefined;
  try {
    origin = new TlsOrigin(m, g);
  } catch {
    origin = undefined;
  }
  return (sni) => origin?.checkOptions(sni) ?? {};
}
