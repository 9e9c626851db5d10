/**
 * Runtime certificate and ticket-key replacement through the stats socket, side by side with
 * HAProxy 2.6: the same configuration (two TLS binds sharing a certificate, a tls-ticket-keys file),
 * the same `set/commit/abort/new/show ssl cert`, `set ssl tls-key` and `show tls-keys` commands
 * sent with socat (PEM payloads with the `<<` syntax), byte-for-byte the same replies. After the
 * commit `openssl s_client` sees the new certificate's subject on both binds, while a connection
 * made before keeps working with the certificate it was made with.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { connect, type TLSSocket } from 'node:tls';
import { after, before, describe, it } from 'node:test';
import { freePorts, startProxy } from './harness.js';
import { hasHaproxy, startHaproxy } from './lb-side.js';
import { hasSocat, sockDir, socat, waitSocket } from './api-side.js';
import { leafSubject, sClient } from './tls-helpers.js';
import { makePki, type TestPki } from '../helpers/tls-certs.js';

const skip = !hasHaproxy() ? 'haproxy 2.x is not installed' : !hasSocat() ? 'socat is not installed' : false;

interface Side {
  readonly ports: number[];
  readonly dir: string;
  stop(): Promise<void>;
  output(): string;
}

let pki: TestPki;
let renewed: string;
let renewedCrtOnly: string;

function config(dir: string, ports: number[]): string {
  return `global
    stats socket ${join(dir, 'admin.sock')} level admin
    stats socket ${join(dir, 'user.sock')} level user
defaults
    mode http
    timeout connect 2s
    timeout client 10s
    timeout server 10s
frontend fe
    bind 127.0.0.1:${ports[0]} ssl crt ${pki.rsa} crt ${pki.other} tls-ticket-keys ${pki.ticketKeys}
    bind 127.0.0.1:${ports[1]} ssl crt ${pki.rsa}
    http-request return status 200 content-type text/plain lf-string "ok\\n"
`;
}

async function start(kind: 'haproxy' | 'switchyard'): Promise<Side> {
  const dir = sockDir();
  const ports = await freePorts(2);
  const cfg = config(dir, ports);
  const p = kind === 'haproxy' ? await startHaproxy(cfg, ports[0]!) : await startProxy(cfg, ports);
  if (!(await waitSocket(join(dir, 'admin.sock')))) throw new Error(`${kind}: no stats socket\n${p.output()}`);
  return { ports, dir, stop: () => p.stop().then(() => undefined), output: p.output };
}

const K1 = randomBytes(48).toString('base64');
const K2 = randomBytes(48).toString('base64');

/** [level, command line, payload file or text] in order; state changes included. */
function script(): Array<readonly ['admin' | 'user', string, string?]> {
  const newStore = join(pki.dir, 'runtime-new.pem');
  const rsaText = readFileSync(renewed, 'latin1');
  return [
    ['user', 'show ssl cert'],
    ['user', `set ssl cert ${pki.rsa} <<`, rsaText],
    ['user', `commit ssl cert ${pki.rsa}`],
    ['admin', 'show ssl cert'],
    ['admin', `show ssl cert ${pki.rsa}`],
    ['admin', `show ssl cert ${pki.other}`],
    ['admin', 'show ssl cert /nope.pem'],
    ['admin', 'show tls-keys'],
    ['admin', 'show tls-keys *'],
    ['admin', 'show tls-keys #0'],
    ['admin', 'show tls-keys #4'],
    ['admin', `set ssl tls-key #0 ${K1}`],
    ['admin', 'show tls-keys #0'],
    ['admin', `set ssl tls-key ${pki.ticketKeys} ${K2}`],
    ['admin', `show tls-keys ${pki.ticketKeys}`],
    ['admin', `set ssl tls-key #5 ${K1}`],
    ['admin', 'set ssl tls-key #0 abc'],
    ['admin', `set ssl tls-key #0 ${randomBytes(32).toString('base64')}`],
    ['admin', 'set ssl tls-key #0'],
    ['user', `set ssl tls-key #0 ${K1}`],
    ['admin', `commit ssl cert ${pki.rsa}`],
    ['admin', `abort ssl cert ${pki.rsa}`],
    ['admin', 'commit ssl cert'],
    ['admin', 'set ssl cert /nope.pem <<', rsaText],
    ['admin', `set ssl cert ${pki.rsa} <<`, 'garbage\n'],
    ['admin', `set ssl cert ${pki.rsa}`],
    ['admin', `set ssl cert ${pki.rsa} <<`, readFileSync(pki.other, 'latin1')],
    ['admin', 'show ssl cert'],
    ['admin', `set ssl cert ${pki.rsa} <<`, rsaText],
    ['admin', `show ssl cert *${pki.rsa}`],
    ['admin', `show ssl cert *${pki.other}`],
    ['admin', `abort ssl cert ${pki.other}`],
    ['admin', `commit ssl cert ${pki.other}`],
    ['admin', `new ssl cert ${newStore}`],
    ['admin', `new ssl cert ${newStore}`],
    ['admin', `new ssl cert ${pki.rsa}`],
    ['admin', `show ssl cert ${newStore}`],
    ['admin', 'show ssl cert'],
    ['admin', `commit ssl cert ${pki.rsa}`],
    ['admin', 'show ssl cert'],
    ['admin', `show ssl cert ${pki.rsa}`],
    ['admin', `set ssl cert ${newStore} <<`, readFileSync(renewedCrtOnly, 'latin1')],
    ['admin', `commit ssl cert ${newStore}`],
    ['admin', `abort ssl cert ${newStore}`],
    ['admin', `set ssl cert ${newStore} <<`, readFileSync(pki.other, 'latin1')],
    ['admin', `commit ssl cert ${newStore}`],
    ['admin', `show ssl cert ${newStore}`],
  ];
}

