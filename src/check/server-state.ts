/**
 * A server's health state as HAProxy keeps it (server.c srv_set_stopped/running/stopping,
 * srv_update_status, srv_set_admin_flag): the operational state driven by checks, the admin
 * flags (maintenance, drain), the user weight, tracking, and the messages each change prints.
 * One HealthServer per configured server; a HealthGroup per backend counts the usable ones.
 */
import { CheckHealth } from './health.js';
import { checkDetails, countsTail, healthCheckLine, noServerLine, serverLabel, type FarmCounts } from './messages.js';
import type { MessageSink } from './sink.js';
import { resultOf, type CheckOutcome } from './status.js';

export type OpState = 'stopped' | 'starting' | 'running' | 'stopping';

/** What the traffic side sees: HAProxy's stats status words plus whether new traffic may go there. */
export type PublicState = 'UP' | 'DOWN' | 'MAINT' | 'DRAIN' | 'NOLB';

/** Data-plane hooks of one server (all optional: the check engine runs without a data plane). */
export interface ServerHooks {
  /**
   * Called after every change of state, admin flags or weight, before its message; returns how
   * many streams waiting in the backend's queue the server took (coming UP), if any.
   */
  changed?(s: HealthServer): number | void;
  /** The server is DOWN: streams waiting in its queue choose again (`option redispatch`); how many. */
  redistribute?(): number;
  /** Streams currently on the server ("N sessions active"). */
  sessions?(): number;
  /** Streams waiting in its queue. */
  queued?(): number;
  /** on-marked-down shutdown-sessions. */
  shutdownSessions?(): void;
  /** `maxconn:N` from an agent. */
  setMaxconn?(n: number): void;
}

export interface GroupHooks {
  /** on-marked-up shutdown-backup-sessions: end the streams on backup servers. */
  shutdownBackupSessions?(): void;
}

export class HealthGroup {
  readonly servers: HealthServer[] = [];
  hooks: GroupHooks = {};
  constructor(
    readonly name: string,
    readonly kind: 'backend' | 'listen',
    readonly sink: MessageSink,
    readonly logHealthChecks = false,
  ) {}

  /** HAProxy's srv_act / srv_bck: servers that will take new traffic. */
  counts(): FarmCounts {
    let act = 0;
    let bck = 0;
    for (const s of this.servers) {
      if (!s.usable()) continue;
      if (s.backup) bck++;
      else act++;
    }
    return { act, bck };
  }

  total(): number {
    const c = this.counts();
    return c.act + c.bck;
  }

  warn(text: string, log: 'alert' | 'notice' | 'info' = 'notice'): void {
    this.sink.emit({ stderr: 'warning', log, text: text + '.', logText: text + '.', backend: this.name });
  }

  /** set_backend_down(): the farm just lost its last usable server. */
  backendDown(): void {
    const m = noServerLine(this.kind, this.name);
    this.sink.emit({ stderr: 'alert', log: 'emerg', text: m.alert, logText: m.log, backend: this.name });
  }
}

export interface ServerInit {
  readonly name: string;
  readonly backup: boolean;
  readonly weight: number;
  /** `disabled` in the configuration (HAProxy's CMAINT). */
  readonly disabled: boolean;
  readonly slowstart?: number;
  readonly onMarkedDown?: 'shutdown-sessions';
  readonly onMarkedUp?: 'shutdown-backup-sessions';
}

/**
 * Where a state change comes from: a check's outcome (its details are printed), a text such as the
 * runtime API's "changed from CLI" (printed after a comma), or nothing.
 */
type Reason = CheckOutcome | string | undefined;

