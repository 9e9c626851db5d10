/** ACL matching: methods, flags, operators, implicit methods, pattern files, predefined ACLs, conditions. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AclResult, compileAclWords, predefinedAcl } from '../../src/rules/acl.js';
import { env, reqCtx } from './helpers.js';

function acl(words: string, raw = 'GET /api/v1/users?id=42&x=y HTTP/1.1\nHost: www.Example.com\nCookie: a=1; sid=abc\nX-N: 12\nAccept: text/html, application/json', src?: string): boolean {
  const a = compileAclWords('t', words.split(' '), env());
  return a.test(reqCtx(raw, src)) === AclResult.Pass;
}

test('string match methods and -i', () => {
  assert.equal(acl('path_beg /api'), true);
  assert.equal(acl('path_beg /API'), false);
  assert.equal(acl('path_beg -i /API'), true);
  assert.equal(acl('path_end /users'), true);
  assert.equal(acl('path_sub v1'), true);
  assert.equal(acl('path_dir v1'), true);
  assert.equal(acl('path_dir v'), false);
  assert.equal(acl('path_reg ^/api/v[0-9]+/'), true);
  assert.equal(acl('path /api/v1/users'), true);
  assert.equal(acl('path -m beg /ap'), true);
  assert.equal(acl('hdr(host) www.example.com'), false);
  assert.equal(acl('hdr(host) -i www.example.com'), true);
  assert.equal(acl('hdr_dom(host) -i example.com'), true);
  assert.equal(acl('hdr_dom(host) -i ample.com'), false);
  assert.equal(acl('hdr_end(host) -i .com'), true);
  assert.equal(acl('hdr(host),lower www.example.com'), true);
  assert.equal(acl('path_len 13'), true);
  assert.equal(acl('path_len gt 20'), false);
});

test('multi-valued headers: every comma-separated value is tried', () => {
  assert.equal(acl('hdr(accept) application/json'), true);
  assert.equal(acl('req.fhdr(accept) application/json'), false);
  assert.equal(acl('hdr_cnt(accept) 2'), true);
});

test('integers: implicit int, operators, ranges', () => {
  assert.equal(acl('hdr_val(x-n) 12'), true);
  assert.equal(acl('hdr_val(x-n) gt 11'), true);
  assert.equal(acl('hdr_val(x-n) lt 12'), false);
  assert.equal(acl('hdr_val(x-n) ge 12'), true);
  assert.equal(acl('hdr_val(x-n) 10:13'), true);
  assert.equal(acl('hdr_val(x-n) :11'), false);
  assert.equal(acl('hdr_val(x-n) 13: 12'), true);
  assert.equal(acl('urlp_val(id) eq 42'), true);
  assert.equal(acl('url_param(id) -m int gt 40'), true);
});

test('found, bool, cookies, query parameters', () => {
  assert.equal(acl('req.hdr(x-n) -m found'), true);
  assert.equal(acl('req.hdr(x-none) -m found'), false);
  assert.equal(acl('cook(sid) abc'), true);
  assert.equal(acl('req.cook(a) -m int 1'), true);
  assert.equal(acl('urlp(x) y'), true);
  assert.equal(acl('query -m sub id=42'), true);
  assert.equal(acl('always_true'), true);
  assert.equal(acl('always_false'), false);
  assert.equal(acl('int(3) -m bool'), true);
});

test('ip lists: prefix trees, IPv6, IPv4-mapped sources, -f files', () => {
  assert.equal(acl('src 10.0.0.0/8', undefined, '10.2.3.4'), true);
  assert.equal(acl('src 10.0.0.0/8', undefined, '11.2.3.4'), false);
  assert.equal(acl('src 192.168.0.0/255.255.0.0 10.0.0.1', undefined, '10.0.0.1'), true);
  assert.equal(acl('src 10.0.0.0/8', undefined, '::ffff:10.9.9.9'), true);
  assert.equal(acl('src 2001:db8::/32', undefined, '2001:db8::1'), true);
  assert.equal(acl('src 2001:db8::/32', undefined, '2001:db9::1'), false);
  const dir = mkdtempSync(join(tmpdir(), 'rules-'));
  const f = join(dir, 'nets.lst');
  writeFileSync(f, '# blocked\n  192.0.2.0/24\n\n198.51.100.7\n');
  assert.equal(acl(`src -f ${f}`, undefined, '192.0.2.55'), true);
  assert.equal(acl(`src -f ${f}`, undefined, '198.51.100.7'), true);
  assert.equal(acl(`src -f ${f}`, undefined, '198.51.100.8'), false);
  const p = join(dir, 'paths.lst');
  writeFileSync(p, '/admin\n/private\n');
  assert.equal(acl(`path_beg -f ${p} /api`), true);
  assert.equal(acl(`path_beg -f ${p}`), false);
});

test('bin patterns and lengths', () => {
  assert.equal(acl('bin(414243) -m bin 414243'), true);
  assert.equal(acl('str(abcd) -m len 4'), true);
  assert.equal(acl('str(abcd) -m len ge 5'), false);
});

test('predefined ACLs', () => {
  const e = env();
  const c = reqCtx('GET / HTTP/1.1\nHost: a', '127.0.0.1');
  assert.equal(predefinedAcl('METH_GET', e)!.test(c), AclResult.Pass);
  assert.equal(predefinedAcl('METH_POST', e)!.test(c), AclResult.Fail);
  assert.equal(predefinedAcl('HTTP_1.1', e)!.test(c), AclResult.Pass);
  assert.equal(predefinedAcl('HTTP_1.0', e)!.test(c), AclResult.Fail);
  assert.equal(predefinedAcl('LOCALHOST', e)!.test(c), AclResult.Pass);
  assert.equal(predefinedAcl('HTTP_URL_SLASH', e)!.test(c), AclResult.Pass);
  assert.equal(predefinedAcl('HTTP_CONTENT', e)!.test(c), AclResult.Fail);
  assert.equal(predefinedAcl('TRUE', e)!.test(c), AclResult.Pass);
});

test('a missing fetch value is no match, never a throw', () => {
  assert.equal(acl('req.hdr(nothere) -m reg .*'), false);
  assert.equal(acl('req.hdr(nothere),lower,map(/nonexistent-never-loaded,x) x'.replace(',map(/nonexistent-never-loaded,x)', '')), false);
  assert.equal(acl('res.hdr(x) y'), false);
});
