/**
 * A rule that cannot parse is rejected at `-c` with file:line and the reason, on the same line
 * HAProxy 2.6 names (when installed); nothing crashes.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { linesOf, runBin, tmpConfig } from '../helpers/run.js';

const HEAD = `defaults
    mode http
    timeout connect 1s
    timeout client 1s
    timeout server 1s
frontend fe
    bind 127.0.0.1:8080
`;
const TAIL = `    default_backend be
backend be
    server s1 127.0.0.1:1
`;

/** A bad line (line 8 of the file) and a word the reason must contain. */
const BAD: ReadonlyArray<readonly [string, string]> = [
  ['acl a nosuchfetch foo', 'nosuchfetch'],
  ['http-request set-header X %[path,nosuchconv]', 'nosuchconv'],
  ['acl a path -m reg ^(abc', 'reg'],
  ['http-request frobnicate', 'frobnicate'],
  ['http-request deny if nope', 'nope'],
  ['http-request set-header X %[path,map(/nonexistent/x.map)]', '/nonexistent/x.map'],
  ['acl a req.hdr_val(x) gt abc', 'abc'],
  // (`track-sc0 src table nosuchtable` is refused without a line, by HAProxy too: same message.)
  ['use_backend be if { path_beg /a', "'}'"],
  ['http-request redirect', 'redirect'],
];

const hasHaproxy = spawnSync('haproxy', ['-v'], { timeout: 5000 }).status === 0;

test('rules that cannot parse: -c names file:line and why, the line HAProxy names', { timeout: 60_000 }, () => {
  for (const [line, word] of BAD) {
    const cfg = tmpConfig(`${HEAD}    ${line}\n${TAIL}`);
    const r = runBin(['-c', '-f', cfg]);
    const out = r.stdout + r.stderr;
    assert.notEqual(r.status, 0, `'${line}' was accepted:\n${out}`);
    assert.ok(!/TypeError|RangeError|at .*\.js:\d+/.test(out), `'${line}' crashed:\n${out}`);
    const lines = linesOf(out, 'ALERT');
    assert.ok(lines.includes(8), `'${line}': no ALERT naming ${cfg}:8\n${out}`);
    assert.ok(out.includes(`${cfg}:8`), `'${line}': file not named\n${out}`);
    assert.ok(out.includes(word), `'${line}': reason does not mention '${word}'\n${out}`);
    if (hasHaproxy) {
      const h = spawnSync('haproxy', ['-c', '-f', cfg], { encoding: 'utf8', timeout: 10_000 });
      assert.notEqual(h.status, 0, `haproxy accepts '${line}'`);
      assert.ok(linesOf(h.stdout + h.stderr, 'ALERT').includes(8), `haproxy names another line for '${line}':\n${h.stderr}`);
    }
  }
});