export class HealthServer {
  readonly name: string;
  readonly backup: boolean;
  readonly group: HealthGroup;
  /** Configured weight. */
  readonly iweight: number;
  /** Current user weight (agent "NN%", runtime API). */
  uweight: number;
  state: OpState = 'running';
  /** Admin flags: configured `disabled`, forced by agent/API, inherited from a tracked server. */
  cmaint = false;
  fmaint = false;
  imaint = false;
  fdrain = false;
  idrain = false;
  check: CheckHealth | undefined;
  agent: CheckHealth | undefined;
  tracked: HealthServer | undefined;
  readonly trackers: HealthServer[] = [];
  hooks: ServerHooks = {};
  readonly onMarkedDown: boolean;
  readonly onMarkedUp: boolean;
  /** Checks ask to use fastinter for the next run (observe on-error). */
  forceFastinter = false;
  /** Seconds-resolution time of the last state change (stats "lastchg"). */
  lastChange = Date.now();
  /** Number of transitions to DOWN (stats "chkdown"). */
  downTransitions = 0;
  failedChecks = 0;

  constructor(group: HealthGroup, init: ServerInit) {
    this.group = group;
    this.name = init.name;
    this.backup = init.backup;
    this.iweight = init.weight;
    this.uweight = init.weight;
    this.cmaint = init.disabled;
    this.onMarkedDown = init.onMarkedDown === 'shutdown-sessions';
    this.onMarkedUp = init.onMarkedUp === 'shutdown-backup-sessions';
    group.servers.push(this);
  }

  get maint(): boolean {
    return this.cmaint || this.fmaint || this.imaint;
  }

  get drain(): boolean {
    return this.fdrain || this.idrain;
  }

  /** srv_willbe_usable(): may take new traffic. */
  usable(): boolean {
    if (this.uweight === 0 || this.maint || this.drain) return false;
    return this.state === 'running' || this.state === 'starting';
  }

  /** Up for traffic through persistence too (DRAIN / weight 0 servers still are). */
  reachable(): boolean {
    return !this.maint && (this.state === 'running' || this.state === 'starting');
  }

  publicState(): PublicState {
    if (this.maint) return 'MAINT';
    if (this.state === 'stopped') return 'DOWN';
    if (this.state === 'stopping') return 'NOLB';
    if (this.drain || this.uweight === 0) return 'DRAIN';
    return 'UP';
  }

  /** The stats page's status: "UP", "UP 1/3", "DOWN 1/2", "NOLB", "MAINT", "DRAIN", "no check". */
  statusText(): string {
    const base = this.publicState();
    if (base === 'MAINT') return this.imaint && !this.fmaint && !this.cmaint ? 'MAINT (via)' : 'MAINT';
    const h = this.check;
    if (!h && !this.agent && !this.tracked) return base === 'UP' ? 'no check' : base;
    if (h && base === 'UP' && h.health < h.max && h.up) return `UP ${h.health - h.rise + 1}/${h.fall}`;
    if (h && base === 'DOWN' && h.health > 0) return `DOWN ${h.health}/${h.rise}`;
    return base;
  }

  private label(): string {
    return serverLabel(this.group.name, this.name, this.backup);
  }

  private tail(down: boolean, xferred = 0): string {
    return countsTail(this.group.counts(), down, this.hooks.sessions?.() ?? 0, xferred, this.hooks.queued?.() ?? 0);
  }

  private reasonText(reason: Reason): string {
    if (typeof reason === 'string') return `, ${reason}`;
    if (reason) return checkDetails(reason);
    const t = this.tracked;
    return t ? ` via ${t.group.name}/${t.name}` : '';
  }

  private changed(prevCount: number): void {
    this.lastChange = Date.now();
    this.hooks.changed?.(this);
    this.farmCheck(prevCount);
  }

  /** set_backend_down() when the farm just lost its last usable server. */
  private farmCheck(prevCount: number): void {
    if (prevCount > 0 && this.group.total() === 0) this.group.backendDown();
  }

  /**
   * The data plane follows a state change before its message, as srv_update_status(): load
   * balancing first, then the queue moves whose numbers the message prints.
   */
  private apply(): number {
    this.lastChange = Date.now();
    return this.hooks.changed?.(this) || 0;
  }

