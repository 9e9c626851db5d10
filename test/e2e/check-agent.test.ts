/**
 * agent-check drives a server: `drain`, `ready`, `0%`, `100%`, `down`, `up`, `maint` change what load
 * balancing does (traffic avoids a drained, zero-weight or DOWN server) and print HAProxy's lines.
 * Compared with HAProxy 2.6 side by side.
 */
import assert from 'node:assert/strict';
import { createServer, type AddressInfo } from 'node:net';
import { test } from 'node:test';
import { freePort } from './harness.js';
import { namedBackends, send, sequence } from './lb-side.js';
import { CHECK_DEFAULTS, engines, SKIP_HAPROXY, start, stateLines, until, type Engine } from './check-side.js';

interface Agent {
  readonly port: number;
  reply: string;
  answered: number;
  close(): Promise<void>;
}

/** A TCP agent on a free loopback port answering `reply` + LF to each connection. */
function agent(): Promise<Agent> {
  return new Promise((resolve) => {
    const a = { port: 0, reply: 'up', answered: 0 } as Agent & { port: number };
    const server = createServer((s) => {
      s.on('error', () => undefined);
      a.answered++;
      s.end(a.reply + '\n');
    });
    a.close = () => new Promise<void>((r) => server.close(() => r()));
    server.listen(0, '127.0.0.1', () => {
      a.port = (server.address() as AddressInfo).port;
      resolve(a);
    });
  });
}

const REQS = Array.from({ length: 4 }, () => ({ path: '/' }));

async function scenario(engine: Engine): Promise<{ lines: string[]; served: string[][] }> {
  const nb = await namedBackends(['a', 'b']);
  const ag = await agent();
  const port = await freePort();
  const cfg = `${CHECK_DEFAULTS}
listen web
    bind 127.0.0.1:${port}
    balance roundrobin
    server a 127.0.0.1:${nb.ports[0]}
    server b 127.0.0.1:${nb.ports[1]} agent-check agent-port ${ag.port} agent-inter 100
`;
  const p = await start(engine, cfg, port);
  const served: string[][] = [];
  /** Set the agent's answer and wait until it was given twice (the change is applied). */
  const step = async (reply: string): Promise<void> => {
    ag.reply = reply;
    const n = ag.answered;
    assert.ok(await until(() => ag.answered >= n + 2, 3000), `${engine}: agent not asked after '${reply}'`);
    served.push((await sequence(port, REQS)).sort());
  };
  try {
    for (const r of ['drain', 'ready', '0%', '100%', 'down', 'up', 'maint', 'ready']) await step(r);
    return { lines: stateLines(p.output()), served };
  } finally {
    await p.stop();
    await ag.close();
    await nb.close();
  }
}

test('agent replies drive the server state and its traffic', async (t) => {
  const sy = await scenario('switchyard');
  const both = ['a', 'a', 'b', 'b'];
  const onlyA = ['a', 'a', 'a', 'a'];
  assert.deepEqual(sy.served, [onlyA, both, onlyA, both, onlyA, both, onlyA, both]);
  assert.ok(sy.lines.some((l) => l.includes('Server web/b enters drain state')), sy.lines.join('\n'));
  assert.ok(sy.lines.some((l) => l.includes('Server web/b is DOWN')), sy.lines.join('\n'));
  assert.ok(sy.lines.some((l) => l.includes('Server web/b is going DOWN for maintenance')), sy.lines.join('\n'));
  assert.ok(sy.lines.some((l) => l.includes('Server web/b is UP/READY (leaving forced maintenance)')), sy.lines.join('\n'));
  if (!engines().includes('haproxy')) return t.diagnostic(SKIP_HAPROXY);
  const hp = await scenario('haproxy');
  assert.deepEqual(sy, hp);
});

/**
 * `maxconn:N` from the agent: with maxconn:1 two held requests reach the server one at a time (the
 * second waits in the queue), with maxconn:10 both at once. Counted at the server, both engines.
 */
async function maxconnScenario(engine: Engine): Promise<number[]> {
  const nb = await namedBackends(['b']);
  const ag = await agent();
  ag.reply = 'maxconn:1';
  const port = await freePort();
  const cfg = `${CHECK_DEFAULTS}    timeout queue 5s
listen web
    bind 127.0.0.1:${port}
    server b 127.0.0.1:${nb.ports[0]} agent-check agent-port ${ag.port} agent-inter 100
`;
  const p = await start(engine, cfg, port);
  const open: number[] = [];
  try {
    const round = async (reply: string): Promise<void> => {
      ag.reply = reply;
      const n = ag.answered;
      assert.ok(await until(() => ag.answered >= n + 2, 3000), `${engine}: agent not asked after '${reply}'`);
      nb.hold = true;
      const reqs = [send(port, { path: '/1' }, 5000), send(port, { path: '/2' }, 5000)];
      // Give both requests time to reach the server if the limit lets them.
      await until(() => (nb.open.get('b') ?? 0) >= 2, 800);
      open.push(nb.open.get('b') ?? 0);
      nb.hold = false;
      // The first answer frees the slot; the queued request then reaches the server and is answered.
      const deadline = Date.now() + 3000;
      let done = false;
      void Promise.all(reqs).then(() => (done = true));
      while (!done && Date.now() < deadline) {
        nb.release();
        await new Promise((r) => setTimeout(r, 20));
      }
      const st = (await Promise.all(reqs)).map((r) => r.status);
      assert.deepEqual(st, [200, 200], `${engine}: both requests answered`);
    };
    await round('maxconn:1');
    await round('maxconn:10');
    return open;
  } finally {
    await p.stop();
    await ag.close();
    await nb.close();
  }
}

test('agent maxconn:N limits the concurrent streams on the server', async (t) => {
  const sy = await maxconnScenario('switchyard');
  assert.deepEqual(sy, [1, 2]);
  if (!engines().includes('haproxy')) return t.diagnostic(SKIP_HAPROXY);
  assert.deepEqual(await maxconnScenario('haproxy'), sy);
});
