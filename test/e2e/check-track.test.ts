/**
 * `track [backend/]server`: a server without checks of its own mirrors the tracked server's state.
 * The tracked server's health check fails, both go DOWN (HAProxy's lines, in its order) and traffic
 * to the tracking backend avoids the tracking server; the check passes again, both come back and so
 * does the traffic. Both engines check the same real server at once.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { send } from './lb-side.js';
import { CHECK_DEFAULTS, startSides, stateLines, stopSides, switchBackend, untilAll } from './check-side.js';

async function answers(port: number, n: number): Promise<string[]> {
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const r = await send(port, { path: '/' }, 3000);
    out.push(r.server || `<${r.status}>`);
  }
  return out.sort();
}

test('a tracking server follows the server it tracks, side by side with HAProxy 2.6', { timeout: 60_000 }, async () => {
  const tracked = await switchBackend('/chk', 'a');
  const other = await switchBackend('/chk', 'b');
  const sides = await startSides(
    (port) => `${CHECK_DEFAULTS}
backend checked
    option httpchk GET /chk
    server a 127.0.0.1:${tracked.port} check inter 100 fall 1 rise 1

backend web
    balance roundrobin
    server a 127.0.0.1:${tracked.port} track checked/a
    server b 127.0.0.1:${other.port}

frontend fe
    bind 127.0.0.1:${port}
    default_backend web
`,
  );
  try {
    for (const s of sides) assert.deepEqual(await answers(s.port, 4), ['a', 'a', 'b', 'b'], `${s.engine} before`);
    tracked.checkStatus = 500;
    assert.deepEqual(await untilAll(sides, 'web/a is DOWN', 5000), []);
    for (const s of sides) assert.deepEqual(await answers(s.port, 4), ['b', 'b', 'b', 'b'], `${s.engine} while DOWN`);
    tracked.checkStatus = 200;
    assert.deepEqual(await untilAll(sides, 'web/a is UP', 5000), []);
    for (const s of sides) assert.deepEqual(await answers(s.port, 4), ['a', 'a', 'b', 'b'], `${s.engine} after`);
    const lines = sides.map((s) => stateLines(s.run.output()));
    assert.equal(lines[0]!.length, 5, lines[0]!.join('\n'));
    assert.match(lines[0]![2]!, /Server web\/a is DOWN via checked\/a\. 1 active and 0 backup servers left/);
    for (const l of lines.slice(1)) assert.deepEqual(lines[0], l);
  } finally {
    await stopSides(sides);
    await tracked.close();
    await other.close();
  }
});
