/** `bind ... proto`: h2 accepted, an unknown multiplexer refused with HAProxy 2.6's message. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runBin, tmpConfig } from '../helpers/run.js';

test("bind proto: h2 is accepted, an unknown MUX gets HAProxy's alert with file:line", () => {
  const good = tmpConfig('defaults\n  mode http\n  timeout client 1s\n  timeout server 1s\n  timeout connect 1s\nfrontend f\n  bind 127.0.0.1:29999 proto h2\n');
  assert.equal(runBin(['-c', '-f', good]).status, 0);
  const bad = tmpConfig('defaults\n  mode http\nlisten f\n  bind 127.0.0.1:29999 proto foo\n');
  const r = runBin(['-c', '-f', bad]);
  assert.notEqual(r.status, 0);
  assert.match(r.stderr, /parsing \[.*:4\] : 'bind 127\.0\.0\.1:29999' in section 'listen' : 'proto' : {2}unknown MUX protocol 'foo'/);
});
