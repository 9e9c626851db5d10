/**
 * TLS termination for one `bind ... ssl` line (HAProxy's ssl_sock.c server side): certificates
 * chosen by SNI (exact names, then wildcards, then the default = first certificate; RSA and ECDSA
 * of one name share a context so OpenSSL picks by the client's signature algorithms), strict-sni,
 * versions, ciphers, curves, ALPN, client-certificate verification (verify, ca-file, crl-file,
 * ca-ignore-err, crt-ignore-err), OCSP stapling, session tickets (tls-ticket-keys, no-tls-tickets)
 * and a session cache.
 *
 * Admitted sockets are injected into a non-listening node:tls Server (`emit('connection')`), which
 * runs the handshake; `ready` gets the TLS socket and its facts, `fail` the reason it ended.
 */
import { createHash, randomBytes, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Socket } from 'node:net';
import { createSecureContext, createServer, TLSSocket, type SecureContext, type SecureContextOptions, type Server as TlsServer } from 'node:tls';
import type { BindModel, BindSslModel, CrtListOptions, LoadedCert } from '../config/model/bind.js';
import type { GlobalModel } from '../config/model/global.js';
import { NO_ERRORS, TlsConnFacts, verifyVerdict, x509ErrorNumber, type Verdict } from './tls-facts.js';
import { nodeTicketKey } from './tls-files.js';
import { MAX_HELLO_RECORD, peekHello } from './tls-hello.js';
import { applyOptionWords, emptyVersionOptions, nodeCiphers, secureOptions, versionRange, type VersionOptions } from './tls-options.js';

/**
 * ALPN protocols that have a session behind them besides HTTP/1.x. A bind's `alpn h2` only selects
 * h2 once the HTTP/2 session registers here (`ALPN_SESSIONS.add('h2')`); until then such clients
 * get http/1.1 as from a server without h2.
 */
export const ALPN_SESSIONS = new Set<string>();

function speakable(p: string): boolean {
  return p === 'http/1.1' || p === 'http/1.0' || ALPN_SESSIONS.has(p) || !p.startsWith('h2');
}

/** What this module uses of node 20's TLSSocket internals (lib/_tls_wrap.js). */
interface TlsSocketInternals {
  _rejectUnauthorized: boolean;
  _controlReleased: boolean;
  secureConnecting: boolean;
  _handle: { verifyError(): Error | null } | null;
  _releaseControl(): boolean;
}

/** The context a node:tls Server built from its options (what its own sockets get). */
interface ServerInternals {
  readonly _sharedCreds: SecureContext;
}

export type TlsReady = (s: TLSSocket, facts: TlsConnFacts) => void;
export type TlsFail = (reason: string) => void;

/** A TLS setting error in HAProxy's words (without the proxy/bind prefix). */
export class TlsSetupError extends Error {}

type Verify = 'none' | 'optional' | 'required';

/** One certificate of the bind line with the names it answers for. */
interface Entry {
  readonly index: number;
  /** Replaced in place by a runtime `commit ssl cert`. */
  cert: LoadedCert;
  names: readonly string[];
  readonly negative: ReadonlySet<string>;
  readonly options: CrtListOptions;
}

/** What a context applies once the handshake is done (per crt-list line). */
interface Policy {
  readonly verify: Verify;
  readonly alpn: readonly string[] | undefined;
}

/** Error numbers of ca-ignore-err / crt-ignore-err: 'all' or a list. */
type IgnoreSet = 'all' | ReadonlySet<number>;

function ignoreSet(v: string | undefined): IgnoreSet {
  if (v === undefined) return new Set();
  if (v === 'all') return 'all';
  // As HAProxy 2.6: atoi() of each item (the configuration check refused anything else).
  return new Set(v.split(',').map((w) => Number(/^\s*(\d+)/.exec(w)?.[1] ?? 0)));
}

function ignored(set: IgnoreSet, err: number): boolean {
  return set === 'all' || set.has(err);
}

/** Session cache for session-id resumption (HAProxy's tune.ssl.cachesize / tune.ssl.lifetime). */
class SessionCache {
  private readonly map = new Map<string, { data: Buffer; expires: number }>();
  constructor(
    private readonly size: number,
    private readonly lifetimeMs: number,
  ) {}

  put(id: Buffer, data: Buffer): void {
    if (this.size <= 0) return;
    const k = id.toString('latin1');
    this.map.delete(k);
    if (this.map.size >= this.size) {
      const oldest = this.map.keys().next().value;
      if (oldest !== undefined) this.map.delete(oldest);
    }
    this.map.set(k, { data, expires: Date.now() + this.lifetimeMs });
  }

