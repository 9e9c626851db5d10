/**
 * Server commands (HAProxy's server.c CLI parsers): `set server`, `enable|disable server`,
 * `get weight`, `set weight`, `set maxconn server`, `shutdown sessions server`. State and weight
 * changes go through the server's HealthServer, as agent checks do, so the messages HAProxy prints
 * and the load-balancing algorithm follow (Backend.setServerState via the health hooks).
 */
import { isIP } from 'node:net';
import { serverLabel } from '../check/messages.js';
import type { HealthServer } from '../check/server-state.js';
import type { Backend } from '../runtime/backend.js';
import type { Server } from '../runtime/server.js';
import { hasLevel, PERMISSION_DENIED, type CliCommand } from './cli.js';
import type { ApiContext } from './context.js';
import { findServer } from './find.js';

/** Health values set from the CLI on servers without checks (`set server ... health up` gives rise+fall-1). */
export const cliHealth = new WeakMap<Server, number>();

/** BE_LB_PROP_DYN: the algorithm takes any weight at run time (not static-rr nor map-based hashing). */
export function dynamicLb(be: Backend): boolean {
  const lb: object = be.lb;
  if (!('farm' in lb)) return true;
  const farm = lb.farm;
  return !(typeof farm === 'object' && farm !== null && 'staticWeights' in farm && farm.staticWeights === true);
}

/** Apply a new state/weight to the runtime server when it has no HealthServer (should not happen). */
function direct(be: Backend, srv: Server, state: Server['state'], weight = srv.weight): void {
  be.setServerState(srv, state, weight);
}

/** server_parse_weight_change_request(): an error text, or undefined when the weight was set. */
export function changeWeight(api: ApiContext, be: Backend, srv: Server, text: string | undefined): string | undefined {
  const h = api.healthOf(be, srv);
  const iweight = h ? h.iweight : srv.weight;
  const t = text ?? '';
  if (t === '') return 'Require <weight> or <weight%>.\n';
  const m = /^\s*([+-]?\d+)/.exec(t);
  if (!m) return 'Empty weight string empty or preceded by garbage';
  let w = Number(m[1]);
  const end = t.slice(m[0].length);
  if (end === '%') {
    if (w < 0) return 'Relative weight must be positive.\n';
    if (w > 25600) w = 25600;
    w = Math.trunc((iweight * w) / 100);
    if (w > 256) w = 256;
  } else if (w < 0 || w > 256) return 'Absolute weight can only be between 0 and 256 inclusive.\n';
  else if (end !== '') return 'Trailing garbage in weight string';
  if (w && w !== iweight && !dynamicLb(be)) return "Backend is using a static LB algorithm and only accepts weights '0%' and '100%'.\n";
  if (h) h.setWeight(w);
  else direct(be, srv, srv.state, w);
  return undefined;
}

/** srv_adm_set_ready(): leave forced maintenance and forced drain (a configured `disabled` too). */
export function setReady(h: HealthServer): void {
  if (h.cmaint) {
    // HAProxy's `disabled` is CMAINT|FMAINT; leaving it is leaving forced maintenance.
    h.cmaint = false;
    h.fmaint = true;
  }
  h.setReady();
}

/** srv_adm_set_drain(): forced drain, and out of forced maintenance. */
export function setDrain(h: HealthServer): void {
  h.setDrain();
  if (h.cmaint) {
    h.cmaint = false;
    h.fmaint = true;
  }
  const wasMaint = h.fmaint;
  h.clearForcedMaint();
  if (wasMaint && !h.maint) h.group.warn(`${serverLabel(h.group.name, h.name, h.backup)} remains in forced drain mode`);
}

/** srv_adm_set_maint(): forced maintenance; a forced drain is dropped. */
export function setMaint(h: HealthServer, srv?: Server): void {
  h.setMaint();
  h.clearForcedDrain();
  // HAProxy zeroes the check counter of a server entering maintenance.
  if (srv && !h.check) cliHealth.set(srv, 0);
}


const SET_SERVER_USAGE =
  'usage: set server <backend>/<server> addr | agent | agent-addr | agent-port | agent-send | check-addr | check-port | fqdn | health | ssl | state | weight\n';

function setServer(args: readonly string[], api: ApiContext): string {
  const f = findServer(api, args[2]);
  if (!f.ok) return f.error;
  const { be, srv } = f.value;
  const h = api.healthOf(be, srv);
  const what = args[3] ?? '';
  const arg = args[4] ?? '';
  switch (what) {
    case 'weight':
      return changeWeight(api, be, srv, arg) ?? '';
    case 'state':
      if (!h) return '';
      if (arg === 'ready') setReady(h);
      else if (arg === 'drain') setDrain(h);
      else if (arg === 'maint') setMaint(h, srv);
      else return "'set server <srv> state' expects 'ready', 'drain' and 'maint'.\n";
      return '';
    case 'health': {
      if (!h) return '';
      if (h.tracked) return 'cannot change health on a tracking server.\n';
      const c = h.check;
      if (arg === 'up') {
        if (c) c.setUp();
        else cliHealth.set(srv, 4);
        h.setRunning('changed from CLI');
      } else if (arg === 'stopping') {
        if (c) c.setUp();
        else cliHealth.set(srv, 4);
        h.setStopping('changed from CLI');
      } else if (arg === 'down') {
        if (c) c.setDown();
        else cliHealth.set(srv, 0);
        h.setStopped('changed from CLI');
      } else return "'set server <srv> health' expects 'up', 'stopping', or 'down'.\n";
      return '';
    }
    case 'agent': {
      if (!h?.agent) return 'agent checks are not enabled on this server.\n';
      if (arg === 'up') {
        h.agent.setUp();
        h.setRunning('changed from CLI');
      } else if (arg === 'down') {
        h.agent.setDown();
        h.setStopped('changed from CLI');
      } else return "'set server <srv> agent' expects 'up' or 'down'.\n";
      return '';
    }
    case 'addr':
      return setAddr(be, srv, args);
    case 'check-port':
    case 'check-addr':
      if (!h?.check) return 'health checks are not enabled on this server';
      return `'set server <srv> ${what}' is not supported by Switchyard.\n`;
    case 'agent-addr':
    case 'agent-port':
    case 'agent-send':
      if (!h?.agent) return 'agent checks are not enabled on this server.\n';
      return `'set server <srv> ${what}' is not supported by Switchyard.\n`;
    case 'fqdn':
      return 'set server <b>/<s> fqdn failed because no resolution is configured.\n';
    case 'ssl':
      return "'set server <srv> ssl' is not supported by Switchyard.\n";
    default:
      return SET_SERVER_USAGE;
  }
}

