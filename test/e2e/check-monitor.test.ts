/**
 * `monitor-uri` with `monitor fail if { nbsrv(be) lt|eq|le N }`: 200 while the backend has a usable
 * server, 503 once its only server is DOWN; other URIs go to the backend. The bytes and connection
 * handling are compared with HAProxy 2.6 side by side.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { freePorts, raw } from './harness.js';
import { CHECK_DEFAULTS, engines, SKIP_HAPROXY, start, switchBackend, until, type Engine } from './check-side.js';

const PAGE_200 =
  'HTTP/1.1 200 OK\r\ncontent-length: 58\r\ncache-control: no-cache\r\ncontent-type: text/html\r\n\r\n' +
  '<html><body><h1>200 OK</h1>\nService ready.\n</body></html>\n';
const PAGE_503 =
  'HTTP/1.1 503 Service Unavailable\r\ncontent-length: 107\r\ncache-control: no-cache\r\ncontent-type: text/html\r\n\r\n' +
  '<html><body><h1>503 Service Unavailable</h1>\nNo server is available to handle this request.\n</body></html>\n';

const GET = (target: string, v = '1.1'): string => `GET ${target} HTTP/${v}\r\n${v === '1.1' ? 'Host: x\r\n' : ''}\r\n`;

/** One request on its own connection: the bytes (Date header dropped) and whether the proxy closed within 300 ms. */
async function ask(port: number, req: string): Promise<string> {
  const r = await raw(port, [req], { timeoutMs: 300 });
  return `${r.data.replace(/\r\ndate: [^\r]*/i, '')}${r.closed ? ' [closed]' : ' [open]'}`;
}

async function scenario(engine: Engine): Promise<{ up: string[]; down: string[]; forwarded: number }> {
  const b = await switchBackend('/health', 's1');
  const [p1, p2, p3] = await freePorts(3);
  const fe = (name: string, port: number, cond: string): string => `
frontend ${name}
    bind 127.0.0.1:${port}
    monitor-uri /mon
    monitor fail if { ${cond} }
    default_backend be
`;
  const cfg = `${CHECK_DEFAULTS}${fe('lt', p1!, 'nbsrv(be) lt 1')}${fe('eq', p2!, 'nbsrv(be) eq 0')}${fe('le', p3!, 'nbsrv(be) le 0')}
backend be
    option httpchk GET /health
    server s1 127.0.0.1:${b.port} check inter 100 fall 1
`;
  const p = await start(engine, cfg, p1!);
  try {
    const up = [
      await ask(p1!, GET('/mon')),
      await ask(p1!, GET('/mon', '1.0')),
      await ask(p1!, GET('http://x/mon')),
      await ask(p2!, GET('/mon')),
      await ask(p3!, GET('/mon')),
    ];
    // Not the monitor URI: forwarded to the server.
    const t0 = b.traffic;
    const fwd = await raw(p1!, [GET('/mon?x') + GET('/monx')], { timeoutMs: 1000, until: (d) => (d.match(/x-server: s1/g) ?? []).length === 2 });
    const forwarded = b.traffic - t0;
    assert.equal((fwd.data.match(/x-server: s1/g) ?? []).length, 2, fwd.data);
    b.checkStatus = 500;
    assert.ok(await until(() => p.output().includes('be/s1 is DOWN'), 3000), `${engine}: no DOWN line:\n${p.output()}`);
    const down = [await ask(p1!, GET('/mon')), await ask(p1!, GET('/mon', '1.0')), await ask(p2!, GET('/mon')), await ask(p3!, GET('/mon'))];
    return { up, down, forwarded };
  } finally {
    await p.stop();
    await b.close();
  }
}

test('monitor-uri answers 200, then 503 when monitor fail holds', async (t) => {
  const sy = await scenario('switchyard');
  const close200 = PAGE_200.replace('\r\n\r\n', '\r\nconnection: close\r\n\r\n');
  assert.deepEqual(sy.up, [`${PAGE_200} [open]`, `${close200} [closed]`, `${PAGE_200} [open]`, `${PAGE_200} [open]`, `${PAGE_200} [open]`]);
  assert.equal(sy.forwarded, 2);
  const close503 = PAGE_503.replace('\r\n\r\n', '\r\nconnection: close\r\n\r\n');
  assert.deepEqual(sy.down, [`${PAGE_503} [open]`, `${close503} [closed]`, `${PAGE_503} [open]`, `${PAGE_503} [open]`]);
  if (!engines().includes('haproxy')) return t.diagnostic(SKIP_HAPROXY);
  const hp = await scenario('haproxy');
  assert.deepEqual(sy, hp);
});
