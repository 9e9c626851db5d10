import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadConfigText } from '../../src/config/parse.js';

const HEAD = 'defaults\n  mode http\n  timeout connect 1s\n  timeout client 1s\n  timeout server 1s\n';

function load(body: string) {
  const r = loadConfigText(HEAD + body);
  return { ...r, msgs: r.diag.items.map((d) => `${d.level}:${d.place?.line ?? '-'}:${d.message}`) };
}
const has = (msgs: string[], m: string): void => assert.ok(msgs.includes(m), `missing ${m}\n${msgs.join('\n')}`);

test('balance algorithms parse into the model', () => {
  const b = load('backend b\n  balance uri len 8 depth 2 whole\n').config.proxies[0]!;
  assert.deepEqual(b.balance, { algorithm: 'uri', params: [], options: { len: 8, depth: 2, whole: true } });
  assert.deepEqual(load('backend b\n  balance hdr(Host) use_domain_only\n').config.proxies[0]!.balance,
    { algorithm: 'hdr', params: ['Host'], options: { use_domain_only: true } });
  assert.equal(load('backend b\n  balance random(3)\n').config.proxies[0]!.balance?.options['draws'], 3);
});

test('balance errors use HAProxy wording', () => {
  has(load('backend b\n  balance foo\n').msgs, "alert:7:balance only supports 'roundrobin', 'static-rr', 'leastconn', 'source', 'uri', 'url_param', 'hdr(name)' and 'rdp-cookie(name)' options.");
  has(load('backend b\n  balance uri len x\n').msgs, "alert:7:balance uri : 'len' expects a positive integer (got 'x').");
  has(load('backend b\n  balance url_param\n').msgs, 'alert:7:balance url_param requires an URL parameter name.');
  has(load('backend b\n  balance random(0)\n').msgs, 'alert:7:balance random : number of draws must be at least 1.');
  has(load('backend b\n  balance rdp-cookie()\n').msgs, 'alert:7:balance rdp-cookie : missing cookie name.');
  has(load('backend b\n  balance hash\n').msgs, 'alert:7:balance hash requires a sample expression.');
  has(load('frontend f\n  balance roundrobin\n').msgs, "warning:7:'balance' ignored because frontend 'f' has no backend capability.");
});

test('hash-type and hash-balance-factor', () => {
  assert.deepEqual(load('backend b\n  hash-type consistent\n').config.proxies[0]!.hashType, { method: 'consistent', fn: 'sdbm', avalanche: true });
  has(load('backend b\n  hash-type consistent foo\n').msgs, "alert:7:'hash-type' only supports 'sdbm', 'djb2', 'crc32', or 'wt6' hash functions.");
  has(load('backend b\n  hash-balance-factor 50\n').msgs, "alert:7:'hash-balance-factor' must be 0 or greater than 100.");
});

test('http-reuse, retry-on, rate-limit, persist, external-check', () => {
  has(load('backend b\n  http-reuse foo\n').msgs, "alert:7:'http-reuse' only supports 'never', 'safe', 'aggressive', 'always'.");
  has(load('backend b\n  retry-on none 503\n').msgs, "alert:7:'retry-on' 'none' keyworld only usable alone");
  assert.deepEqual(load('backend b\n  retry-on conn-failure 503\n').config.proxies[0]!.retryOn, ['conn-failure', '503']);
  has(load('backend b\n  rate-limit sessions 10\n').msgs, "warning:7:rate-limit sessions will be ignored because backend 'b' has no frontend capability");
  has(load('backend b\n  persist rdp-cookie()\n').msgs, "alert:7:persist rdp-cookie(name)' requires an rdp cookie name.");
  has(load('backend b\n  external-check foo\n').msgs, "alert:7:'external-check' only supports 'command' and 'path'. but got 'foo'.");
});

test('cookie: model and incompatible modes', () => {
  const c = load('backend b\n  cookie SRV insert indirect nocache domain .a.com maxidle 30m\n').config.proxies[0]!.cookie;
  assert.equal(c?.mode, 'insert');
  assert.equal(c?.maxidle, 1800);
  assert.deepEqual(c?.domains, ['.a.com']);
  has(load('backend b\n  cookie SRV rewrite insert\n').msgs, "alert:7:cookie 'rewrite', 'insert' and 'prefix' modes are incompatible.");
  has(load('backend b\n  cookie SRV preserve\n').msgs, "alert:7:cookie 'preserve' requires at least 'insert' or 'indirect'.");
  assert.ok(load('backend b\n  cookie SRV domain nodot\n').diag.items.some((d) => d.level === 'warning' && d.message.includes("domain 'nodot' contains no embedded dot")));
});

test('stick-table parsing and errors', () => {
  const t = load('backend b\n  stick-table type string len 32 size 1k expire 30s store gpc0,http_req_rate(10s),gpc_rate(2,1m)\n').config.proxies[0]!.stickTable;
  assert.equal(t?.type, 'string');
  assert.equal(t?.len, 32);
  assert.equal(t?.size, 1024);
  assert.deepEqual(t?.store, [{ type: 'gpc0' }, { type: 'http_req_rate', period: 10000 }, { type: 'gpc_rate', count: 2, period: 60000 }]);
  has(load('backend b\n  stick-table type ip\n').msgs, 'alert:7:stick-table: missing size.');
  has(load('backend b\n  stick-table type ip size 1k store foo\n').msgs, "alert:7:stick-table: unknown store option 'foo'.");
  has(load('backend b\n  stick-table type ip size 1k store http_req_rate\n').msgs, "alert:7:stick-table: missing argument to store option 'http_req_rate'.");
  has(load('backend b\n  stick-table type ip size 1k store gpc(101)\n').msgs, "alert:7:stick-table: array size is out of allowed range (1-100) for store option 'gpc'.");
});

test('post-parse: stick rule naming a missing table', () => {
  const r = load('backend b\n  stick on src table nosuch\n  server s 127.0.0.1:80\n');
  has(r.msgs, "alert:-:Proxy 'b': unable to find stick-table 'nosuch'.");
});

test('post-parse: cookie and L7 balance in a tcp backend warn', () => {
  const r = load('backend b\n  mode tcp\n  balance uri\n  cookie SRV insert\n  server s 127.0.0.1:80\n');
  has(r.msgs, "warning:-:cookie will be ignored for backend 'b' (needs 'mode http').");
  has(r.msgs, "warning:-:Layer 7 hash not possible for backend 'b' (needs 'mode http'). Falling back to round robin.");
});

test('http-check / tcp-check rules', () => {
  const b = load('backend b\n  http-check send meth GET uri /\n  http-check expect status 200\n').config.proxies[0]!;
  assert.deepEqual(b.httpCheck.map((r) => r.action), ['send', 'expect']);
  assert.ok(load('backend b\n  http-check foo\n').msgs.some((m) => m.startsWith("alert:7:'http-check' only supports 'disable-on-404'")));
  has(load('backend b\n  tcp-check expect string\n').msgs, "alert:7:'tcp-check expect' : 'string' expects a <pattern> as argument.");
});
