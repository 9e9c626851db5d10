/**
 * `bind [<address>:<port_range>] [, ...] [param*]` and its options.
 * Each option is an entry in BIND_OPTIONS (name -> number of arguments -> apply).
 */
import { AddressError, parseBindAddresses } from '../../address.js';
import { ConfigError } from '../../diagnostics.js';
import type { Keyword, ParseContext } from '../../keyword.js';
import type { BindModel, BindSslModel } from '../../model/bind.js';
import { CAP_FE, type ProxyModel } from '../../model/proxy.js';
import { bestMatch } from '../../suggest.js';
import { intArg } from '../args.js';
import { didYouMean } from '../../keyword.js';
import type { GlobalModel } from '../../model/global.js';
import { loadCaFile, loadCrlFile, loadCrtArg, loadCrtList, loadTicketKeys, TlsFileError, type TlsFileEnv } from '../../../net/tls-files.js';

export interface BindOption {
  readonly name: string;
  /** Number of arguments the option takes. */
  readonly nargs: number;
  readonly help: string;
  readonly status: 'supported' | 'parsed-only' | 'ignored';
  apply(b: BindModel, args: readonly string[], env: TlsFileEnv): void;
}

function ssl(b: BindModel): BindSslModel {
  return (b.ssl ??= { enabled: false, crt: [], crtList: [], certs: [] });
}

/** Read a TLS file now, as HAProxy does while parsing the option; its errors become config errors. */
function tlsFile<T>(load: () => T): T {
  try {
    return load();
  } catch (e) {
    if (e instanceof TlsFileError) throw new ConfigError(e.message);
    throw e;
  }
}

/** The global settings TLS files depend on. */
export function tlsFileEnv(g: GlobalModel): TlsFileEnv {
  return {
    ...(g.crtBase !== undefined ? { crtBase: g.crtBase } : {}),
    ...(g.caBase !== undefined ? { caBase: g.caBase } : {}),
    ...(g.sslLoadExtraFiles !== undefined ? { extraFiles: g.sslLoadExtraFiles } : {}),
    ...(g.sslLoadExtraDelExt ? { delExt: true } : {}),
  };
}

const flag = (name: string, help: string, set: (b: BindModel) => void, status: BindOption['status'] = 'parsed-only'): BindOption => ({
  name,
  nargs: 0,
  help,
  status,
  apply: (b) => set(b),
});

