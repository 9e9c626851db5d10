import { shown } from '../helpers/run.js';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfigText } from '../../src/config/parse.js';

const load = (text: string, noValidate = true) => loadConfigText(text, 's.cfg', { env: {}, noValidate });
const alerts = (r: ReturnType<typeof load>) => r.diag.items.filter((d) => d.level === 'alert').map((d) => shown(d));

test('userlist model and cross references', () => {
  const r = load('userlist u\n  group admins\n  user bob insecure-password pw groups admins\n');
  assert.deepEqual(alerts(r), []);
  assert.equal(r.config.userlists[0]?.users[0]?.hashed, false);
  assert.deepEqual(r.config.userlists[0]?.users[0]?.groups, ['admins']);
  const bad = load('userlist u\n  user bob insecure-password pw groups nope\n', false);
  assert.deepEqual(alerts(bad), [`userlist 'u': no such group 'nope' specified in user 'bob'`]);
});

test('duplicate userlist is a warning', () => {
  const r = load('userlist u\nuserlist u\n');
  assert.equal(shown(r.diag.items[0]), `parsing [s.cfg:2]: ignoring duplicated userlist 'u'.`);
  assert.equal(r.diag.items[0]?.level, 'warning');
});

test('resolvers', () => {
  const r = load('resolvers dns\n  nameserver a 10.0.0.1:53\n  timeout resolve 1s\n  hold valid 10s\n');
  assert.deepEqual(alerts(r), []);
  assert.equal(r.config.resolvers[0]?.timeouts.resolve, 1000);
  assert.equal(r.config.resolvers[0]?.hold.valid, 10000);
  assert.equal(alerts(load('resolvers dns\n  timeout foo 1s\n'))[0], `parsing [s.cfg:2] : 'timeout' expects 'retry' or 'resolve' and <time> as arguments got 'foo'.`);
  assert.equal(alerts(load('resolvers dns\n  nameserver a 10.0.0.1\n'))[0], `parsing [s.cfg:2] : 'nameserver a' : missing port specification in '10.0.0.1'`);
});

test('cache size limit and missing size', () => {
  assert.equal(alerts(load('cache c\n  total-max-size 5000\n'))[0], `parsing [s.cfg:2]: "total-max-size" (5000) must not be greater than 4095`);
  assert.equal(alerts(load('cache c\n  max-age 10\n'))[0], `Size not specified for cache 'c'`);
  assert.equal(load('cache c\n  total-max-size 64\n').config.caches[0]?.totalMaxSize, 64);
});

test('http-errors errorfile validation', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sy-'));
  const f = join(dir, '503.http');
  writeFileSync(f, 'HTTP/1.0 503 Service Unavailable\r\n\r\n');
  const ok = load(`http-errors h\n  errorfile 503 ${f}\n`);
  assert.deepEqual(alerts(ok), []);
  assert.equal(ok.config.httpErrors[0]?.errorfiles[503]?.file, f);
  assert.equal(alerts(load(`http-errors h\n  errorfile 999 ${f}\n`))[0], `parsing [s.cfg:2] : errorfile : status code '999' not handled.`);
  assert.equal(alerts(load('http-errors h\n  errorfile 503 /nonexistent\n'))[0], `parsing [s.cfg:2] : errorfile : error opening file '/nonexistent'.`);
});

test('program needs master-worker', () => {
  assert.deepEqual(alerts(load('program p\n  command /bin/true\n', false)), [`Can't use a 'program' section without master worker mode.`]);
});
