/** http-request / http-response / tcp-request rules, redirect, use-server, persist and order warnings. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadConfigText } from '../../src/config/parse.js';

const HEAD = 'defaults\n mode http\n timeout client 1s\n timeout server 1s\n timeout connect 1s\n';

function load(body: string, header = 'listen f\n bind :80\n') {
  const { config, diag } = loadConfigText(HEAD + header + body, 't.cfg');
  return { diag, p: config.proxies[0]! };
}

function first(body: string, header?: string): { level: string; message: string; line?: number } {
  const d = load(body, header).diag.items[0]!;
  return { level: d.level, message: d.message, line: d.place?.line };
}

test('rules are kept per ruleset with action, args and condition', () => {
  const { diag, p } = load(
    ' http-request set-header X-A b if TRUE\n http-response del-header Server\n tcp-request content accept\n tcp-request inspect-delay 5s\n',
  );
  assert.equal(diag.alerts, 0);
  const r = p.rules['http-request']![0]!;
  assert.equal(r.action, 'set-header');
  assert.deepEqual(r.args, ['X-A', 'b']);
  assert.equal(r.cond?.polarity, 'if');
  assert.equal(r.place.line, 8);
  assert.equal(p.rules['http-response']![0]!.action, 'del-header');
  assert.equal(p.rules['tcp-request content']![0]!.action, 'accept');
  assert.equal(p.tcpRequestInspectDelay, 5000);
});

test('unknown http action lists the valid ones and stops parsing', () => {
  const { diag } = load(' http-request foo\n http-request bar\n');
  assert.equal(diag.alerts, 1);
  const d = diag.items[0]!;
  assert.equal(d.place?.line, 8);
  assert.match(d.message, /^'http-request' expects 'wait-for-handshake', .* 'set-priority-offset', but got 'foo'\.$/);
  assert.ok(diag.aborted);
  assert.match(first(' http-after-response deny\n').message, /^'http-after-response' expects 'ot-group', .*, but got 'deny'\.$/);
  assert.match(first(' http-response auth\n').message, /but got 'auth'\.$/);
});

test('action argument errors', () => {
  assert.equal(
    first(' http-request set-header x\n').message,
    "error detected in proxy 'f' while parsing 'http-request set-header' rule : expects exactly 2 arguments.",
  );
  assert.equal(
    first(' http-request deny deny_status 999\n').message,
    "error detected in proxy 'f' while parsing 'http-request deny' rule : Unexpected status code '999'.",
  );
  assert.equal(
    first(' http-request deny foo\n').message,
    "'http-request deny' expects either 'if' or 'unless' followed by a condition but found 'foo'.",
  );
  assert.equal(
    first(' http-request redirect foo /x\n').message,
    "error detected in proxy 'f' while parsing 'http-request redirect' rule : expects 'code', 'prefix', 'location', 'scheme', 'set-cookie', 'clear-cookie', 'drop-query', 'ignore-empty' or 'append-slash' (was 'foo').",
  );
  assert.equal(
    first(' http-request set-timeout server 1s\n', 'frontend web\n bind :80\n').message,
    "error detected in frontend 'web' while parsing 'http-request set-timeout' rule : proxy 'web' has no backend capability.",
  );
});

test('tcp-request errors', () => {
  assert.match(first(' tcp-request content bar\n').message, /^'tcp-request content' expects 'accept', .* in proxy 'f' \(got 'bar'\)\.\n$/);
  assert.match(first(' tcp-request content set-nic 3\n').message, /\(got 'set-nic'\)\. Did you mean 'set-nice' maybe \?\n$/);
  assert.equal(first(' tcp-request\n').message, "missing argument for 'tcp-request' in proxy 'f'");
  assert.equal(first(' tcp-request foo accept\n').message, "'tcp-request' expects 'inspect-delay', 'connection', or 'content' in proxy 'f' (got 'foo')");
  assert.equal(first(' tcp-request content accept foo\n').message, "'tcp-request content accept' only accepts 'if' or 'unless', in proxy 'f' (got 'foo')");
  assert.equal(
    first(' tcp-request connection track-sc3 src\n').message,
    "'tcp-request connection track-sc3' : 3 track-sc number exceeding 2 (MAX_SESS_STKCTR-1) value",
  );
  assert.equal(first(' tcp-request connection capture src len 3\n').message, "'capture src' is not allowed in 'tcp-request connection' rules in proxy 'f'");
  assert.equal(
    first(' tcp-request inspect-delay 1x\n').message,
    "'tcp-request inspect-delay' expects a positive delay in milliseconds, in proxy 'f' (unexpected character 'x')",
  );
  assert.equal(first(' tcp-request connection accept\n', 'backend f\n').message, 'tcp-request connection is not allowed because backend f is not a frontend');
  assert.equal(
    first(' tcp-response content accept\n', 'frontend f\n bind :80\n').message,
    "tcp-response content is only allowed in 'backend' sections or 'defaults' section with a name",
  );
});

test('redirect, use-server, persist and block', () => {
  const { diag, p } = load(' redirect scheme https code 301 if !{ ssl_fc }\n');
  assert.equal(diag.alerts, 0);
  assert.deepEqual(p.rules['redirect']![0]!.args, ['scheme', 'https', 'code', '301']);
  assert.equal(
    first(' redirect location /x code 305\n').message,
    "error detected in proxy 'f' while parsing redirect rule : 'code': unsupported HTTP code '305' (must be one of 301, 302, 303, 307 or 308).",
  );
  assert.equal(first(' use-server x\n').message, "'use-server' requires either 'if' or 'unless' followed by a condition.");
  assert.equal(first(' force-persist\n').message, "'force-persist' requires either 'if' or 'unless' followed by a condition.");
  assert.equal(
    first(' block if TRUE\n').message,
    "The 'block' directive is not supported anymore since HAProxy 2.1. Use 'http-request deny' which uses the exact same syntax.",
  );
  const w = first(' force-persist if TRUE\n', 'frontend f\n bind :80\n');
  assert.deepEqual([w.level, w.message], ['warning', "'force-persist' ignored because frontend 'f' has no backend capability."]);
});

test('rule-order and final-action warnings', () => {
  const { diag } = load(
    ' use_backend b\n http-request deny\n http-request allow\n tcp-request content accept\n',
    'frontend f\n bind :80\n',
  );
  const w = diag.items.filter((d) => d.level === 'warning').map((d) => [d.place?.line, d.message]);
  assert.deepEqual(w, [
    [9, "a 'http-request' rule placed after a 'use_backend' rule will still be processed before."],
    [10, "previous 'http-request' action is final and has no condition attached, further entries are NOOP."],
    [10, "a 'http-request' rule placed after a 'use_backend' rule will still be processed before."],
    [11, "a 'tcp-request' rule placed after an 'http-request' rule will still be processed before."],
  ]);
});

test('post-parse: http rules in tcp mode, unknown use-server target, missing track table', () => {
  const { diag } = loadConfigText(
    HEAD + 'listen f\n mode tcp\n bind :80\n http-request deny\n redirect location /\n use-server nope if TRUE\n tcp-request content track-sc0 src\n server s 127.0.0.1:81\n',
    't.cfg',
  );
  const msgs = diag.items.map((d) => `${d.level}: ${d.message}`);
  assert.ok(msgs.includes("alert: proxy 'f' : unable to find server 'nope' referenced in a 'use-server' rule."), msgs.join('\n'));
  assert.ok(msgs.includes("alert: Proxy 'f': unable to find table 'f' referenced by track-sc0."));
  const { diag: d2 } = loadConfigText(HEAD + 'listen f\n mode tcp\n bind :80\n http-request deny\n redirect location /\n monitor-uri /m\n', 't.cfg');
  assert.deepEqual(
    d2.items.filter((d) => d.level === 'warning').map((d) => d.message),
    [
      "'http-request' rules ignored for proxy 'f' as they require HTTP mode.",
      "'redirect' rules ignored for proxy 'f' as they require HTTP mode.",
      "monitor-uri will be ignored for proxy 'f' (needs 'mode http').",
    ],
  );
});
