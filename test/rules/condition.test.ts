/** if/unless, implicit AND, or/||, !, anonymous ACLs, several acl lines with one name (OR). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Verdict } from '../../src/rules/proxy-rules.js';
import { proxyRules, reqCtx } from './helpers.js';

function denied(body: string, raw: string): boolean {
  const p = proxyRules(body);
  const ctx = reqCtx(raw);
  return p.runHttpRequest(ctx) === Verdict.Done;
}

const R = 'GET /admin HTTP/1.1\nHost: a.example.com';

test('implicit AND, or, ||, !', () => {
  const acls = ' acl adm path_beg /admin\n acl h hdr(host) a.example.com\n acl x hdr(host) other\n';
  assert.equal(denied(`${acls} http-request deny if adm h\n`, R), true);
  assert.equal(denied(`${acls} http-request deny if adm x\n`, R), false);
  assert.equal(denied(`${acls} http-request deny if x or adm\n`, R), true);
  assert.equal(denied(`${acls} http-request deny if x || adm\n`, R), true);
  assert.equal(denied(`${acls} http-request deny if !x adm\n`, R), true);
  assert.equal(denied(`${acls} http-request deny if ! adm\n`, R), false);
  assert.equal(denied(`${acls} http-request deny unless adm\n`, R), false);
  assert.equal(denied(`${acls} http-request deny unless x\n`, R), true);
});

test('anonymous ACLs and predefined ones', () => {
  assert.equal(denied(' http-request deny if { path_beg /admin } METH_GET\n', R), true);
  assert.equal(denied(' http-request deny if !{ path_beg /admin }\n', R), false);
  assert.equal(denied(' http-request deny if { hdr(host) -m end .com } { path /x } or { method GET }\n', R), true);
});

test('several acl lines with the same name are OR-ed', () => {
  const body = ' acl a path /nope\n acl a path /admin\n http-request deny if a\n';
  assert.equal(denied(body, R), true);
});
