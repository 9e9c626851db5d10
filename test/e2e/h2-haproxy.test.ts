/**
 * HTTP/2 side by side with HAProxy 2.6 on the same configuration: h2load with many concurrent
 * streams (all must succeed on both, within tune.h2.max-concurrent-streams), the same answers to
 * the raw client's malformed requests and HPACK errors.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { freePorts, httpBackend, startProxy, type Backend, type Proxy } from './harness.js';
import { hasHaproxy, startHaproxy, type Running } from './lb-side.js';
import { H2Client, T, req } from './h2-client.js';
import { runH2load } from './h2load.js';

const ok = hasHaproxy() && spawnSync('h2load', ['--version'], { timeout: 5000 }).status === 0;
let sy: Proxy;
let ha: Running;
let app: Backend;
let syPort: number;
let haPort: number;

function cfg(port: number, bePort: number): string {
  return `global
    tune.h2.max-concurrent-streams 16
defaults
    mode http
    timeout connect 2s
    timeout client 5s
    timeout server 5s
frontend fe
    bind 127.0.0.1:${port} proto h2
    default_backend be
backend be
    server app 127.0.0.1:${bePort}
`;
}

before(async () => {
  if (!ok) return;
  app = await httpBackend((rq, res) => {
    rq.resume();
    rq.on('end', () => res.end(`ok ${rq.url}`));
  });
  [syPort, haPort] = await freePorts(2);
  sy = await startProxy(cfg(syPort, app.port), [syPort]);
  ha = await startHaproxy(cfg(haPort, app.port), haPort);
});

after(async () => {
  await sy?.stop();
  await ha?.stop();
  await app?.close();
});

test('h2load, 3000 requests over 4 connections x 16 streams (the announced limit): every request succeeds on both', { skip: !ok }, async () => {
  const args = ['-n', '3000', '-c', '4', '-m', '16'];
  const s = await runH2load([...args, `http://127.0.0.1:${syPort}/x`]);
  const h = await runH2load([...args, `http://127.0.0.1:${haPort}/x`]);
  assert.equal(h.succeeded, 3000, h.out);
  assert.equal(s.succeeded, h.succeeded, s.out);
  assert.equal(s.failed, 0);
});

async function answers(port: number): Promise<string[]> {
  const c = await H2Client.open(port);
  const out: string[] = [];
  c.headers(1, req('/ok'), true);
  c.headers(3, req('/te', [{ name: 'connection', value: 'close' }]), true);
  c.headers(5, req('/up', [{ name: 'X-Up', value: '1' }]), true);
  c.headers(7, [{ name: ':method', value: 'GET' }, { name: ':scheme', value: 'http' }], true);
  for (const id of [1, 3, 5, 7]) {
    await c.until(c.streamDone(id), 3000);
    const r = c.response(id);
    out.push(`${id}: ${r.rst >= 0 ? `RST ${r.rst}` : `status ${r.status}`}`);
  }
  // Then an out-of-range HPACK index: the connection ends with COMPRESSION_ERROR.
  c.send(Buffer.concat([Buffer.from([0, 0, 4, 1, 5, 0, 0, 0, 9]), Buffer.from([0xff, 0xe9, 0x07, 0x82])]));
  await c.until(() => c.goaway() !== undefined, 3000);
  out.push(`goaway ${c.goaway()?.code}`);
  const settings = c.frames.find((f) => f.type === T.SETTINGS && f.flags === 0);
  for (let p = 0; settings && p < settings.payload.length; p += 6) {
    if (settings.payload.readUInt16BE(p) === 3) out.push(`max streams ${settings.payload.readUInt32BE(p + 2)}`);
  }
  c.close();
  return out;
}

test('malformed requests and a bad HPACK index get the same answers as from HAProxy', { skip: !ok }, async () => {
  const s = await answers(syPort);
  const h = await answers(haPort);
  assert.deepEqual(s, h);
});