  get(id: Buffer): Buffer | null {
    const k = id.toString('latin1');
    const e = this.map.get(k);
    if (!e) return null;
    if (e.expires < Date.now()) {
      this.map.delete(k);
      return null;
    }
    return e.data;
  }
}

/** One secure context of the bind and the node:tls server that runs handshakes with it. */
interface CtxEntry {
  readonly ctx: SecureContext;
  /** The options it was made of: a node:tls Server builds its own context from them. */
  readonly opts: SecureContextOptions;
  readonly policy: Policy;
  server: TlsServer | undefined;
}

interface Pending {
  readonly ready: TlsReady;
  readonly fail: TlsFail;
  readonly sni: string | undefined;
  readonly entry: CtxEntry;
  settled: boolean;
}

export class TlsTerminator {
  private readonly ssl: BindSslModel;
  private readonly entries: Entry[];
  private exact = new Map<string, Entry[]>();
  private wildcard = new Map<string, Entry[]>();
  private contexts = new Map<string, CtxEntry>();
  private readonly base: SecureContextOptions;
  private readonly defaultPolicy: Policy;
  private readonly strictSni: boolean;
  private readonly caIgnore: IgnoreSet;
  private readonly crtIgnore: IgnoreSet;
  private ocsp = new Map<string, Buffer>();
  private readonly cache: SessionCache;
  private readonly handshakeTimeout: number;
  private readonly lifetime: number;
  /** The key every context of this bind encrypts tickets with (node:tls: one key). */
  private ticketKey: Buffer;
  /** Whether a connection's ClientHello must be read first to choose its certificates. */
  private readonly peek: boolean;
  private bare: CtxEntry | undefined;
  /** Bind label for messages. */
  readonly label: string;

  constructor(bind: BindModel, g: GlobalModel, handshakeTimeout: number, label: string) {
    const ssl = bind.ssl!;
    this.ssl = ssl;
    this.label = label;
    this.strictSni = ssl.strictSni === true;
    this.caIgnore = ignoreSet(ssl.caIgnoreErr);
    this.crtIgnore = ignoreSet(ssl.crtIgnoreErr);
    this.handshakeTimeout = handshakeTimeout > 0 ? handshakeTimeout : 120_000;
    const vo = bindVersionOptions(ssl, g);
    const range = versionRange(vo);
    const ciphers = nodeCiphers(ssl.ciphers ?? g.sslDefaultBindCiphers, ssl.ciphersuites ?? g.sslDefaultBindCiphersuites);
    const curves = ssl.curves ?? ssl.ecdhe ?? g.sslDefaultBindCurves;
    this.base = {
      ...range,
      ...(ciphers !== undefined ? { ciphers } : {}),
      ...(curves !== undefined ? { ecdhCurve: curves } : {}),
      honorCipherOrder: !vo.preferClientCiphers,
      secureOptions: secureOptions(vo),
      // One id context for the process, as HAProxy's constant one: tickets travel between binds.
      sessionIdContext: 'switchyard',
      ...(g.sslDhParamFile !== undefined ? { dhparam: readDh(g.sslDhParamFile) } : {}),
      ...(ssl.caPem !== undefined ? { ca: ssl.caPem } : {}),
      ...(ssl.crlPem !== undefined ? { crl: ssl.crlPem } : {}),
    };
    this.defaultPolicy = { verify: ssl.verify ?? 'none', alpn: ssl.alpn };
    this.entries = ssl.certs.map((cert, index) => entryOf(cert, index));
    this.indexNames();
    this.peek = this.strictSni || this.entries.length > 1;
    this.lifetime = typeof g.tune['ssl.lifetime'] === 'number' ? (g.tune['ssl.lifetime'] as number) : 300_000;
    const cacheSize = typeof g.tune['ssl.cachesize'] === 'number' ? (g.tune['ssl.cachesize'] as number) : 20000;
    this.cache = new SessionCache(cacheSize, this.lifetime);
    const keys = ssl.ticketKeys;
    this.ticketKey = keys ? nodeTicketKey(keys[keys.length - 2]!) : randomBytes(48);
  }

