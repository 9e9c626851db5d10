/**
 * `bind ... ssl` with real clients: certificates chosen by SNI (exact, wildcard, default, crt-list
 * filters, RSA/ECDSA by the client's abilities), strict-sni, ALPN, OCSP stapling, session
 * resumption by ticket and by session id, no-tls-tickets, TLS facts as fetches, redirect to https
 * and X-Forwarded-Proto, client certificates (required, optional with ignored errors, CRL), the
 * listener surviving failed handshakes. Certificates are made with `openssl` for the test.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { curl, freePorts, httpBackend, startProxy, type Backend, type Proxy } from './harness.js';
import { leafKey, leafSubject, sClient } from './tls-helpers.js';
import { makePki, type TestPki } from '../helpers/tls-certs.js';

let pki: TestPki;
let proxy: Proxy;
let be: Backend;
let P: number[];
const seen: Array<Record<string, string | string[] | undefined>> = [];

const FACTS =
  'sni=%[ssl_fc_sni] proto=%[ssl_fc_protocol] alpn=%[ssl_fc_alpn] used=%[ssl_c_used] has=%[ssl_fc_has_crt] ' +
  'verify=%[ssl_c_verify] cn=%[ssl_c_s_dn(CN)] sdn=%[ssl_c_s_dn] idn=%[ssl_c_i_dn] serial=%[ssl_c_serial,hex] ' +
  'sha1=%[ssl_c_sha1,hex] nb=%[ssl_c_notbefore] na=%[ssl_c_notafter] fdn=%[ssl_f_s_dn] fserial=%[ssl_f_serial,hex] ' +
  'resumed=%[ssl_fc_is_resumed] cipher=%[ssl_fc_cipher]';

before(async () => {
  pki = makePki();
  be = await httpBackend((req, res) => {
    seen.push({ ...req.headers });
    res.end(`backend ${req.url}\n`);
  });
  P = await freePorts(8);
  const list = join(pki.dir, 'list.txt');
  writeFileSync(list, `# comment\n${pki.other} [alpn http/1.1] list.test !other.test\n${pki.wildcard}\n`);
  proxy = await startProxy(
    `global
    ssl-default-bind-options ssl-min-ver TLSv1.2
frontend plain
    mode http
    timeout client 5s
    bind 127.0.0.1:${P[0]}
    bind 127.0.0.1:${P[1]} ssl crt ${pki.rsa} crt ${pki.ecdsa} crt-list ${list} crt ${pki.split} alpn h2,http/1.1
    http-request redirect scheme https code 301 if !{ ssl_fc }
    http-request set-header X-Forwarded-Proto https if { ssl_fc }
    http-request return status 200 content-type text/plain lf-string "${FACTS}\\n" if { path /facts }
    default_backend be
frontend strict
    mode http
    timeout client 5s
    bind 127.0.0.1:${P[2]} ssl crt ${pki.rsa} strict-sni no-tls-tickets
    http-request return status 200 content-type text/plain lf-string "${FACTS}\\n"
frontend mtls
    mode http
    timeout client 5s
    bind 127.0.0.1:${P[3]} ssl crt ${pki.rsa} verify required ca-file ${pki.ca} crl-file ${pki.crl}
    bind 127.0.0.1:${P[4]} ssl crt ${pki.rsa} verify optional ca-file ${pki.ca} crt-ignore-err 18,20
    bind 127.0.0.1:${P[5]} ssl crt ${pki.rsa} verify optional ca-file ${pki.ca}
    http-request return status 200 content-type text/plain lf-string "${FACTS}\\n"
frontend tickets
    mode http
    timeout client 5s
    bind 127.0.0.1:${P[6]} ssl crt ${pki.rsa} tls-ticket-keys ${pki.ticketKeys}
    bind 127.0.0.1:${P[7]} ssl crt ${pki.rsa} tls-ticket-keys ${pki.ticketKeys}
    http-request return status 200 content-type text/plain lf-string "${FACTS}\\n"
backend be
    mode http
    timeout connect 2s
    timeout server 5s
    server s1 127.0.0.1:${be.port}
`,
    P,
  );
});

after(async () => {
  await proxy?.stop();
  await be?.close();
});

const ca = (): string[] => ['--cacert', pki.ca];
const at = (name: string, port: number): string[] => ['--resolve', `${name}:${port}:127.0.0.1`, `https://${name}:${port}`];

test('curl with --cacert gets the certificate of its SNI name; facts, X-Forwarded-Proto', async () => {
  const r = await curl([...ca(), ...at('www.test', P[1]!).slice(0, 2), `https://www.test:${P[1]}/facts`]);
  assert.equal(r.status, 0, r.stderr);
  // curl offers h2,http/1.1: the bind's `alpn h2,http/1.1` picks h2 (the HTTP/2 session).
  assert.match(r.stdout, /sni=www\.test proto=TLSv1\.3 alpn=h2 used=0 has=0 verify=0 /);
  const h1 = await curl([...ca(), '--http1.1', '--resolve', `www.test:${P[1]}:127.0.0.1`, `https://www.test:${P[1]}/facts`]);
  assert.match(h1.stdout, /alpn=http\/1\.1 /);
  assert.match(r.stdout, /fdn=\/O=Switchyard\/CN=www\.test fserial=100[12] /);
  const b = await curl([...ca(), '--resolve', `rsa.test:${P[1]}:127.0.0.1`, `https://rsa.test:${P[1]}/x`]);
  assert.equal(b.stdout, 'backend /x\n');
  assert.equal(seen.at(-1)?.['x-forwarded-proto'], 'https');
});

test('redirect scheme https if !{ ssl_fc } on the clear listener', async () => {
  const r = await curl(['-i', `http://127.0.0.1:${P[0]}/a?b`]);
  assert.match(r.stdout, /^HTTP\/1\.1 301 Moved Permanently\r\n/);
  assert.match(r.stdout, /\r\nlocation: https:\/\/127\.0\.0\.1:\d+\/a\?b\r\n/i);
});

test('SNI: exact, wildcard, crt-list filters (and !negation), default = first, key beside in .key', async () => {
  const subj = async (name: string | undefined): Promise<string | undefined> =>
    leafSubject((await sClient(P[1]!, name ? ['-servername', name] : ['-noservername'])).out);
  assert.equal(await subj('www.test'), 'O = Switchyard, CN = www.test');
  assert.equal(await subj('a.wild.test'), 'CN = *.wild.test');
  assert.equal(await subj('list.test'), 'CN = other.test');
  // other.test is excluded from the crt-list line, but the split-key certificate answers for it.
  assert.equal(await subj('other.test'), 'CN = other.test');
  assert.equal(await subj('nothing.test'), 'O = Switchyard, CN = www.test');
  assert.equal(await subj(undefined), 'O = Switchyard, CN = www.test');
});

test('RSA and ECDSA side by side: ECDSA when the client accepts it, RSA otherwise', async () => {
  const ec = await sClient(P[1]!, ['-servername', 'www.test']);
  assert.equal(leafKey(ec.out), 'ec');
  const rsa13 = await sClient(P[1]!, ['-servername', 'www.test', '-sigalgs', 'rsa_pss_rsae_sha256:rsa_pkcs1_sha256']);
  assert.equal(leafKey(rsa13.out), 'rsa');
  const rsa12 = await sClient(P[1]!, ['-servername', 'www.test', '-tls1_2', '-cipher', 'ECDHE-RSA-AES128-GCM-SHA256']);
  assert.equal(leafKey(rsa12.out), 'rsa');
  assert.match(rsa12.out, /Cipher is ECDHE-RSA-AES128-GCM-SHA256/);
});

test('ALPN: the bind offers h2,http/1.1; s_client -alpn sees what was chosen; crt-list line alpn', async () => {
  const r = await sClient(P[1]!, ['-servername', 'www.test', '-alpn', 'http/1.1']);
  assert.match(r.out, /ALPN protocol: http\/1\.1/);
  const h2 = await sClient(P[1]!, ['-servername', 'www.test', '-alpn', 'h2,http/1.1']);
  assert.match(h2.out, /ALPN protocol: h2/);
  const none = await sClient(P[1]!, ['-servername', 'www.test', '-alpn', 'spdy/3,http/1.1']);
  assert.match(none.out, /ALPN protocol: http\/1\.1/);
  const l = await sClient(P[1]!, ['-servername', 'list.test', '-alpn', 'h2,http/1.1']);
  assert.match(l.out, /ALPN protocol: http\/1\.1/);
});

test('OCSP stapling from the .ocsp file next to the certificate (-status)', async () => {
  const r = await sClient(P[1]!, ['-servername', 'www.test', '-status', '-sigalgs', 'rsa_pss_rsae_sha256:rsa_pkcs1_sha256']);
  assert.match(r.out, /OCSP Response Status: successful/);
  assert.match(r.out, /Cert Status: good/);
  const none = await sClient(P[1]!, ['-servername', 'a.wild.test', '-status']);
  assert.match(none.out, /OCSP response: no response sent/);
});

test('strict-sni: no SNI or an unknown name fails the handshake; a known one works', async () => {
  const a = await sClient(P[2]!, ['-noservername']);
  assert.match(a.out, /alert handshake failure/);
  const b = await sClient(P[2]!, ['-servername', 'nope.test']);
  assert.match(b.out, /alert handshake failure/);
  const r = await curl([...ca(), '--resolve', `www.test:${P[2]}:127.0.0.1`, `https://www.test:${P[2]}/`]);
  assert.match(r.stdout, /sni=www\.test /);
});

test('session resumption: tickets (-sess_out / -sess_in shows Reused), across binds sharing tls-ticket-keys', async () => {
  const sess = join(pki.dir, 'sess1');
  const first = await sClient(P[6]!, ['-servername', 'www.test', '-sess_out', sess]);
  assert.match(first.out, /^New, TLSv1\.3/m);
  const again = await sClient(P[6]!, ['-servername', 'www.test', '-sess_in', sess, '-ign_eof'], 'GET / HTTP/1.1\r\nhost: x\r\nconnection: close\r\n\r\n');
  assert.match(again.out, /^Reused, TLSv1\.3/m);
  assert.match(again.out, /resumed=1/);
  const other = await sClient(P[7]!, ['-servername', 'www.test', '-sess_in', sess]);
  assert.match(other.out, /^Reused, TLSv1\.3/m);
});

test('session resumption by session id (TLS 1.2, no ticket) and with no-tls-tickets', async () => {
  const sess = join(pki.dir, 'sess2');
  await sClient(P[1]!, ['-tls1_2', '-no_ticket', '-servername', 'www.test', '-sess_out', sess]);
  const again = await sClient(P[1]!, ['-tls1_2', '-no_ticket', '-servername', 'www.test', '-sess_in', sess]);
  assert.match(again.out, /^Reused, TLSv1\.2/m);
  const s3 = join(pki.dir, 'sess3');
  const a = await sClient(P[2]!, ['-tls1_2', '-servername', 'www.test', '-sess_out', s3]);
  assert.doesNotMatch(a.out, /TLS session ticket:/);
  const b = await sClient(P[2]!, ['-tls1_2', '-servername', 'www.test', '-sess_in', s3]);
  assert.match(b.out, /^Reused, TLSv1\.2/m);
});

test('client certificates: verify required accepts a good one, rejects none, self-signed and revoked', async () => {
  const url = at('www.test', P[3]!);
  const ok = await curl([...ca(), '--cert', pki.clientCrt, '--key', pki.clientKey, url[0]!, url[1]!, `${url[2]}/`]);
  assert.equal(ok.status, 0, ok.stderr);
  assert.match(ok.stdout, /used=1 has=1 verify=0 cn=alice sdn=\/C=FR\/O=Clients\/CN=alice idn=\/C=FR\/O=Test CA\/CN=Switchyard Test CA serial=2001 /);
  assert.match(ok.stdout, /sha1=[0-9A-F]{40} nb=\d{12}Z na=\d{12}Z /);
  for (const args of [[], ['--cert', pki.selfCrt, '--key', pki.selfKey], ['--cert', pki.revokedCrt, '--key', pki.revokedKey]]) {
    const r = await curl([...ca(), ...args, url[0]!, url[1]!, `${url[2]}/`]);
    assert.notEqual(r.status, 0, `accepted with ${args.join(' ')}`);
    assert.equal(r.stdout, '');
  }
});

test('verify optional: no certificate is fine, ignored errors are reported by ssl_c_verify, others rejected', async () => {
  const none = await curl([...ca(), '--resolve', `www.test:${P[4]}:127.0.0.1`, `https://www.test:${P[4]}/`]);
  assert.match(none.stdout, /used=0 has=0 verify=0 /);
  const self = await curl([...ca(), '--cert', pki.selfCrt, '--key', pki.selfKey, '--resolve', `www.test:${P[4]}:127.0.0.1`, `https://www.test:${P[4]}/`]);
  assert.match(self.stdout, /used=1 has=1 verify=18 cn=eve /);
  const rejected = await curl([...ca(), '--cert', pki.selfCrt, '--key', pki.selfKey, '--resolve', `www.test:${P[5]}:127.0.0.1`, `https://www.test:${P[5]}/`]);
  assert.notEqual(rejected.status, 0);
  assert.equal(rejected.stdout, '');
});

test('garbage, truncated hellos and plain HTTP on a TLS port: closed, logged, the listener keeps serving', async () => {
  const { connect } = await import('node:net');
  const send = (b: Buffer): Promise<void> =>
    new Promise((res) => {
      const s = connect(P[1]!, '127.0.0.1', () => s.end(b));
      s.on('error', () => res());
      s.on('close', () => res());
      setTimeout(() => (s.destroy(), res()), 3000);
    });
  await send(Buffer.from('GET / HTTP/1.1\r\nhost: x\r\n\r\n'));
  await send(Buffer.from([0x16, 0x03, 0x01, 0x00, 0x05, 0x01, 0x00, 0x00, 0x01]));
  await send(Buffer.from([0x16, 0x03, 0x01, 0xff, 0xff]));
  const r = await curl([...ca(), '--resolve', `www.test:${P[1]}:127.0.0.1`, `https://www.test:${P[1]}/facts`]);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(proxy.child.exitCode, null);
});
