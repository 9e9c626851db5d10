import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { linesOf, runBin, tmpConfig } from '../helpers/run.js';

const VALID = `global
  maxconn 100
defaults
  mode http
  timeout client 5s
  timeout server 5s
  timeout connect 1s
frontend fe
  bind 127.0.0.1:18080
  default_backend be
backend be
  server s1 127.0.0.1:18081
`;

test('-v prints a version line HAProxy tools can parse', () => {
  const r = runBin(['-v']);
  assert.equal(r.status, 0);
  assert.match(r.stdout, /^HAProxy version 2\.6\.\d+-switchyard-\S+ \d{4}\/\d{2}\/\d{2} /);
});

test('-vv prints the build layout with TARGET and a Feature list', () => {
  const r = runBin(['-vv']);
  assert.equal(r.status, 0);
  assert.match(r.stdout, /^\s+TARGET\s+= /m);
  assert.match(r.stdout, /^Feature list : .*\+OPENSSL\b/m);
  assert.match(r.stdout, /^Feature list : .*-LUA\b/m);
});

test('-cc evaluates a condition: 0 true, 1 false, 2 error', () => {
  assert.equal(runBin(['-cc', 'feature(OPENSSL)']).status, 0);
  assert.equal(runBin(['-cc', 'feature(LUA)']).status, 1);
  assert.equal(runBin(['-cc', 'defined(SY_T_X) && !defined(SY_T_Y)'], { env: { SY_T_X: '1' } }).status, 0);
  assert.equal(runBin(['-cc', 'version_atleast(2.4) && version_before(2.7)']).status, 0);
  const bad = runBin(['-cc', 'foo(']);
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /^\[ALERT\] +\(\d+\) : config : Failed to evaluate condition: /m);
});

test('-c on a valid configuration: exit 0 and "Configuration file is valid"', () => {
  const r = runBin(['-c', '-f', tmpConfig(VALID)]);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout, 'Configuration file is valid\n');
});

test('-c -q prints nothing on success', () => {
  const r = runBin(['-c', '-q', '-f', tmpConfig(VALID)]);
  assert.equal(r.status, 0);
  assert.equal(r.stdout, '');
  assert.equal(r.stderr, '');
});

test('-c on a configuration without listener: exit 2 with HAProxy message', () => {
  const r = runBin(['-c', '-f', tmpConfig('backend be\n  server s 127.0.0.1:80\n')]);
  assert.equal(r.status, 2);
  assert.match(r.stdout, /Configuration file has no error but will not start \(no listener\) => exit\(2\)\./);
});

test('starting without listener: exit 1 with HAProxy alert', () => {
  const r = runBin(['-f', tmpConfig('backend be\n  server s 127.0.0.1:80\n')]);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /No enabled listener found \(check for 'bind' directives\) ! Exiting\./);
});

test('errors name file and line, end with HAProxy summary, exit 1', () => {
  const cfg = tmpConfig(VALID.replace('  default_backend be', '  bindd :9\n  default_backend be'));
  const r = runBin(['-c', '-f', cfg]);
  assert.equal(r.status, 1);
  assert.deepEqual(linesOf(r.stderr, 'ALERT'), [10]);
  assert.match(r.stderr, new RegExp(`parsing \\[${cfg.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:10\\] : unknown keyword 'bindd' in 'frontend' section; did you mean 'bind' maybe \\?`));
  assert.match(r.stderr, /Error\(s\) found in configuration file : /);
  assert.match(r.stderr, /\[ALERT\] +\(\d+\) : config : Fatal errors found in configuration\.\n$/);
});

test('several -f files and a directory (its *.cfg in lexical order) are read in order', () => {
  const dir = mkdtempSync(join(tmpdir(), 'switchyard-dir-'));
  writeFileSync(join(dir, '20-backend.cfg'), 'backend be\n  server s1 127.0.0.1:18081\n');
  writeFileSync(join(dir, '10-frontend.cfg'), 'frontend fe\n  bind 127.0.0.1:18080\n  default_backend be\n');
  writeFileSync(join(dir, 'ignored.txt'), 'this is not a cfg file\n');
  const first = tmpConfig('defaults\n  mode http\n  timeout client 1s\n  timeout server 1s\n  timeout connect 1s\n');
  const r = runBin(['-c', '-f', first, '-f', dir]);
  assert.equal(r.status, 0, r.stderr);
  // The defaults from the first file apply to the proxies in the directory: no missing-timeout warning.
  assert.doesNotMatch(r.stderr, /missing timeouts/);
});

test('a missing configuration file is an alert and exit 1', () => {
  const r = runBin(['-c', '-f', '/nonexistent/switchyard.cfg']);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /Cannot open configuration file\/directory \/nonexistent\/switchyard\.cfg : No such file or directory/);
});

test('-dW turns warnings into a failure', () => {
  const cfg = tmpConfig('frontend fe\n  bind 127.0.0.1:18080\n  default_backend be\nbackend be\n  server s 127.0.0.1:80\n');
  assert.equal(runBin(['-c', '-f', cfg]).status, 0);
  const r = runBin(['-c', '-dW', '-f', cfg]);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /Some warnings were found and 'zero-warning' is set\. Aborting\./);
});

test('unknown flags print the usage and exit 1', () => {
  const r = runBin(['-zz']);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /^Usage : haproxy /m);
});

test('the global section may appear several times and is merged', () => {
  const cfg = tmpConfig(`global\n  setenv SY_A one\nglobal\n  maxconn 50\n.if streq("$SY_A",one)\n.notice "merged"\n.endif\n` + VALID.replace('global\n  maxconn 100\n', ''));
  const r = runBin(['-c', '-f', cfg]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stderr, /\[NOTICE\] .*'merged'\./);
});
