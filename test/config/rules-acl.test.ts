/** ACLs and conditions as HAProxy 2.6 checks them (messages observed with haproxy -c). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadConfigText } from '../../src/config/parse.js';

const HEAD = 'defaults\n mode http\n timeout client 1s\n timeout server 1s\n timeout connect 1s\nlisten f\n bind :80\n';

/** Parse a listen section body; returns the diagnostics and the proxy. */
function load(body: string) {
  const { config, diag } = loadConfigText(HEAD + body, 't.cfg');
  return { diag, p: config.proxies[0]! };
}

function alerts(body: string): string[] {
  return load(body).diag.items.filter((d) => d.level === 'alert').map((d) => d.message);
}

test('acl keeps fetch, flags, match method and patterns', () => {
  const { diag, p } = load(' acl api path_beg -i /api /v2\n acl h hdr(host) -m str a.b\n');
  assert.equal(diag.alerts, 0);
  const [a, h] = p.acls;
  assert.equal(a!.name, 'api');
  assert.equal(a!.fetch, 'path_beg');
  assert.equal(a!.match, 'beg');
  assert.deepEqual(a!.flags, ['-i']);
  assert.deepEqual(a!.patterns, ['/api', '/v2']);
  assert.equal(h!.criterion, 'hdr(host)');
  assert.equal(h!.match, 'str');
  assert.equal(a!.place.line, 8);
});

test('acl name, fetch, flag and match errors', () => {
  assert.deepEqual(alerts(' acl 1bad@ path /\n'), ["character '@' is not permitted in acl name '1bad@'."]);
  assert.deepEqual(alerts(' acl a nofetch /\n'), [
    "error detected while parsing ACL 'a' : unknown fetch method 'nofetch' in ACL expression 'nofetch'.",
  ]);
  assert.deepEqual(alerts(' acl a foo(1) x\n'), [
    "error detected while parsing ACL 'a' : unknown fetch method 'foo' in ACL expression 'foo(1)'.",
  ]);
  assert.deepEqual(alerts(' acl a\n'), ["error detected while parsing ACL 'a' : missing fetch method in ACL expression ''."]);
  assert.deepEqual(alerts(' acl a path -m foo x\n'), [
    "error detected while parsing ACL 'a' : unknown matching method 'foo' when parsing ACL expression.",
  ]);
  assert.deepEqual(alerts(' acl a path -x /x\n'), [
    "error detected while parsing ACL 'a' : '-x' is not a valid ACL option. Please use '--' before any pattern beginning with a '-'.",
  ]);
  assert.deepEqual(alerts(' acl a path -f /nonexistent/file\n'), [
    "error detected while parsing ACL 'a' : failed to open pattern file </nonexistent/file>.",
  ]);
  assert.deepEqual(alerts(' acl a path,nocnv /x\n'), [
    "error detected while parsing ACL 'a' : ACL keyword 'path' : unknown converter 'nocnv'..",
  ]);
  assert.deepEqual(alerts(' acl or path /x\n'), [
    "acl name 'or' will never match. 'or' is used to express a logical disjunction within a condition.",
  ]);
});

test('acl without pattern warns unless -m found / bool fetch / --', () => {
  const w = load(' acl a path\n').diag.items.filter((d) => d.level === 'warning');
  assert.equal(w.length, 1);
  assert.match(w[0]!.message, /^parsing acl keyword 'path' :\n  no pattern to match against were provided/);
  for (const ok of [' acl a path -m found\n', ' acl a always_true\n', ' acl a path --\n'])
    assert.equal(load(ok).diag.warnings, 0, ok);
});

test('acl not allowed in anonymous defaults', () => {
  const { diag } = loadConfigText('defaults\n acl a path /\n', 't.cfg');
  assert.equal(diag.items[0]!.message, "'acl' not allowed in anonymous 'defaults' section.");
});

test('conditions: unknown ACL, predefined ACLs, anonymous ACLs, missing brace', () => {
  assert.deepEqual(alerts(' http-request deny if foo\n'), [
    "error detected while parsing an 'http-request deny' condition : no such ACL : 'foo'.",
  ]);
  assert.deepEqual(alerts(' http-request deny if { path_beg /x } || !bar\n'), [
    "error detected while parsing an 'http-request deny' condition : no such ACL : 'bar'.",
  ]);
  assert.deepEqual(alerts(' http-request deny if { path\n'), [
    "error detected while parsing an 'http-request deny' condition : missing closing '}' in condition.",
  ]);
  assert.deepEqual(alerts(' http-request deny if { nofetch x }\n'), [
    "error detected while parsing an 'http-request deny' condition : unknown fetch method 'nofetch' in ACL expression 'nofetch'.",
  ]);
  const { diag, p } = load(' acl a path /a\n http-request deny if METH_POST !a or LOCALHOST\n');
  assert.equal(diag.alerts, 0);
  assert.deepEqual(p.rules['http-request']![0]!.cond, { polarity: 'if', terms: ['METH_POST', '!a', 'or', 'LOCALHOST'] });
});

test('condition wording per keyword', () => {
  assert.deepEqual(alerts(' use-server s if foo\n'), ["error detected while parsing switching rule : no such ACL : 'foo'."]);
  assert.deepEqual(alerts(' force-persist if foo\n'), ["error detected while parsing a 'force-persist' rule : no such ACL : 'foo'."]);
  assert.deepEqual(alerts(' monitor fail if foo\n'), ["error detected while parsing a 'monitor fail' condition : no such ACL : 'foo'."]);
  assert.deepEqual(alerts(' stats admin if foo\n'), ["error detected while parsing a 'stats admin' rule : no such ACL : 'foo'."]);
  assert.deepEqual(alerts(' redirect location /x if foo\n'), [
    "error detected in proxy 'f' while parsing redirect rule : error in condition: no such ACL : 'foo'.",
  ]);
  assert.deepEqual(alerts(' tcp-request content reject unless foo\n'), [
    "'tcp-request content reject' : error detected in proxy 'f' while parsing 'unless' condition : no such ACL : 'foo'",
  ]);
});
