import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadConfigText } from '../../src/config/parse.js';

const HEAD = 'defaults\n  mode http\n  timeout connect 1s\n  timeout client 1s\n  timeout server 1s\n';
const load = (body: string) => loadConfigText(HEAD + body);
const messages = (body: string): string[] => load(body).diag.items.map((d) => `${d.level}:${d.message}`);

test('server options fill the settings', () => {
  const s = load('backend b\n  server s1 127.0.0.1:80 check inter 2s rise 3 observe layer7 on-error mark-down agent-check agent-port 9999 ssl verify none\n').config.proxies[0]!.servers[0]!.settings;
  assert.equal(s.inter, 2000);
  assert.equal(s.rise, 3);
  assert.equal(s.observe, 'layer7');
  assert.equal(s.onError, 'mark-down');
  assert.equal(s.agentPort, 9999);
  assert.equal(s.verify, 'none');
});

test('server errors use the [file:line] : server be/name form', () => {
  const m = messages('backend b\n  server s3 127.0.0.1:80 observe foo\n');
  assert.ok(m.includes("alert:[inline.cfg:7] : 'server b/s3' : 'observe' expects one of 'none', 'layer4', 'layer7' but got 'foo'."), m.join('\n'));
  assert.ok(messages('backend b\n  server s6 127.0.0.1:80 weight 300\n').includes("alert:[inline.cfg:7] : 'server b/s6' : weight of server s6 is not within 0 and 256 (300).."));
  assert.ok(messages('backend b\n  server s9 127.0.0.1:80 rise 0\n').includes("alert:[inline.cfg:7] : 'server b/s9' : 'rise' has to be > 0.."));
});

test('duplicate custom ids and check with track are refused', () => {
  const m = messages('backend b\n  server a 127.0.0.1:80 id 3\n  server c 127.0.0.1:81 id 3\n');
  assert.ok(m.includes("alert:[inline.cfg:8] : 'server b/c' : 'id' : custom id 3 already used at inline.cfg:7 ('server a')."), m.join('\n'));
  const t = messages('backend b\n  server a 127.0.0.1:80\n  server c 127.0.0.1:81 check track a\n');
  assert.ok(t.includes("alert:[inline.cfg:8] : 'server b/c' : unable to enable checks and tracking at the same time!"));
});

test('post-parse tracking checks', () => {
  assert.ok(messages('backend b\n  server a 127.0.0.1:80 track zz\n').includes("alert:[inline.cfg:7] : 'server b/a' : unable to find required server 'zz' for tracking."));
  assert.ok(messages('backend b\n  server a 127.0.0.1:80 track nob/a\n').includes("alert:[inline.cfg:7] : 'server b/a' : unable to find required proxy 'nob' for tracking."));
  const loop = messages('backend b\n  server a 127.0.0.1:80 track c\n  server c 127.0.0.1:81 track a\n');
  assert.deepEqual(loop.filter((x) => x.includes('looping')), ["alert:[inline.cfg:8] : 'server b/c' : unable to track b/a as it belongs to a tracking chain looping back to b/c."]);
});

test('server-template expands servers', () => {
  const b = load('backend b\n  server-template web 1-3 example.com:80 check\n').config.proxies[0]!;
  assert.deepEqual(b.servers.map((s) => s.name), ['web1', 'web2', 'web3']);
  assert.ok(messages('backend b\n  server-template web x example.com:80\n').includes("alert:[inline.cfg:7] : Wrong server-template number or range arg 'x'."));
});
