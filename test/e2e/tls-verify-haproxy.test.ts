/**
 * Client-certificate verification side by side with HAProxy 2.6: the same binds (`verify required`
 * / `optional`, `ca-file`, `crl-file`, `ca-ignore-err`, `crt-ignore-err`) and curl presenting a good
 * certificate, none, one from another CA, a revoked one, an expired one and a self-signed one.
 * Both must accept the same handshakes and report the same `ssl_c_used`, `ssl_c_verify`,
 * `ssl_fc_has_crt`, `ssl_c_s_dn`, `ssl_c_err`, `ssl_c_ca_err` values; a client without certificate
 * under `verify required` gets the same "certificate required" alert. A certificate refused after
 * verification gets HAProxy's alert from HAProxy and a closed connection from Switchyard (node:tls
 * cannot send that alert): both are refusals, which is what is compared.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { curl, freePorts, hasCurl, startProxy } from './harness.js';
import { hasHaproxy, startHaproxy } from './lb-side.js';
import { makePki, type TestPki } from '../helpers/tls-certs.js';

const skip = !hasHaproxy() ? 'haproxy 2.x is not installed' : !hasCurl() ? 'curl is not installed' : false;

const FACTS =
  'used=%[ssl_c_used] verify=%[ssl_c_verify] has=%[ssl_fc_has_crt] sdn=%[ssl_c_s_dn] ' +
  'err=%[ssl_c_err] caerr=%[ssl_c_ca_err] cadepth=%[ssl_c_ca_err_depth]';

/** The bind options of each listener, in port order. */
const BINDS = (p: TestPki): string[] => [
  `verify required ca-file ${p.ca} crl-file ${p.crl}`,
  `verify optional ca-file ${p.ca} crl-file ${p.crl}`,
  `verify optional ca-file ${p.ca} crl-file ${p.crl} crt-ignore-err all`,
  `verify required ca-file ${p.ca} crl-file ${p.crl} ca-ignore-err all crt-ignore-err 10,23`,
  `verify required ca-file ${p.ca} ca-ignore-err all crt-ignore-err all`,
  `verify optional ca-file ${p.ca} crt-ignore-err 20`,
  `verify none ca-file ${p.ca}`,
];

function config(p: TestPki, ports: number[]): string {
  const binds = BINDS(p).map((o, i) => `    bind 127.0.0.1:${ports[i]} ssl crt ${p.rsa} ${o}`).join('\n');
  return `defaults
    mode http
    timeout connect 2s
    timeout client 5s
    timeout server 5s
frontend fe
${binds}
    http-request return status 200 content-type text/plain lf-string "${FACTS}\\n"
`;
}

/** What a client saw: the facts line, "certificate required" (the alert), or "refused". */
function outcome(r: { status: number; stdout: string; stderr: string }): string {
  if (r.status === 0 && r.stdout.startsWith('used=')) return r.stdout.trim();
  if (/certificate required/.test(r.stderr)) return 'alert: certificate required';
  return 'refused';
}

describe('client-certificate verification side by side with HAProxy 2.6', { skip }, () => {
  let pki: TestPki;
  let hp: number[];
  let sp: number[];
  let stops: Array<() => Promise<unknown>> = [];

  before(async () => {
    pki = makePki();
    const n = BINDS(pki).length;
    [hp, sp] = [await freePorts(n), await freePorts(n)];
    const h = await startHaproxy(config(pki, hp), hp[0]!);
    const s = await startProxy(config(pki, sp), sp);
    stops = [() => h.stop(), () => s.stop()];
  });

  after(async () => {
    for (const s of stops) await s();
  });

  it('accepts, refuses and reports as HAProxy for each client certificate', async () => {
    const clients: Record<string, string[]> = {
      good: ['--cert', pki.clientCrt, '--key', pki.clientKey],
      none: [],
      stranger: ['--cert', pki.strangerCrt, '--key', pki.strangerKey],
      revoked: ['--cert', pki.revokedCrt, '--key', pki.revokedKey],
      expired: ['--cert', pki.expiredCrt, '--key', pki.expiredKey],
      self: ['--cert', pki.selfCrt, '--key', pki.selfKey],
    };
    const seen: string[] = [];
    for (let b = 0; b < hp.length; b++) {
      for (const [name, args] of Object.entries(clients)) {
        const ask = (port: number) => curl(['-sS', '-k', '--max-time', '5', ...args, `https://127.0.0.1:${port}/`]);
        const [h, s] = [outcome(await ask(hp[b]!)), outcome(await ask(sp[b]!))];
        seen.push(h);
        assert.equal(s, h, `bind "${BINDS(pki)[b]}", client ${name}`);
      }
    }
    // The matrix exercises every kind of outcome (so that the comparison means something).
    assert.ok(seen.includes('refused'));
    assert.ok(seen.includes('alert: certificate required'));
    assert.ok(seen.some((x) => /verify=21 .* err=20 /.test(x)), 'unknown CA ignored: verify 21, first error 20');
    assert.ok(seen.some((x) => /verify=3 .* err=18 /.test(x)), 'self-signed with a CRL: verify 3, first error 18');
    assert.ok(seen.some((x) => /verify=23 /.test(x)) && seen.some((x) => /verify=10 /.test(x)));
  });

  it('refuses error names in ca-ignore-err / crt-ignore-err as HAProxy 2.6', async () => {
    const [port] = await freePorts(1);
    const cfg = `defaults\n    mode http\n    timeout client 5s\nfrontend fe\n    bind 127.0.0.1:${port} ssl crt ${pki.rsa} verify optional ca-file ${pki.ca} crt-ignore-err X509_V_ERR_CERT_HAS_EXPIRED\n`;
    const h = await startHaproxy(cfg, port!).then(
      (r) => r.stop().then(() => 'started'),
      (e: Error) => e.message,
    );
    assert.match(h, /'crt-ignore-err' : ID '0' out of range \(1\.\.94\) in error IDs list 'X509_V_ERR_CERT_HAS_EXPIRED'/);
    const s = await startProxy(cfg, [port!]).then(
      (r) => r.stop().then(() => 'started'),
      (e: Error) => e.message,
    );
    assert.match(s, /'crt-ignore-err' : ID '0' out of range \(1\.\.94\) in error IDs list 'X509_V_ERR_CERT_HAS_EXPIRED'/);
  });
});
