#!/usr/bin/env node
// HTTP/1.1 keep-alive small requests: Switchyard vs HAProxy 2.6 (nbthread 1) with the same
// haproxy.cfg, in front of the same fast backend (nginx when installed, else a raw node server).
// The load generator is wrk when installed, else a small node keep-alive client.
// Runs are interleaved (haproxy, switchyard, haproxy, switchyard...) so drift hits both alike.
//
//   node bench/run-http.js [--duration 10] [--rounds 2] [--connections 50] [--no-pin] [--profile]
//                          [--http-proxy DIR] [--node-pipe]
//
// --node-pipe also measures a 10-line node:net TCP pipe (no HTTP at all): the ceiling of a proxy
// built on net.Socket on this machine, to tell Switchyard's own cost from Node's.
// --http-proxy DIR also measures the `http-proxy` npm package (installed under DIR/node_modules,
// e.g. `npm install --prefix DIR http-proxy`), with a keep-alive agent: the Node proxy people use.
//
// With two or more CPUs the proxy under test is pinned to CPU 0 and backend + load generator to
// the others (taskset), so each proxy gets one core. --profile runs Switchyard once more under
// `node --cpu-prof` and writes the profile to a temporary directory (its path is printed).
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, readdirSync } from 'node:fs';
import net from 'node:net';
import { cpus, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const opt = (name, def) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] !== undefined ? Number(args[i + 1]) : def;
};
const DURATION = opt('duration', 10);
const ROUNDS = opt('rounds', 2);
const CONNS = opt('connections', 50);
const PIN = !args.includes('--no-pin') && cpus().length >= 2 && has('taskset');
const PROFILE = args.includes('--profile');
const NODE_PIPE = args.includes('--node-pipe');
const HTTP_PROXY_DIR = args.includes('--http-proxy') ? args[args.indexOf('--http-proxy') + 1] : undefined;
const dir = mkdtempSync(join(tmpdir(), 'switchyard-bench-'));
const children = new Set();

function has(cmd) {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
}

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const p = s.address().port;
      s.close(() => resolve(p));
    });
  });
}

async function waitPort(port, ms = 10000) {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    const ok = await new Promise((resolve) => {
      const s = net.connect(port, '127.0.0.1');
      s.once('connect', () => (s.destroy(), resolve(true)));
      s.once('error', () => (s.destroy(), resolve(false)));
    });
    if (ok) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return false;
}

/** Spawn, optionally pinned to a CPU list. */
function run(cmd, argv, cpuList, extra = {}) {
  const full = PIN && cpuList ? ['taskset', ['-c', cpuList, cmd, ...argv]] : [cmd, argv];
  const c = spawn(full[0], full[1], { stdio: ['ignore', 'pipe', 'pipe'], ...extra });
  children.add(c);
  c.on('exit', () => children.delete(c));
  let out = '';
  c.stdout.on('data', (d) => (out += d));
  c.stderr.on('data', (d) => (out += d));
  c.output = () => out;
  return c;
}

function stop(c, signal = 'SIGTERM') {
  return new Promise((resolve) => {
    if (c.exitCode !== null || c.signalCode !== null) return resolve();
    const t = setTimeout(() => c.kill('SIGKILL'), 5000);
    c.once('exit', () => {
      clearTimeout(t);
      resolve();
    });
    c.kill(signal);
  });
}

function cleanup() {
  for (const c of children) c.kill('SIGKILL');
}
process.on('SIGINT', () => {
  cleanup();
  process.exit(130);
});

const BACKEND_CPUS = PIN ? `1-${cpus().length - 1}` : undefined;
const PROXY_CPU = PIN ? '0' : undefined;

async function startBackend() {
  const port = await freePort();
  if (has('nginx')) {
    const conf = join(dir, 'nginx.conf');
    writeFileSync(
      conf,
      `worker_processes 1;
daemon off;
pid ${join(dir, 'nginx.pid')};
error_log ${join(dir, 'nginx-error.log')};
events { worker_connections 4096; }
http {
  access_log off;
  keepalive_requests 1000000;
  keepalive_timeout 60s;
  client_body_temp_path ${dir};
  proxy_temp_path ${dir};
  fastcgi_temp_path ${dir};
  uwsgi_temp_path ${dir};
  scgi_temp_path ${dir};
  server {
    listen 127.0.0.1:${port};
    location / { default_type text/plain; return 200 "hello world\\n"; }
  }
}
`,
    );
    const c = run('nginx', ['-c', conf, '-p', dir], BACKEND_CPUS);
    if (!(await waitPort(port))) throw new Error(`nginx did not start: ${c.output()}`);
    return { port, name: 'nginx', child: c };
  }
  const code = `
    const net = require('net');
    const res = Buffer.from('HTTP/1.1 200 OK\\r\\nContent-Length: 12\\r\\nContent-Type: text/plain\\r\\n\\r\\nhello world\\n');
    net.createServer((s) => {
      s.setNoDelay(true);
      let pending = '';
      s.on('data', (d) => {
        pending += d.toString('latin1');
        let i;
        while ((i = pending.indexOf('\\r\\n\\r\\n')) >= 0) { pending = pending.slice(i + 4); s.write(res); }
      });
      s.on('error', () => {});
    }).listen(${port}, '127.0.0.1');`;
  const c = run(process.execPath, ['-e', code], BACKEND_CPUS);
  if (!(await waitPort(port))) throw new Error('node backend did not start');
  return { port, name: 'node raw-socket server', child: c };
}

