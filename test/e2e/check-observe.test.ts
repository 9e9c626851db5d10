/**
 * Passive health: `observe layer7 error-limit 2 on-error mark-down` marks a server DOWN after two
 * 500 responses on real traffic (while its health check passes), then the checks bring it back
 * UP. Lines compared with HAProxy 2.6 side by side.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { freePort, freePorts, raw } from './harness.js';
import { send } from './lb-side.js';
import { CHECK_DEFAULTS, engines, SKIP_HAPROXY, start, stateLines, switchBackend, until, type Engine } from './check-side.js';

async function scenario(engine: Engine): Promise<{ lines: string[]; statuses: number[] }> {
  const b = await switchBackend('/health', 's1');
  b.trafficStatus = 500;
  const port = await freePort();
  const cfg = `${CHECK_DEFAULTS}
listen web
    bind 127.0.0.1:${port}
    option httpchk GET /health
    server s1 127.0.0.1:${b.port} check inter 3s fastinter 100 rise 2 observe layer7 error-limit 2 on-error mark-down
`;
  const p = await start(engine, cfg, port);
  try {
    const statuses = [(await send(port, { path: '/a' }, 3000)).status, (await send(port, { path: '/b' }, 3000)).status];
    assert.ok(await until(() => p.output().includes('web/s1 is DOWN'), 3000), `${engine}: no DOWN line:\n${p.output()}`);
    b.trafficStatus = 200;
    assert.ok(await until(() => p.output().includes('web/s1 is UP'), 3000), `${engine}: no UP line:\n${p.output()}`);
    statuses.push((await send(port, { path: '/c' }, 3000)).status);
    return { lines: stateLines(p.output()), statuses };
  } finally {
    await p.stop();
    await b.close();
  }
}

test('observe layer7: two 500s mark the server DOWN, checks bring it back', async (t) => {
  const sy = await scenario('switchyard');
  assert.deepEqual(sy.statuses, [500, 500, 200]);
  assert.equal(
    sy.lines[0],
    '[WARNING]  (PID) : Server web/s1 is DOWN, reason: Health analyze, info: "Detected 2 consecutive errors, last one was: Wrong http response". 0 active and 0 backup servers left. 1 sessions active, 0 requeued, 0 remaining in queue.',
  );
  assert.equal(sy.lines.length, 3, sy.lines.join('\n'));
  if (!engines().includes('haproxy')) return t.diagnostic(SKIP_HAPROXY);
  const hp = await scenario('haproxy');
  assert.deepEqual(sy, hp);
});

async function tcpScenario(engine: Engine): Promise<string[]> {
  const b = await switchBackend('/health', 's1');
  const [port, dead, ready] = await freePorts(3);
  // Traffic goes to a refused port; the check (`port`) reaches a live one. Start-up is awaited on
  // another frontend, so that the readiness probe makes no connection to the observed server.
  const cfg = `${CHECK_DEFAULTS}
frontend ready
    bind 127.0.0.1:${ready}
listen tcpweb
    mode tcp
    bind 127.0.0.1:${port}
    retries 0
    server s1 127.0.0.1:${dead} check port ${b.port} inter 3s fastinter 100 rise 2 observe layer4 error-limit 1 on-error mark-down
`;
  const p = await start(engine, cfg, ready!);
  try {
    await raw(port!, ['x'], { timeoutMs: 1000 });
    assert.ok(await until(() => p.output().includes('tcpweb/s1 is DOWN'), 3000), `${engine}: no DOWN line:\n${p.output()}`);
    assert.ok(await until(() => p.output().includes('tcpweb/s1 is UP'), 3000), `${engine}: no UP line:\n${p.output()}`);
    return stateLines(p.output());
  } finally {
    await p.stop();
    await b.close();
  }
}

test('observe layer4 in tcp mode: a refused connection marks the server DOWN', async (t) => {
  const sy = await tcpScenario('switchyard');
  assert.equal(
    sy[0],
    '[WARNING]  (PID) : Server tcpweb/s1 is DOWN, reason: Health analyze, info: "Detected 1 consecutive errors, last one was: L4 unsuccessful connection". 0 active and 0 backup servers left. 1 sessions active, 0 requeued, 0 remaining in queue.',
  );
  if (!engines().includes('haproxy')) return t.diagnostic(SKIP_HAPROXY);
  assert.deepEqual(sy, await tcpScenario('haproxy'));
});
