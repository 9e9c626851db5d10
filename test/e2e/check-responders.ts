/**
 * Small protocol servers for the check e2e tests, each switched between a good and a bad answer:
 * an SMTP responder (`option smtpchk`), an LDAP responder writing a minimal BER bind response
 * (`option ldap-check`), a TLS server (`option ssl-hello-chk`) with a certificate made by
 * `openssl req`, and a backup server that answers "FALLBACK". All on 127.0.0.1, ephemeral ports.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer as createTlsServer, connect as tlsConnect } from 'node:tls';
import { raw } from './harness.js';

export interface Responder {
  readonly port: number;
  /** Answer as a healthy server (true) or a failing one (false). */
  good: boolean;
  /** Connections accepted so far. */
  connections: number;
  close(): Promise<void>;
}

function listen(onConn: (s: Socket, r: Responder) => void): Promise<Responder> {
  return new Promise((resolve) => {
    const sockets = new Set<Socket>();
    const r = { port: 0, good: true, connections: 0 } as Responder & { port: number };
    const server: Server = createServer((s) => {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => undefined);
      r.connections++;
      onConn(s, r);
    });
    r.close = () =>
      new Promise<void>((done) => {
        for (const s of sockets) s.destroy();
        server.close(() => done());
      });
    server.listen(0, '127.0.0.1', () => {
      r.port = (server.address() as AddressInfo).port;
      resolve(r);
    });
  });
}

/** A backup server answering "FALLBACK\n" to every connection. */
export function fallback(): Promise<Responder> {
  return listen((s) => s.end('FALLBACK\n'));
}

/** SMTP: a 220 banner, then 250 to HELO (good); a 554 banner (bad). */
export function smtpResponder(): Promise<Responder> {
  return listen((s, r) => {
    if (!r.good) {
      s.end('554 5.3.2 smtp.test service not available\r\n');
      return;
    }
    s.write('220 smtp.test ESMTP ready\r\n');
    let buf = '';
    s.on('data', (d: Buffer) => {
      buf += d.toString('latin1');
      let i: number;
      while ((i = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, i).trim();
        buf = buf.slice(i + 1);
        if (/^QUIT/i.test(line)) s.end('221 2.0.0 bye\r\n');
        else if (/^(HELO|EHLO)/i.test(line)) s.write('250 smtp.test\r\n');
        else s.write('502 5.5.2 unknown command\r\n');
      }
    });
  });
}

/**
 * An LDAPv3 BindResponse (RFC 4511 4.2.2), message id 1, empty matchedDN and diagnosticMessage:
 * SEQUENCE { INTEGER 1, [APPLICATION 1] { ENUMERATED resultCode, OCTET STRING "", OCTET STRING "" } }.
 */
export function ldapBindResponse(resultCode: number): Buffer {
  return Buffer.from([0x30, 0x0c, 0x02, 0x01, 0x01, 0x61, 0x07, 0x0a, 0x01, resultCode, 0x04, 0x00, 0x04, 0x00]);
}

/** LDAP: answers each bind request (any message starting with a SEQUENCE) with success or 49. */
export function ldapResponder(): Promise<Responder> {
  return listen((s, r) => {
    s.on('data', (d: Buffer) => {
      if (d[0] === 0x30) s.write(ldapBindResponse(r.good ? 0 : 49));
    });
  });
}

/** An anonymous simple bind request, message id 1 (as a client sends, and `ldap-check`). */
export const LDAP_BIND = Buffer.from([0x30, 0x0c, 0x02, 0x01, 0x01, 0x60, 0x07, 0x02, 0x01, 0x03, 0x04, 0x00, 0x80, 0x00]);

export interface Cert {
  readonly key: Buffer;
  readonly cert: Buffer;
}

/** A throw-away self-signed certificate made with `openssl req` (undefined without openssl). */
export function makeCert(cn = 'check.test'): Cert | undefined {
  const dir = mkdtempSync(join(tmpdir(), 'switchyard-cert-'));
  try {
    const r = spawnSync(
      'openssl',
      ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', join(dir, 'k.pem'), '-out', join(dir, 'c.pem'), '-days', '1', '-subj', `/CN=${cn}`],
      { timeout: 20_000 },
    );
    if (r.status !== 0) return undefined;
    return { key: readFileSync(join(dir, 'k.pem')), cert: readFileSync(join(dir, 'c.pem')) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The server names (SNI) TLS clients sent to tlsResponder() servers, latest last. */
export const tlsServerNames: string[] = [];

/** TLS (node:tls) when good; when bad, a plain-text server that answers garbage. */
export function tlsResponder(c: Cert): Promise<Responder> {
  const tls = createTlsServer({ key: c.key, cert: c.cert }, (t) => {
    t.on('error', () => undefined);
    const sni = (t as unknown as { servername?: string | false }).servername;
    if (sni && tlsServerNames.length < 1000) tlsServerNames.push(sni);
    t.end('TLS-HELLO\n');
  });
  tls.on('tlsClientError', () => undefined);
  return listen((s, r) => {
    if (r.good) tls.emit('connection', s);
    else s.end('HTTP/1.0 400 Bad Request\r\n\r\n');
  });
}

/** Who answers a TLS client through the proxy: 'srv' (handshake done), 'backup' or 'none'. */
export function tlsWho(port: number): Promise<string> {
  return new Promise((resolve) => {
    let data = '';
    let done = false;
    const finish = (w: string): void => {
      if (done) return;
      done = true;
      clearTimeout(t);
      s.destroy();
      resolve(w);
    };
    const s = tlsConnect({ host: '127.0.0.1', port, rejectUnauthorized: false });
    const t = setTimeout(() => finish('none(timeout)'), 2000);
    s.on('data', (d: Buffer) => {
      data += d.toString();
      if (data.includes('TLS-HELLO')) finish('srv');
    });
    s.on('error', (e) => {
      // The backup speaks plain text: no TLS record, OpenSSL gives up ("wrong version number").
      finish(/wrong version number|packet length too long|EPROTO/i.test(`${e.message} ${(e as NodeJS.ErrnoException).code}`) ? 'backup' : `none(${e.message})`);
    });
  });
}

/** Who answers a plain client through the proxy, from the first bytes. */
export async function plainWho(port: number, send: Buffer, isSrv: (d: string) => boolean): Promise<string> {
  const r = await raw(port, send.length ? [send] : [], { until: (d) => isSrv(d) || d.includes('FALLBACK\n'), timeoutMs: 2000 });
  if (r.data.includes('FALLBACK')) return 'backup';
  return isSrv(r.data) ? 'srv' : `none(${JSON.stringify(r.data.slice(0, 40))})`;
}
