/** Converters and fetches, with reference values taken from haproxy 2.6.12 (`return lf-string`). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compileExpr } from '../../src/rules/expr.js';
import { compileLogFormat } from '../../src/rules/logformat.js';
import { toStr } from '../../src/rules/sample.js';
import { env, reqCtx } from './helpers.js';

const REQ = 'GET /p/q/r?a=1&b=two HTTP/1.1\nHost: Sub.WWW.Example.com:8080\nCookie: x=1; y=2\nX-Multi: a, b\nX-Multi: c';

function ev(expr: string, raw = REQ): string | undefined {
  const v = compileExpr(expr, env()).one(reqCtx(raw));
  return v === undefined ? undefined : toStr(v);
}

test('hashes match haproxy 2.6', () => {
  assert.equal(ev('str(abc),crc32'), '891568578');
  assert.equal(ev('str(abc),crc32(1)'), '930845320');
  assert.equal(ev('str(abc),djb2'), '193485963');
  assert.equal(ev('str(abc),sdbm'), '807794786');
  assert.equal(ev('str(abc),wt6'), '2483038440');
  assert.equal(ev('str(abc),xxh32'), '852579327');
  assert.equal(ev('str(abc),sha1,hex'), 'A9993E364706816ABA3E25717850C26C9CD0D89D');
  assert.equal(ev('str(abc),base64'), 'YWJj');
});

test('string converters match haproxy 2.6', () => {
  assert.equal(ev('req.hdr(host),lower,regsub(\\.,_,g)'), 'sub_www_example_com:8080');
  assert.equal(ev('str(a),concat(b,txn.n,c)'), 'abc');
  assert.equal(ev('path,field(2,/)'), 'p');
  assert.equal(ev('path,word(1,/)'), 'p');
  assert.equal(ev('path,field(-1,/)'), 'r');
  assert.equal(ev('str(ab/c),json'), 'ab\\/c');
  assert.equal(ev('int(0),http_date'), 'Thu, 01 Jan 1970 00:00:00 GMT');
  assert.equal(ev('str(a?b),url_enc'), 'a%3Fb');
  assert.equal(ev('str(a%20b+c),url_dec'), 'a b+c');
  assert.equal(ev('str(x:81),port_only'), '81');
  assert.equal(ev('req.hdr(host),host_only'), 'Sub.WWW.Example.com');
  assert.equal(ev('str(AbC),upper'), 'ABC');
  assert.equal(ev('str(abcdef),bytes(2,3)'), 'cde');
  assert.equal(ev('str(abcdef),length'), '6');
  assert.equal(ev('str(10.1.2.3),ipmask(16)'), '10.1.0.0');
  assert.equal(ev('str(10.1.2.3),ipmask(255.255.255.0)'), '10.1.2.0');
  assert.equal(ev('int(1700000000),utime(%Y-%m-%d %H:%M:%S)'), '2023-11-14 22:13:20');
});

test('arithmetic converters', () => {
  assert.equal(ev('int(5),add(3)'), '8');
  assert.equal(ev('int(7),div(2)'), '3');
  assert.equal(ev('int(7),mod(0)'), '0');
  assert.equal(ev('int(7),sub(10),neg'), '3');
  assert.equal(ev('int(6),and(3)'), '2');
  assert.equal(ev('int(3),odd'), '1');
  assert.equal(ev('int(3),even'), '0');
  assert.equal(ev('int(0),not'), '1');
  assert.equal(ev('int(1),iif(yes,no)'), 'yes');
});

test('request fetches', () => {
  assert.equal(ev('path'), '/p/q/r');
  assert.equal(ev('query'), 'a=1&b=two');
  assert.equal(ev('url'), '/p/q/r?a=1&b=two');
  assert.equal(ev('base'), 'Sub.WWW.Example.com:8080/p/q/r');
  assert.equal(ev('url_param(b)'), 'two');
  assert.equal(ev('url_param(zz)'), undefined);
  assert.equal(ev('req.cook(y)'), '2');
  assert.equal(ev('req.cook_cnt'), '2');
  assert.equal(ev('req.hdr(x-multi)'), 'c');
  assert.equal(ev('req.hdr(x-multi,1)'), 'a');
  assert.equal(ev('req.fhdr(x-multi,1)'), 'a, b');
  assert.equal(ev('req.hdr_cnt(x-multi)'), '3');
  assert.equal(ev('method'), 'GET');
  assert.equal(ev('req.ver'), '1.1');
  assert.equal(ev('src'), '10.0.0.1');
  assert.equal(ev('dst_port'), '80');
  assert.equal(ev('var(txn.none,dflt)'), 'dflt');
  assert.equal(ev('req.hdr(none),lower'), undefined);
});

test('maps: str, beg (longest), dom, ip, int output, default', () => {
  const dir = mkdtempSync(join(tmpdir(), 'maps-'));
  const m = join(dir, 'hosts.map');
  writeFileSync(m, '# comment\nwww.example.com   be_www\n  api.example.com be_api\nexample.com be_dom\n');
  const b = join(dir, 'paths.map');
  writeFileSync(b, '/ root\n/api api\n/api/v2 api2\n');
  const n = join(dir, 'nets.map');
  writeFileSync(n, '10.0.0.0/8 ten\n10.1.0.0/16 ten-one\n');
  const i = join(dir, 'ints.map');
  writeFileSync(i, 'www.example.com 7\n');
  const r = (host: string, path = '/'): string => `GET ${path} HTTP/1.1\nHost: ${host}`;
  assert.equal(ev(`req.hdr(host),lower,map(${m})`, r('WWW.example.com')), 'be_www');
  assert.equal(ev(`req.hdr(host),map_str(${m},none)`, r('nope')), 'none');
  assert.equal(ev(`req.hdr(host),map(${m})`, r('nope')), undefined);
  assert.equal(ev(`req.hdr(host),map_dom(${m},none)`, r('x.example.com')), 'be_dom');
  assert.equal(ev(`path,map_beg(${b})`, r('a', '/api/v2/x')), 'api2');
  assert.equal(ev(`path,map_beg(${b})`, r('a', '/apix')), 'api');
  assert.equal(ev(`src,map_ip(${n})`, r('a')), 'ten');
  assert.equal(ev(`req.hdr(host),map_str_int(${i},0),add(1)`, r('www.example.com')), '8');
  assert.equal(ev(`req.hdr(host),map_reg(${m},none)`, r('wwwxexample.com')), 'be_www');
});

test('log-format strings', () => {
  const ctx = reqCtx(REQ);
  assert.equal(compileLogFormat('a%%b', env()).render(ctx), 'a%b');
  assert.equal(compileLogFormat('bar%[path]', env()).render(ctx), 'bar/p/q/r');
  assert.equal(compileLogFormat('%[req.hdr(nothere)]', env()).render(ctx), '');
  assert.equal(compileLogFormat('%ci:%cp %f', env()).render(ctx), '10.0.0.1:40000 f');
});
