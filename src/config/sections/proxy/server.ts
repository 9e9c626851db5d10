/**
 * `server <name> <address>[:[port]] [param*]`, `default-server [param*]` and
 * `server-template <prefix> <num | range> <fqdn>[:<port>] [params*]`.
 * Server options live in SERVER_OPTIONS (name -> number of arguments -> apply).
 */
import { AddressError, parseAddress } from '../../address.js';
import { ConfigError } from '../../diagnostics.js';
import { didYouMean, type Keyword } from '../../keyword.js';
import { CAP_BE, CAP_BE_DEF, type ProxyModel } from '../../model/proxy.js';
import type { ServerSettings } from '../../model/server.js';
import { bestMatch } from '../../suggest.js';
import { intArg, timeArg } from '../args.js';

export interface ServerOption {
  readonly name: string;
  readonly nargs: number;
  readonly help: string;
  readonly status: 'supported' | 'parsed-only' | 'ignored';
  /** Allowed on default-server too (most are). */
  readonly inDefault?: boolean;
  apply(s: ServerSettings, args: readonly string[]): void;
}

const flag = (name: string, help: string, set: (s: ServerSettings) => void, status: ServerOption['status'] = 'parsed-only'): ServerOption => ({
  name,
  nargs: 0,
  help,
  status,
  apply: (s) => set(s),
});

export const SERVER_OPTIONS: ServerOption[] = [
  flag('check', 'enable health checks', (s) => void (s.check = true)),
  flag('no-check', 'disable health checks', (s) => void (s.check = false)),
  { name: 'inter', nargs: 1, help: 'check interval', status: 'parsed-only', apply: (s, [v]) => void (s.inter = timeArg('inter', v)) },
  { name: 'fastinter', nargs: 1, help: 'check interval while changing state', status: 'parsed-only', apply: (s, [v]) => void (s.fastinter = timeArg('fastinter', v)) },
  { name: 'downinter', nargs: 1, help: 'check interval while down', status: 'parsed-only', apply: (s, [v]) => void (s.downinter = timeArg('downinter', v)) },
  { name: 'rise', nargs: 1, help: 'successful checks to go up', status: 'parsed-only', apply: (s, [v]) => void (s.rise = intArg('rise', v, 1)) },
  { name: 'fall', nargs: 1, help: 'failed checks to go down', status: 'parsed-only', apply: (s, [v]) => void (s.fall = intArg('fall', v, 1)) },
  { name: 'port', nargs: 1, help: 'health check port', status: 'parsed-only', apply: (s, [v]) => void (s.checkPort = intArg('port', v, 1, 65535)) },
  { name: 'addr', nargs: 1, help: 'health check address', status: 'parsed-only', apply: (s, [v]) => void (s.checkAddr = v) },
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
  flag('backup', 'only used when all active servers are down', (s) => void (s.backup = true)),
  flag('disabled', 'start in maintenance', (s) => void (s.disabled = true)),
  flag('enabled', 'start enabled', (s) => void (s.disabled = false)),
  { name: 'maxconn', nargs: 1, help: 'concurrent connections on the server', status: 'parsed-only', apply: (s, [v]) => void (s.maxconn = intArg('maxconn', v, 0)) },
  { name: 'minconn', nargs: 1, help: 'dynamic limit floor', status: 'parsed-only', apply: (s, [v]) => void (s.minconn = intArg('minconn', v, 0)) },
  { name: 'maxqueue', nargs: 1, help: 'queued requests limit', status: 'parsed-only', apply: (s, [v]) => void (s.maxqueue = intArg('maxqueue', v, 0)) },
  { name: 'slowstart', nargs: 1, help: 'weight ramp after coming up', status: 'parsed-only', apply: (s, [v]) => void (s.slowstart = timeArg('slowstart', v)) },
  flag('send-proxy', 'send a PROXY v1 header', (s) => void (s.sendProxy = true)),
  flag('send-proxy-v2', 'send a PROXY v2 header', (s) => void (s.sendProxyV2 = true)),
  { name: 'cookie', nargs: 1, help: 'persistence cookie value', status: 'parsed-only', apply: (s, [v]) => void (s.cookie = v) },
  { name: 'track', nargs: 1, help: 'mirror another server state', status: 'parsed-only', apply: (s, [v]) => void (s.track = v) },
  { name: 'id', nargs: 1, help: 'numeric server id', status: 'supported', apply: (s, [v]) => void (s.other['id'] = [String(intArg('id', v, 1))]) },
];

const SERVER_BY_NAME = new Map(SERVER_OPTIONS.map((o) => [o.name, o]));

function applyOptions(s: ServerSettings, args: readonly string[], from: number, what: string, isDefault: boolean): void {
  for (let i = from; i < args.length; ) {
    const name = args[i]!;
    const opt = SERVER_BY_NAME.get(name);
    if (!opt) {
      throw new ConfigError(
        `'${what}' unknown keyword '${name}'${didYouMean(bestMatch(name, SERVER_BY_NAME.keys()))}.`,
      );
    }
    if (isDefault && opt.inDefault === false) throw new ConfigError(`'${name}' not allowed in 'default-server'.`);
    const vals = args.slice(i + 1, i + 1 + opt.nargs);
    if (vals.length < opt.nargs) throw new ConfigError(`'${name}' expects an argument.`);
    opt.apply(s, vals);
    i += 1 + opt.nargs;
  }
}

export const serverKeywords: Keyword<ProxyModel>[] = [
  {
    name: 'server',
    help: 'a server of the farm: server <name> <addr>[:port] [options]',
    status: 'supported',
    cap: CAP_BE,
    parse(p, args, ctx) {
      const name = args[1];
      const addr = args[2];
      if (name === undefined || addr === undefined)
        throw new ConfigError(`'server' expects <name> and <addr>[:<port>] as arguments.`);
      let address;
      try {
        address = parseAddress(addr, { port: 'optional', offset: true, names: true });
      } catch (e) {
        if (e instanceof AddressError) throw new ConfigError(`'server ${p.name}/${name}' : ${e.message}`);
        throw e;
      }
      const settings: ServerSettings = { ...structuredClone(p.defaultServer) };
      applyOptions(settings, args, 3, `server ${name}`, false);
      const idText = settings.other['id']?.[0];
      p.servers.push({ place: ctx.st.place, name, address, settings, id: idText ? Number(idText) : undefined });
    },
  },
  {
    name: 'default-server',
    help: 'default options for the servers that follow',
    status: 'supported',
    cap: CAP_BE_DEF,
    parse(p, args) {
      applyOptions(p.defaultServer, args, 1, 'default-server', true);
    },
  },
];