export const BIND_OPTIONS: BindOption[] = [
  { name: 'name', nargs: 1, help: 'listener name for stats', status: 'supported', apply: (b, [v]) => void (b.name = v) },
  { name: 'id', nargs: 1, help: 'listener numeric id', status: 'supported', apply: (b, [v]) => void (b.id = intArg('id', v, 1)) },
  { name: 'backlog', nargs: 1, help: 'listen queue length', status: 'supported', apply: (b, [v]) => void (b.backlog = intArg('backlog', v, 1)) },
  { name: 'maxconn', nargs: 1, help: 'concurrent connections on this listener', status: 'supported', apply: (b, [v]) => void (b.maxconn = intArg('maxconn', v, 0)) },
  flag('accept-proxy', 'expect a PROXY protocol header', (b) => void (b.acceptProxy = true), 'supported'),
  flag('transparent', 'non-local bind', (b) => void (b.transparent = true)),
  flag('v4v6', 'accept IPv4 on IPv6 sockets', (b) => void (b.v4v6 = true)),
  flag('v6only', 'IPv6 only on this socket', (b) => void (b.v6only = true), 'supported'),
  flag('tfo', 'TCP fast open', (b) => void (b.tfo = true), 'ignored'),
  flag('defer-accept', 'accept only once data arrives', (b) => void (b.deferAccept = true), 'ignored'),
  { name: 'mode', nargs: 1, help: 'UNIX socket permissions (octal)', status: 'supported', apply: (b, [v]) => void (b.mode = parseInt(v!, 8)) },
  { name: 'uid', nargs: 1, help: 'UNIX socket owner uid', status: 'supported', apply: (b, [v]) => void (b.uid = intArg('uid', v)) },
  { name: 'gid', nargs: 1, help: 'UNIX socket group gid', status: 'supported', apply: (b, [v]) => void (b.gid = intArg('gid', v)) },
  { name: 'user', nargs: 1, help: 'UNIX socket owner name', status: 'supported', apply: (b, [v]) => void (b.user = v) },
  { name: 'group', nargs: 1, help: 'UNIX socket group name', status: 'supported', apply: (b, [v]) => void (b.group = v) },
  { name: 'interface', nargs: 1, help: 'bind to a network interface', status: 'parsed-only', apply: (b, [v]) => void (b.interface = v) },
  { name: 'process', nargs: 1, help: 'processes/threads that listen', status: 'ignored', apply: (b, [v]) => void (b.process = v) },
  { name: 'thread', nargs: 1, help: 'threads that listen', status: 'ignored', apply: (b, [v]) => void (b.thread = v) },
  { name: 'nice', nargs: 1, help: 'scheduling priority', status: 'ignored', apply: (b, [v]) => void (b.nice = intArg('nice', v, -1024, 1024)) },
  { name: 'proto', nargs: 1, help: 'force the multiplexer (h2: HTTP/2 with prior knowledge)', status: 'supported', apply: (b, [v]) => {
    // HAProxy 2.6's multiplexers (h2 is the one Switchyard acts on; h1 is the default).
    if (!['h1', 'h2', 'fcgi'].includes(v!)) throw new ConfigError(`'proto' :  unknown MUX protocol '${v}'`);
    b.proto = v;
  } },
  flag('ssl', 'enable TLS on this listener', (b) => void (ssl(b).enabled = true), 'supported'),
  {
    name: 'crt',
    nargs: 1,
    help: 'certificate file or directory',
    status: 'supported',
    apply: (b, [v], env) => {
      const s = ssl(b);
      s.crt.push(v!);
      s.certs.push(...tlsFile(() => loadCrtArg(v!, env)));
    },
  },
  {
    name: 'crt-list',
    nargs: 1,
    help: 'certificate list file',
    status: 'supported',
    apply: (b, [v], env) => {
      const s = ssl(b);
      s.crtList.push(v!);
      s.certs.push(...tlsFile(() => loadCrtList(v!, env)));
    },
  },
  {
    name: 'ca-file',
    nargs: 1,
    help: 'CA file to verify client certificates',
    status: 'supported',
    apply: (b, [v], env) => {
      const s = ssl(b);
      s.caFile = v;
      s.caPem = tlsFile(() => loadCaFile(v!, env));
    },
  },
  {
    name: 'crl-file',
    nargs: 1,
    help: 'revocation list',
    status: 'supported',
    apply: (b, [v], env) => {
      const s = ssl(b);
      s.crlFile = v;
      s.crlPem = tlsFile(() => loadCrlFile(v!, env));
    },
  },
  {
    name: 'verify',
    nargs: 1,
    help: 'client certificate verification',
    status: 'supported',
    apply: (b, [v]) => {
      if (v !== 'none' && v !== 'optional' && v !== 'required')
        throw new ConfigError(`'verify' : unknown verify method '${v}', only 'none', 'optional', and 'required' are supported`);
      ssl(b).verify = v;
    },
  },
  {
    name: 'alpn',
    nargs: 1,
    help: 'ALPN protocols',
    status: 'supported',
    apply: (b, [v]) => {
      const list = v!.split(',').filter((p) => p !== '');
      if (list.length === 0) throw new ConfigError(`'alpn' : missing the comma-delimited ALPN protocol suite`);
      ssl(b).alpn = list;
    },
  },
  { name: 'npn', nargs: 1, help: 'NPN protocols', status: 'ignored', apply: (b, [v]) => void (ssl(b).npn = v!.split(',')) },
  { name: 'ciphers', nargs: 1, help: 'TLS <=1.2 cipher list', status: 'supported', apply: (b, [v]) => void (ssl(b).ciphers = v) },
  { name: 'ciphersuites', nargs: 1, help: 'TLS 1.3 cipher suites', status: 'supported', apply: (b, [v]) => void (ssl(b).ciphersuites = v) },
  { name: 'curves', nargs: 1, help: 'ECDHE curves', status: 'supported', apply: (b, [v]) => void (ssl(b).curves = v) },
  { name: 'ecdhe', nargs: 1, help: 'ECDHE curve', status: 'supported', apply: (b, [v]) => void (ssl(b).ecdhe = v) },
  { name: 'ssl-min-ver', nargs: 1, help: 'minimum TLS version', status: 'supported', apply: (b, [v]) => void (ssl(b).sslMinVer = checkSslVer('ssl-min-ver', v!)) },
  { name: 'ssl-max-ver', nargs: 1, help: 'maximum TLS version', status: 'supported', apply: (b, [v]) => void (ssl(b).sslMaxVer = checkSslVer('ssl-max-ver', v!)) },
  flag('strict-sni', 'refuse handshakes without a matching certificate', (b) => void (ssl(b).strictSni = true), 'supported'),
  flag('no-tls-tickets', 'disable TLS session tickets', (b) => void (ssl(b).noTlsTickets = true), 'supported'),
  {
    name: 'tls-ticket-keys',
    nargs: 1,
    help: 'TLS ticket keys file',
    status: 'supported',
    apply: (b, [v]) => {
      const s = ssl(b);
      s.tlsTicketKeys = v;
      s.ticketKeys = tlsFile(() => loadTicketKeys(v!));
    },
  },
  { name: 'ca-ignore-err', nargs: 1, help: 'CA verify errors to ignore', status: 'supported', apply: (b, [v]) => void (ssl(b).caIgnoreErr = checkIgnoreErr('ca-ignore-err', v!)) },
  { name: 'crt-ignore-err', nargs: 1, help: 'certificate verify errors to ignore', status: 'supported', apply: (b, [v]) => void (ssl(b).crtIgnoreErr = checkIgnoreErr('crt-ignore-err', v!)) },
  flag('prefer-client-ciphers', "use the client's cipher preference", (b) => void (ssl(b).preferClientCiphers = true), 'supported'),
  flag('allow-0rtt', 'accept TLS 1.3 early data', (b) => void (ssl(b).allowZeroRtt = true)),
  flag('no-sslv3', 'disable SSLv3', (b) => void (ssl(b).noSslv3 = true), 'supported'),
  flag('no-tlsv10', 'disable TLS 1.0', (b) => void (ssl(b).noTlsv10 = true), 'supported'),
  flag('no-tlsv11', 'disable TLS 1.1', (b) => void (ssl(b).noTlsv11 = true), 'supported'),
  flag('no-tlsv12', 'disable TLS 1.2', (b) => void (ssl(b).noTlsv12 = true), 'supported'),
  flag('no-tlsv13', 'disable TLS 1.3', (b) => void (ssl(b).noTlsv13 = true), 'supported'),
  flag('force-tlsv12', 'only TLS 1.2', (b) => void (ssl(b).forceTlsv12 = true), 'supported'),
  flag('force-tlsv13', 'only TLS 1.3', (b) => void (ssl(b).forceTlsv13 = true), 'supported'),
  flag('generate-certificates', 'generate certificates on the fly', (b) => void (ssl(b).generateCertificates = true)),
  flag('force-sslv3', 'only SSLv3', () => undefined),
  flag('force-tlsv10', 'only TLS 1.0', () => undefined),
  flag('force-tlsv11', 'only TLS 1.1', () => undefined),
  flag('no-ca-names', 'do not send CA names in the certificate request', () => undefined),
  flag('quic-force-retry', 'QUIC retry (QUIC is not supported)', () => undefined, 'ignored'),
  raw('accept-netscaler-cip', 'expect a NetScaler Client IP insertion header with this magic number'),
  raw('ca-sign-file', 'CA used to sign generated certificates'),
  raw('ca-sign-pass', 'passphrase of the ca-sign-file key'),
  raw('ca-verify-file', 'CA file used only to verify client certificates'),
  raw('expose-fd', "expose listening sockets to the CLI ('listeners')"),
  raw('level', 'stats socket access level (user, operator, admin)'),
  raw('severity-output', 'stats socket severity output (none, number, string)'),
  raw('mss', 'TCP maximum segment size', 'ignored'),
  raw('namespace', 'network namespace (not supported in Switchyard)', 'ignored'),
  raw('shards', 'number of listener shards', 'ignored'),
  raw('tcp-ut', 'TCP user timeout', 'ignored'),
  raw('sigalgs', 'TLS signature algorithms'),
  raw('client-sigalgs', 'TLS signature algorithms for client certificates'),
  raw('quic-cc-algo', 'QUIC congestion control (QUIC is not supported)', 'ignored'),
];

