/**
 * The rest of HAProxy 2.6's server keywords (server.c, ssl_sock.c, check.c), as
 * name -> number of arguments -> apply. Values Switchyard does not model yet go to `other`.
 */
import { ConfigError } from '../../diagnostics.js';
import type { ServerSettings } from '../../model/server.js';
import { parseTime, UnitError } from '../../units.js';
import type { ServerOption } from './server.js';

/** HAProxy prints server errors as "[file:line] : 'server be/name' : message". */
export function serverError(file: string, line: number, proxy: string, server: string, msg: string): string {
  return `[${file}:${line}] : 'server ${proxy}/${server}' : ${msg}`;
}

export function delayArg(kw: string, v: string | undefined, warn?: (message: string) => void): number {
  if (v === undefined || v === '') throw new ConfigError(`'${kw}' expects a delay as argument..`);
  try {
    return parseTime(v, 1, warn);
  } catch (e) {
    if (e instanceof UnitError) throw new ConfigError(`'${kw}' : ${e.message} in argument '${v}'.`);
    throw e;
  }
}

export function positiveArg(kw: string, v: string | undefined): number {
  const n = v !== undefined && /^-?\d+/.test(v) ? parseInt(v, 10) : 0;
  if (n <= 0) throw new ConfigError(`'${kw}' has to be > 0..`);
  return n;
}

function oneOf<T extends string>(kw: string, v: string | undefined, allowed: readonly T[], expect: string): T {
  const hit = allowed.find((a) => a === v);
  if (!hit) throw new ConfigError(`'${kw}' expects ${expect} but got '${v ?? ''}'.`);
  return hit;
}

type Status = ServerOption['status'];
const raw = (name: string, nargs: number, help: string, status: Status = 'parsed-only'): ServerOption => ({
  name,
  nargs,
  help,
  status,
  apply: (s, vals) => void (s.other[name] = [...vals]),
});
/** Server options the health-check engine acts on (src/check/). */
const CHECK_DRIVEN: ReadonlySet<string> = new Set([
  'agent-check', 'no-agent-check', 'agent-addr', 'agent-inter', 'agent-port', 'agent-send',
  'check-send-proxy', 'observe', 'error-limit', 'on-error', 'on-marked-down', 'on-marked-up', 'check-ssl', 'no-check-ssl', 'check-sni',
]);
const set = (
  name: string,
  nargs: number,
  help: string,
  fn: (s: ServerSettings, v: readonly string[]) => void,
  status?: ServerOption['status'],
): ServerOption => ({
  name,
  nargs,
  help,
  status: status ?? (CHECK_DRIVEN.has(name) ? 'supported' : 'parsed-only'),
  apply: (s, v) => {
    fn(s, v);
    s.other[name] = [...v];
  },
});

const TLS_VERSIONS = ['sslv3', 'tlsv10', 'tlsv11', 'tlsv12', 'tlsv13'];

