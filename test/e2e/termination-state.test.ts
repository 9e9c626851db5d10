/**
 * Every stream records HAProxy's termination state (%tsc). Checked through the debug stream sink
 * (SWITCHYARD_DEBUG_STREAMS=1) until the log module prints real log lines.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { delay, freePorts, httpBackend, raw, startProxy, tcpBackend, type Backend, type Proxy, type TcpBackend } from './harness.js';

let proxy: Proxy;
let app: Backend;
let garbage: TcpBackend;
let silent: TcpBackend;
let slam: TcpBackend;
let stall: TcpBackend;
let ports: number[];

before(async () => {
  app = await httpBackend((_req, res) => res.end('ok'));
  garbage = await tcpBackend((s) => s.once('data', () => s.end('garbage\r\n\r\n')));
  silent = await tcpBackend((s) => s.on('data', () => undefined));
  slam = await tcpBackend((s) => s.once('data', () => s.destroy()));
  stall = await tcpBackend((s) => s.once('data', () => s.write('HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc')));
  ports = await freePorts(7);
  proxy = await startProxy(
    `defaults
    mode http
    timeout connect 1s
    timeout client 5s
    timeout server 300ms
    timeout http-request 300ms
    retries 0
frontend ok
    bind 127.0.0.1:${ports[0]}
    default_backend ok
backend ok
    server app 127.0.0.1:${app.port}
frontend nosrv
    bind 127.0.0.1:${ports[1]}
    default_backend nosrv
backend nosrv
    server s1 127.0.0.1:${silent.port} disabled
frontend bad
    bind 127.0.0.1:${ports[2]}
    default_backend bad
backend bad
    server s1 127.0.0.1:${garbage.port}
frontend slow
    bind 127.0.0.1:${ports[3]}
    default_backend slow
backend slow
    server s1 127.0.0.1:${silent.port}
frontend slam
    bind 127.0.0.1:${ports[4]}
    default_backend slam
backend slam
    server s1 127.0.0.1:${slam.port}
listen tcpslow
    mode tcp
    bind 127.0.0.1:${ports[5]}
    server s1 127.0.0.1:${silent.port}
frontend stall
    bind 127.0.0.1:${ports[6]}
    default_backend stall
backend stall
    server s1 127.0.0.1:${stall.port}
`,
    ports,
    [],
    [],
    { SWITCHYARD_DEBUG_STREAMS: '1' },
  );
});

after(async () => {
  await proxy?.stop();
  await Promise.all([app, garbage, silent, slam, stall].map((b) => b?.close()));
});

/** The debug line of the last stream of frontend `fe` (waits for it, bounded). */
async function lastStream(fe: string, ms = 3000): Promise<string> {
  const deadline = Date.now() + ms;
  for (;;) {
    const lines = proxy.output().split('\n').filter((l) => l.startsWith(`[stream] ${fe} `));
    if (lines.length > 0) return lines[lines.length - 1]!;
    if (Date.now() > deadline) return '';
    await delay(20);
  }
}

const GET = 'GET / HTTP/1.1\r\nHost: t\r\n\r\n';
const untilPage = (d: string): boolean => d.endsWith('</html>\n');

test('normal exchange: ----', async () => {
  await raw(ports[0]!, [GET], { until: (d) => d.endsWith('ok') });
  assert.match(await lastStream('ok'), / ok\/app 200 ---- /);
});

test('no server: SC-- with 503', async () => {
  await raw(ports[1]!, [GET], { until: untilPage });
  assert.match(await lastStream('nosrv'), / nosrv\/<NOSRV> 503 SC-- /);
});

test('invalid response: PH-- with 502', async () => {
  await raw(ports[2]!, [GET], { until: untilPage });
  assert.match(await lastStream('bad'), / bad\/s1 502 PH-- /);
});

test('server closed before answering: SH-- with 502', async () => {
  await raw(ports[4]!, [GET], { until: untilPage });
  assert.match(await lastStream('slam'), / slam\/s1 502 SH-- /);
});

test('timeout server: sH-- with 504', async () => {
  await raw(ports[3]!, [GET], { until: untilPage });
  assert.match(await lastStream('slow'), / slow\/s1 504 sH-- /);
});

test('timeout http-request: cR-- with 408', async () => {
  await raw(ports[0]!, ['GET / HTTP/1.1\r\n'], { timeoutMs: 2000 });
  assert.match(await lastStream('ok'), / -\/<NOSRV> 408 cR-- /);
});

test('bad request: PR-- with 400', async () => {
  await raw(ports[0]!, ['GET / HTTP/1.1\r\nBad Header\r\n\r\n'], { timeoutMs: 2000 });
  assert.match(await lastStream('ok'), / -\/<NOSRV> 400 PR-- /);
});

test('server stalls in the middle of the body: sD-- (200 already sent)', async () => {
  const r = await raw(ports[6]!, [GET], { timeoutMs: 2000 });
  assert.equal(r.closed, true);
  assert.match(r.data, /abc$/);
  assert.match(await lastStream('stall'), / stall\/s1 200 sD-- /);
});

test('tcp: timeout server during data: sD', async () => {
  await raw(ports[5]!, ['x'], { timeoutMs: 2000 });
  assert.match(await lastStream('tcpslow'), / tcpslow\/s1 0 sD-- /);
});
