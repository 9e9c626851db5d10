/**
 * A server whose port refuses connections goes DOWN (HAProxy's exact stderr line) and traffic
 * avoids it; the same configuration under HAProxy 2.6 prints the same lines.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { freePorts } from './harness.js';
import { namedBackends, send } from './lb-side.js';
import { CHECK_DEFAULTS, engines, SKIP_HAPROXY, start, stateLines, until, type Engine } from './check-side.js';

async function scenario(engine: Engine): Promise<{ lines: string[]; answers: string[] }> {
  const nb = await namedBackends(['a', 'b']);
  const [port, dead] = await freePorts(2);
  const cfg = `${CHECK_DEFAULTS}
listen web
    bind 127.0.0.1:${port}
    balance roundrobin
    server a 127.0.0.1:${nb.ports[0]} check inter 100
    server b 127.0.0.1:${nb.ports[1]} check inter 100
    server c 127.0.0.1:${dead} check inter 100 fall 2
`;
  const p = await start(engine, cfg, port!);
  try {
    assert.ok(await until(() => p.output().includes('web/c is DOWN'), 3000), `${engine}: no DOWN line:\n${p.output()}`);
    const answers: string[] = [];
    for (let i = 0; i < 6; i++) {
      const r = await send(port!, { path: '/' }, 3000);
      answers.push(r.server || `<${r.status}>`);
    }
    return { lines: stateLines(p.output()), answers };
  } finally {
    await p.stop();
    await nb.close();
  }
}

test('a refused server goes DOWN with HAProxy\'s line and gets no traffic', async (t) => {
  const sy = await scenario('switchyard');
  assert.deepEqual(sy.lines, [
    '[WARNING]  (PID) : Server web/c is DOWN, reason: Layer4 connection problem, info: "Connection refused", check duration: Xms. 2 active and 0 backup servers left. 0 sessions active, 0 requeued, 0 remaining in queue.',
  ]);
  assert.deepEqual([...sy.answers].sort(), ['a', 'a', 'a', 'b', 'b', 'b']);
  if (!engines().includes('haproxy')) return t.diagnostic(SKIP_HAPROXY);
  const hp = await scenario('haproxy');
  assert.deepEqual(sy.lines, hp.lines);
  assert.deepEqual(sy.answers, hp.answers);
});

test('every server refused: the ALERT line as HAProxy, then 503', async (t) => {
  const run = async (engine: Engine): Promise<{ lines: string[]; status: number }> => {
    const [port, d1, d2] = await freePorts(3);
    const cfg = `${CHECK_DEFAULTS}
backend be
    server s1 127.0.0.1:${d1} check inter 100 fall 1
    server s2 127.0.0.1:${d2} check inter 100 fall 1 backup
frontend fe
    bind 127.0.0.1:${port}
    default_backend be
`;
    const p = await start(engine, cfg, port!);
    try {
      assert.ok(await until(() => p.output().includes('no server available'), 3000), `${engine}:\n${p.output()}`);
      const r = await send(port!, { path: '/' }, 3000);
      return { lines: stateLines(p.output()), status: r.status };
    } finally {
      await p.stop();
    }
  };
  const sy = await run('switchyard');
  assert.equal(sy.status, 503);
  assert.equal(sy.lines.length, 3, sy.lines.join('\n'));
  assert.equal(sy.lines[2], "[ALERT]    (PID) : backend 'be' has no server available!");
  if (!engines().includes('haproxy')) return t.diagnostic(SKIP_HAPROXY);
  const hp = await run('haproxy');
  // The two servers are checked in parallel: their DOWN lines may come in either order.
  assert.deepEqual([...sy.lines].sort(), [...hp.lines].sort());
  assert.equal(sy.status, hp.status);
});