  /** The name and OCSP maps of the entries' certificates. */
  private indexNames(): void {
    this.exact = new Map();
    this.wildcard = new Map();
    this.ocsp = new Map();
    for (const e of this.entries) {
      for (const n of e.names) {
        if (n.startsWith('*.')) push(this.wildcard, n.slice(2), e);
        else push(this.exact, n, e);
      }
      if (e.cert.ocsp) this.ocsp.set(fingerprint(e.cert.certPem), e.cert.ocsp);
    }
  }

  /** How many of this bind's certificate instances come from `path` (a crt-list line each). */
  instancesOf(path: string): number {
    return this.entries.filter((e) => e.cert.path === path).length;
  }

  /** The certificates of this bind as loaded (paths in declaration order). */
  loadedCerts(): readonly LoadedCert[] {
    return this.entries.map((e) => e.cert);
  }

  /**
   * Runtime `commit ssl cert`: every instance of `path` takes `cert` (crt-list options and SNI
   * filters stay); contexts are rebuilt for new handshakes, connections already made keep theirs.
   * Throws TlsSetupError (and changes nothing) if a context cannot be built.
   */
  replaceCert(path: string, cert: LoadedCert): void {
    const touched = this.entries.filter((e) => e.cert.path === path);
    if (touched.length === 0) return;
    const before = touched.map((e) => e.cert);
    const saved = { exact: this.exact, wildcard: this.wildcard, ocsp: this.ocsp, contexts: this.contexts, bare: this.bare };
    for (const e of touched) {
      e.cert = { ...cert, path, ...(e.cert.options ? { options: e.cert.options } : {}), ...(e.cert.filters ? { filters: e.cert.filters } : {}) };
      if ((e.cert.filters ?? []).length === 0) e.names = cert.names;
    }
    this.contexts = new Map();
    this.indexNames();
    try {
      this.prepareAll();
    } catch (err) {
      touched.forEach((e, i) => {
        e.cert = before[i]!;
        if ((e.cert.filters ?? []).length === 0) e.names = e.cert.names;
      });
      Object.assign(this, saved);
      throw err;
    }
  }

  /** The `tls-ticket-keys` file of the bind and its three keys as loaded, if it has one. */
  ticketFile(): { path: string; keys: readonly Buffer[] } | undefined {
    const path = this.ssl.tlsTicketKeys;
    const keys = this.ssl.ticketKeys;
    return path !== undefined && keys !== undefined ? { path, keys } : undefined;
  }

  /** Replace the ticket encryption key (runtime `set ssl tls-key`): every context of the bind. */
  setTicketKey(key: Buffer): void {
    this.ticketKey = nodeTicketKey(key);
    for (const c of this.contexts.values()) c.server?.setTicketKeys(this.ticketKey);
  }

  /** Build every context now so that bad ciphers or curves are reported at start-up. */
  prepareAll(): void {
    for (const e of this.entries) this.contextFor([e]);
    const names = new Set([...this.exact.keys(), ...[...this.wildcard.keys()].map((w) => `*.${w}`)]);
    for (const n of names) {
      const probe = n.startsWith('*.') ? `x.${n.slice(2)}` : n;
      this.lookup(probe, true);
      this.lookup(probe, false);
    }
  }

  /** Run the handshake on an admitted socket; `initial`: bytes already read (after a PROXY header). */
  accept(raw: Socket, initial: Buffer | undefined, ready: TlsReady, fail: TlsFail): void {
    if (!this.peek) {
      this.start(raw, initial, undefined, this.defaultEntry(), ready, fail);
      return;
    }
    // Read the ClientHello first (bounded in size and time), then choose the certificates.
    let buf = initial ?? Buffer.alloc(0);
    let over = false;
    const done = (): void => {
      over = true;
      clearTimeout(timer);
      raw.removeListener('data', onData);
      raw.removeListener('end', onGone);
      raw.removeListener('close', onGone);
      raw.removeListener('error', onGone);
    };
    const decide = (): boolean => {
      const h = peekHello(buf);
      if (h.kind === 'incomplete' && buf.length < MAX_HELLO_RECORD) return false;
      done();
      raw.pause();
      const sni = h.kind === 'hello' ? h.sni : undefined;
      const found = sni !== undefined ? this.lookup(sni, h.kind === 'hello' && h.ecdsa) : undefined;
      const entry = found ?? (this.strictSni ? this.bareEntry() : this.defaultEntry());
      this.start(raw, buf, sni, entry, ready, fail);
      return true;
    };
    const onData = (c: Buffer): void => {
      buf = buf.length === 0 ? c : Buffer.concat([buf, c]);
      decide();
    };
    const onGone = (): void => {
      if (over) return;
      done();
      raw.on('error', noop);
      raw.destroy();
      fail('Connection closed during SSL handshake');
    };
    const timer = setTimeout(() => {
      if (over) return;
      done();
      raw.on('error', noop);
      raw.destroy();
      fail('Timeout during SSL handshake');
    }, this.handshakeTimeout);
    if (buf.length > 0 && decide()) return;
    raw.on('data', onData);
    raw.on('end', onGone);
    raw.on('close', onGone);
    raw.on('error', onGone);
    raw.resume();
  }

