/**
 * `server <name> <address>[:[port]] [param*]`, `default-server [param*]` and
 * `server-template <prefix> <num | range> <fqdn>[:<port>] [params*]`.
 * Server options live in SERVER_OPTIONS (name -> number of arguments -> apply).
 */
import { AddressError, parseAddress } from '../../address.js';
import { ConfigError } from '../../diagnostics.js';
import { didYouMean, type Keyword, type ParseContext } from '../../keyword.js';
import type { AddressModel } from '../../model/address.js';
import { CAP_BE, CAP_BE_DEF, type ProxyModel } from '../../model/proxy.js';
import type { ServerSettings } from '../../model/server.js';
import { bestMatch } from '../../suggest.js';
import { intArg, timeArg } from '../args.js';
import { atol } from './options.js';
import { delayArg, positiveArg, SERVER_EXTRA_OPTIONS, serverError } from './server-options.js';

export interface ServerOption {
  readonly name: string;
  readonly nargs: number;
  readonly help: string;
  readonly status: 'supported' | 'parsed-only' | 'ignored';
  /** Allowed on default-server too (most are). */
  readonly inDefault?: boolean;
  /** `warn` reports a warning about this option (HAProxy's server-line layout). */
  apply(s: ServerSettings, args: readonly string[], warn?: (message: string) => void): void;
}

const flag = (name: string, help: string, set: (s: ServerSettings) => void, status: ServerOption['status'] = 'parsed-only'): ServerOption => ({
  name,
  nargs: 0,
  help,
  status,
  apply: (s) => set(s),
});

export const SERVER_OPTIONS: ServerOption[] = [
  flag('check', 'enable health checks', (s) => void (s.check = true), 'supported'),
  flag('no-check', 'disable health checks', (s) => void (s.check = false), 'supported'),
  { name: 'inter', nargs: 1, help: 'check interval', status: 'supported', apply: (s, [v], warn) => void (s.inter = delayArg('inter', v, warn)) },
  { name: 'fastinter', nargs: 1, help: 'check interval while changing state', status: 'supported', apply: (s, [v], warn) => void (s.fastinter = delayArg('fastinter', v, warn)) },
  { name: 'downinter', nargs: 1, help: 'check interval while down', status: 'supported', apply: (s, [v], warn) => void (s.downinter = delayArg('downinter', v, warn)) },
  { name: 'rise', nargs: 1, help: 'successful checks to go up', status: 'supported', apply: (s, [v]) => void (s.rise = positiveArg('rise', v)) },
  { name: 'fall', nargs: 1, help: 'failed checks to go down', status: 'supported', apply: (s, [v]) => void (s.fall = positiveArg('fall', v)) },
  { name: 'port', nargs: 1, help: 'health check port', status: 'supported', apply: (s, [v]) => void (s.checkPort = intArg('port', v, 1, 65535)) },
  { name: 'addr', nargs: 1, help: 'health check address', status: 'supported', apply: (s, [v]) => void (s.checkAddr = v) },
  {
    name: 'weight',
    nargs: 1,
    help: 'load balancing weight 0..256',
    status: 'supported',
    apply: (s, [v]) => {
      if (!/^\d+$/.test(v ?? '') || Number(v) > 256)
        throw new ConfigError(`weight of server is not within 0 and 256 (${v}).`);
      s.weight = Number(v);
    },
  },
  flag('backup', 'only used when all active servers are down', (s) => void (s.backup = true), 'supported'),
  flag('disabled', 'start in maintenance', (s) => void (s.disabled = true), 'supported'),
  flag('enabled', 'start enabled', (s) => void (s.disabled = false), 'supported'),
  { name: 'maxconn', nargs: 1, help: 'concurrent connections on the server', status: 'supported', apply: (s, [v]) => void (s.maxconn = atol(v ?? '')) },
  { name: 'minconn', nargs: 1, help: 'dynamic limit floor', status: 'supported', apply: (s, [v]) => void (s.minconn = atol(v ?? '')) },
  { name: 'maxqueue', nargs: 1, help: 'queued requests limit', status: 'supported', apply: (s, [v]) => void (s.maxqueue = atol(v ?? '')) },
  { name: 'slowstart', nargs: 1, help: 'weight ramp after coming up', status: 'supported', apply: (s, [v], warn) => void (s.slowstart = timeArg('slowstart', v, 1, warn)) },
  flag('send-proxy', 'send a PROXY v1 header', (s) => void (s.sendProxy = true), 'supported'),
  flag('send-proxy-v2', 'send a PROXY v2 header', (s) => void (s.sendProxyV2 = true), 'supported'),
  { name: 'cookie', nargs: 1, help: 'persistence cookie value', status: 'parsed-only', apply: (s, [v]) => void (s.cookie = v) },
  { name: 'track', nargs: 1, help: 'mirror another server state', status: 'supported', apply: (s, [v]) => void (s.track = v) },
  { name: 'id', nargs: 1, help: 'numeric server id', status: 'supported', apply: (s, [v]) => void (s.other['id'] = [String(intArg('id', v, 1))]) },
  ...SERVER_EXTRA_OPTIONS,
];

const SERVER_BY_NAME = new Map(SERVER_OPTIONS.map((o) => [o.name, o]));