function config(port, backendPort) {
  return `global
    nbthread 1
    maxconn 4096
defaults
    mode http
    timeout connect 5s
    timeout client 30s
    timeout server 30s
frontend fe
    bind 127.0.0.1:${port}
    default_backend be
backend be
    server s1 127.0.0.1:${backendPort}
`;
}

/** Load for DURATION seconds; returns { rps, p50, p99 } (ms). */
async function load(port, seconds) {
  const url = `http://127.0.0.1:${port}/`;
  if (has('wrk')) {
    const c = run('wrk', ['-t1', `-c${CONNS}`, `-d${seconds}s`, '--latency', url], BACKEND_CPUS);
    await new Promise((r) => c.once('exit', r));
    const out = c.output();
    const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1] ?? NaN);
    const lat = (p) => toMs(new RegExp(`\\s${p}%\\s+([\\d.]+)(us|ms|s)`).exec(out));
    const errors = /Non-2xx or 3xx responses: (\d+)|Socket errors: (.*)/.exec(out)?.[0];
    return { rps, p50: lat(50), p99: lat(99), errors };
  }
  return nodeLoad(port, seconds);
}

function toMs(m) {
  if (!m) return NaN;
  const v = Number(m[1]);
  return m[2] === 'us' ? v / 1000 : m[2] === 's' ? v * 1000 : v;
}

/** A minimal keep-alive load generator (used when wrk is not installed). */
function nodeLoad(port, seconds) {
  const req = Buffer.from('GET / HTTP/1.1\r\nHost: bench\r\n\r\n');
  const lat = [];
  let done = 0;
  const end = Date.now() + seconds * 1000;
  return new Promise((resolve) => {
    let open = CONNS;
    for (let i = 0; i < CONNS; i++) {
      const s = net.connect(port, '127.0.0.1');
      s.setNoDelay(true);
      let t0 = 0;
      let buf = '';
      const send = () => {
        if (Date.now() >= end) return s.end();
        t0 = performance.now();
        s.write(req);
      };
      s.on('connect', send);
      s.on('data', (d) => {
        buf += d.toString('latin1');
        const h = buf.indexOf('\r\n\r\n');
        if (h < 0) return;
        const cl = Number(/content-length: *(\d+)/i.exec(buf.slice(0, h))?.[1] ?? 0);
        if (buf.length < h + 4 + cl) return;
        buf = buf.slice(h + 4 + cl);
        lat.push(performance.now() - t0);
        done++;
        send();
      });
      s.on('close', () => {
        if (--open === 0) {
          lat.sort((a, b) => a - b);
          resolve({ rps: done / seconds, p50: lat[Math.floor(lat.length * 0.5)], p99: lat[Math.floor(lat.length * 0.99)] });
        }
      });
      s.on('error', () => undefined);
    }
  });
}

async function startProxy(kind, backendPort, profile = false) {
  const port = await freePort();
  const cfg = join(dir, `${kind}.cfg`);
  writeFileSync(cfg, config(port, backendPort));
  let c;
  if (kind === 'haproxy') c = run('haproxy', ['-db', '-f', cfg], PROXY_CPU);
  else if (kind === 'node-pipe') {
    const code = `
      const net = require('net');
      net.createServer({ noDelay: true }, (c) => {
        const s = net.connect({ port: ${backendPort}, host: '127.0.0.1', noDelay: true });
        c.on('data', (d) => { if (!s.write(d)) c.pause(); });
        s.on('data', (d) => { if (!c.write(d)) s.pause(); });
        c.on('drain', () => s.resume());
        s.on('drain', () => c.resume());
        c.on('error', () => s.destroy()); s.on('error', () => c.destroy());
        c.on('close', () => s.destroy()); s.on('close', () => c.destroy());
      }).listen(${port}, '127.0.0.1');`;
    c = run(process.execPath, ['-e', code], PROXY_CPU);
  } else if (kind === 'http-proxy') {
    const code = `
      const http = require('http');
      const httpProxy = require(${JSON.stringify(join(HTTP_PROXY_DIR ?? '.', 'node_modules', 'http-proxy'))});
      const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
      const proxy = httpProxy.createProxyServer({ target: 'http://127.0.0.1:${backendPort}', agent });
      proxy.on('error', (e, req, res) => { res.writeHead(502); res.end(); });
      http.createServer((req, res) => proxy.web(req, res)).listen(${port}, '127.0.0.1');`;
    c = run(process.execPath, ['-e', code], PROXY_CPU);
  } else {
    const node = profile ? ['--cpu-prof', `--cpu-prof-dir=${join(dir, 'prof')}`] : [];
    c = run(process.execPath, [...node, join(root, 'bin', 'switchyard'), '-f', cfg], PROXY_CPU);
  }
  if (!(await waitPort(port))) throw new Error(`${kind} did not start: ${c.output()}`);
  return { port, child: c };
}