async function play(side: Side, steps: ReturnType<typeof script>): Promise<string[]> {
  const out: string[] = [];
  for (const [level, cmd, payload] of steps) {
    const input = payload === undefined ? `${cmd}\n` : `${cmd}\n${payload.replace(/\n+$/, '')}\n\n`;
    out.push(`${level}> ${cmd}\n${await socat(join(side.dir, `${level}.sock`), input)}`);
  }
  return out;
}

/** A keep-alive TLS connection: request() sends one GET and resolves with the response head. */
function keepAlive(port: number): Promise<{ s: TLSSocket; subject: string; request(): Promise<string> }> {
  return new Promise((resolve, reject) => {
    const s = connect({ host: '127.0.0.1', port, servername: 'www.test', rejectUnauthorized: false }, () => {
      const subject = s.getPeerCertificate().subject?.O ?? '';
      resolve({
        s,
        subject: String(subject),
        request: () =>
          new Promise((res) => {
            let buf = '';
            const t = setTimeout(() => res(buf), 3000);
            const on = (d: Buffer): void => {
              buf += d.toString('latin1');
              if (buf.includes('\r\n\r\n') && buf.endsWith('ok\n')) {
                clearTimeout(t);
                s.removeListener('data', on);
                res(buf.split('\r\n')[0]!);
              }
            };
            s.on('data', on);
            s.write('GET / HTTP/1.1\r\nHost: www.test\r\n\r\n');
          }),
      });
    });
    s.once('error', reject);
  });
}

describe('runtime ssl cert / tls-key commands side by side with HAProxy 2.6', { skip }, () => {
  let ha: Side;
  let sy: Side;

  before(async () => {
    pki = makePki();
    const d = pki.dir;
    const o = (args: string[]): void => void execFileSync('openssl', args, { cwd: d, stdio: 'ignore', timeout: 20_000 });
    o(['req', '-new', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'renewed.key', '-out', 'renewed.csr', '-subj', '/O=Renewed/CN=www.test']);
    o(['x509', '-req', '-in', 'renewed.csr', '-CA', 'ca.crt', '-CAkey', 'ca.key', '-set_serial', '0x3001', '-out', 'renewed.crt', '-days', '30', '-extfile', 'ext-server']);
    renewed = join(d, 'renewed.pem');
    renewedCrtOnly = join(d, 'renewed.crt');
    writeFileSync(renewed, ['renewed.crt', 'ca.crt', 'renewed.key'].map((f) => readFileSync(join(d, f), 'latin1')).join(''));
    [ha, sy] = await Promise.all([start('haproxy'), start('switchyard')]);
  });

  after(async () => {
    await ha?.stop();
    await sy?.stop();
  });

  it('replies as HAProxy, new handshakes get the committed certificate, older connections are untouched', async () => {
    const sides = [ha, sy];
    const before = await Promise.all(sides.map((s) => keepAlive(s.ports[1]!)));
    for (const b of before) {
      assert.equal(b.subject, 'Switchyard');
      assert.equal(await b.request(), 'HTTP/1.1 200 OK');
    }
    const steps = script();
    const h = await play(ha, steps);
    const s = await play(sy, steps);
    for (let i = 0; i < steps.length; i++) assert.equal(s[i], h[i], `step ${i}: ${steps[i]![1]}`);
    for (const side of sides) {
      for (const port of side.ports) {
        const r = await sClient(port, ['-servername', 'www.test'], '', 100);
        assert.equal(leafSubject(r.out), 'O = Renewed, CN = www.test', `port ${port}:\n${r.out}`);
      }
      const r = await sClient(side.ports[0]!, ['-servername', 'other.test'], '', 100);
      assert.equal(leafSubject(r.out), 'CN = other.test');
    }
    for (const b of before) {
      assert.equal(await b.request(), 'HTTP/1.1 200 OK', 'the connection made before the commit still works');
      assert.equal(b.subject, 'Switchyard');
      b.s.destroy();
    }
    const fresh = await keepAlive(sy.ports[1]!);
    assert.equal(fresh.subject, 'Renewed');
    fresh.s.destroy();
  });
});