  /**
   * Run the handshake on the socket (the bytes already read put back) with a TLSSocket of our own
   * on the context's node:tls server (which only carries the context, session and OCSP events):
   * as node's own connection listener does, except that `verify required` keeps OpenSSL's
   * "certificate required" refusal while the verification result is judged here, with
   * ca-ignore-err / crt-ignore-err.
   */
  private start(raw: Socket, initial: Buffer | undefined, sni: string | undefined, entry: CtxEntry, ready: TlsReady, fail: TlsFail): void {
    if (initial && initial.length > 0) raw.unshift(initial);
    const p: Pending = { ready, fail, sni, entry, settled: false };
    // Whatever ends the connection before the session takes it still frees its slot, once.
    raw.once('close', () => {
      if (p.settled) return;
      p.settled = true;
      fail(entry.policy.verify === 'required' ? 'SSL client certificate not trusted' : 'Connection closed during SSL handshake');
    });
    const srv = this.serverOf(entry);
    const pol = entry.policy;
    const requestCert = pol.verify !== 'none';
    const opts = {
      secureContext: (srv as unknown as ServerInternals)._sharedCreds,
      isServer: true,
      server: srv,
      requestCert,
      // OpenSSL's SSL_VERIFY_FAIL_IF_NO_PEER_CERT: a client without certificate gets the alert.
      rejectUnauthorized: pol.verify === 'required',
      handshakeTimeout: this.handshakeTimeout,
      ...(pol.alpn ? { ALPNCallback: alpnChooser(pol.alpn) } : {}),
    };
    const s = new TLSSocket(raw, opts as ConstructorParameters<typeof TLSSocket>[1]);
    const inner = s as unknown as TlsSocketInternals;
    // ... but a certificate that fails verification is ours to judge (node would just close).
    inner._rejectUnauthorized = false;
    const onError = (err: Error): void => {
      if (inner._controlReleased || p.settled) return;
      p.settled = true;
      s.destroy();
      p.fail(handshakeReason(err));
    };
    s.on('_tlsError', onError);
    s.on('error', onError);
    s.once('secure', () => {
      if (requestCert) {
        const ve = inner._handle?.verifyError() ?? null;
        if (ve) (s as unknown as { authorizationError: string }).authorizationError = (ve as NodeJS.ErrnoException).code ?? '';
        else s.authorized = true;
      }
      if (s.destroyed || !inner._releaseControl()) return;
      inner.secureConnecting = false;
      if (p.settled) {
        s.destroy();
        return;
      }
      p.settled = true;
      this.onSecure(s, entry, p);
    });
  }

  private serverOf(entry: CtxEntry): TlsServer {
    if (entry.server) return entry.server;
    const srv = createServer({
      ...entry.opts,
      allowHalfOpen: true,
      ticketKeys: this.ticketKey,
      sessionTimeout: Math.max(1, Math.round(this.lifetime / 1000)),
    });
    srv.on('newSession', (id: Buffer, data: Buffer, cb: () => void) => {
      this.cache.put(id, data);
      cb();
    });
    srv.on('resumeSession', (id: Buffer, cb: (err: Error | null, data: Buffer | null) => void) => cb(null, this.cache.get(id)));
    if (this.ocsp.size > 0) {
      srv.on('OCSPRequest', (cert: Buffer, _issuer: Buffer, cb: (err: Error | null, resp: Buffer | null) => void) => {
        cb(null, cert ? (this.ocsp.get(createHash('sha1').update(cert).digest('hex')) ?? null) : null);
      });
    }
    entry.server = srv;
    return srv;
  }

