/**
 * Stats side by side with HAProxy 2.6: the same configuration and the same traffic (successes,
 * a 404, a denied request, an invalid request, a refused server, a TCP session), then `;csv` from
 * both: the same columns, the same rows, the same values except times, rates and what depends on
 * timing; the Prometheus exporter's output has the same metrics and labels in the same order and
 * passes promtool's parser; Debian's prometheus-haproxy-exporter scrapes the `;csv` URI.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePorts, httpBackend, tcpBackend, waitForPort, stopChild } from './harness.js';
import { hasHaproxy } from './lb-side.js';
import { get, parseCsv, rawExchange, startEngine, type Engine } from './stats-side.js';

/** Columns that hold times, rates or values depending on timing and on the connection pool. */
const TIMING = new Set([
  'lastchg', 'downtime', 'lastsess', 'qtime', 'ctime', 'rtime', 'ttime', 'qtime_max', 'ctime_max', 'rtime_max', 'ttime_max',
  'rate', 'rate_max', 'req_rate', 'req_rate_max', 'conn_rate', 'conn_rate_max', 'check_duration', 'smax', 'pid',
  // Idle-pool state and connection reuse follow each engine's pool timing.
  'srv_icur', 'idle_conn_cur', 'safe_conn_cur', 'used_conn_cur', 'need_conn_est', 'connect', 'reuse',
  // HAProxy's h1 mux counts its own connections (health checks included) and raw bytes.
  'h1_open_connections', 'h1_open_streams', 'h1_total_connections', 'h1_total_streams', 'h1_bytes_in', 'h1_bytes_out',
]);

function config(p: { fe: number; tcp: number; ok: number; dead: number; tcpSrv: number }): string {
  return `global
  maxconn 1000
defaults
  timeout client 5s
  timeout server 5s
  timeout connect 2s
  retries 1
frontend fe
  mode http
  bind 127.0.0.1:${p.fe} name web
  option socket-stats
  maxconn 200
  rate-limit sessions 500
  stats enable
  stats uri /stats
  http-request use-service prometheus-exporter if { path /metrics }
  http-request deny if { path /deny }
  default_backend be
backend be
  mode http
  balance roundrobin
  server ok 127.0.0.1:${p.ok} maxconn 20 maxqueue 5 weight 10
  server dead 127.0.0.1:${p.dead} weight 10
  server spare 127.0.0.1:${p.ok} backup
listen tl
  mode tcp
  bind 127.0.0.1:${p.tcp}
  server t1 127.0.0.1:${p.tcpSrv}
`;
}

async function traffic(fe: number, tcp: number): Promise<void> {
  // Roundrobin alternates ok/dead: each dead pick is a refused connection, retried once, then 503.
  for (let i = 0; i < 6; i++) await get(fe, i === 4 ? '/missing' : '/');
  assert.equal((await get(fe, '/deny')).status, 403);
  await rawExchange(fe, 'GARBAGE\r\n\r\n');
  const t = await rawExchange(tcp, 'hello tcp\n', 1500);
  assert.match(t, /echo: hello tcp/);
}

async function run(engine: Engine, ports: { fe: number; tcp: number; ok: number; dead: number; tcpSrv: number }): Promise<{ csv: string; prom: string }> {
  const p = await startEngine(engine, config(ports), ports.fe);
  try {
    await traffic(ports.fe, ports.tcp);
    // The CSV first: the counters then hold only the traffic (the exporter's page differs in content).
    const csv = (await get(ports.fe, '/stats;csv')).body;
    const prom = (await get(ports.fe, '/metrics')).body;
    return { csv, prom };
  } finally {
    await p.stop();
  }
}

