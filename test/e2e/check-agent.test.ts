/**
 * agent-check drives a server: `drain`, `ready`, `0%`, `100%`, `down`, `up` change what load
 * balancing does (traffic avoids a drained, zero-weight or DOWN server) and print HAProxy's lines.
 * Compared with HAProxy 2.6 side by side.
 */
import assert from 'node:assert/strict';
import { createServer, type AddressInfo } from 'node:net';
import { test } from 'node:test';
import { freePort } from './harness.js';
import { namedBackends, sequence } from './lb-side.js';
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
    for (const r of ['drain', 'ready', '0%', '100%', 'down', 'up']) await step(r);
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
  assert.deepEqual(sy.served, [onlyA, both, onlyA, both, onlyA, both]);
  assert.ok(sy.lines.some((l) => l.includes('Server web/b enters drain state')), sy.lines.join('\n'));
  assert.ok(sy.lines.some((l) => l.includes('Server web/b is DOWN')), sy.lines.join('\n'));
  if (!engines().includes('haproxy')) return t.diagnostic(SKIP_HAPROXY);
  const hp = await scenario('haproxy');
  assert.deepEqual(sy, hp);
});
