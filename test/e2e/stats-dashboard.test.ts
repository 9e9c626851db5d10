/**
 * The live dashboard (`<stats uri>;dashboard`) in headless Chromium (Debian `chromium` driven by
 * playwright-core) while a client keeps the proxy busy: the page polls the JSON snapshot, its
 * tiles, charts and server rows update every second, a dead server shows DOWN, percentiles appear.
 * SWITCHYARD_DASHBOARD_SHOT=path keeps a screenshot (docs/dashboard.png is made this way).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Agent, get as httpGet } from 'node:http';
import { delay, freePorts, httpBackend, startProxy } from './harness.js';
import { get } from './stats-side.js';

const CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));

/** Keep `concurrency` keep-alive clients busy until stop() (each loop bounded by the deadline). */
function load(port: number, concurrency: number, ms: number): { stop(): void; done(): number } {
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const end = Date.now() + ms;
  let n = 0;
  let stopped = false;
  const one = (i: number): void => {
    if (stopped || Date.now() > end) return;
    const path = i % 3 === 0 ? '/api/x' : '/';
    httpGet({ host: '127.0.0.1', port, path, agent }, (r) => {
      r.resume();
      r.on('end', () => {
        n++;
        setTimeout(() => one(i), 5);
      });
    }).on('error', () => setTimeout(() => one(i), 50));
  };
  for (let i = 0; i < concurrency; i++) one(i);
  return {
    stop() {
      stopped = true;
      agent.destroy();
    },
    done: () => n,
  };
}

test('the dashboard updates live in Chromium under load', { timeout: 60_000 }, async (t) => {
  if (!CHROMIUM) return t.skip('chromium not installed');
  const { chromium } = await import('playwright-core');
  const slow = (base: number) =>
    httpBackend((_req, res) => {
      setTimeout(() => {
        res.writeHead(200, { 'content-type': 'text/plain', 'content-length': '6' });
        res.end('hello\n');
      }, base + Math.random() * base);
    });
  const w1 = await slow(2);
  const w2 = await slow(8);
  const a1 = await slow(20);
  const [fe, dead] = await freePorts(2);
  const cfg = `defaults
  mode http
  timeout client 5s
  timeout server 5s
  timeout connect 2s
frontend www
  bind 127.0.0.1:${fe}
  stats enable
  stats uri /stats
  use_backend api if { path_beg /api }
  default_backend web
backend web
  server web1 127.0.0.1:${w1.port} check inter 500
  server web2 127.0.0.1:${w2.port} check inter 500
  server web3 127.0.0.1:${dead} check inter 500
backend api
  balance leastconn
  server api1 127.0.0.1:${a1.port} check inter 500
`;
  const proxy = await startProxy(cfg, [fe!]);
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  const l = load(fe!, 8, 30_000);
  try {
    // The JSON the page polls.
    const snap = JSON.parse((await get(fe!, '/stats;dashboard;data')).body) as { proxies: Array<{ name: string; servers: unknown[] }> };
    assert.deepEqual(
      snap.proxies.map((p) => p.name),
      ['www', 'web', 'api'],
    );
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.goto(`http://127.0.0.1:${fe}/stats;dashboard`);
    const updates = async (): Promise<number> => Number(await page.getAttribute('body', 'data-updates'));
    await page.waitForFunction("Number(document.body.getAttribute('data-updates')) >= 4", undefined, { timeout: 15_000 });
    const u1 = await updates();
    const req1 = Number(await page.textContent('#t-req'));
    assert.ok(req1 > 0, `requests per second shown (${req1})`);
    await page.waitForFunction(`/DOWN/.test(document.querySelector('tr[data-server="web3"] td.state')?.textContent ?? '')`, undefined, { timeout: 10_000 });
    assert.match((await page.textContent('tr[data-server="web1"] td.state')) ?? '', /UP/);
    assert.match((await page.textContent('#t-p99')) ?? '', /\d+/, 'percentiles shown');
    // Still live: more updates, with traffic still counted.
    await delay(2500);
    const u2 = await updates();
    assert.ok(u2 >= u1 + 2, `page kept updating (${u1} -> ${u2})`);
    assert.ok(Number(await page.textContent('#t-req')) > 0);
    const shot = process.env['SWITCHYARD_DASHBOARD_SHOT'] ?? join(tmpdir(), 'switchyard-dashboard.png');
    await page.screenshot({ path: shot, fullPage: true });
    assert.ok(statSync(shot).size > 10_000);
    assert.ok(l.done() > 100, `load ran (${l.done()} requests)`);
  } finally {
    l.stop();
    await browser.close();
    await proxy.stop();
    await w1.close();
    await w2.close();
    await a1.close();
  }
});
