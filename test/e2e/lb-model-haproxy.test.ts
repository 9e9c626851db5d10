/**
 * The load-balancing algorithms of src/lb, run in-process, against the real HAProxy 2.6: for each
 * scenario the same request sequence goes to HAProxy and to the model, and the chosen servers
 * must be identical. (lb-haproxy.test.ts does the same through the Switchyard binary.)
 */
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { freePort } from './harness.js';
import { modelSequence } from '../lb/model.js';
import { SCENARIOS } from './lb-scenarios.js';
import { haproxyChange, hasHaproxy, namedBackends, playSteps, scenarioConfig, startHaproxy, type NamedBackends } from './lb-side.js';

const HAVE = hasHaproxy();
const skip = HAVE ? false : 'haproxy 2.x is not installed (apt-get install haproxy): side-by-side test skipped';

describe('load balancing: src/lb model vs HAProxy 2.6', { skip }, () => {
  let nb: NamedBackends;
  before(async () => {
    nb = await namedBackends(['s1', 's2', 's3', 's4', 's5', 'a', 'b', 'b1', 'b2']);
  });
  after(async () => {
    await nb?.close();
  });
  for (const sc of SCENARIOS) {
    it(sc.name, { timeout: 60_000 }, async () => {
      const port = await freePort();
      const sock = join(mkdtempSync(join(tmpdir(), 'lb-hap-')), 'admin.sock');
      const cfg = scenarioConfig(sc, nb, port, sock);
      const hap = await startHaproxy(cfg, port);
      let got: string[];
      try {
        got = await playSteps(port, sc.steps, haproxyChange(sock), sc.pauseMs);
      } finally {
        await hap.stop();
      }
      const model = modelSequence(cfg, sc.steps);
      assert.deepEqual(model, got);
    });
  }
});