export const SERVER_EXTRA_OPTIONS: ServerOption[] = [
  set('agent-check', 0, 'enable agent checks', (s) => void (s.agentCheck = true)),
  set('no-agent-check', 0, 'disable agent checks', (s) => void (s.agentCheck = false)),
  set('agent-addr', 1, 'agent check address', (s, [v]) => void (s.agentAddr = v)),
  set('agent-inter', 1, 'agent check interval', (s, [v]) => void (s.agentInter = delayArg('agent-inter', v))),
  set('agent-port', 1, 'agent check port', (s, [v]) => void (s.agentPort = Number(v))),
  set('agent-send', 1, 'string sent to the agent', (s, [v]) => void (s.agentSend = v)),
  raw('allow-0rtt', 0, 'send early data'),
  set('alpn', 1, 'ALPN protocols', (s, [v]) => void (s.alpn = v!.split(','))),
  set('no-backup', 0, 'not a backup server', (s) => void (s.backup = false)),
  set('ca-file', 1, 'CA to verify the server', (s, [v]) => void (s.caFile = v)),
  set('check-alpn', 1, 'ALPN for checks', (s, [v]) => void (s.checkAlpn = v)),
  set('check-proto', 1, 'multiplexer for checks', (s, [v]) => void (s.checkProto = v)),
  set('check-send-proxy', 0, 'PROXY header on checks', (s) => void (s.checkSendProxy = true)),
  set('check-sni', 1, 'SNI for checks', (s, [v]) => void (s.checkSni = v)),
  set('check-ssl', 0, 'TLS for checks', (s) => void (s.checkSsl = true)),
  set('no-check-ssl', 0, 'no TLS for checks', (s) => void (s.checkSsl = false)),
  raw('check-via-socks4', 0, 'checks through the SOCKS4 proxy'),
  set('ciphers', 1, 'TLS <=1.2 ciphers', (s, [v]) => void (s.ciphers = v)),
  set('ciphersuites', 1, 'TLS 1.3 cipher suites', (s, [v]) => void (s.ciphersuites = v)),
  set('crl-file', 1, 'revocation list', (s, [v]) => void (s.crlFile = v)),
  set('crt', 1, 'client certificate', (s, [v]) => void (s.crt = v)),
  raw('curves', 1, 'ECDHE curves'),
  set('error-limit', 1, 'errors before on-error applies', (s, [v]) => void (s.errorLimit = Number(v))),
  ...TLS_VERSIONS.map((t) => raw(`force-${t}`, 0, `only ${t}`)),
  ...TLS_VERSIONS.map((t) => raw(`no-${t}`, 0, `disable ${t}`)),
  set('init-addr', 1, 'address resolution order at start', (s, [v]) => void (s.initAddr = v!.split(','))),
  raw('log-proto', 1, 'legacy|octet-count for log servers'),
  set('max-reuse', 1, 'requests per server connection', (s, [v]) => void (s.maxReuse = Number(v))),
  set('namespace', 1, 'network namespace', (s, [v]) => void (s.namespace = v)),
  set('no-send-proxy', 0, 'no PROXY header', (s) => void (s.sendProxy = false)),
  set('no-send-proxy-v2', 0, 'no PROXY v2 header', (s) => void (s.sendProxyV2 = false)),
  raw('no-send-proxy-v2-ssl', 0, 'no PROXY v2 SSL TLVs'),
  raw('no-send-proxy-v2-ssl-cn', 0, 'no PROXY v2 SSL CN TLV'),
  set('no-ssl', 0, 'plain connections', (s) => void (s.ssl = false)),
  set('no-ssl-reuse', 0, 'no TLS session reuse', (s) => void (s.noSslReuse = true)),
  set('ssl-reuse', 0, 'TLS session reuse', (s) => void (s.noSslReuse = false)),
  set('no-tfo', 0, 'no TCP fast open', (s) => void (s.tfo = false)),
  raw('no-tls-tickets', 0, 'no TLS tickets'),
  raw('tls-tickets', 0, 'TLS tickets'),
  raw('no-verifyhost', 0, 'no host name verification'),
  raw('npn', 1, 'NPN protocols', 'ignored'),
  set('observe', 1, 'observe traffic for health', (s, [v]) => {
    s.observe = oneOf('observe', v, ['none', 'layer4', 'layer7'] as const, "one of 'none', 'layer4', 'layer7'");
  }),
  set('on-error', 1, 'action on errors', (s, [v]) => {
    s.onError = oneOf('on-error', v, ['fastinter', 'fail-check', 'sudden-death', 'mark-down'] as const,
      "one of 'fastinter', 'fail-check', 'sudden-death' or 'mark-down'");
  }),
  set('on-marked-down', 1, 'action when marked down', (s, [v]) => {
    s.onMarkedDown = oneOf('on-marked-down', v, ['shutdown-sessions'] as const, "'shutdown-sessions'");
  }),
  set('on-marked-up', 1, 'action when marked up', (s, [v]) => {
    s.onMarkedUp = oneOf('on-marked-up', v, ['shutdown-backup-sessions'] as const, "'shutdown-backup-sessions'");
  }),
  set('pool-low-conn', 1, 'idle connections kept before reuse', (s, [v]) => void (s.poolLowConn = Number(v))),
  set('pool-max-conn', 1, 'idle connections kept', (s, [v]) => void (s.poolMaxConn = Number(v))),
  set('pool-purge-delay', 1, 'idle connection purge delay', (s, [v]) => void (s.poolPurgeDelay = delayArg('pool-purge-delay', v))),
  set('proto', 1, 'force the multiplexer (h2: HTTP/2 to the server)', (s, [v]) => void (s.proto = v), 'supported'),
  set('proxy-v2-options', 1, 'PROXY v2 TLVs', (s, [v]) => void (s.sendProxyV2Options = v!.split(','))),
  set('redir', 1, 'redirect prefix', (s, [v]) => void (s.redir = v)),
  set('resolve-net', 1, 'preferred networks', (s, [v]) => void (s.resolveNet = v!.split(','))),
  raw('resolve-opts', 1, 'resolution options'),
  set('resolve-prefer', 1, 'preferred address family', (s, [v]) => {
    if (v !== 'ipv4' && v !== 'ipv6') throw new ConfigError(`'resolve-prefer' expects either ipv4 or ipv6 as argument..`);
    s.resolvePrefer = v;
  }),
  set('resolvers', 1, 'resolvers section', (s, [v]) => void (s.resolvers = v)),
  raw('send-proxy-v2-ssl', 0, 'PROXY v2 with SSL TLVs'),
  raw('send-proxy-v2-ssl-cn', 0, 'PROXY v2 with SSL CN TLV'),
  raw('sigalgs', 1, 'signature algorithms'),
  raw('client-sigalgs', 1, 'client signature algorithms'),
  set('sni', 1, 'SNI expression', (s, [v]) => void (s.sni = v)),
  raw('socks4', 1, 'SOCKS4 proxy address'),
  set('source', 1, 'source address', (s, [v]) => void (s.source = v)),
  set('usesrc', 1, 'transparent source (after source)', (s, [v]) => void (s.usesrc = v)),
  raw('interface', 1, 'outgoing interface (after source)'),
  set('ssl', 0, 'TLS to the server', (s) => void (s.ssl = true)),
  set('ssl-max-ver', 1, 'maximum TLS version', (s, [v]) => void (s.sslMaxVer = v)),
  set('ssl-min-ver', 1, 'minimum TLS version', (s, [v]) => void (s.sslMinVer = v)),
  raw('stick', 0, 'allow stickiness'),
  raw('non-stick', 0, 'no stickiness'),
  raw('tcp-ut', 1, 'TCP user timeout'),
  set('tfo', 0, 'TCP fast open', (s) => void (s.tfo = true)),
  set('verify', 1, 'none|required', (s, [v]) => {
    if (v !== 'none' && v !== 'required')
      throw new ConfigError(`'verify' : unknown verify method '${v}', only 'none' and 'required' are supported`);
    s.verify = v;
  }),
  raw('verifyhost', 1, 'expected server name'),
  raw('ws', 1, 'auto|h1|h2: websocket protocol'),
];
