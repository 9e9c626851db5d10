import { shown } from '../helpers/run.js';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadConfigText } from '../../src/config/parse.js';

const load = (body: string) => loadConfigText(`global\n${body}\n`, 'g.cfg', { env: {}, noValidate: true });
const alerts = (r: ReturnType<typeof load>) => r.diag.items.filter((d) => d.level === 'alert');
const warnings = (r: ReturnType<typeof load>) => r.diag.items.filter((d) => d.level === 'warning');

test('typed global values land in the model', () => {
  const r = load('  maxconn 100\n  nbthread 4\n  log 127.0.0.1:514 len 1024 format rfc5424 local0 info\n  tune.bufsize 32768\n  hard-stop-after 30s\n  stats socket /run/x.sock level admin mode 600 expose-fd listeners\n  ssl-default-bind-options no-sslv3 ssl-min-ver TLSv1.2');
  assert.equal(alerts(r).length, 0);
  const g = r.config.global;
  assert.equal(g.maxconn, 100);
  assert.equal(g.nbthread, 4);
  assert.equal(g.logs[0]?.facility, 'local0');
  assert.equal(g.logs[0]?.len, 1024);
  assert.equal(g.tune['tune.bufsize'], 32768);
  assert.equal(g.hardStopAfter, 30000);
  assert.equal(g.statsSockets[0]?.level, 'admin');
  assert.equal(g.statsSockets[0]?.mode, 0o600);
  assert.deepEqual(g.sslDefaultBindOptions, ['no-sslv3', 'ssl-min-ver', 'TLSv1.2']);
});

test('extra argument to a flag keyword', () => {
  const r = load('  daemon x');
  assert.equal(alerts(r)[0]?.message, `'daemon' cannot handle unexpected argument 'x'.`);
  assert.equal(alerts(r)[0]?.place?.line, 2);
});

test('duplicate maxconn is a non-fatal alert', () => {
  const r = load('  maxconn 1\n  maxconn 2');
  assert.equal(r.diag.items[0]?.message, `'maxconn' already specified. Continuing.`);
  assert.equal(r.diag.items[0]?.place?.line, 3);
  assert.equal(r.diag.hasErrors, false);
  assert.equal(r.config.global.maxconn, 1);
});

test('nbproc is refused as in 2.6', () => {
  const r = load('  nbproc 2');
  assert.match(alerts(r)[0]!.message, /^nbproc is not supported any more since HAProxy 2\.5/);
});

test('nbthread range', () => {
  assert.equal(alerts(load('  nbthread 65'))[0]?.message, `'nbthread' value must be between 1 and 64 (was 65)`);
});

test('ignored tuning keyword warns', () => {
  const r = load('  tune.pipesize 65536');
  assert.equal(alerts(r).length, 0);
  assert.equal(warnings(r)[0]?.message, `'tune.pipesize' has no effect in Switchyard (Node.js) and is ignored.`);
});

test('tune value checks', () => {
  assert.equal(alerts(load('  tune.http.maxhdr 40000'))[0]?.message, `'tune.http.maxhdr' expects a numeric value between 1 and 32767`);
  assert.equal(alerts(load('  tune.bufsize'))[0]?.message, `'tune.bufsize' expects an integer argument.`);
  assert.equal(alerts(load('  tune.idle-pool.shared x'))[0]?.message, `'tune.idle-pool.shared' expects either 'on' or 'off' but got 'x'.`);
  assert.match(alerts(load('  tune.fd.edge-triggered on'))[0]!.message, /is experimental/);
});

test('Lua keywords are refused with their name', () => {
  const a = alerts(load('  lua-load /x.lua'))[0];
  assert.match(a!.message, /'lua-load' : Lua is not supported/);
  assert.equal(a!.place?.line, 2);
});

test('time argument errors end with an empty line', () => {
  assert.equal(alerts(load('  grace 10x'))[0]?.message, `unexpected character 'x' in argument to <grace>.\n`);
});

test('uid that is not a number only warns', () => {
  const r = load('  uid abc');
  assert.equal(alerts(r).length, 0);
  assert.equal(warnings(r)[0]?.message, ` uid: string 'abc' is not a number.`);
});

test('stats socket options', () => {
  assert.equal(
    alerts(load('  stats socket /x.sock level root'))[0]?.message,
    `'stats socket' : ''level' only supports 'user', 'operator', and 'admin' (got 'root')'`,
  );
  assert.equal(alerts(load('  stats socket /x.sock levl admin'))[0]?.message, `'stats socket' : unknown keyword 'levl'. Did you mean 'level' maybe ?`);
  assert.equal(alerts(load('  stats foo'))[0]?.message, `'stats' only supports 'socket', 'maxconn', 'bind-process' and 'timeout' (got 'foo')`);
});

test('ssl-default-bind-options refuses unknown options', () => {
  assert.equal(
    alerts(load('  ssl-default-bind-options strict-sni'))[0]?.message,
    `unknown option 'strict-sni' on global statement 'ssl-default-bind-options'.`,
  );
});

test('unknown global keyword suggests', () => {
  assert.equal(alerts(load('  maxcon 1'))[0]?.message, `unknown keyword 'maxcon' in 'global' section; did you mean 'maxconn' maybe ?`);
});

test('description is printed with a tight prefix', () => {
  assert.equal(shown(alerts(load('  description'))[0]), `parsing [g.cfg:2]: 'description' expects a string argument.`);
});
