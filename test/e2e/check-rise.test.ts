/**
 * An HTTP check answered 500 then 200: the server goes DOWN on the first failure (it starts at
 * `rise`, as HAProxy), traffic gets 503, then it comes UP after exactly `rise` good checks (counted
 * at the backend) and traffic flows again. Lines compared with HAProxy 2.6 side by side.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { freePort } from './harness.js';
import { send } from './lb-side.js';
import { CHECK_DEFAULTS, engines, SKIP_HAPROXY, start, stateLines, switchBackend, until, type Engine } from './check-side.js';

interface Outcome {
  lines: string[];
  /** Checks the backend saw before the DOWN line. */
  checksToDown: number;
  /** Good checks between the switch to 200 and the UP line. */
  goodChecksToUp: number;
  statusDown: number;
  statusUp: number;
}

async function scenario(engine: Engine, extra = ''): Promise<Outcome> {
  const b = await switchBackend('/health', 's1');
  b.checkStatus = 500;
  const port = await freePort();
  const cfg = `${CHECK_DEFAULTS}
listen web
    bind 127.0.0.1:${port}
    option httpchk GET /health
${extra}    server s1 127.0.0.1:${b.port} check inter 100 rise 3 fall 2
`;
  const p = await start(engine, cfg, port);
  try {
    assert.ok(await until(() => p.output().includes('web/s1 is DOWN'), 3000), `${engine}: no DOWN line:\n${p.output()}`);
    const checksToDown = b.checks;
    const statusDown = (await send(port, { path: '/' }, 3000)).status;
    const c0 = b.checks;
    b.checkStatus = 200;
    assert.ok(await until(() => p.output().includes('web/s1 is UP'), 3000), `${engine}: no UP line:\n${p.output()}`);
    const goodChecksToUp = b.checks - c0;
    const statusUp = (await send(port, { path: '/' }, 3000)).status;
    return { lines: stateLines(p.output()), checksToDown, goodChecksToUp, statusDown, statusUp };
  } finally {
    await p.stop();
    await b.close();
  }
}

test('HTTP 500 then 200: DOWN at once, UP after exactly rise checks, traffic follows', async (t) => {
  const sy = await scenario('switchyard');
  assert.deepEqual(sy.lines, [
    '[WARNING]  (PID) : Server web/s1 is DOWN, reason: Layer7 wrong status, code: 500, info: "Internal Server Error", check duration: Xms. 0 active and 0 backup servers left. 0 sessions active, 0 requeued, 0 remaining in queue.',
    "[ALERT]    (PID) : proxy 'web' has no server available!",
    '[WARNING]  (PID) : Server web/s1 is UP, reason: Layer7 check passed, code: 200, check duration: Xms. 1 active and 0 backup servers online. 0 sessions requeued, 0 total in queue.',
  ]);
  assert.ok(sy.checksToDown >= 1 && sy.checksToDown <= 2, `checks before DOWN: ${sy.checksToDown}`);
  // Never before the third good check; the UP line is read a little later (polling, a loaded
  // machine), by when one or two more checks (inter 100ms) may have started.
  assert.ok(sy.goodChecksToUp >= 3 && sy.goodChecksToUp <= 5, `good checks before UP: ${sy.goodChecksToUp}`);
  assert.equal(sy.statusDown, 503);
  assert.equal(sy.statusUp, 200);
  if (!engines().includes('haproxy')) return t.diagnostic(SKIP_HAPROXY);
  const hp = await scenario('haproxy');
  assert.deepEqual(sy.lines, hp.lines);
  assert.ok(hp.goodChecksToUp >= 3 && hp.goodChecksToUp <= 5, `haproxy: good checks before UP: ${hp.goodChecksToUp}`);
  assert.equal(sy.statusDown, hp.statusDown);
  assert.equal(sy.statusUp, hp.statusUp);
});

test('option log-health-checks: every step printed as HAProxy', async (t) => {
  const sy = await scenario('switchyard', '    option log-health-checks\n');
  assert.ok(sy.lines.some((l) => l.includes('Health check for server web/s1 succeeded')), sy.lines.join('\n'));
  if (!engines().includes('haproxy')) return t.diagnostic(SKIP_HAPROXY);
  const hp = await scenario('haproxy', '    option log-health-checks\n');
  assert.deepEqual(sy.lines, hp.lines);
});
