import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { ROOT, runBin } from '../helpers/run.js';

const BAD = join(ROOT, 'test/corpus/invalid/110-balance-hash-unknown-fetch.cfg');

test("start-up refuses a 'balance hash' expression that does not compile, as HAProxy 2.6", () => {
  const r = runBin(['-f', BAD], { timeoutMs: 10_000 });
  assert.equal(r.status, 1);
  const alerts = r.stderr.split('\n').filter((l) => l.startsWith('[ALERT]')).map((l) => l.replace(/\(\d+\)/, '(PID)'));
  assert.deepEqual(alerts, [
    `[ALERT]    (PID) : config : backend 'be' [${BAD}:8]: failed to parse 'balance hash' expression 'nosuchfetch' in : unknown fetch method 'nosuchfetch'.`,
    '[ALERT]    (PID) : config : Fatal errors found in configuration.',
  ]);
});
