/**
 * The load-balancing algorithms of src/lb, run in-process, against the real HAProxy 2.6: for each
 * scenario the same request sequence goes to HAProxy and to the model, and the chosen servers
 * must be identical. (lb-haproxy.test.ts does the same through the Switchyard binary.)
 */
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { freePort } from './harness.js';
import { modelSequence, type Step } from '../lb/model.js';
import { SCENARIOS, type Scenario } from './lb-scenarios.js';
import { hasHaproxy, namedBackends, send, startHaproxy, type NamedBackends } from './lb-side.js';

const HAVE = hasHaproxy();
const skip = HAVE ? false : 'haproxy 2.x is not installed (apt-get install haproxy): side-by-side test skipped';

export function scenarioConfig(sc: Scenario, nb: NamedBackends, port: number, sock?: string): string {
  const servers = sc.servers
    .map(([n, extra]) => `    server ${n} 127.0.0.1:${nb.ports[nb.names.indexOf(n)]} ${extra}`.trimEnd())
    .join('\n');
  return `global
    maxconn 1000
${sock ? `    stats socket ${sock} level admin\n` : ''}
defaults
    mode http
    timeout connect 2s
    timeout client 10s
    timeout server 10s
    timeout queue 10s

listen lb
    bind 127.0.0.1:${port}
${sc.lines.map((l) => `    ${l}`).join('\n')}
${servers}
`;
}

/** One command on HAProxy's stats socket; resolves with its answer (bounded). */
export function haproxyCommand(sock: string, cmd: string): Promise<string> {
  return new Promise((resolve) => {
    const c = connect(sock);
    let out = '';
    const t = setTimeout(() => {
      c.destroy();
      resolve(out);
    }, 3000);
    c.on('connect', () => c.write(cmd + '\n'));
    c.on('data', (d) => (out += d.toString()));
    c.on('close', () => {
      clearTimeout(t);
      resolve(out);
    });
    c.on('error', () => {
      clearTimeout(t);
      resolve(out);
    });
  });
}

/** Play the steps against a running proxy; changes go through `apply`. */
export async function playSteps(port: number, steps: readonly Step[], apply: (st: Step) => Promise<void>): Promise<string[]> {
  const out: string[] = [];
  for (const st of steps) {
    if (st.change) {
      await apply(st);
      continue;
    }
    const rep = await send(port, { path: st.path ?? '/', method: st.method, headers: st.headers, body: st.body, from: st.from });
    out.push(rep.server || `<${rep.status}>`);
  }
  return out;
}

export function haproxyChange(sock: string): (st: Step) => Promise<void> {
  return async (st) => {
    const c = st.change!;
    if (c.maint !== undefined) await haproxyCommand(sock, `set server lb/${c.server} state ${c.maint ? 'maint' : 'ready'}`);
    if (c.weight !== undefined) await haproxyCommand(sock, `set server lb/${c.server} weight ${c.weight}`);
  };
}

describe('load balancing: src/lb model vs HAProxy 2.6', { skip }, () => {
  let nb: NamedBackends;
  before(async () => {
    nb = await namedBackends(['s1', 's2', 's3', 's4', 's5', 'a', 'b', 'b1', 'b2']);
  });
  after(async () => {
    await nb?.close();
  });
  for (const sc of SCENARIOS) {
    it(sc.name, { timeout: 60_000 }, async () => {
      const port = await freePort();
      const sock = join(mkdtempSync(join(tmpdir(), 'lb-hap-')), 'admin.sock');
      const cfg = scenarioConfig(sc, nb, port, sock);
      const hap = await startHaproxy(cfg, port);
      let got: string[];
      try {
        got = await playSteps(port, sc.steps, haproxyChange(sock));
      } finally {
        await hap.stop();
      }
      const model = modelSequence(cfg, sc.steps);
      assert.deepEqual(model, got);
    });
  }
});