  /** srv_set_stopped(). */
  setStopped(reason: Reason): void {
    if (this.maint || this.state === 'stopped') return;
    const prev = this.group.total();
    const wasStopping = this.state === 'stopping';
    this.state = 'stopped';
    this.downTransitions++;
    this.apply();
    const xferred = this.hooks.redistribute?.() ?? 0;
    // HAProxy only flags the streams for shutdown: they are still counted as active in the message.
    this.group.warn(`${this.label()} is DOWN${this.reasonText(reason)}${this.tail(true, xferred)}`, wasStopping ? 'notice' : 'alert');
    this.farmCheck(prev);
    if (this.onMarkedDown) this.hooks.shutdownSessions?.();
    for (const t of this.trackers) t.setStopped(undefined);
  }

  /** srv_set_running(). */
  setRunning(reason: Reason): void {
    if (this.maint || this.state === 'running' || this.state === 'starting') return;
    const prev = this.group.total();
    this.state = 'running';
    const xferred = this.apply();
    // Backup sessions end when an active server that can take traffic comes up (after load
    // balancing knows it, so that the slots they free are not handed to the backups again).
    if (this.onMarkedUp && !this.backup && this.usable()) this.group.hooks.shutdownBackupSessions?.();
    this.group.warn(`${this.label()} is UP${this.reasonText(reason)}${this.tail(false, xferred)}`);
    this.farmCheck(prev);
    for (const t of this.trackers) t.setRunning(undefined);
  }

  /** srv_set_stopping(). */
  setStopping(reason: Reason): void {
    if (this.maint || this.state === 'stopping') return;
    const prev = this.group.total();
    this.state = 'stopping';
    this.apply();
    const xferred = this.hooks.redistribute?.() ?? 0;
    this.group.warn(`${this.label()} is stopping${this.reasonText(reason)}${this.tail(false, xferred)}`);
    this.farmCheck(prev);
    for (const t of this.trackers) t.setStopping(undefined);
  }

  /** Operational state a server has when it leaves maintenance (checks restart from `rise`). */
  private stateAfterMaint(): OpState {
    if (this.tracked) return this.tracked.state;
    if (this.check) this.check.health = this.check.rise;
    if (this.agent && !this.agent.up) return 'stopped';
    if (this.check && !this.check.up) return 'stopped';
    return 'running';
  }

  /** Enter forced maintenance (agent "maint", runtime API "disable server"). */
  setMaint(): void {
    if (this.fmaint) return;
    this.enterMaint(() => (this.fmaint = true));
  }

  private enterMaint(set: () => void): void {
    const was = this.maint;
    const prev = this.group.total();
    set();
    if (was) return;
    const wasDown = this.state === 'stopped';
    this.state = 'stopped';
    this.apply();
    const xferred = this.hooks.redistribute?.() ?? 0;
    if (wasDown) this.group.warn(`${this.label()} was DOWN and now enters maintenance`);
    else this.group.warn(`${this.label()} is going DOWN for maintenance${this.tail(true, xferred)}`);
    this.farmCheck(prev);
    if (this.onMarkedDown) this.hooks.shutdownSessions?.();
    for (const t of this.trackers) t.enterMaint(() => (t.imaint = true));
  }

  /** Leave forced maintenance and drain (agent "ready", runtime API "set server ... state ready"). */
  setReady(): void {
    if (this.fdrain) this.leaveDrain();
    if (this.fmaint) this.leaveMaint(() => (this.fmaint = false), 'forced maintenance');
  }

  private leaveMaint(clear: () => void, what: string): void {
    clear();
    if (this.maint) return;
    const prev = this.group.total();
    this.state = this.stateAfterMaint();
    const up = this.state !== 'stopped';
    this.group.warn(`${this.label()} is ${up ? 'UP' : 'DOWN'}/${this.drain ? 'DRAIN' : 'READY'} (leaving ${what})`);
    this.changed(prev);
    for (const t of this.trackers) if (t.imaint) t.leaveMaint(() => (t.imaint = false), 'maintenance');
  }

