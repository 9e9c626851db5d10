/** http-request / http-response actions; reply bytes are the ones haproxy 2.6.12 sends for the same rules. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Verdict } from '../../src/rules/proxy-rules.js';
import { addResponse, header, proxyRules, replyText, reqCtx } from './helpers.js';

const GET = (path: string, extra = ''): string => `GET ${path} HTTP/1.1\nHost: ex.com\nUser-Agent: t${extra}`;

function run(body: string, raw: string, extra = ''): ReturnType<typeof reqCtx> & { verdict?: Verdict } {
  const p = proxyRules(body, extra);
  const ctx = reqCtx(raw);
  const v = p.runHttpRequest(ctx);
  return Object.assign(ctx, { verdict: v });
}

test('deny, deny_status, deny with content', () => {
  assert.equal(
    replyText(run(' http-request deny if { path_beg /deny }\n', GET('/deny'))),
    'HTTP/1.1 403 Forbidden\r\ncontent-length: 93\r\ncache-control: no-cache\r\ncontent-type: text/html\r\n\r\n<html><body><h1>403 Forbidden</h1>\nRequest forbidden by administrative rules.\n</body></html>\n',
  );
  assert.equal(
    replyText(run(' http-request deny deny_status 429\n', GET('/'))),
    'HTTP/1.1 429 Too Many Requests\r\ncontent-length: 117\r\ncache-control: no-cache\r\ncontent-type: text/html\r\n\r\n<html><body><h1>429 Too Many Requests</h1>\nYou have sent too many requests in a given amount of time.\n</body></html>\n',
  );
  assert.equal(
    replyText(run(' http-request deny status 404 content-type text/plain string "nope" hdr x-a b\n', GET('/'))),
    'HTTP/1.1 404 Not Found\r\nx-a: b\r\ncontent-length: 4\r\ncontent-type: text/plain\r\n\r\nnope',
  );
});

test('return', () => {
  assert.equal(
    replyText(run(' http-request return status 200 content-type text/plain string "hello"\n', GET('/'))),
    'HTTP/1.1 200 OK\r\ncontent-length: 5\r\ncontent-type: text/plain\r\n\r\nhello',
  );
  assert.equal(replyText(run(' http-request return status 404\n', GET('/'))), 'HTTP/1.1 404 Not Found\r\ncontent-length: 0\r\n\r\n');
  assert.equal(replyText(run(' http-request return\n', GET('/'))), 'HTTP/1.1 200 OK\r\ncontent-length: 0\r\n\r\n');
  assert.equal(
    replyText(run(' http-request return status 200 content-type text/plain lf-string "p=%[path]"\n', GET('/x'))),
    'HTTP/1.1 200 OK\r\ncontent-length: 4\r\ncontent-type: text/plain\r\n\r\np=/x',
  );
});

test('redirects: location, prefix, scheme, codes, drop-query, append-slash, set-cookie', () => {
  assert.equal(
    replyText(run(' http-request redirect location /new\n', GET('/loc'))),
    'HTTP/1.1 302 Found\r\ncontent-length: 0\r\nlocation: /new\r\ncache-control: no-cache\r\n\r\n',
  );
  assert.equal(
    replyText(run(' http-request redirect prefix /pre code 301\n', GET('/pfx/a?b=1'))),
    'HTTP/1.1 301 Moved Permanently\r\ncontent-length: 0\r\nlocation: /pre/pfx/a?b=1\r\n\r\n',
  );
  assert.equal(
    replyText(run(' http-request redirect scheme https\n', GET('/sch?x'))),
    'HTTP/1.1 302 Found\r\ncontent-length: 0\r\nlocation: https://ex.com/sch?x\r\ncache-control: no-cache\r\n\r\n',
  );
  assert.equal(
    replyText(run(' redirect prefix /old drop-query append-slash set-cookie A=b if { path_beg /legacy }\n', GET('/legacy/y?q=1'))),
    'HTTP/1.1 302 Found\r\ncontent-length: 0\r\nlocation: /old/legacy/y/\r\ncache-control: no-cache\r\nset-cookie: A=b; path=/;\r\n\r\n',
  );
  assert.equal(
    replyText(run(' http-request redirect location /n code 308\n', GET('/'))),
    'HTTP/1.1 308 Permanent Redirect\r\ncontent-length: 0\r\nlocation: /n\r\n\r\n',
  );
  assert.equal(
    replyText(run(' http-request redirect location /n code 307\n', GET('/'))),
    'HTTP/1.1 307 Temporary Redirect\r\ncontent-length: 0\r\nlocation: /n\r\ncache-control: no-cache\r\n\r\n',
  );
});

test('auth with a userlist: 401 with the realm, then pass with the right credentials', () => {
  const ul = 'userlist ul\n user bob insecure-password secret\n user amy password $5$abcdEFGH$lEcIiihizJ3s3/o8yPiZJ23lH0a.rnyd.vDeKy1MsJ3\n';
  const body = ' http-request auth realm Secret if !{ http_auth(ul) }\n';
  assert.equal(
    replyText(run(body, GET('/auth'), ul)),
    'HTTP/1.1 401 Unauthorized\r\ncontent-length: 112\r\ncache-control: no-cache\r\ncontent-type: text/html\r\nwww-authenticate: Basic realm="Secret"\r\n\r\n<html><body><h1>401 Unauthorized</h1>\nYou need a valid user and password to access this content.\n</body></html>\n',
  );
  const bob = Buffer.from('bob:secret').toString('base64');
  assert.equal(run(body, GET('/auth', `\nAuthorization: Basic ${bob}`), ul).verdict, Verdict.Continue);
  const amy = Buffer.from('amy:secret').toString('base64');
  assert.equal(run(body, GET('/auth', `\nAuthorization: Basic ${amy}`), ul).verdict, Verdict.Continue);
  const bad = Buffer.from('amy:nope').toString('base64');
  assert.equal(run(body, GET('/auth', `\nAuthorization: Basic ${bad}`), ul).verdict, Verdict.Done);
  const dflt = run(' http-request auth\n', GET('/'), ul);
  assert.match(replyText(dflt), /www-authenticate: Basic realm="f"\r\n/);
});

test('header actions edit the request in place', () => {
  const ctx = run(
    ' http-request set-header X-Foo bar%[path]\n http-request del-header user-agent\n http-request add-header X-A 1\n http-request add-header X-A 2\n http-request replace-header Host (.*)\\.com \\1.org\n',
    GET('/x'),
  );
  assert.deepEqual(header(ctx, 'x-foo'), ['bar/x']);
  assert.deepEqual(header(ctx, 'user-agent'), []);
  assert.deepEqual(header(ctx, 'x-a'), ['1', '2']);
  assert.deepEqual(header(ctx, 'host'), ['ex.org']);
  const d = run(' http-request del-header x- -m beg\n', GET('/', '\nX-One: 1\nX-Two: 2'));
  assert.deepEqual(d.req!.headers.map((h) => h.lname), ['host', 'user-agent']);
  const rv = run(' http-request replace-value X-L ^a(.*) z\\1\n', GET('/', '\nX-L: a1, b2, a3'));
  assert.deepEqual(header(rv, 'x-l'), ['z1, b2,z3']); // as HAProxy 2.6: a replaced value loses its leading blank (rules-corpus 'replace-value')
});

test('uri actions', () => {
  const t = (rule: string, path: string): string => run(` http-request ${rule}\n`, GET(path)).req!.target;
  assert.equal(t('set-path /new', '/old?q=1'), '/new?q=1');
  assert.equal(t('set-query a=2', '/old?q=1'), '/old?a=2');
  assert.equal(t('set-uri /u?x', '/old'), '/u?x');
  assert.equal(t('set-pathq /p?z', '/old?q=1'), '/p?z');
  assert.equal(t('replace-path /api/(.*) /\\1', '/api/v1?q'), '/v1?q');
  assert.equal(t('replace-uri ^/(.*) /v2/\\1', '/a?b'), '/v2/a?b');
  assert.equal(run(' http-request set-method POST\n', GET('/')).req!.method, 'POST');
});

test('variables, set-log-level, captures, allow stops the ruleset', () => {
  const ctx = run(
    ' http-request set-var(txn.p) path,upper\n http-request set-var-fmt(txn.f) "v=%[var(txn.p)]"\n http-request set-log-level silent\n http-request capture req.hdr(host) len 2\n http-request allow\n http-request deny\n',
    GET('/abc'),
  );
  assert.equal(ctx.verdict, Verdict.Stop);
  assert.equal(ctx.getVar('txn', 'p'), '/ABC');
  assert.equal(ctx.getVar('txn', 'f'), 'v=/ABC');
  assert.equal(ctx.logLevel, 'silent');
  assert.equal(ctx.reqCaptures[0], 'ex');
});

test('http-response rules see the response', () => {
  const p = proxyRules(' http-response set-header X-S %[status]\n http-response del-header server\n http-response set-status 201 if { res.hdr(x-up) 1 }\n');
  const ctx = reqCtx(GET('/'));
  addResponse(ctx, 'HTTP/1.1 200 OK\nServer: s\nX-Up: 1\nContent-Length: 0');
  assert.equal(p.runHttpResponse(ctx), Verdict.Continue);
  assert.deepEqual(ctx.res!.headers.map((h) => `${h.lname}=${h.value}`), ['x-up=1', 'content-length=0', 'x-s=200']);
  assert.equal(ctx.res!.status, 201);
  assert.equal(ctx.res!.reason, 'Created');
});

test('use_backend and use-server pick the first matching rule, dynamic names resolve per stream', () => {
  const p = proxyRules(' use_backend b1 if { path_beg /one }\n use_backend %[req.hdr(x-be)] if { req.hdr(x-be) -m found }\n use_backend b2 if { hdr(host) -i ex.com }\n', 'backend b1\nbackend b2\nbackend b3\n');
  const names = ['b1', 'b2', 'b3'];
  const sw = p.switcher(
    [
      { place: { file: 't', line: 1 }, target: 'b1', cond: { polarity: 'if', terms: ['{', 'path_beg', '/one', '}'] } },
      { place: { file: 't', line: 2 }, target: '%[req.hdr(x-be)]', cond: { polarity: 'if', terms: ['{', 'req.hdr(x-be)', '-m', 'found', '}'] } },
      { place: { file: 't', line: 3 }, target: 'b2', cond: { polarity: 'if', terms: ['{', 'hdr(host)', '-i', 'ex.com', '}'] } },
    ],
    (n) => (names.includes(n) ? n : undefined),
  );
  assert.equal(sw.pick(reqCtx(GET('/one'))), 'b1');
  assert.equal(sw.pick(reqCtx(GET('/two', '\nX-Be: b3'))), 'b3');
  assert.equal(sw.pick(reqCtx(GET('/two', '\nX-Be: nothere'))), 'b2');
  assert.equal(sw.pick(reqCtx('GET / HTTP/1.1\nHost: other')), undefined);
});
