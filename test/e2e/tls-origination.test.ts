/**
 * `server ... ssl` towards a real node:https server: verification against ca-file with the SNI as
 * the expected name (mismatch: 503 SC), sni / alpn sent, a client certificate (`crt`) the server
 * sees, TLS session reuse across connections, health checks over TLS (inherited, and check-sni).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { curl, freePorts, startProxy, type Proxy } from './harness.js';
import { makePki, type TestPki } from '../helpers/tls-certs.js';

let pki: TestPki;
let proxy: Proxy;
let origin: Server;
let P: number[];
let handshakes = 0;
const checkSni: string[] = [];

before(async () => {
  pki = makePki();
  origin = createServer({
    key: readFileSync(pki.rsa),
    cert: readFileSync(pki.rsa),
    ca: readFileSync(pki.ca),
    requestCert: true,
    rejectUnauthorized: false,
    ALPNProtocols: ['http/1.1'],
  }, (req, res) => {
    const s = req.socket as TLSSocket;
    const peer = s.getPeerCertificate();
    res.end(`sni=${String(s.servername)} alpn=${String(s.alpnProtocol)} cn=${peer?.subject?.CN ?? '-'} reused=${s.isSessionReused()}\n`);
  });
  origin.on('secureConnection', (s: TLSSocket) => {
    handshakes++;
    if (s.servername && String(s.servername).startsWith('check')) checkSni.push(String(s.servername));
  });
  await new Promise<void>((r) => origin.listen(0, '127.0.0.1', () => r()));
  const op = (origin.address() as AddressInfo).port;
  P = await freePorts(4);
  proxy = await startProxy(
    `defaults
    mode http
    timeout connect 2s
    timeout client 5s
    timeout server 5s
    retries 0
frontend ok
    bind 127.0.0.1:${P[0]}
    default_backend ok
frontend bad
    bind 127.0.0.1:${P[1]}
    default_backend bad
frontend nover
    bind 127.0.0.1:${P[2]}
    default_backend nover
frontend chk
    bind 127.0.0.1:${P[3]}
    default_backend chk
backend ok
    http-reuse never
    server s1 127.0.0.1:${op} ssl verify required ca-file ${pki.ca} sni str(www.test) alpn http/1.1 crt ${pki.client}
backend bad
    server s1 127.0.0.1:${op} ssl verify required ca-file ${pki.ca} sni str(wrong.test)
backend nover
    server s1 127.0.0.1:${op} ssl verify none
backend chk
    option httpchk GET /
    server s1 127.0.0.1:${op} ssl verify none check inter 200ms check-sni check.test
`,
    P,
  );
});

after(async () => {
  await proxy?.stop();
  origin?.closeAllConnections();
  await new Promise<void>((r) => origin.close(() => r()));
});

test('ssl verify required with ca-file, sni and alpn sent, client certificate seen by the server', async () => {
  const r = await curl(['-H', 'connection: close', `http://127.0.0.1:${P[0]}/`]);
  assert.equal(r.stdout, 'sni=www.test alpn=http/1.1 cn=alice reused=false\n');
});

test('TLS session reuse towards the server: the next connection resumes', async () => {
  const before = handshakes;
  let reused = false;
  for (let i = 0; i < 3 && !reused; i++) {
    const r = await curl(['-H', 'connection: close', `http://127.0.0.1:${P[0]}/`]);
    reused = /reused=true/.test(r.stdout);
  }
  assert.ok(reused, 'no resumed session towards the server');
  assert.ok(handshakes > before);
});

test('a certificate that does not match the SNI fails verification: 503, the proxy lives on', async () => {
  const r = await curl(['-i', `http://127.0.0.1:${P[1]}/`]);
  assert.match(r.stdout, /^HTTP\/1\.1 503 /);
  const ok = await curl([`http://127.0.0.1:${P[2]}/`]);
  assert.match(ok.stdout, /^sni=false alpn=false cn=- /);
});

test('health checks use TLS when the server does (with check-sni)', async () => {
  const deadline = Date.now() + 8000;
  while (checkSni.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  assert.ok(checkSni.includes('check.test'), `checks seen: ${checkSni.join(',')}`);
  const r = await curl([`http://127.0.0.1:${P[3]}/`]);
  assert.match(r.stdout, /^sni=false /);
});
