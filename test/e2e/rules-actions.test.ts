/**
 * http-request / http-response actions end to end, side by side with HAProxy 2.6: deny with
 * deny_status, redirects (scheme, prefix, location, the redirect keyword), auth with a userlist,
 * return, and header/path rewrites as the backend sees them.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bodyOf, echoBackend, statusOf } from './rules-harness.js';
import { get, runCases, type Case } from './rules-cases.js';

function headerOf(resp: string, name: string): string | undefined {
  const head = resp.slice(0, resp.indexOf('\r\n\r\n'));
  const m = new RegExp(`\\r\\n${name}: ([^\\r]*)`, 'i').exec(head);
  return m?.[1];
}

/** The request headers the backend received, as name=value pairs. */
function seen(resp: string): string[] {
  const h = bodyOf(resp)?.headers ?? [];
  const out: string[] = [];
  for (let i = 0; i < h.length; i += 2) out.push(`${h[i]}=${h[i + 1]}`);
  return out;
}

test('deny, redirect, auth, return and rewrites behave like HAProxy', { timeout: 60_000 }, async (t) => {
  const b = await echoBackend('be');
  const cfg = (port: number): string => `defaults
    mode http
    timeout connect 2s
    timeout client 5s
    timeout server 5s
userlist ul
    group admins users bob
    user bob insecure-password secret
    user eve insecure-password other
frontend fe
    bind 127.0.0.1:${port}
    acl is_admin http_auth_group(ul) admins
    http-request deny if { path_beg /deny }
    http-request deny deny_status 429 if { path_beg /limit }
    http-request redirect scheme https code 301 if { path_beg /secure }
    http-request redirect prefix /v2 if { path_beg /old }
    http-request redirect location /moved code 303 if { path /here }
    http-request auth realm Private if { path_beg /admin } !{ http_auth(ul) }
    http-request deny if { path_beg /admin } !is_admin
    http-request return status 200 content-type text/plain lf-string "hello %[path]" if { path /hello }
    http-request set-header X-Forwarded-Proto http
    http-request set-header X-Path %[path]
    http-request add-header X-Added a
    http-request del-header X-Remove
    http-request set-path /rewritten%[path] if { path_beg /rw }
    http-request replace-header User-Agent (.*) agent:\\1
    redirect prefix /p drop-query append-slash set-cookie SEEN=1 if { path_beg /legacy }
    http-response set-header X-Resp yes
    http-response del-header x-powered-by
    default_backend be
backend be
    server s1 127.0.0.1:${b.port}
`;
  const basic = (u: string): string => `Basic ${Buffer.from(u).toString('base64')}`;
  const cases: Case[] = [
    { name: 'deny', request: get('/deny/x'), check: (r) => assert.equal(statusOf(r), 403) },
    { name: 'deny_status', request: get('/limit'), check: (r) => assert.equal(statusOf(r), 429) },
    {
      name: 'redirect scheme',
      request: get('/secure/a?b=1'),
      check: (r) => {
        assert.equal(statusOf(r), 301);
        assert.equal(headerOf(r, 'location'), 'https://www.example.com/secure/a?b=1');
      },
    },
    { name: 'redirect prefix', request: get('/old/page'), check: (r) => assert.equal(headerOf(r, 'location'), '/v2/old/page') },
    { name: 'redirect location', request: get('/here'), check: (r) => assert.equal(statusOf(r), 303) },
    {
      name: 'redirect keyword',
      request: get('/legacy/x?q=1'),
      check: (r) => {
        assert.equal(headerOf(r, 'location'), '/p/legacy/x/');
        assert.equal(headerOf(r, 'set-cookie'), 'SEEN=1; path=/;');
      },
    },
    {
      name: 'auth challenge',
      request: get('/admin'),
      check: (r) => {
        assert.equal(statusOf(r), 401);
        assert.equal(headerOf(r, 'www-authenticate'), 'Basic realm="Private"');
      },
    },
    { name: 'auth wrong password', request: get('/admin', { Authorization: basic('bob:nope') }), check: (r) => assert.equal(statusOf(r), 401) },
    { name: 'auth not in group', request: get('/admin', { Authorization: basic('eve:other') }), check: (r) => assert.equal(statusOf(r), 403) },
    {
      name: 'auth ok',
      request: get('/admin', { Authorization: basic('bob:secret') }),
      check: (r) => {
        assert.equal(statusOf(r), 200);
        assert.equal(bodyOf(r)?.url, '/admin');
      },
    },
    { name: 'return', request: get('/hello'), check: (r) => assert.match(r, /\r\n\r\nhello \/hello$/) },
    {
      name: 'rewrites seen by the backend',
      request: get('/rw/x?y=1', { 'X-Remove': 'gone', 'User-Agent': 'curl' }),
      check: (r) => {
        assert.equal(statusOf(r), 200);
        const h = seen(r);
        assert.equal(bodyOf(r)?.url, '/rewritten/rw/x?y=1');
        assert.ok(h.includes('x-forwarded-proto=http'), h.join(' '));
        assert.ok(h.includes('x-path=/rw/x'), h.join(' '));
        assert.ok(h.includes('x-added=a'), h.join(' '));
        assert.ok(h.includes('user-agent=agent:curl'), h.join(' '));
        assert.ok(!h.some((x) => x.startsWith('x-remove=')), h.join(' '));
        assert.equal(headerOf(r, 'x-resp'), 'yes');
        assert.equal(headerOf(r, 'x-powered-by'), undefined);
      },
    },
  ];
  try {
    await runCases(cfg, cases, (m) => t.diagnostic(m));
  } finally {
    await b.close();
  }
});