const fmt = (n, d = 0) => (Number.isFinite(n) ? n.toFixed(d) : 'n/a');

async function main() {
  if (!has('haproxy')) throw new Error('haproxy is not installed');
  const be = await startBackend();
  console.log(
    `backend: ${be.name}; load: ${has('wrk') ? `wrk -t1 -c${CONNS}` : `node client x${CONNS}`}; ${DURATION}s x ${ROUNDS} rounds each; ` +
      (PIN ? `proxy pinned to CPU 0, backend + load on CPUs ${BACKEND_CPUS}` : 'no CPU pinning'),
  );
  const kinds = ['haproxy', 'switchyard'];
  if (HTTP_PROXY_DIR) kinds.push('http-proxy');
  if (NODE_PIPE) kinds.push('node-pipe');
  const results = { haproxy: [], switchyard: [], 'http-proxy': [], 'node-pipe': [] };
  for (let round = 0; round < ROUNDS; round++) {
    for (const kind of kinds) {
      const p = await startProxy(kind, be.port);
      await load(p.port, 1); // warm-up (JIT, pools)
      const r = await load(p.port, DURATION);
      await stop(p.child);
      results[kind].push(r);
      console.log(
        `  round ${round + 1} ${kind.padEnd(11)} ${fmt(r.rps).padStart(8)} req/s  p50 ${fmt(r.p50, 2)} ms  p99 ${fmt(r.p99, 2)} ms${r.errors ? `  (${r.errors})` : ''}`,
      );
    }
  }
  const best = (k) => results[k].reduce((a, b) => (b.rps > a.rps ? b : a));
  const med = (k, f) => {
    const v = results[k].map((r) => r[f]).sort((a, b) => a - b);
    return v[Math.floor((v.length - 1) / 2)];
  };
  const h = { rps: med('haproxy', 'rps'), p50: med('haproxy', 'p50'), p99: med('haproxy', 'p99') };
  const s = { rps: med('switchyard', 'rps'), p50: med('switchyard', 'p50'), p99: med('switchyard', 'p99') };
  console.log('\nmedian of rounds:');
  console.log(`  haproxy     ${fmt(h.rps).padStart(8)} req/s  p50 ${fmt(h.p50, 2)} ms  p99 ${fmt(h.p99, 2)} ms  (best ${fmt(best('haproxy').rps)})`);
  console.log(`  switchyard  ${fmt(s.rps).padStart(8)} req/s  p50 ${fmt(s.p50, 2)} ms  p99 ${fmt(s.p99, 2)} ms  (best ${fmt(best('switchyard').rps)})`);
  console.log(`  ratio switchyard/haproxy: req/s ${fmt(s.rps / h.rps, 2)}x (target >= 0.8), p99 ${fmt(s.p99 / h.p99, 2)}x (target <= 1.5)`);
  if (HTTP_PROXY_DIR) {
    const n = { rps: med('http-proxy', 'rps'), p50: med('http-proxy', 'p50'), p99: med('http-proxy', 'p99') };
    console.log(`  http-proxy  ${fmt(n.rps).padStart(8)} req/s  p50 ${fmt(n.p50, 2)} ms  p99 ${fmt(n.p99, 2)} ms`);
    console.log(`  ratio switchyard/http-proxy: req/s ${fmt(s.rps / n.rps, 2)}x (target >= 3)`);
  }
  if (NODE_PIPE) {
    const n = { rps: med('node-pipe', 'rps'), p50: med('node-pipe', 'p50'), p99: med('node-pipe', 'p99') };
    console.log(`  node-pipe   ${fmt(n.rps).padStart(8)} req/s  p50 ${fmt(n.p50, 2)} ms  p99 ${fmt(n.p99, 2)} ms  (raw net.Socket TCP pipe, no HTTP)`);
    console.log(`  ratio switchyard/node-pipe: req/s ${fmt(s.rps / n.rps, 2)}x`);
  }

  if (PROFILE) {
    const p = await startProxy('switchyard', be.port, true);
    await load(p.port, DURATION);
    await stop(p.child, 'SIGINT');
    const files = readdirSync(join(dir, 'prof'));
    console.log(`\nCPU profile: ${join(dir, 'prof', files[0] ?? '?')}`);
  }
  await stop(be.child, be.name === 'nginx' ? 'SIGQUIT' : 'SIGTERM');
}

main().then(
  () => cleanup(),
  (e) => {
    console.error(`bench: ${e.message}`);
    cleanup();
    process.exitCode = 1;
  },
);