  /** Leave forced maintenance only; a forced drain stays (runtime API "set server ... state drain"). */
  clearForcedMaint(): void {
    if (this.fmaint) this.leaveMaint(() => (this.fmaint = false), 'forced maintenance');
  }

  /** Leave forced drain only (runtime API "set server ... state maint" clears it under maintenance). */
  clearForcedDrain(): void {
    if (this.fdrain) this.leaveDrain();
  }

  /** Configured `disabled` cleared at run time ("enable server"). */
  clearConfigMaint(): void {
    if (this.cmaint) this.leaveMaint(() => (this.cmaint = false), 'maintenance');
  }

  /** Forced drain (agent "drain", runtime API "set server ... state drain"). */
  setDrain(): void {
    if (this.fdrain) return;
    const was = this.drain;
    const prev = this.group.total();
    this.fdrain = true;
    if (was || this.maint) return;
    this.group.warn(`${this.label()} enters drain state${this.tail(this.state === 'stopped')}`);
    this.changed(prev);
  }

  private leaveDrain(): void {
    this.fdrain = false;
    if (this.drain || this.maint) return;
    const prev = this.group.total();
    this.group.warn(`${this.label()} is ${this.state === 'stopped' ? 'DOWN' : 'UP'} (leaving forced drain)`);
    this.changed(prev);
  }

  /** A new user weight (0..256). */
  setWeight(w: number): void {
    if (w === this.uweight) return;
    const prev = this.group.total();
    this.uweight = w;
    this.changed(prev);
  }

  /**
   * One finished check of this server: move the rise/fall counter, print the log-health-checks line,
   * then change the state as HAProxy's check_notify_failure/success/stopping do.
   */
  checkDone(kind: 'check' | 'agent', o: CheckOutcome & { readonly pre?: CheckOutcome }): void {
    const h = kind === 'check' ? this.check : this.agent;
    if (!h) return;
    const agent = kind === 'agent';
    if (o.pre) this.setCheckStatus(h, agent, o.pre);
    this.setCheckStatus(h, agent, o);
    const r = resultOf(o.status);
    const g = this.group;
    const reason = !this.tracked && !g.logHealthChecks ? o : undefined;
    if (r === 'failed') {
      if (agent && o.status !== 'L7STS') return;
      if (h.health > 0) return;
      this.setStopped(reason);
    } else if (r === 'condpass') {
      if (this.maint || agent || (this.tracked && !agent) || !this.othersUp()) return;
      this.setStopping(reason);
    } else if (r === 'passed') {
      if (this.maint || (this.tracked && !agent) || !this.othersUp()) return;
      this.setRunning(reason);
    }
  }

  /** set_server_check_status(): record a status, move the counter, print the log-health-checks line. */
  private setCheckStatus(h: CheckHealth, agent: boolean, o: CheckOutcome): void {
    const prevStatus = h.last.status;
    const report = h.apply(o, agent);
    const r = resultOf(o.status);
    if (report && r === 'failed') this.failedChecks++;
    const g = this.group;
    if (g.logHealthChecks && (o.status !== prevStatus || report) && r !== 'neutral' && r !== 'unknown') {
      const word = h.up ? (this.uweight ? 'UP' : 'DRAIN') : 'DOWN';
      g.warn(healthCheckLine(agent, g.name, this.name, this.backup, o, h.position(), word));
    }
  }

  private othersUp(): boolean {
    if (this.agent && !this.agent.up) return false;
    if (this.check && !this.check.up) return false;
    return true;
  }

  /** Follow `track`: start in the tracked server's state and mirror its changes. */
  trackServer(t: HealthServer): void {
    this.tracked = t;
    t.trackers.push(this);
    this.state = t.state;
    if (t.maint) this.imaint = true;
  }
}
