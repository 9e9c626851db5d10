/**
 * Fuzzing the running binary with HTTP/2: random and mutated frames and HPACK blocks (index and
 * size edges) on many connections. Every connection must either close or still answer a PING
 * within a bounded time (no hang), and the process must serve a valid request afterwards (no crash).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { PREFACE, frame, settingsFrame } from '../../src/http/h2/frame.js';
import { freePorts, httpBackend, startProxy, type Backend, type Proxy } from './harness.js';
import { H2Client, T, req } from './h2-client.js';
import { mutatedFrames, rng } from '../http/h2-fuzz-gen.js';

let proxy: Proxy;
let app: Backend;
let port: number;

before(async () => {
  app = await httpBackend((rq, res) => {
    rq.resume();
    rq.on('end', () => res.end('ok'));
  });
  [port] = await freePorts(1);
  proxy = await startProxy(
    `defaults
    mode http
    timeout connect 2s
    timeout client 3s
    timeout server 3s
frontend fe
    bind 127.0.0.1:${port} proto h2
    default_backend be
backend be
    server app 127.0.0.1:${app.port}
`,
    [port],
  );
});

after(async () => {
  await proxy?.stop();
  await app?.close();
});

async function oneConnection(seed: number): Promise<'closed' | 'alive' | 'hung'> {
  const r = rng(seed);
  const c = await H2Client.open(port, { preface: false });
  const junk = seed % 10 === 0;
  const frames = junk ? [Buffer.from('GET / HTTP/1.1\r\n\r\n')] : [PREFACE, settingsFrame([]), ...mutatedFrames(r, 1 + r.int(8))];
  for (const f of frames) c.send(f);
  c.send(frame(6, 0, 0, Buffer.from('fuzzping')));
  const ok = await c.until((fs) => fs.some((f) => f.type === T.PING && (f.flags & 1) === 1 && f.payload.toString() === 'fuzzping'), 3000);
  const state = c.closed ? 'closed' : ok ? 'alive' : 'hung';
  c.close();
  return state;
}

test('240 fuzzed connections: each closes or stays responsive, none hangs; the process keeps serving', async () => {
  const counts = { closed: 0, alive: 0, hung: 0 };
  const t0 = Date.now();
  for (let batch = 0; batch < 12; batch++) {
    const res = await Promise.all(Array.from({ length: 20 }, (_, i) => oneConnection(1000 + batch * 20 + i)));
    for (const s of res) counts[s]++;
  }
  assert.equal(counts.hung, 0, JSON.stringify(counts));
  assert.ok(counts.closed > 20 && counts.alive >= 5, JSON.stringify(counts));
  assert.ok(Date.now() - t0 < 40_000);
  assert.equal(proxy.child.exitCode, null, proxy.output());
  const c = await H2Client.open(port);
  c.headers(1, req('/after-fuzz'), true);
  assert.ok(await c.until(c.streamDone(1)));
  assert.equal(c.response(1).status, 200);
  assert.equal(c.response(1).body, 'ok');
  c.close();
  assert.doesNotMatch(proxy.output(), /Error|at .*\.js/);
});