test('stats CSV: same columns, rows and values as HAProxy 2.6 for the same traffic', { timeout: 60_000 }, async (t) => {
  if (!hasHaproxy()) return t.skip('haproxy 2.x not installed');
  const ok = await httpBackend((req, res) => {
    res.writeHead(req.url === '/missing' ? 404 : 200, { 'content-type': 'text/plain', 'content-length': '6' });
    res.end('hello\n');
  });
  const echo = await tcpBackend((s) => s.on('data', (d) => s.end(`echo: ${d.toString()}`)));
  const [fe, tcp, dead] = await freePorts(3);
  const ports = { fe: fe!, tcp: tcp!, ok: ok.port, dead: dead!, tcpSrv: echo.port };
  try {
    const ha = await run('haproxy', ports);
    const sy = await run('switchyard', ports);
    writeFileSync(join(tmpdir(), 'stats-csv-haproxy.prom'), ha.prom);
    writeFileSync(join(tmpdir(), 'stats-csv-switchyard.prom'), sy.prom);
    const a = parseCsv(ha.csv);
    const b = parseCsv(sy.csv);
    assert.deepEqual(b.header, a.header, 'the same columns in the same order');
    assert.deepEqual([...b.rows.keys()], [...a.rows.keys()], 'the same rows in the same order');
    const diffs: string[] = [];
    for (const [key, ra] of a.rows) {
      const rb = b.rows.get(key)!;
      for (const col of a.header) {
        if (TIMING.has(col)) {
          // Present or empty alike even when the value is timing-dependent.
          if ((ra[col] === '') !== (rb[col] === '')) diffs.push(`${key} ${col}: haproxy '${ra[col]}' switchyard '${rb[col]}'`);
          continue;
        }
        if (ra[col] !== rb[col]) diffs.push(`${key} ${col}: haproxy '${ra[col]}' switchyard '${rb[col]}'`);
      }
    }
    assert.deepEqual(diffs, []);
    // A check that can fail: the traffic did reach the counters.
    assert.equal(b.rows.get('fe/FRONTEND')!['dreq'], '1');
    assert.equal(b.rows.get('be/dead')!['econ'], a.rows.get('be/dead')!['econ']);
    assert.notEqual(b.rows.get('be/ok')!['hrsp_2xx'], '0');

    // Prometheus: the same series (names and labels) in the same order, values aside.
    const series = (s: string): string[] =>
      s
        .split('\n')
        .filter((l) => l !== '' && !l.startsWith('#'))
        .map((l) => l.replace(/ [^ ]+$/, '').replace(/version="[^"]*"/, 'version=V'));
    assert.deepEqual(series(sy.prom), series(ha.prom));
    const helps = (s: string): string[] => s.split('\n').filter((l) => l.startsWith('#'));
    assert.deepEqual(helps(sy.prom), helps(ha.prom));
    // promtool parses it; its only complaints are HAProxy's own metric-name lints.
    if (spawnSync('promtool', ['--version']).status === 0) {
      const pt = (s: string): string => spawnSync('promtool', ['check', 'metrics'], { input: s, encoding: 'utf8' }).stdout + spawnSync('promtool', ['check', 'metrics'], { input: s, encoding: 'utf8' }).stderr;
      const mine = pt(sy.prom);
      assert.doesNotMatch(mine, /parsing error|error while linting/);
      assert.equal(mine, pt(ha.prom));
      assert.match(pt('# TYPE x counter\nx{a="b} 1\n'), /parsing error/, 'promtool does report broken input');
    } else t.diagnostic('promtool not installed: exposition-format parse check skipped');
  } finally {
    await ok.close();
    await echo.close();
  }
});

test("Debian's prometheus-haproxy-exporter scrapes the ;csv URI: haproxy_up 1", { timeout: 30_000 }, async (t) => {
  if (spawnSync('prometheus-haproxy-exporter', ['--version']).error) return t.skip('prometheus-haproxy-exporter not installed');
  const ok = await httpBackend((_req, res) => res.end('hello\n'));
  const echo = await tcpBackend((s) => s.on('data', (d) => s.end(`echo: ${d.toString()}`)));
  const [fe, tcp, dead, exp] = await freePorts(4);
  const p = await startEngine('switchyard', config({ fe: fe!, tcp: tcp!, ok: ok.port, dead: dead!, tcpSrv: echo.port }), fe!);
  const ex = spawn('prometheus-haproxy-exporter', [`--haproxy.scrape-uri=http://127.0.0.1:${fe};csv`.replace(`${fe};csv`, `${fe}/stats;csv`), `--web.listen-address=127.0.0.1:${exp}`], { stdio: 'ignore' });
  try {
    await get(fe!, '/');
    assert.ok(await waitForPort(exp!, 10_000), 'exporter listens');
    const m = (await get(exp!, '/metrics')).body;
    assert.match(m, /^haproxy_up 1$/m);
    assert.match(m, /^haproxy_server_up\{backend="be",server="ok"\} 1$/m);
    assert.match(m, /^haproxy_frontend_http_requests_total\{frontend="fe"\} [1-9]/m);
  } finally {
    await stopChild(ex, 'SIGTERM');
    await p.stop();
    await ok.close();
    await echo.close();
  }
});
