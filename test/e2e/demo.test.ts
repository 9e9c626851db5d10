/**
 * `npm start`'s demo, end to end: demo/start.js starts the demo servers and the real
 * bin/switchyard with demo/haproxy.cfg; real HTTP and TCP clients go through it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { connect } from 'node:net';
import { join } from 'node:path';
import { ROOT } from '../helpers/run.js';

function waitFor(child: ChildProcess, text: string, ms: number): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`timeout waiting for "${text}"; got:\n${out}`)), ms);
    const onData = (d: Buffer): void => {
      out += d.toString();
      if (out.includes(text)) {
        clearTimeout(timer);
        resolve(out);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`demo exited with ${code}:\n${out}`));
    });
  });
}

function tcpEcho(port: number, payload: string, ms: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const s = connect(port, '127.0.0.1');
    let got = '';
    const timer = setTimeout(() => {
      s.destroy();
      reject(new Error(`tcp echo timeout, got '${got}'`));
    }, ms);
    s.on('connect', () => s.end(payload));
    s.on('data', (d) => (got += d.toString()));
    s.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    s.on('close', () => {
      clearTimeout(timer);
      resolve(got);
    });
  });
}

test('npm start demo: round robin over the demo servers, forwardfor, tcp listen', { timeout: 30_000 }, async () => {
  // Below the kernel's ephemeral range (32768+), so outgoing connections cannot take our ports.
  const base = 12000 + Math.floor(Math.random() * 20000);
  const child = spawn(process.execPath, [join(ROOT, 'demo', 'start.js')], {
    env: { ...process.env, SY_DEMO_PORT: String(base) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  try {
    await waitFor(child, 'Press Ctrl-C to stop.', 15_000);
    const seen: string[] = [];
    for (let i = 0; i < 3; i++) {
      const res = await fetch(`http://127.0.0.1:${base}/hello`, { signal: AbortSignal.timeout(5000) });
      assert.equal(res.status, 200);
      const body = (await res.json()) as { server: string; 'x-forwarded-for': string | null };
      assert.equal(body['x-forwarded-for'], '127.0.0.1');
      seen.push(body.server);
    }
    assert.deepEqual([...seen].sort(), ['web1', 'web2', 'web3']);
    assert.equal(await tcpEcho(base + 1, 'ping through switchyard\n', 5000), 'ping through switchyard\n');
  } finally {
    child.kill('SIGTERM');
    await new Promise<void>((resolve) => {
      if (child.exitCode !== null) return resolve();
      const t = setTimeout(() => {
        child.kill('SIGKILL');
        resolve();
      }, 5000);
      child.once('exit', () => {
        clearTimeout(t);
        resolve();
      });
    });
  }
});
