/**
 * Content switching end to end, side by side with HAProxy 2.6: use_backend on Host, path, cookie,
 * query parameter, a map file (dynamic backend name), and a src ACL loaded from a -f file.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bodyOf, echoBackend, statusOf, type EchoBackend } from './rules-harness.js';
import { get, runCases, type Case } from './rules-cases.js';

const NAMES = ['be_api', 'be_static', 'be_shop', 'be_cookie', 'be_q', 'be_default'] as const;

test('use_backend routes on host, path, map, cookie, query and src -f like HAProxy', { timeout: 60_000 }, async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'rules-e2e-'));
  const hostsMap = join(dir, 'hosts.map');
  writeFileSync(hostsMap, '# host -> backend\nshop.example.com be_shop\nstore.example.com be_shop\n');
  const blocked = join(dir, 'blocked.lst');
  writeFileSync(blocked, '127.0.0.2\n10.0.0.0/8\n');
  const backends: EchoBackend[] = [];
  for (const n of NAMES) backends.push(await echoBackend(n));
  const be = (i: number): string => `backend ${NAMES[i]}\n    server s1 127.0.0.1:${backends[i]!.port}\n`;
  const cfg = (port: number): string => `defaults
    mode http
    timeout connect 2s
    timeout client 5s
    timeout server 5s
frontend fe
    bind 127.0.0.1:${port}
    acl host_api hdr(host) -i api.example.com
    acl path_static path_beg /static /images
    acl blocked src -f ${blocked}
    http-request deny deny_status 403 if blocked { path_beg /private }
    use_backend be_api if host_api
    use_backend be_static if path_static
    use_backend %[req.hdr(host),lower,map(${hostsMap})] if { req.hdr(host),lower,map(${hostsMap}) -m found }
    use_backend be_cookie if { req.cook(beta) 1 }
    use_backend be_q if { url_param(v) -m int ge 2 }
    default_backend be_default
${NAMES.map((_, i) => be(i)).join('')}`;
  const routed = (name: string, path?: string) => (r: string): void => {
    assert.equal(statusOf(r), 200);
    assert.equal(bodyOf(r)?.be, name);
    if (path) assert.equal(bodyOf(r)?.url, path);
  };
  const cases: Case[] = [
    { name: 'host api', request: get('/x', {}, 'API.example.com'), check: routed('be_api', '/x') },
    { name: 'path static', request: get('/static/a.css'), check: routed('be_static') },
    { name: 'path images', request: get('/images/b.png'), check: routed('be_static') },
    { name: 'map shop', request: get('/cart', {}, 'Shop.Example.com'), check: routed('be_shop') },
    { name: 'map store', request: get('/', {}, 'store.example.com'), check: routed('be_shop') },
    { name: 'cookie', request: get('/', { Cookie: 'a=b; beta=1' }), check: routed('be_cookie') },
    { name: 'query', request: get('/search?q=x&v=3'), check: routed('be_q') },
    { name: 'query low', request: get('/search?v=1'), check: routed('be_default') },
    { name: 'default', request: get('/'), check: routed('be_default') },
    { name: 'src allowed', request: get('/private'), check: routed('be_default') },
    { name: 'src blocked', request: get('/private'), from: '127.0.0.2', check: (r) => assert.equal(statusOf(r), 403) },
    { name: 'src blocked other path', request: get('/public'), from: '127.0.0.2', check: routed('be_default') },
  ];
  try {
    await runCases(cfg, cases, (m) => t.diagnostic(m));
  } finally {
    for (const b of backends) await b.close();
  }
});