export function applyOptions(
  s: ServerSettings,
  args: readonly string[],
  from: number,
  isDefault: boolean,
  warn?: (message: string) => void,
): void {
  for (let i = from; i < args.length; ) {
    const name = args[i]!;
    const opt = SERVER_BY_NAME.get(name);
    if (!opt) {
      const best = bestMatch(name, SERVER_BY_NAME.keys());
      throw new ConfigError(best ? `unknown keyword '${name}'${didYouMean(best)}` : `unknown keyword '${name}'.`);
    }
    if (isDefault && opt.inDefault === false) throw new ConfigError(`'${name}' not allowed in 'default-server'.`);
    const vals = args.slice(i + 1, i + 1 + opt.nargs);
    if (vals.length < opt.nargs) {
      // Let the option word its own complaint about a missing value when it has one.
      opt.apply(s, vals);
      throw new ConfigError(`'${name}' expects an argument.`);
    }
    opt.apply(s, vals, warn);
    i += 1 + opt.nargs;
  }
}

/** Run `fn`, turning its ConfigError into HAProxy's "[file:line] : 'server be/name' : msg" alert. */
function asServerError(p: ProxyModel, name: string, ctx: ParseContext, fn: () => void): boolean {
  try {
    fn();
    return true;
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    const pl = ctx.st.place;
    const msg = e.message.replace('weight of server is', `weight of server ${name} is`).replace(/\)\.$/, ').').replace(/^(weight of server .*\))\.$/, '$1..');
    ctx.diag.alert(serverError(pl.file, pl.line, p.name, name, msg));
    return false;
  }
}

function parseAddr(p: ProxyModel, name: string, addr: string): AddressModel {
  try {
    return parseAddress(addr, { port: 'optional', offset: true, names: true });
  } catch (e) {
    if (e instanceof AddressError)
          throw new ConfigError(`'server ${p.name}/${name}' : ${e.message}`, false, undefined, 'bare');
    throw e;
  }
}

/** Build one server and add it, with HAProxy's parse-time checks (custom id reuse, check + track). */
function addServer(p: ProxyModel, name: string, address: AddressModel, args: readonly string[], from: number, ctx: ParseContext,
  template?: { prefix: string; index: number }): void {
  const settings: ServerSettings = { ...structuredClone(p.defaultServer) };
  const warn = (m: string): void => ctx.diag.warning(`'server ${p.name}/${name}' : ${m}`, ctx.st.place, undefined, 'bare');
  if (!asServerError(p, name, ctx, () => applyOptions(settings, args, from, false, warn))) return;
  const idText = settings.other['id']?.[0];
  const id = idText ? Number(idText) : undefined;
  const pl = ctx.st.place;
  if (id !== undefined) {
    const clash = p.servers.find((x) => x.id === id);
    if (clash) {
      ctx.diag.alert(serverError(pl.file, pl.line, p.name, name,
        `'id' : custom id ${id} already used at ${clash.place.file}:${clash.place.line} ('server ${clash.name}').`));
      return;
    }
  }
  if (settings.check && settings.track !== undefined) {
    ctx.diag.alert(serverError(pl.file, pl.line, p.name, name, 'unable to enable checks and tracking at the same time!'));
    return;
  }
  p.servers.push({ place: pl, name, address, settings, id, ...(template ? { template } : {}) });
}

const TEMPLATE_USAGE = `'server-template' expects <prefix> <nb | range> <addr>[:<port>] as arguments.`;

export const serverKeywords: Keyword<ProxyModel>[] = [
  {
    name: 'server',
    help: 'a server of the farm: server <name> <addr>[:port] [options]',
    status: 'supported',
    cap: CAP_BE,
    capMismatch: 'alert',
    parse(p, args, ctx) {
      const name = args[1];
      const addr = args[2];
      if (name === undefined || addr === undefined)
        throw new ConfigError(`'server' expects <name> and <addr>[:<port>] as arguments.`, false, undefined, 'bare');
      addServer(p, name, parseAddr(p, name, addr), args, 3, ctx);
    },
  },
  {
    name: 'server-template',
    help: 'server-template <prefix> <num | range> <fqdn>[:<port>] [params*]',
    status: 'parsed-only',
    cap: CAP_BE,
    parse(p, args, ctx) {
      const [, prefix, range, fqdn] = args;
      const pl = ctx.st.place;
      const fail = (m: string): void => ctx.diag.alert(`[${pl.file}:${pl.line}] : ${m}`);
      if (!prefix || !range || !fqdn) return fail(TEMPLATE_USAGE);
      const m = /^(\d+)(?:-(\d+))?$/.exec(range);
      const lo = m ? (m[2] !== undefined ? Number(m[1]) : 1) : 0;
      const hi = m ? Number(m[2] ?? m[1]) : 0;
      if (!m || lo < 1 || hi < lo) return fail(`Wrong server-template number or range arg '${range}'.`);
      const address = parseAddr(p, prefix, fqdn);
      p.serverTemplates.push({ place: ctx.st.place, prefix, range: [lo, hi], fqdn });
      for (let i = lo; i <= hi; i++) addServer(p, `${prefix}${i}`, address, args, 4, ctx, { prefix, index: i });
    },
  },
  {
    name: 'default-server',
    help: 'default options for the servers that follow',
    status: 'supported',
    cap: CAP_BE_DEF,
    parse(p, args) {
      applyOptions(p.defaultServer, args, 1, true);
    },
  },
];
