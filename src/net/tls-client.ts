/**
 * TLS towards servers (HAProxy's `server ... ssl`): verification (`verify`, `ca-file`, `crl-file`,
 * `verifyhost`, global `ssl-server-verify`), SNI (`sni <expr>`), ALPN, a client certificate
 * (`crt`), versions and ciphers (with `ssl-default-server-*`), and session reuse: the last session
 * of each server (per SNI) resumes the next handshake unless `no-ssl-reuse`.
 */
import { checkServerIdentity, connect as tlsConnect, type ConnectionOptions, type PeerCertificate, type SecureContext, type TLSSocket } from 'node:tls';
import type { Socket } from 'node:net';
import type { GlobalModel } from '../config/model/global.js';
import type { ServerModel, ServerSettings } from '../config/model/server.js';
import { tlsFileEnv } from '../config/sections/proxy/bind.js';
import { loadCaFile, loadCertFile, loadCrlFile, TlsFileError } from './tls-files.js';
import { applyOptionWords, emptyVersionOptions, nodeCiphers, secureOptions, versionRange } from './tls-options.js';
import { buildContext, TlsSetupError } from './tls-server.js';

/** Most sessions kept per server (one per SNI value). */
const MAX_SESSIONS = 64;

/** What HAProxy says about a server's TLS settings, or undefined when they are usable. */
export function checkServerTls(m: ServerModel, g: GlobalModel): string | undefined {
  const s = m.settings;
  if (!s.ssl && !s.checkSsl) return undefined;
  try {
    serverContextOptions(s, g);
  } catch (e) {
    if (e instanceof TlsFileError) return e.message.split('\n')[0];
    throw e;
  }
  if (s.ssl && verifyOf(s, g) && s.caFile === undefined) {
    return (
      "verify is enabled by default but no CA file specified. If you're running on a LAN where you're certain to trust " +
      "the server's certificate, please set an explicit 'verify none' statement on the 'server' line, or use " +
      "'ssl-server-verify none' in the global section to disable server-side verifications by default."
    );
  }
  try {
    buildContext(serverContextOptions(s, g), `server '${m.name}'`);
  } catch (e) {
    if (e instanceof TlsSetupError) return e.message;
    throw e;
  }
  return undefined;
}

function verifyOf(s: ServerSettings, g: GlobalModel): boolean {
  return (s.verify ?? g.sslServerVerify ?? 'required') === 'required';
}

/** The secure-context options of a server line (files read now). */
function serverContextOptions(s: ServerSettings, g: GlobalModel): import('node:tls').SecureContextOptions {
  const env = tlsFileEnv(g);
  const vo = emptyVersionOptions();
  applyOptionWords(vo, g.sslDefaultServerOptions);
  if (s.sslMinVer) vo.min = s.sslMinVer;
  if (s.sslMaxVer) vo.max = s.sslMaxVer;
  const words = Object.keys(s.other).filter((k) => /^(no|force)-(sslv3|tlsv1[0-3])$/.test(k) || k === 'no-tls-tickets');
  applyOptionWords(vo, words);
  const ciphers = nodeCiphers(s.ciphers ?? g.sslDefaultServerCiphers, s.ciphersuites ?? g.sslDefaultServerCiphersuites);
  const o: import('node:tls').SecureContextOptions = { ...versionRange(vo), secureOptions: secureOptions(vo) };
  if (ciphers !== undefined) o.ciphers = ciphers;
  const curves = s.other['curves']?.[0];
  if (curves !== undefined) o.ecdhCurve = curves;
  if (s.caFile !== undefined) o.ca = loadCaFile(s.caFile, env);
  if (s.crlFile !== undefined) o.crl = loadCrlFile(s.crlFile, env);
  if (s.crt !== undefined) {
    const c = loadCertFile(s.crt.startsWith('/') || !env.crtBase ? s.crt : `${env.crtBase}/${s.crt}`, env);
    o.cert = c.certPem;
    o.key = c.keyPem;
  }
  return o;
}

/** The per-request SNI value of a server (`sni <expr>`), computed by the caller's rules engine. */
export type SniSource = (() => string | undefined) | undefined;

export class TlsOrigin {
  readonly context: SecureContext;
  readonly verify: boolean;
  readonly alpn: string[] | undefined;
  readonly reuse: boolean;
  readonly verifyHost: string | undefined;
  private readonly sessions = new Map<string, Buffer>();

  constructor(m: ServerModel, g: GlobalModel) {
    const s = m.settings;
    this.context = buildContext(serverContextOptions(s, g), `server '${m.name}'`);
    this.verify = verifyOf(s, g);
    this.alpn = s.alpn;
    this.reuse = s.noSslReuse !== true;
    this.verifyHost = s.other['verifyhost']?.[0];
    if (s.other['no-verifyhost']) this.verifyHost = undefined;
  }

  /** Start the handshake on `raw` (connecting or connected). `sni`: this connection's server name. */
  wrap(raw: Socket, sni: string | undefined, alpn: readonly string[] | undefined = this.alpn): TLSSocket {
    return tlsConnect(this.options(raw, sni, alpn));
  }

  /** node:tls options for one connection (also used by health checks with their own SNI/ALPN). */
  options(raw: Socket, sni: string | undefined, alpn: readonly string[] | undefined): ConnectionOptions {
    const key = sni ?? '';
    const session = this.reuse ? this.sessions.get(key) : undefined;
    const host = this.verifyHost ?? sni;
    const o: ConnectionOptions = {
      socket: raw,
      secureContext: this.context,
      rejectUnauthorized: this.verify,
      checkServerIdentity: (_h: string, cert: PeerCertificate) => (host && this.verify ? checkServerIdentity(host, cert) : undefined),
      ...(sni !== undefined && sni !== '' && !/^[\d.]+$|:/.test(sni) ? { servername: sni } : {}),
      ...(alpn && alpn.length > 0 ? { ALPNProtocols: [...alpn] } : {}),
      ...(session ? { session } : {}),
    };
    return o;
  }

  /** What a health check over TLS shares with traffic: context, verification (its own SNI/ALPN). */
  checkOptions(sni: string | undefined): ConnectionOptions {
    const host = this.verifyHost ?? sni;
    return {
      secureContext: this.context,
      rejectUnauthorized: this.verify,
      checkServerIdentity: (_h: string, cert: PeerCertificate) => (host && this.verify ? checkServerIdentity(host, cert) : undefined),
    };
  }

  /** Remember the session a handshake produced (called on the socket's 'session' event). */
  keep(sni: string | undefined, session: Buffer): void {
    if (!this.reuse) return;
    const key = sni ?? '';
    if (!this.sessions.has(key) && this.sessions.size >= MAX_SESSIONS) {
      const first = this.sessions.keys().next().value;
      if (first !== undefined) this.sessions.delete(first);
    }
    this.sessions.set(key, session);
  }

  /** A session that failed to resume is forgotten. */
  forget(sni: string | undefined): void {
    this.sessions.delete(sni ?? '');
  }
}
