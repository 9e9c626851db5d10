import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadConfigText } from '../../src/config/parse.js';
import { shown } from '../helpers/run.js';

const NEG_ERR =
  'negation/default currently supported only for options, log, busy-polling, set-dumpable, strict-limits, insecure-fork-wanted and numa-cpu-mapping.';

test("'no strict-limits' and the other negatable global flags are accepted and clear the flag", () => {
  const r = loadConfigText('global\n  strict-limits\n  no strict-limits\n  no insecure-fork-wanted\n', 'n.cfg', { noValidate: true });
  assert.equal(r.diag.alerts, 0, JSON.stringify(r.diag.items));
  assert.equal(r.config.global.strictLimits, false);
  assert.equal(r.config.global.insecureForkWanted, false);
});

test("'no' on other keywords is HAProxy's negation alert, in global and in proxies", () => {
  const g = loadConfigText('global\n  no daemon\n', 'n.cfg', { noValidate: true });
  assert.equal(shown(g.diag.items[0]), `parsing [n.cfg:2]: ${NEG_ERR}`);
  const p = loadConfigText('frontend f\n  no maxconn 4\n', 'n.cfg', { noValidate: true });
  assert.equal(shown(p.diag.items[0]), `parsing [n.cfg:2]: ${NEG_ERR}`);
});
