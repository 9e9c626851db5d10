/** The server state machine and its messages, driven by hand (no sockets). */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CheckHealth } from '../../src/check/health.js';
import { outcome } from '../../src/check/status.js';
import { startEngine } from './engine-harness.js';

const CFG = `
defaults
    mode http
    timeout connect 1s
backend be
    server s1 127.0.0.1:1 check rise 2 fall 3
    server s2 127.0.0.1:2 check
    server b1 127.0.0.1:3 check backup
backend be2
    server t1 127.0.0.1:4 track be/s1
`;

const refused = outcome('L4CON', 'Connection refused', 0, 0);
const ok200 = outcome('L7OK', '', 200, 1);

test('a server starts UP and goes DOWN at the first failure, then needs rise successes', () => {
  const r = startEngine(CFG, true);
  const s1 = r.engine.server('be', 's1')!;
  assert.equal(s1.publicState(), 'UP');
  s1.checkDone('check', refused);
  assert.equal(s1.publicState(), 'DOWN');
  assert.deepEqual(r.sink.texts(), [
    'Server be/s1 is DOWN, reason: Layer4 connection problem, info: "Connection refused", check duration: 0ms. 1 active and 1 backup servers left. 0 sessions active, 0 requeued, 0 remaining in queue.',
    'Server be2/t1 is DOWN via be/s1. 0 active and 0 backup servers left. 0 sessions active, 0 requeued, 0 remaining in queue.',
    "backend 'be2' has no server available!",
  ]);
  s1.checkDone('check', ok200);
  assert.equal(s1.publicState(), 'DOWN', 'one success is not enough with rise 2');
  assert.equal(s1.statusText(), 'DOWN 1/2');
  s1.checkDone('check', ok200);
  assert.equal(s1.publicState(), 'UP');
  assert.equal(
    r.sink.texts()[3],
    'Server be/s1 is UP, reason: Layer7 check passed, code: 200, check duration: 1ms. 2 active and 1 backup servers online. 0 sessions requeued, 0 total in queue.',
  );
  assert.equal(r.sink.texts()[4], 'Server be2/t1 is UP via be/s1. 1 active and 0 backup servers online. 0 sessions requeued, 0 total in queue.');
  // Fully up now: it takes `fall` (3) failures to go down.
  s1.checkDone('check', refused);
  s1.checkDone('check', refused);
  assert.equal(s1.statusText(), 'UP 1/3');
  s1.checkDone('check', refused);
  assert.equal(s1.publicState(), 'DOWN');
});

test('backup servers: "Running on backup" and the farm alert when the last one goes', () => {
  const r = startEngine(CFG, true);
  const e = r.engine;
  e.server('be', 's1')!.checkDone('check', refused);
  e.server('be', 's2')!.checkDone('check', refused);
  e.server('be', 'b1')!.checkDone('check', refused);
  const t = r.sink.texts();
  assert.match(t[3]!, /^Server be\/s2 is DOWN, .*\. 0 active and 1 backup servers left\. Running on backup\. 0 sessions active/);
  assert.match(t[4]!, /^Backup Server be\/b1 is DOWN, /);
  assert.equal(t[5], "backend 'be' has no server available!");
  assert.equal(r.sink.lines[5]!.stderr, 'alert');
  assert.equal(r.sink.lines[5]!.logText, 'backend be has no server available!');
});

test('agent actions: drain, weight, maint, ready, down/up', () => {
  const r = startEngine(`
backend ag
    server a1 127.0.0.1:1 check agent-check agent-port 2
`, true);
  const a1 = r.engine.server('ag', 'a1')!;
  a1.setDrain();
  assert.equal(a1.publicState(), 'DRAIN');
  a1.setReady();
  a1.setMaint();
  assert.equal(a1.publicState(), 'MAINT');
  a1.setReady();
  a1.setWeight(0);
  assert.deepEqual(r.sink.texts(), [
    'Server ag/a1 enters drain state. 0 active and 0 backup servers online. 0 sessions requeued, 0 total in queue.',
    "backend 'ag' has no server available!",
    'Server ag/a1 is UP (leaving forced drain).',
    'Server ag/a1 is going DOWN for maintenance. 0 active and 0 backup servers left. 0 sessions active, 0 requeued, 0 remaining in queue.',
    "backend 'ag' has no server available!",
    'Server ag/a1 is UP/READY (leaving forced maintenance).',
    "backend 'ag' has no server available!",
  ]);
});

test('option log-health-checks prints every counted result and plain state changes', () => {
  const r = startEngine(`
backend rd
    option log-health-checks
    server r1 127.0.0.1:1 check
`, true);
  const s = r.engine.server('rd', 'r1')!;
  s.checkDone('check', outcome('L7STS', 'TCPCHK got an empty response at step 2', 0, 3));
  assert.deepEqual(r.sink.texts(), [
    'Health check for server rd/r1 failed, reason: Layer7 wrong status, code: 0, info: "TCPCHK got an empty response at step 2", check duration: 3ms, status: 0/2 DOWN.',
    'Server rd/r1 is DOWN. 0 active and 0 backup servers left. 0 sessions active, 0 requeued, 0 remaining in queue.',
    "backend 'rd' has no server available!",
  ]);
});

test('init-state (HAProxy 3.1 semantics on the model) and disabled', () => {
  assert.equal(CheckHealth.initial(2, 3, 'up'), 2);
  assert.equal(CheckHealth.initial(2, 3, 'fully-up'), 4);
  assert.equal(CheckHealth.initial(2, 3, 'down'), 1);
  assert.equal(CheckHealth.initial(2, 3, 'fully-down'), 0);
  const h = new CheckHealth(2, 3, 'down');
  assert.equal(h.up, false);
  h.apply(ok200);
  assert.equal(h.up, true, 'init-state down goes up at the first success');
  const r = startEngine(`
backend b
    server d3 127.0.0.1:1 check disabled
`, true);
  assert.equal(r.engine.server('b', 'd3')!.publicState(), 'MAINT');
});

test('observe layer4 with on-error mark-down', () => {
  const r = startEngine(`
backend b
    server o1 127.0.0.1:1 check observe layer4 error-limit 2 on-error mark-down fall 3
`, true);
  const o1 = r.engine.server('b', 'o1')!;
  o1.check!.setUp();
  r.engine.observe('b', 'o1', 'l4-err');
  assert.equal(o1.publicState(), 'UP');
  r.engine.observe('b', 'o1', 'l4-err');
  assert.equal(o1.publicState(), 'DOWN');
  assert.equal(
    r.sink.texts()[0],
    'Server b/o1 is DOWN, reason: Health analyze, info: "Detected 2 consecutive errors, last one was: L4 unsuccessful connection". 0 active and 0 backup servers left. 0 sessions active, 0 requeued, 0 remaining in queue.',
  );
});
