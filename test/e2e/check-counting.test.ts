/**
 * rise/fall and the check intervals asserted by counting checks, not by wall-clock times:
 *  - a fully UP server whose checks start failing goes DOWN after exactly `fall` failed checks and
 *    comes back after exactly `rise` good ones: counted at the backend and by the
 *    `option log-health-checks` lines (their positions 2/3, 1/3 ...), the same as HAProxy 2.6;
 *  - the intervals: a reference server checked every 50 ms is the clock; against it the server is
 *    checked every `inter` when fully up, every `fastinter` while changing state, every `downinter`
 *    when fully down (ratios with tolerances).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { freePort } from './harness.js';
import { CHECK_DEFAULTS, engines, SKIP_HAPROXY, start, stateLines, switchBackend, until, type Engine } from './check-side.js';

interface Counts {
  lines: string[];
  failedToDown: number;
  goodToUp: number;
}

async function fallRise(engine: Engine): Promise<Counts> {
  const b = await switchBackend('/health', 's1');
  const port = await freePort();
  const cfg = `${CHECK_DEFAULTS}
listen web
    bind 127.0.0.1:${port}
    option httpchk GET /health
    option log-health-checks
    server s1 127.0.0.1:${b.port} check inter 60 rise 3 fall 4
`;
  const p = await start(engine, cfg, port);
  try {
    // Fully up: the first good check takes the counter from rise to its top.
    assert.ok(await until(() => p.output().includes('status: 4/4 UP'), 3000), `${engine}:\n${p.output()}`);
    const c0 = b.checks;
    b.checkStatus = 500;
    assert.ok(await until(() => p.output().includes('web/s1 is DOWN'), 3000), `${engine}: no DOWN:\n${p.output()}`);
    const failedToDown = b.checks - c0;
    const c1 = b.checks;
    b.checkStatus = 200;
    assert.ok(await until(() => p.output().includes('web/s1 is UP'), 3000), `${engine}: no UP:\n${p.output()}`);
    const goodToUp = b.checks - c1;
    return { lines: stateLines(p.output()), failedToDown, goodToUp };
  } finally {
    await p.stop();
    await b.close();
  }
}

test('fall 4 / rise 3: DOWN after exactly 4 failed checks, UP after exactly 3 good ones', async (t) => {
  const sy = await fallRise('switchyard');
  const fail = (pos: string): string =>
    `[WARNING]  (PID) : Health check for server web/s1 failed, reason: Layer7 wrong status, code: 500, info: "Internal Server Error", check duration: Xms, status: ${pos}.`;
  const ok = (pos: string): string => `[WARNING]  (PID) : Health check for server web/s1 succeeded, reason: Layer7 check passed, code: 200, check duration: Xms, status: ${pos}.`;
  assert.deepEqual(sy.lines, [
    ok('4/4 UP'),
    fail('3/4 UP'),
    fail('2/4 UP'),
    fail('1/4 UP'),
    fail('0/3 DOWN'),
    '[WARNING]  (PID) : Server web/s1 is DOWN. 0 active and 0 backup servers left. 0 sessions active, 0 requeued, 0 remaining in queue.',
    "[ALERT]    (PID) : proxy 'web' has no server available!",
    ok('1/3 DOWN'),
    ok('2/3 DOWN'),
    ok('4/4 UP'),
    '[WARNING]  (PID) : Server web/s1 is UP. 1 active and 0 backup servers online. 0 sessions requeued, 0 total in queue.',
  ]);
  // Counted at the backend: never fewer than fall/rise; one or two more checks may start before the line is read on a loaded machine.
  assert.ok(sy.failedToDown >= 4 && sy.failedToDown <= 6, `failed checks before DOWN: ${sy.failedToDown}`);
  assert.ok(sy.goodToUp >= 3 && sy.goodToUp <= 5, `good checks before UP: ${sy.goodToUp}`);
  if (!engines().includes('haproxy')) return t.diagnostic(SKIP_HAPROXY);
  const hp = await fallRise('haproxy');
  assert.deepEqual(hp.lines, sy.lines);
  assert.ok(hp.failedToDown >= 4 && hp.failedToDown <= 6 && hp.goodToUp >= 3 && hp.goodToUp <= 5, JSON.stringify(hp));
});

test('inter, fastinter and downinter measured in checks of a 50 ms reference server', async (t) => {
  const s = await switchBackend('/health', 's');
  const ref = await switchBackend('/health', 'ref');
  const port = await freePort();
  const cfg = `${CHECK_DEFAULTS}
listen web
    bind 127.0.0.1:${port}
    option httpchk GET /health
    server s 127.0.0.1:${s.port} check inter 400 fastinter 50 downinter 200 rise 8 fall 8
    server ref 127.0.0.1:${ref.port} check inter 50
`;
  const p = await start('switchyard', cfg, port);
  /** Checks of `s` while the reference server gets `n` more. */
  const during = async (n: number): Promise<number> => {
    const r0 = ref.checks;
    const s0 = s.checks;
    assert.ok(await until(() => ref.checks >= r0 + n, 10_000), 'reference checks');
    return s.checks - s0;
  };
  try {
    assert.ok(await until(() => s.checks >= 1 && ref.checks >= 2, 3000));
    const up = await during(40);
    s.checkStatus = 500;
    // The first failed check comes at the next `inter`; from there on they are `fastinter` apart.
    const c0 = s.checks;
    assert.ok(await until(() => s.checks >= c0 + 1, 3000));
    const r1 = ref.checks;
    assert.ok(await until(() => p.output().includes('web/s is DOWN'), 5000), p.output());
    const goingDown = ref.checks - r1;
    const failed = s.checks - c0;
    const down = await during(40);
    t.diagnostic(`per 40 reference checks: ${up} when up (inter 400), ${down} when down (downinter 200); going down: ${failed} checks while the reference made ${goingDown}`);
    assert.ok(up >= 3 && up <= 7, `fully up: ${up} checks in 40 reference checks (inter 400 vs 50: 5)`);
    assert.ok(down >= 7 && down <= 13, `fully down: ${down} checks in 40 reference checks (downinter 200 vs 50: 10)`);
    assert.ok(failed >= 8 && failed <= 9, `failed checks before DOWN: ${failed} (fall 8)`);
    // 7 fastinter gaps of 50 ms: about 7 reference checks (inter 400 would make about 56).
    assert.ok(goingDown >= 4 && goingDown <= 14, `reference checks while going down: ${goingDown} (fastinter 50: 7)`);
  } finally {
    await p.stop();
    await s.close();
    await ref.close();
  }
});
