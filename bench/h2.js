#!/usr/bin/env node
// HTTP/2 benchmark: h2load (nghttp2-client) against Switchyard and HAProxy 2.6 (`nbthread 1`) on the
// same haproxy.cfg, `bind ... proto h2` (cleartext, prior knowledge) in front of one nginx (HTTP/1.1
// keep-alive to it). Interleaved rounds; prints requests/s, the proxy's CPU time per request
// (µs, from /proc/PID/stat) and the ratios. The proxy runs on CPU 0, nginx and h2load on the others.
//
//   node bench/h2.js [--duration 3] [--rounds 2] [--clients 10] [--streams 10] [--json FILE]
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { cpus, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const num = (n, d) => {
  const i = args.indexOf(`--${n}`);
  return i >= 0 ? Number(args[i + 1]) : d;
};
const DURATION = num('duration', 3);
const ROUNDS = num('rounds', 2);
const CLIENTS = num('clients', 10);
const STREAMS = num('streams', 10);
const jsonAt = args.indexOf('--json');
const JSON_OUT = jsonAt >= 0 ? args[jsonAt + 1] : undefined;
const PIN = cpus().length > 1 && spawnSync('taskset', ['-V']).status === 0;
const dir = mkdtempSync(join(tmpdir(), 'sy-h2bench-'));
const CLK = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout) || 100;

function freePort() {
  return new Promise((res) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const p = s.address().port;
      s.close(() => res(p));
    });
  });
}
async function waitPort(port, ms = 10000) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    const ok = await new Promise((r) => {
      const s = net.connect(port, '127.0.0.1', () => (s.destroy(), r(true)));
      s.on('error', () => r(false));
    });
    if (ok) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return false;
}
function run(cmd, argv, cpu) {
  const full = PIN ? ['taskset', ['-c', cpu, cmd, ...argv]] : [cmd, argv];
  const c = spawn(full[0], full[1], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  c.stdout.on('data', (d) => (out += d));
  c.stderr.on('data', (d) => (out += d));
  c.output = () => out;
  return c;
}
function cpuOf(pid) {
  const st = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const f = st.slice(st.lastIndexOf(')') + 2).split(' ');
  return (Number(f[11]) + Number(f[12])) / CLK;
}
const LOAD = cpus().length > 2 ? `1-${cpus().length - 1}` : '1';

const bePort = await freePort();
writeFileSync(
  join(dir, 'nginx.conf'),
  `worker_processes 1; master_process off; daemon off; pid ${dir}/nginx.pid; error_log ${dir}/err.log;
events { worker_connections 4096; }
http { access_log off; keepalive_requests 1000000; client_body_temp_path ${dir}; proxy_temp_path ${dir};
  fastcgi_temp_path ${dir}; uwsgi_temp_path ${dir}; scgi_temp_path ${dir};
  server { listen 127.0.0.1:${bePort}; location / { default_type text/plain; return 200 "hello world\\n"; } } }
`,
);
const nginx = run('nginx', ['-c', join(dir, 'nginx.conf'), '-p', dir], LOAD);
if (!(await waitPort(bePort))) throw new Error(`nginx: ${nginx.output()}`);

const proxies = {};
for (const kind of ['switchyard', 'haproxy']) {
  const port = await freePort();
  const cfg = join(dir, `${kind}.cfg`);
  writeFileSync(
    cfg,
    `global
    nbthread 1
    maxconn 4096
defaults
    mode http
    timeout connect 5s
    timeout client 30s
    timeout server 30s
    http-reuse always
frontend fe
    bind 127.0.0.1:${port} proto h2
    default_backend be
backend be
    server s1 127.0.0.1:${bePort}
`,
  );
  const c = kind === 'haproxy' ? run('haproxy', ['-db', '-f', cfg], '0') : run(process.execPath, [join(root, 'bin/switchyard'), '-db', '-f', cfg], '0');
  if (!(await waitPort(port))) throw new Error(`${kind}: ${c.output()}`);
  proxies[kind] = { port, child: c, pid: c.pid, rounds: [] };
}

function h2load(port, seconds) {
  const a = ['-c', String(CLIENTS), '-m', String(STREAMS), '-D', String(seconds), `http://127.0.0.1:${port}/`];
  const r = PIN ? spawnSync('taskset', ['-c', LOAD, 'h2load', ...a], { encoding: 'utf8' }) : spawnSync('h2load', a, { encoding: 'utf8' });
  const out = r.stdout + r.stderr;
  const m = /requests: \d+ total, \d+ started, (\d+) done, (\d+) succeeded, (\d+) failed/.exec(out);
  return { done: m ? Number(m[1]) : 0, succeeded: m ? Number(m[2]) : 0, failed: m ? Number(m[3]) : -1, out };
}

// The pid whose CPU is measured: HAProxy's own, or the node process under taskset.
function realPid(p) {
  if (!PIN) return p.pid;
  const kids = spawnSync('pgrep', ['-P', String(p.pid)], { encoding: 'utf8' }).stdout.trim().split('\n').filter(Boolean);
  return kids.length ? Number(kids[0]) : p.pid;
}

for (const p of Object.values(proxies)) h2load(p.port, 1); // warm-up
for (let round = 0; round < ROUNDS; round++) {
  const order = round % 2 === 0 ? ['switchyard', 'haproxy'] : ['haproxy', 'switchyard'];
  for (const kind of order) {
    const p = proxies[kind];
    const pid = realPid(p);
    const c0 = cpuOf(pid);
    const t0 = Date.now();
    const r = h2load(p.port, DURATION);
    const secs = (Date.now() - t0) / 1000;
    const cpu = cpuOf(pid) - c0;
    p.rounds.push({ rps: r.succeeded / DURATION, succeeded: r.succeeded, failed: r.failed, cpuUsPerReq: (cpu * 1e6) / Math.max(1, r.succeeded), secs });
  }
}
const median = (a) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)];
const res = {};
for (const [k, p] of Object.entries(proxies)) {
  res[k] = { rps: median(p.rounds.map((r) => r.rps)), cpuUsPerReq: median(p.rounds.map((r) => r.cpuUsPerReq)), failed: p.rounds.reduce((n, r) => n + r.failed, 0), rounds: p.rounds };
}
console.log(`h2load -c ${CLIENTS} -m ${STREAMS} -D ${DURATION}, ${ROUNDS} rounds, ${PIN ? 'proxy on CPU 0' : 'no pinning'}`);
console.log('proxy        req/s   CPU-µs/req  failed');
for (const [k, r] of Object.entries(res)) console.log(`${k.padEnd(11)} ${r.rps.toFixed(0).padStart(7)} ${r.cpuUsPerReq.toFixed(1).padStart(11)} ${String(r.failed).padStart(7)}`);
console.log(`ratio switchyard/haproxy: req/s ${(res.switchyard.rps / res.haproxy.rps).toFixed(2)}x, CPU per request ${(res.switchyard.cpuUsPerReq / res.haproxy.cpuUsPerReq).toFixed(2)}x`);
if (JSON_OUT) writeFileSync(JSON_OUT, JSON.stringify(res, null, 2));
for (const p of Object.values(proxies)) p.child.kill('SIGKILL');
nginx.kill('SIGKILL');
setTimeout(() => rmSync(dir, { recursive: true, force: true }), 300);