  private onSecure(s: TLSSocket, entry: CtxEntry, p: Pending): void {
    const policy = entry.policy;
    const alpn = negotiated(s.alpnProtocol, policy.alpn);
    let verdict: Verdict = NO_ERRORS;
    let peer: X509Certificate | undefined;
    if (policy.verify !== 'none') {
      peer = s.getPeerX509Certificate();
      if (peer === undefined) {
        if (policy.verify === 'required') {
          s.destroy();
          p.fail('SSL client certificate not trusted');
          return;
        }
      } else if (!s.authorized) {
        const code = s.authorizationError as unknown as string | undefined;
        verdict = verifyVerdict(x509ErrorNumber(code), peer, chainLength(s));
        const refused = verdict.errors.find((e) => !ignored(e.depth > 0 ? this.caIgnore : this.crtIgnore, e.err));
        if (refused) {
          s.destroy();
          p.fail(refused.depth > 0 ? 'SSL client CA chain cannot be verified' : 'SSL client certificate not trusted');
          return;
        }
      }
    }
    p.ready(s, new TlsConnFacts(s, alpn, verdict, peer, p.sni));
  }

  private defaultEntry(): CtxEntry {
    const first = this.entries[0];
    return first ? this.contextFor([first]) : this.bareEntry();
  }

  /** A context without certificate: the handshake fails with an alert (strict-sni, no match). */
  private bareEntry(): CtxEntry {
    if (this.bare) return this.bare;
    const { ca, crl, ...rest } = this.base;
    void ca;
    void crl;
    this.bare = { ctx: buildContext(rest, this.label), opts: rest, policy: this.defaultPolicy, server: undefined };
    return this.bare;
  }

  /** The certificates for a server name: exact names first, then `*.<parent>`; undefined: default. */
  private lookup(name: string, ecdsa = true): CtxEntry | undefined {
    let list = this.exact.get(name)?.filter((e) => !e.negative.has(name));
    if (!list || list.length === 0) {
      const dot = name.indexOf('.');
      list = dot > 0 ? this.wildcard.get(name.slice(dot + 1))?.filter((e) => !e.negative.has(name)) : undefined;
    }
    if (!list || list.length === 0) return undefined;
    return this.contextFor(list, ecdsa);
  }

  /**
   * The context of one certificate among those of a name (first declared wins): ECDSA when the
   * client accepts it, else RSA, as HAProxy's ClientHello callback chooses.
   */
  private contextFor(list: readonly Entry[], ecdsa = true): CtxEntry {
    const ec = list.find((e) => e.cert.keyType === 'ec');
    const rsa = list.find((e) => e.cert.keyType === 'rsa');
    const pick = (ecdsa ? ec : rsa) ?? list[0]!;
    const chosen = [pick];
    const key = chosen.map((e) => e.index).join(',');
    let c = this.contexts.get(key);
    if (c) return c;
    const o = chosen[0]!.options;
    const opts: SecureContextOptions = {
      ...this.base,
      key: chosen.map((e) => e.cert.keyPem),
      cert: chosen.map((e) => e.cert.certPem),
    };
    if (o.caPem !== undefined) opts.ca = o.caPem;
    if (o.crlPem !== undefined) opts.crl = o.crlPem;
    if (o.ciphers !== undefined || o.ciphersuites !== undefined) {
      opts.ciphers = nodeCiphers(o.ciphers ?? this.ssl.ciphers, o.ciphersuites ?? this.ssl.ciphersuites);
    }
    if (o.curves !== undefined) opts.ecdhCurve = o.curves;
    if (o.sslMinVer !== undefined || o.sslMaxVer !== undefined) {
      const vo: VersionOptions = emptyVersionOptions();
      vo.min = o.sslMinVer ?? this.ssl.sslMinVer;
      vo.max = o.sslMaxVer ?? this.ssl.sslMaxVer;
      Object.assign(opts, versionRange(vo));
    }
    const ctx = buildContext(opts, this.label);
    c = { ctx, opts, policy: { verify: o.verify ?? this.defaultPolicy.verify, alpn: o.alpn ?? this.defaultPolicy.alpn }, server: undefined };
    this.contexts.set(key, c);
    return c;
  }
}

/**
 * ALPN selection in the server's order. HAProxy goes on without ALPN when nothing matches;
 * node:tls can only fail or pick one of the client's: http/1.1 is what a connection without ALPN
 * speaks anyway.
 */
function alpnChooser(ours: readonly string[]): (a: { protocols: string[] }) => string | undefined {
  return ({ protocols }) => {
    for (const p of ours) if (protocols.includes(p) && speakable(p)) return p;
    return protocols.includes('http/1.1') ? 'http/1.1' : undefined;
  };
}

function noop(): void {}

