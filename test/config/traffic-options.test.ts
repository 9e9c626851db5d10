import { shown } from '../helpers/run.js';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadConfigText } from '../../src/config/parse.js';

const HEAD = 'defaults\n  mode http\n  timeout connect 1s\n  timeout client 1s\n  timeout server 1s\n';

function load(body: string) {
  const r = loadConfigText(HEAD + body);
  return { ...r, msgs: r.diag.items.map((d) => `${d.level}:${d.place?.line ?? '-'}:${d.message}`) };
}

test('flag option sets the model; no option records off', () => {
  const { config, diag } = load('backend b\n  option abortonclose\n  no option persist\n');
  const b = config.proxies[0]!;
  assert.equal(diag.alerts, 0);
  assert.equal(b.options['abortonclose']?.enabled, true);
  assert.equal(b.options['persist']?.enabled, false);
});

test('option on the wrong side warns and is ignored', () => {
  const { config, msgs } = load('frontend f\n  option abortonclose\n');
  assert.deepEqual(msgs, ["warning:7:'abortonclose' ignored because frontend 'f' has no backend capability."]);
  assert.equal(config.proxies[0]!.options['abortonclose'], undefined);
});

test('unknown option suggests a close one', () => {
  const { msgs } = load('backend b\n  option httplgo\n');
  assert.ok(msgs.includes("alert:7:unknown option 'httplgo'; did you mean 'httplog' maybe ?"), msgs.join('\n'));
});

test('no on a non-negatable option: negation/default is not supported', () => {
  const { diag } = load('backend b\n  no option forwardfor\n');
  assert.ok(diag.items.some((d) => d.level === 'alert' && shown(d) === "parsing [inline.cfg:7]: negation/default is not supported for option 'forwardfor'."));
});

test('default option repeats its last word as HAProxy does', () => {
  const { msgs } = load('backend b\n  default option abortonclose\n');
  assert.ok(msgs.includes("alert:7:'option abortonclose' cannot handle unexpected argument 'abortonclose'."), msgs.join('\n'));
});

test('forwardfor arguments are typed and validated', () => {
  const ok = load('backend b\n  option forwardfor except 10.0.0.0/8 header X-Real-IP if-none\n');
  assert.deepEqual(ok.config.proxies[0]!.options['forwardfor']?.params, { header: 'X-Real-IP', except: '10.0.0.0/8', ifNone: true });
  const bad = load('backend b\n  option forwardfor except 10.0.0.0/33\n');
  assert.ok(bad.msgs.includes("alert:7:'option forwardfor except' expects <address>[/mask] as argument."), bad.msgs.join('\n'));
  const bad2 = load('backend b\n  option forwardfor bogus\n');
  assert.ok(bad2.msgs.includes("alert:7:'option forwardfor' only supports optional values: 'except', 'header' and 'if-none'."));
});

test('httpchk, mysql-check, pgsql-check, redispatch parameters', () => {
  const { config, diag } = load('backend b\n  option httpchk GET /health HTTP/1.1\n  option redispatch 2\n');
  assert.equal(diag.alerts, 0);
  const b = config.proxies[0]!;
  assert.deepEqual(b.options['httpchk']?.params, { method: 'GET', uri: '/health', version: 'HTTP/1.1' });
  assert.deepEqual(b.options['redispatch']?.params, { after: 2 });
  assert.ok(load('backend b\n  option mysql-check user bob bad\n').msgs.includes("alert:7:keyword 'user' only supports 'post-41' and 'pre-41' (got 'bad')."));
  assert.ok(load('backend b\n  option pgsql-check\n').msgs.includes("alert:7:'option pgsql-check' expects 'user <username>' as argument."));
  assert.ok(load('backend b\n  option httpchk GET / HTTP/1.1 x\n').msgs.includes("alert:7:'option httpchk' cannot handle unexpected argument 'x'."));
});

test('check options replace each other', () => {
  const b = load('backend b\n  option httpchk\n  option tcp-check\n').config.proxies[0]!;
  assert.equal(b.options['httpchk'], undefined);
  assert.equal(b.options['tcp-check']?.enabled, true);
});

test('httplog in a backend warns; in defaults it warns when overriding', () => {
  assert.ok(load('backend b\n  option httplog\n').msgs.includes("warning:7:backend 'b' : 'option httplog' directive is ignored in backends."));
  const d = loadConfigText('defaults\n  option tcplog\n  option httplog\n');
  assert.ok(d.diag.items.some((x) => shown(x) === "parsing [inline.cfg:3]: 'option httplog' overrides previous 'option tcplog' in 'defaults' section."));
});

test('post-parse: httplog in a tcp frontend falls back to tcplog, http-only options warn', () => {
  const r = loadConfigText('defaults\n  mode tcp\n  timeout connect 1s\n  timeout client 1s\n  timeout server 1s\nlisten l\n  bind :8000\n  option httplog\n  option forwardfor\n  option http-no-delay\n  server s 127.0.0.1:80\n');
  const w = r.diag.items.filter((d) => d.level === 'warning').map((d) => `${d.place?.line ?? '-'}:${d.message}`);
  assert.ok(w.includes("8:'option httplog' not usable with proxy 'l' (needs 'mode http'). Falling back to 'option tcplog'."), w.join('\n'));
  assert.ok(w.includes("-:'option forwardfor' ignored for proxy 'l' as it requires HTTP mode."));
  assert.ok(w.includes("-:'option http-no-delay' ignored for proxy 'l' as it requires HTTP mode."));
});

test('removed options are errors', () => {
  assert.ok(load('backend b\n  option http-tunnel\n').diag.items.some((d) => shown(d).startsWith("parsing [inline.cfg:7]: option 'http-tunnel' is not supported any more since HAProxy 2.1")));
});
