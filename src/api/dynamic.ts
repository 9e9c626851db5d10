/**
 * Dynamic servers (HAProxy 2.6's `add server` / `del server`): a server added at run time starts in
 * forced maintenance with its own settings (no default-server), on backends whose algorithm takes
 * weight changes at run time; a server leaves only from maintenance, with no connection left and
 * nothing tracking it. The backend's algorithm is rebuilt over the new server list.
 */
import { formatPlain } from '../cli/messages.js';
import { HealthServer } from '../check/server-state.js';
import { AddressError, parseAddress } from '../config/address.js';
import { ConfigError } from '../config/diagnostics.js';
import type { ServerModel, ServerSettings } from '../config/model/server.js';
import { applyOptions } from '../config/sections/proxy/server.js';
import { runtimeView } from '../runtime/health.js';
import { Server } from '../runtime/server.js';
import { hasLevel, PERMISSION_DENIED, type CliCommand } from './cli.js';
import type { ApiContext } from './context.js';
import { dynamicLb } from './cmd-server.js';
import { splitRef } from './find.js';

/** Server keywords HAProxy 2.6 refuses on dynamic servers (no SRV_KWF_DYNAMIC). */
const NOT_DYNAMIC = new Set(['cookie', 'redir', 'resolvers', 'resolve-prefer', 'resolve-net', 'resolve-opts', 'init-addr', 'namespace', 'init-state']);

function notice(api: ApiContext, text: string): void {
  api.print?.(formatPlain('notice', text) + '\n');
}

function addServer(args: readonly string[], api: ApiContext): string {
  const ref = splitRef(args[2]);
  if (!ref) return "Require 'backend/server'.";
  const be = api.backendByRef(ref.be);
  if (!be) return 'No such backend.';
  if (!dynamicLb(be)) return 'Backend must use a dynamic load balancing to support dynamic servers.';
  const name = ref.srv;
  const addrText = args[3];
  if (!addrText) return "'server' expects <name> and <addr>[:<port>] as arguments.\n";
  if (be.servers.some((s) => s.name === name)) return 'Already exists a server with the same name in backend.\n';
  for (let i = 4; i < args.length; i++) if (NOT_DYNAMIC.has(args[i]!)) return `'${args[i]}' option is not accepted for dynamic server\n`;
  let address;
  try {
    address = parseAddress(addrText, { port: 'optional', offset: true, names: true });
  } catch (e) {
    if (e instanceof AddressError) return `${e.message}\n`;
    throw e;
  }
  const settings: ServerSettings = { other: {} };
  try {
    applyOptions(settings, args, 4, false);
  } catch (e) {
    if (e instanceof ConfigError) return `${e.message}\n`;
    throw e;
  }
  const group = api.health?.groups.get(be.name);
  if (settings.track !== undefined) {
    const t = settings.track;
    const slash = t.indexOf('/');
    const tbe = slash >= 0 ? t.slice(0, slash) : be.name;
    const tname = slash >= 0 ? t.slice(slash + 1) : t;
    const target = api.backend(tbe)?.servers.find((s) => s.name === tname);
    const th = target ? api.healthOf(api.backend(tbe)!, target) : undefined;
    if (!target || !th) return `unable to find required server '${tname}' for tracking.\n`;
    if (!th.check && !th.agent) return `unable to use ${tbe}/${tname} for tracking as it does not have any check nor agent enabled.\n`;
  }
  const idText = settings.other['id']?.[0];
  const used = new Set(be.servers.map((s) => s.id));
  let id = idText ? Number(idText) : 1;
  if (idText && used.has(id)) return `'id' : custom id ${id} already used.\n`;
  if (!idText) while (used.has(id)) id++;
  const model: ServerModel = { place: { file: 'CLI', line: 0 }, name, address, id, settings: { ...settings, disabled: true } };
  const srv = new Server(model, be.name);
  srv.id = id;
  api.dynamic.add(srv);
  api.dynamicSettings.set(srv, settings);
  if (group) {
    const h = new HealthServer(group, { name, backup: settings.backup === true, weight: settings.weight ?? 1, disabled: false });
    h.fmaint = true;
    h.state = 'stopped';
    if (settings.track !== undefined) {
      const t = settings.track;
      const slash = t.indexOf('/');
      const tbe = slash >= 0 ? t.slice(0, slash) : be.name;
      const target = api.backend(tbe)?.servers.find((s) => s.name === (slash >= 0 ? t.slice(slash + 1) : t));
      const th = target ? api.healthOf(api.backend(tbe)!, target) : undefined;
      if (th) {
        h.tracked = th;
        th.trackers.push(h);
      }
    }
    h.hooks = {
      changed: (x) => {
        const v = runtimeView(x);
        if (v.state !== srv.state || v.weight !== srv.weight) be.setServerState(srv, v.state, v.weight);
      },
      sessions: () => srv.cur,
      queued: () => srv.queued,
    };
    api.healthServers.set(srv, h);
    srv.health = h;
  }
  be.replaceServers([...be.servers, srv]);
  notice(api, `CLI : 'server ${be.name}/${name}' : New server registered.`);
  return 'New server registered.\n';
}

function delServer(args: readonly string[], api: ApiContext): string {
  const ref = splitRef(args[2]);
  if (!ref) return "Require 'backend/server'.";
  const be = api.backendByRef(ref.be);
  if (!be) return 'No such backend.';
  const srv = api.serverByRef(be, ref.srv);
  if (!srv) return 'No such server.';
  const h = api.healthOf(be, srv);
  if (h && h.trackers.length > 0) return 'This server cannot be removed at runtime due to other configuration elements pointing to it.';
  if (!(h ? h.maint : srv.state === 'MAINT')) return 'Only servers in maintenance mode can be deleted.';
  if (srv.cur > 0 || srv.queued > 0) return 'Server still has connections attached to it, cannot remove it.';
  srv.closeIdle();
  if (h) {
    const g = h.group.servers;
    const i = g.indexOf(h);
    if (i >= 0) g.splice(i, 1);
    if (h.tracked) {
      const j = h.tracked.trackers.indexOf(h);
      if (j >= 0) h.tracked.trackers.splice(j, 1);
    }
    h.hooks = {};
    // A configured server's checks stop with it.
    for (const t of api.health?.tasks ?? []) if (t.server === h) t.stop();
  }
  api.healthServers.delete(srv);
  be.replaceServers(be.servers.filter((s) => s !== srv));
  notice(api, 'CLI : Server deleted.');
  return 'Server deleted.';
}

export const DYNAMIC_COMMANDS: CliCommand[] = [
  {
    words: ['add', 'server'],
    run(args, conn, api) {
      if (!hasLevel(conn, 'admin')) return PERMISSION_DENIED;
      return addServer(args, api);
    },
  },
  {
    words: ['del', 'server'],
    run(args, conn, api) {
      if (!hasLevel(conn, 'admin')) return PERMISSION_DENIED;
      return delServer(args, api);
    },
  },
];
