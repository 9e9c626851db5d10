/**
 * smtpchk, ldap-check, ssl-hello-chk and check-ssl through the binary: a responder switched from good to bad
 * answers goes DOWN (traffic moves to the backup), switched back it comes UP (traffic returns).
 * Switchyard and HAProxy 2.6 check the same responder at the same time and print the same lines.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SKIP_HAPROXY, stateLines, startSides, stopSides, untilAll } from './check-side.js';
import { fallback, LDAP_BIND, ldapResponder, makeCert, plainWho, smtpResponder, tlsResponder, tlsServerNames, tlsWho, type Responder } from './check-responders.js';

interface Kind {
  readonly option: string;
  /** More words on the server line. */
  readonly serverExtra?: string;
  readonly responder: () => Promise<Responder>;
  readonly who: (port: number) => Promise<string>;
}

type T = { skip(m: string): void; diagnostic(m: string): void };

/** Run the down/up cycle; returns Switchyard's state lines (after comparing them with HAProxy's). */
async function scenario(k: Kind, t: T): Promise<string[]> {
  const srv = await k.responder();
  const fb = await fallback();
  const sides = await startSides(
    (port) => `defaults
    mode tcp
    timeout connect 1s
    timeout client 5s
    timeout server 5s
    timeout check 1s
listen web
    bind 127.0.0.1:${port}
    ${k.option}
    server s 127.0.0.1:${srv.port} check inter 150 rise 2 fall 2${k.serverExtra ? ` ${k.serverExtra}` : ''}
    server fb 127.0.0.1:${fb.port} backup
`,
  );
  try {
    const all = (): Promise<string[]> => Promise.all(sides.map((s) => k.who(s.port)));
    assert.deepEqual(await all(), sides.map(() => 'srv'), 'UP: the server answers through the proxy');
    srv.good = false;
    assert.deepEqual(await untilAll(sides, 'web/s is DOWN', 5000), []);
    assert.deepEqual(await all(), sides.map(() => 'backup'), 'DOWN: traffic goes to the backup');
    srv.good = true;
    assert.deepEqual(await untilAll(sides, 'web/s is UP', 5000), []);
    assert.deepEqual(await all(), sides.map(() => 'srv'), 'UP again: traffic reaches the server');
    const lines = sides.map((s) => stateLines(s.run.output()));
    const sy = lines[0]!;
    assert.equal(sy.length, 2, sy.join('\n'));
    if (sides.length < 2) t.diagnostic(SKIP_HAPROXY);
    else assert.deepEqual(sy, lines[1], 'same lines as HAProxy 2.6');
    return sy;
  } finally {
    await stopSides(sides);
    await srv.close();
    await fb.close();
  }
}

const DOWN_TAIL = '. 0 active and 1 backup servers left. Running on backup. 0 sessions active, 0 requeued, 0 remaining in queue.';
const UP_TAIL = '. 1 active and 1 backup servers online. 0 sessions requeued, 0 total in queue.';

test('option smtpchk: a 554 banner marks the server DOWN, 220/250/221 brings it back', async (t) => {
  const sy = await scenario({ option: 'option smtpchk HELO switchyard.test', responder: smtpResponder, who: (p) => plainWho(p, Buffer.alloc(0), (d) => d.startsWith('220 ')) }, t);
  assert.equal(sy[0], `[WARNING]  (PID) : Server web/s is DOWN, reason: Layer7 wrong status, code: 554, info: "5.3.2 smtp.test service not available", check duration: Xms${DOWN_TAIL}`);
  assert.equal(sy[1], `[WARNING]  (PID) : Server web/s is UP, reason: Layer7 check passed, code: 221, info: "2.0.0 bye", check duration: Xms${UP_TAIL}`);
});

test('option ldap-check: resultCode 49 marks the server DOWN, 0 brings it back', async (t) => {
  const sy = await scenario({ option: 'option ldap-check', responder: ldapResponder, who: (p) => plainWho(p, LDAP_BIND, (d) => d.charCodeAt(0) === 0x30) }, t);
  assert.equal(sy[0], `[WARNING]  (PID) : Server web/s is DOWN, reason: Layer7 wrong status, code: 49, info: "See RFC: http://tools.ietf.org/html/rfc4511#section-4.1.9", check duration: Xms${DOWN_TAIL}`);
  assert.match(sy[1]!, /^\[WARNING\]  \(PID\) : Server web\/s is UP, reason: Layer7 check passed, code: 0, check duration: Xms\./);
});

test('option ssl-hello-chk: a TLS server is UP, plain-text garbage is DOWN', async (t) => {
  const cert = makeCert();
  if (!cert) return t.skip('openssl is not installed: no certificate');
  const sy = await scenario({ option: 'option ssl-hello-chk', responder: () => tlsResponder(cert), who: tlsWho }, t);
  assert.match(sy[0]!, /^\[WARNING\]  \(PID\) : Server web\/s is DOWN, reason: Layer6 invalid response, .*check duration: Xms\. 0 active and 1 backup servers left\./);
  assert.equal(sy[1], `[WARNING]  (PID) : Server web/s is UP, reason: Layer6 check passed, check duration: Xms${UP_TAIL}`);
});

test('check-ssl check-sni: a TLS handshake is the check (L6OK), garbage fails it (L6RSP)', async (t) => {
  const cert = makeCert();
  if (!cert) return t.skip('openssl is not installed: no certificate');
  tlsServerNames.length = 0;
  const sy = await scenario({ option: '', serverExtra: 'check-ssl check-sni check.test verify none', responder: () => tlsResponder(cert), who: tlsWho }, t);
  // The checks named the server (the traffic probes send no SNI).
  assert.ok(tlsServerNames.includes('check.test'), `SNI seen: ${tlsServerNames.join(',')}`);
  assert.match(sy[0]!, /^\[WARNING\]  \(PID\) : Server web\/s is DOWN, reason: Layer6 invalid response, info: "SSL handshake failure", check duration: Xms\. 0 active and 1 backup servers left\./);
  assert.equal(sy[1], `[WARNING]  (PID) : Server web/s is UP, reason: Layer6 check passed, check duration: Xms${UP_TAIL}`);
});