/** createSecureContext with HAProxy's messages for what it refuses. */
export function buildContext(opts: SecureContextOptions, label: string): SecureContext {
  try {
    return createSecureContext(opts);
  } catch (e) {
    const m = e instanceof Error ? e.message : String(e);
    if (/cipher/i.test(m)) {
      const tls13 = opts.ciphers?.split(':').filter((c) => c.startsWith('TLS_')) ?? [];
      if (/ciphersuite|TLSv1\.3/i.test(m) || tls13.length > 0 && /no cipher match/i.test(m) === false)
        throw new TlsSetupError(`unable to set TLS 1.3 cipher suites to '${tls13.join(':')}' for ${label}.`);
      throw new TlsSetupError(`unable to set SSL cipher list to '${opts.ciphers ?? ''}' for ${label}.`);
    }
    if (/curve|ECDH/i.test(m)) throw new TlsSetupError(`unable to set SSL curves list to '${opts.ecdhCurve ?? ''}' for ${label}.`);
    throw new TlsSetupError(`unable to set up TLS for ${label}: ${m}.`);
  }
}

/** Global `ssl-default-bind-options` then the bind line's own flags. */
export function bindVersionOptions(ssl: BindSslModel, g: GlobalModel): VersionOptions {
  const vo = emptyVersionOptions();
  applyOptionWords(vo, g.sslDefaultBindOptions);
  if (ssl.sslMinVer) vo.min = ssl.sslMinVer;
  if (ssl.sslMaxVer) vo.max = ssl.sslMaxVer;
  const flags: Array<[boolean | undefined, string]> = [
    [ssl.noSslv3, 'no-sslv3'], [ssl.noTlsv10, 'no-tlsv10'], [ssl.noTlsv11, 'no-tlsv11'], [ssl.noTlsv12, 'no-tlsv12'],
    [ssl.noTlsv13, 'no-tlsv13'], [ssl.forceTlsv12, 'force-tlsv12'], [ssl.forceTlsv13, 'force-tlsv13'],
    [ssl.noTlsTickets, 'no-tls-tickets'], [ssl.preferClientCiphers, 'prefer-client-ciphers'],
  ];
  applyOptionWords(vo, flags.filter(([on]) => on === true).map(([, w]) => w));
  return vo;
}

function entryOf(cert: LoadedCert, index: number): Entry {
  const f = cert.filters ?? [];
  const pos = f.filter((x) => !x.startsWith('!'));
  const neg = new Set(f.filter((x) => x.startsWith('!')).map((x) => x.slice(1)));
  return { index, cert, names: f.length > 0 ? pos : cert.names, negative: neg, options: cert.options ?? {} };
}

function push<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const l = m.get(k);
  if (l) l.push(v);
  else m.set(k, [v]);
}

function fingerprint(certPem: string): string {
  return createHash('sha1').update(new X509Certificate(certPem).raw).digest('hex');
}

function readDh(path: string): string | undefined {
  try {
    return readFileSync(path, 'latin1');
  } catch {
    return undefined;
  }
}

/** The protocol the session may act on: only one of ours counts as negotiated. */
function negotiated(p: string | false | null, ours: readonly string[] | undefined): string | undefined {
  if (typeof p !== 'string' || p === '') return undefined;
  return ours && ours.includes(p) ? p : undefined;
}

function chainLength(s: TLSSocket): number {
  let c = s.getPeerCertificate(true) as { issuerCertificate?: unknown; fingerprint256?: string } | undefined;
  let n = 0;
  const seen = new Set<string>();
  while (c && c.fingerprint256 && !seen.has(c.fingerprint256) && n < 16) {
    seen.add(c.fingerprint256);
    n++;
    c = c.issuerCertificate as typeof c;
  }
  return n;
}

/** HAProxy's connection error texts for what ended a handshake. */
function handshakeReason(err: Error): string {
  const code = (err as NodeJS.ErrnoException).code ?? '';
  if (process.env['SWITCHYARD_DEBUG_TLS'] === '1') process.stderr.write(`[tls] ${err.message}\n`);
  if (code === 'ERR_TLS_HANDSHAKE_TIMEOUT') return 'Timeout during SSL handshake';
  if (code === 'ECONNRESET' || /socket hang up|ECONNRESET/.test(err.message)) return 'Connection closed during SSL handshake';
  if (/certificate required|peer did not return a certificate/i.test(err.message)) return 'SSL client certificate not trusted';
  return 'SSL handshake failure';
}