/** srv_update_addr_port() as `set server B/S addr IP [port P]` reports it. */
function setAddr(be: Backend, srv: Server, args: readonly string[]): string {
  const addr = args[4] ?? '';
  if (addr === '') return 'set server <b>/<s> addr requires an address and optionally a port.\n';
  const by = "by 'stats socket command'";
  if (isIP(addr) === 0) return `Invalid addr '${addr}' ${by}\n`;
  let portText: string | undefined;
  if (args[5] === 'port') portText = args[6] ?? '';
  const changes: string[] = [];
  if (addr !== srv.host) changes.push(`IP changed from '${srv.host}' to '${addr}'`);
  else changes.push(`no need to change the addr`);
  let newPort = srv.port;
  if (portText !== undefined) {
    if (!/^[+-]?\d+$/.test(portText)) return `${changes[0]}, invalid port '${portText}' ${by}\n`.replace(/^no need to change the addr, /, '');
    const p = Number(portText);
    if (p < 0 || p > 65535) return `invalid port '${portText}' ${by}\n`;
    if (p !== srv.port) changes.push(`port changed from '${srv.port}' to '${p}'`);
    else changes.push('no need to change the port');
    newPort = p;
  }
  srv.host = addr;
  srv.port = newPort;
  // Connections kept idle to the old address must not be reused.
  srv.closeIdle();
  void be;
  return `${changes.join(', ')} ${by}\n`;
}

export const SERVER_COMMANDS: CliCommand[] = [
  {
    words: ['set', 'server'],
    run(args, conn, api) {
      if (!hasLevel(conn, 'admin')) return PERMISSION_DENIED;
      return setServer(args, api);
    },
  },
  {
    words: ['disable', 'server'],
    run(args, conn, api) {
      if (!hasLevel(conn, 'admin')) return PERMISSION_DENIED;
      const f = findServer(api, args[2]);
      if (!f.ok) return f.error;
      const h = api.healthOf(f.value.be, f.value.srv);
      if (h) setMaint(h, f.value.srv);
      return '';
    },
  },
  {
    words: ['enable', 'server'],
    run(args, conn, api) {
      if (!hasLevel(conn, 'admin')) return PERMISSION_DENIED;
      const f = findServer(api, args[2]);
      if (!f.ok) return f.error;
      const h = api.healthOf(f.value.be, f.value.srv);
      if (h) setReady(h);
      return '';
    },
  },
  {
    words: ['get', 'weight'],
    run(args, _conn, api) {
      const f = findServer(api, args[2]);
      if (!f.ok) return f.error;
      const { be, srv } = f.value;
      const h = api.healthOf(be, srv);
      return `${h ? h.uweight : srv.weight} (initial ${h ? h.iweight : srv.weight})\n`;
    },
  },
  {
    words: ['set', 'weight'],
    run(args, conn, api) {
      if (!hasLevel(conn, 'admin')) return PERMISSION_DENIED;
      const f = findServer(api, args[2]);
      if (!f.ok) return f.error;
      return changeWeight(api, f.value.be, f.value.srv, args[3]) ?? '';
    },
  },
  {
    words: ['set', 'maxconn', 'server'],
    run(args, conn, api) {
      if (!hasLevel(conn, 'admin')) return PERMISSION_DENIED;
      const f = findServer(api, args[3]);
      if (!f.ok) return f.error;
      const { be, srv } = f.value;
      const t = args[4] ?? '';
      if (t === '') return 'Require <maxconn>.\n';
      const m = /^\s*([+-]?\d+)/.exec(t);
      if (!m) return 'maxconn string empty or preceded by garbage';
      if (t.slice(m[0].length) !== '') return 'Trailing garbage in maxconn string';
      const v = Number(m[1]);
      srv.setMaxconn(v);
      be.processQueue(srv);
      return '';
    },
  },
  {
    words: ['shutdown', 'sessions', 'server'],
    run(args, conn, api) {
      if (!hasLevel(conn, 'admin')) return PERMISSION_DENIED;
      const f = findServer(api, args[3]);
      if (!f.ok) return f.error;
      const srv = f.value.srv;
      for (const e of api.sessions.entries()) if (e.session.view?.().server === srv) e.session.kill();
      return '';
    },
  },
];