/** An option with one argument that Switchyard keeps as written (in BindModel.other). */
function raw(name: string, help: string, status: BindOption['status'] = 'parsed-only'): BindOption {
  return { name, nargs: 1, help, status, apply: () => undefined };
}

const SSL_VERSIONS = ['SSLv3', 'TLSv1.0', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3'];
/** OpenSSL 3.0's highest X509_V_ERR_* number, HAProxy 2.6's SSL_MAX_VFY_ERROR_CODE there. */
const MAX_VFY_ERROR_CODE = 94;

/** `all` or comma-separated error numbers, read as HAProxy 2.6 does (atoi of each item). */
function checkIgnoreErr(kw: string, v: string): string {
  if (v === 'all') return v;
  for (const item of v.split(',')) {
    const m = /^\s*([+-]?\d+)/.exec(item);
    const code = m ? Number(m[1]) : 0;
    if (code <= 0 || code > MAX_VFY_ERROR_CODE)
      throw new ConfigError(`'${kw}' : ID '${code}' out of range (1..${MAX_VFY_ERROR_CODE}) in error IDs list '${v}'`);
  }
  return v;
}

function checkSslVer(kw: string, v: string): string {
  if (!SSL_VERSIONS.includes(v))
    throw new ConfigError(`'${kw}' : unknown ssl/tls version string '${v}', expecting one of ${SSL_VERSIONS.join(', ')}.`);
  return v;
}

const BIND_BY_NAME = new Map(BIND_OPTIONS.map((o) => [o.name, o]));

/** Parse a whole `bind` statement into a new BindModel on the proxy. */
export function parseBindLine(p: ProxyModel, args: readonly string[], _ctx: ParseContext): BindModel {
  const addr = args[1];
  if (addr === undefined || addr === '')
    throw new ConfigError(`'bind' expects {<path>|[addr1]:port1[-end1]}{,[addr]:port[-end]}... as arguments.`);
  let addresses;
  try {
    addresses = parseBindAddresses(addr);
  } catch (e) {
    if (e instanceof AddressError) throw new ConfigError(`'bind' : ${e.message}`);
    throw e;
  }
  const b: BindModel = { place: _ctx.st.place, addresses, other: {} };
  const env = tlsFileEnv(_ctx.config.global);
  for (let i = 2; i < args.length; ) {
    const name = args[i]!;
    const opt = BIND_BY_NAME.get(name);
    if (!opt) {
      throw new ConfigError(
        `'bind ${addr}' in section '${p.kind}': unknown keyword '${name}'${didYouMean(bestMatch(name, BIND_BY_NAME.keys())) || '.'}`,
      );
    }
    const vals = args.slice(i + 1, i + 1 + opt.nargs);
    if (vals.length < opt.nargs) throw new ConfigError(`'bind ${addr}' : '${name}' : missing value.`);
    try {
      opt.apply(b, vals, env);
    } catch (e) {
      if (e instanceof ConfigError) throw new ConfigError(`'bind ${addr}' in section '${p.kind}' : ${e.message}`);
      throw e;
    }
    b.other[name] = vals;
    i += 1 + opt.nargs;
  }
  p.binds.push(b);
  return b;
}

export const bindKeyword: Keyword<ProxyModel> = {
  name: 'bind',
  help: 'listening address(es) and options',
  status: 'supported',
  cap: CAP_FE,
  capMismatch: 'warn',
  parse: (p, args, ctx) => void parseBindLine(p, args, ctx),
};
