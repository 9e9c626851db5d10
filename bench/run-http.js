#!/usr/bin/env node
// Proxy benchmarks: Switchyard vs HAProxy 2.6 (`nbthread 1`) with the same haproxy.cfg, in front
// of the same nginx backend, one core each, interleaved rounds; prints medians, spread, ratios and
// the direct-to-nginx figure. Needs haproxy, nginx and wrk in the PATH.
//
// Scenarios (all by default; `--only keepalive,tcp` selects):
//   keepalive  HTTP/1.1 keep-alive small requests (wrk -t1 -c50): req/s, p50, p99; with the npm
//              `http-proxy` and `@fastify/http-proxy` as reference points, and direct to nginx
//   newconn    a new connection per request (wrk -H 'Connection: close'): req/s, p50, p99
//   tcp        a `listen` in mode tcp in front of nginx, keep-alive HTTP load through it
//   bulk       1 MiB responses (a static file served by nginx): MB/s (10^6 bytes)
//   idle       RSS of 10,000 idle keep-alive client connections: bytes per connection
//   tlska      HTTPS keep-alive small requests (`bind ... ssl crt`, ECDSA P-256, TLS 1.3; wrk -t1
//              -c50 https://): req/s, p50, p99
//   tlsnew     a new TLS connection (full handshake: wrk does not resume sessions) per request
//              (wrk -H 'Connection: close' https://): connections (= requests) per second
//
//   node bench/run-http.js [--only LIST] [--duration 3] [--rounds 3] [--connections 50]
//        [--bulk-connections 10] [--idle-conns 10000] [--idle-rounds 2] [--idle-modes fresh,request]
//        [--npm-dir DIR] [--no-node-proxies] [--node-pipe] [--no-pin]
//        [--profile [LIST]] [--profile-out DIR] [--strace [LIST]] [--sy-node-flags FLAGS] [--json FILE]
//
// The proxy under test is pinned to CPU 0 and nginx + wrk (+ the idle client) to the other CPUs
// (taskset). All proxies of a scenario are started once, warmed up for 1 s each, then loaded in
// turn for --duration seconds, --rounds times, the order reversed every other round.
// --npm-dir DIR uses `http-proxy`, `fastify` and `@fastify/http-proxy` installed under
//   DIR/node_modules; without it they are installed (`npm install --prefix`) into the temporary
//   directory, which is removed at the end. --no-node-proxies skips them.
// --node-pipe adds a 10-line node:net TCP pipe (no HTTP) to keepalive and tcp: the ceiling of a
//   proxy built on net.Socket.
// --idle-modes: `fresh` connections never send a byte; `request` ones first make one request and
//   read the reply, so they sit in the keep-alive state. Both by default.
// --profile [LIST] runs Switchyard once more per scenario (default: every selected one but idle)
//   under `node --cpu-prof` and prints where the time goes (bench/profile-summary.js);
//   --profile-out DIR keeps the .cpuprofile files.
// --strace [LIST] counts the system calls per request of HAProxy and Switchyard (strace -c) under
//   each scenario (default: every selected one but idle), after the measured rounds.
// --sy-node-flags 'FLAGS' starts Switchyard as `node FLAGS bin/switchyard` (A/B of V8 options).
// --sy-base DIR adds `DIR/bin/switchyard` (another checkout, built) as "switchyard-base" to the
//   throughput scenarios, in the same interleaved rounds: A/B of two builds on a noisy machine.
// --json FILE writes every round's figures.
// Each round also records the proxy's CPU time (/proc/PID/stat): `per CPU-s` is requests (or MB)
// per second of CPU the proxy used, its capacity per core whether or not it was the bottleneck and
// however loaded the machine is; `usr`/`sys` split it per request into user space and kernel.
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { print as printProfile, summarise } from './profile-summary.js';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');
const args = process.argv.slice(2);
/** Value of --name: undefined when absent, '' when given without a value. */
function val(name) {
  const i = args.indexOf(`--${name}`);
  if (i < 0) return undefined;
  const v = args[i + 1];
  return v !== undefined && !v.startsWith('--') ? v : '';
}
const num = (name, def) => (val(name) ? Number(val(name)) : def);
const list = (v, all) => (v ? v.split(',').map((s) => s.trim()) : all);

const ALL = ['keepalive', 'newconn', 'tcp', 'bulk', 'idle', 'tlska', 'tlsnew'];
const TLS = new Set(['tlska', 'tlsnew']);
const ONLY = list(val('only'), ALL);
for (const s of ONLY) if (!ALL.includes(s)) throw new Error(`unknown scenario ${s} (one of ${ALL.join(', ')})`);
const DURATION = num('duration', 3);
const ROUNDS = num('rounds', 3);
const CONNS = num('connections', 50);
const BULK_CONNS = num('bulk-connections', 10);
const IDLE_CONNS = num('idle-conns', 10000);
const IDLE_ROUNDS = num('idle-rounds', 2);
const IDLE_MODES = list(val('idle-modes'), ['fresh', 'request']);
const NODE_PIPE = args.includes('--node-pipe');
const NODE_PROXIES = !args.includes('--no-node-proxies') && ONLY.includes('keepalive');
let npmDir = val('npm-dir') || val('http-proxy') || undefined; // --http-proxy DIR: older name
const PROFILE = val('profile') === undefined ? [] : list(val('profile'), ONLY.filter((s) => s !== 'idle'));
const PROFILE_OUT = val('profile-out') ? resolve(val('profile-out')) : undefined;
const JSON_OUT = val('json') ? resolve(val('json')) : undefined;
const SY_BASE = val('sy-base') ? resolve(val('sy-base')) : undefined;
const BASE = SY_BASE ? ['switchyard-base'] : [];
const SY_FLAGS = val('sy-node-flags') ? val('sy-node-flags').split(/\s+/) : []; // e.g. "--max-semi-space-size=32" 
const STRACE = val('strace') === undefined ? [] : list(val('strace'), ONLY.filter((s) => s !== 'idle'));
const PIN = !args.includes('--no-pin') && cpus().length >= 2 && has('taskset');
const PROXY_CPU = PIN ? '0' : undefined;
const LOAD_CPUS = PIN ? `1-${cpus().length - 1}` : undefined;
const BULK_SIZE = 1 << 20;

const dir = mkdtempSync(join(tmpdir(), 'switchyard-bench-'));
const children = new Set();

function has(cmd) {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
}
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

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
    await sleep(50);
  }
  return false;
}

/**
 * Spawns CMD (optionally pinned to a CPU list) through `sh` so that the soft open-files limit is
 * raised to the hard one first; `exec` keeps the PID, so child.pid is the program's own PID.
 */
function run(cmd, argv, cpuList, { stdin = 'ignore' } = {}) {
  const inner = PIN && cpuList ? ['taskset', '-c', cpuList, cmd, ...argv] : [cmd, ...argv];
  const c = spawn('sh', ['-c', 'ulimit -n "$(ulimit -Hn)" 2>/dev/null; exec "$@"', 'sh', ...inner], {
    stdio: [stdin, 'pipe', 'pipe'],
  });
  children.add(c);
  c.on('exit', () => children.delete(c));
  let out = '';
  const add = (d) => {
    if (out.length < 1 << 16) out += d;
  };
  c.stdout.on('data', add);
  c.stderr.on('data', add);
  c.output = () => out;
  c.exited = new Promise((r) => c.once('exit', r));
  return c;
}

function alive(c) {
  return c.exitCode === null && c.signalCode === null;
}

async function stop(c, signal = 'SIGTERM') {
  if (!c || !alive(c)) return;
  const t = setTimeout(() => alive(c) && c.kill('SIGKILL'), 5000);
  c.kill(signal);
  await c.exited;
  clearTimeout(t);
}

/** Resolves with the first match of RE in C's output after offset FROM, or null after MS. */
async function waitOutput(c, re, ms, from = 0) {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    const m = re.exec(c.output().slice(from));
    if (m) return m;
    if (!alive(c)) return null;
    await sleep(50);
  }
  return null;
}

let cleaned = false;
function cleanup() {
  if (cleaned) return;
  cleaned = true;
  for (const c of children) if (alive(c)) c.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
}
process.on('exit', cleanup);
for (const sig of ['SIGINT', 'SIGTERM']) {
  process.on(sig, () => {
    cleanup();
    process.exit(130);
  });
}

function rssKiB(pid) {
  try {
    return Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? NaN);
  } catch {
    return NaN;
  }
}
const CLK_TCK = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout) || 100;
/** { usr, sys } CPU seconds used so far by PID. */
function cpuTimes(pid) {
  try {
    const st = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = st.slice(st.lastIndexOf(')') + 2).split(' ');
    return { usr: Number(f[11]) / CLK_TCK, sys: Number(f[12]) / CLK_TCK };
  } catch {
    return { usr: NaN, sys: NaN };
  }
}
function fdCount(pid) {
  try {
    return readdirSync(`/proc/${pid}/fd`).length;
  } catch {
    return NaN;
  }
}

// ---------------------------------------------------------------------------------------------
// backend, proxies, load

async function startBackend() {
  const port = await freePort();
  const www = join(dir, 'www');
  mkdirSync(www);
  writeFileSync(join(www, '1m.bin'), Buffer.alloc(BULK_SIZE, 'x'));
  const conf = join(dir, 'nginx.conf');
  writeFileSync(
    conf,
    `worker_processes 1;
master_process off;
daemon off;
worker_rlimit_nofile 20000;
pid ${join(dir, 'nginx.pid')};
error_log ${join(dir, 'nginx-error.log')};
events { worker_connections 19000; }
http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  keepalive_requests 1000000;
  keepalive_timeout 120s;
  client_body_temp_path ${dir};
  proxy_temp_path ${dir};
  fastcgi_temp_path ${dir};
  uwsgi_temp_path ${dir};
  scgi_temp_path ${dir};
  server {
    listen 127.0.0.1:${port} backlog=4096;
    root ${www};
    location = / { default_type text/plain; return 200 "hello world\\n"; }
    location = /1m.bin { default_type application/octet-stream; }
  }
}
`,
  );
  const c = run('nginx', ['-c', conf, '-p', dir], LOAD_CPUS);
  if (!(await waitPort(port))) throw new Error(`nginx did not start: ${c.output()}`);
  return { port, child: c };
}

let benchCert;
/** A self-signed ECDSA P-256 certificate + key for the TLS scenarios (made once with openssl). */
function certFile() {
  if (benchCert) return benchCert;
  const key = join(dir, 'bench.key');
  const crt = join(dir, 'bench.crt');
  const r = spawnSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', key, '-out', crt, '-days', '2', '-subj', '/CN=bench.test'], { stdio: 'ignore' });
  if (r.status !== 0) throw new Error('openssl could not make the bench certificate');
  benchCert = join(dir, 'bench.pem');
  writeFileSync(benchCert, readFileSync(crt, 'latin1') + readFileSync(key, 'latin1'));
  return benchCert;
}

/** The haproxy.cfg both proxies run (HAProxy also gets `no strict-limits` for idle, see below). */
function config(scenario, port, bePort, kind) {
  const idle = scenario === 'idle';
  const maxconn = idle ? IDLE_CONNS + 50 : 4096;
  const lines = ['global', '    nbthread 1', `    maxconn ${maxconn}`];
  // 10,000 connections need maxconn > 10,000, for which HAProxy wants 2 x maxconn file descriptors;
  // the hard limit here is 20,000, so HAProxy must be told not to fail on it. Switchyard does not
  // accept `no strict-limits` (yet), so only HAProxy gets the line; nothing else differs.
  if (idle && kind === 'haproxy') lines.push('    no strict-limits');
  lines.push('defaults', `    mode ${scenario === 'tcp' ? 'tcp' : 'http'}`);
  if (idle) lines.push(`    maxconn ${maxconn}`);
  lines.push('    timeout connect 5s', '    timeout client 60s', '    timeout server 60s');
  if (scenario === 'tcp') {
    lines.push('listen tcp', '    mode tcp', `    bind 127.0.0.1:${port}`, `    server s1 127.0.0.1:${bePort}`);
  } else {
    const ssl = TLS.has(scenario) ? ` ssl crt ${certFile()}` : '';
    lines.push('frontend fe', `    bind 127.0.0.1:${port}${ssl}`, '    default_backend be');
    lines.push('backend be', `    server s1 127.0.0.1:${bePort}`);
  }
  return lines.join('\n') + '\n';
}

const NAMES = {
  haproxy: 'HAProxy 2.6 (nbthread 1)',
  switchyard: 'Switchyard',
  'switchyard-base': 'Switchyard (--sy-base build)',
  'http-proxy': '`http-proxy` (keep-alive agent)',
  fastify: '`@fastify/http-proxy`',
  'node-pipe': 'node:net pipe, no HTTP',
  direct: 'direct to nginx (no proxy)',
};

async function startProxy(kind, scenario, be, profileDir) {
  if (kind === 'direct') return { kind, port: be.port, child: null };
  const port = await freePort();
  const cfg = join(dir, `${scenario}-${kind}.cfg`);
  writeFileSync(cfg, config(scenario, port, be.port, kind));
  const mod = (name) => JSON.stringify(join(npmDir ?? '.', 'node_modules', name));
  let c;
  if (kind === 'haproxy') c = run('haproxy', ['-db', '-f', cfg], PROXY_CPU);
  else if (kind === 'switchyard' || kind === 'switchyard-base') {
    const flags = profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [];
    const bin = join(kind === 'switchyard' ? root : SY_BASE, 'bin', 'switchyard');
    c = run(process.execPath, [...SY_FLAGS, ...flags, bin, '-f', cfg], PROXY_CPU);
  } else {
    const code = {
      'node-pipe': `
        const net = require('net');
        net.createServer({ noDelay: true }, (c) => {
          const s = net.connect({ port: ${be.port}, host: '127.0.0.1', noDelay: true });
          c.on('data', (d) => { if (!s.write(d)) c.pause(); });
          s.on('data', (d) => { if (!c.write(d)) s.pause(); });
          c.on('drain', () => s.resume());
          s.on('drain', () => c.resume());
          c.on('error', () => s.destroy()); s.on('error', () => c.destroy());
          c.on('close', () => s.destroy()); s.on('close', () => c.destroy());
        }).listen(${port}, '127.0.0.1');`,
      'http-proxy': `
        const http = require('http');
        const httpProxy = require(${mod('http-proxy')});
        const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
        const proxy = httpProxy.createProxyServer({ target: 'http://127.0.0.1:${be.port}', agent });
        proxy.on('error', (e, req, res) => { res.writeHead(502); res.end(); });
        http.createServer((req, res) => proxy.web(req, res)).listen(${port}, '127.0.0.1');`,
      fastify: `
        const app = require(${mod('fastify')})({ logger: false });
        app.register(require(${mod('@fastify/http-proxy')}), { upstream: 'http://127.0.0.1:${be.port}' });
        app.listen({ port: ${port}, host: '127.0.0.1' });`,
    }[kind];
    c = run(process.execPath, ['-e', code], PROXY_CPU);
  }
  if (!(await waitPort(port))) throw new Error(`${kind} did not start: ${c.output()}`);
  return { kind, port, child: c };
}

function toMs(m) {
  if (!m) return NaN;
  const v = Number(m[1]);
  return m[2] === 'us' ? v / 1000 : m[2] === 's' ? v * 1000 : m[2] === 'm' ? v * 60000 : v;
}
const UNIT = { B: 1, KB: 1024, MB: 1024 ** 2, GB: 1024 ** 3 };

/** wrk for SECONDS; returns { rps, mbs, p50, p99, errors }. */
async function wrk(port, seconds, { conns = CONNS, path = '/', close = false, tls = false } = {}) {
  const argv = ['-t1', `-c${conns}`, `-d${seconds}s`, '--latency'];
  if (close) argv.push('-H', 'Connection: close');
  argv.push(`${tls ? 'https' : 'http'}://127.0.0.1:${port}${path}`);
  const c = run('wrk', argv, LOAD_CPUS);
  const t = setTimeout(() => alive(c) && c.kill('SIGKILL'), (seconds + 20) * 1000);
  await c.exited;
  clearTimeout(t);
  const out = c.output();
  const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1] ?? NaN);
  const tr = /Transfer\/sec:\s+([\d.]+)([KMG]?B)/.exec(out);
  const mbs = tr ? (Number(tr[1]) * UNIT[tr[2]]) / 1e6 : NaN;
  const lat = (p) => toMs(new RegExp(`\\s${p}%\\s+([\\d.]+)(us|ms|s|m)`).exec(out));
  const errors = [/Non-2xx or 3xx responses: \d+/.exec(out)?.[0], /Socket errors: .*/.exec(out)?.[0]].filter(Boolean).join('; ');
  return { rps, mbs, p50: lat(50), p99: lat(99), errors: errors || undefined };
}

// ---------------------------------------------------------------------------------------------
// scenarios

const SCENARIOS = {
  keepalive: {
    title: `HTTP/1.1 keep-alive, small responses (wrk -t1 -c${CONNS})`,
    kinds: () => ['haproxy', 'switchyard', ...BASE, ...(npmDir ? ['http-proxy', 'fastify'] : []), ...(NODE_PIPE ? ['node-pipe'] : []), 'direct'],
    load: (port, s) => wrk(port, s),
    metric: 'rps',
  },
  newconn: {
    title: `new connection per request (wrk -t1 -c${CONNS} -H 'Connection: close')`,
    kinds: () => ['haproxy', 'switchyard', ...BASE, 'direct'],
    load: (port, s) => wrk(port, s, { close: true }),
    metric: 'rps',
  },
  tcp: {
    title: `mode tcp listen, keep-alive HTTP through it (wrk -t1 -c${CONNS})`,
    kinds: () => ['haproxy', 'switchyard', ...BASE, ...(NODE_PIPE ? ['node-pipe'] : []), 'direct'],
    load: (port, s) => wrk(port, s),
    metric: 'rps',
  },
  tlska: {
    title: `HTTPS keep-alive, small responses (bind ssl, ECDSA P-256; wrk -t1 -c${CONNS} https://)`,
    kinds: () => ['haproxy', 'switchyard', ...BASE],
    load: (port, s) => wrk(port, s, { tls: true }),
    metric: 'rps',
  },
  tlsnew: {
    title: `new TLS connection per request, full handshakes (wrk -t1 -c${CONNS} -H 'Connection: close' https://)`,
    kinds: () => ['haproxy', 'switchyard', ...BASE],
    load: (port, s) => wrk(port, s, { tls: true, close: true }),
    metric: 'rps',
  },
  bulk: {
    title: `1 MiB responses, static file (wrk -t1 -c${BULK_CONNS})`,
    kinds: () => ['haproxy', 'switchyard', ...BASE, 'direct'],
    load: (port, s) => wrk(port, s, { conns: BULK_CONNS, path: '/1m.bin' }),
    metric: 'mbs',
  },
};

const fmt = (n, d = 0) => (Number.isFinite(n) ? n.toLocaleString('en-US', { minimumFractionDigits: d, maximumFractionDigits: d }) : 'n/a');
function stats(values) {
  const v = values.filter(Number.isFinite).sort((a, b) => a - b);
  if (!v.length) return { med: NaN, min: NaN, max: NaN };
  const mid = v.length >> 1;
  return { med: v.length % 2 ? v[mid] : (v[mid - 1] + v[mid]) / 2, min: v[0], max: v[v.length - 1] };
}
const unit = (metric) => (metric === 'mbs' ? 'MB/s' : 'req/s');

async function throughput(name, be) {
  const sc = SCENARIOS[name];
  const kinds = sc.kinds();
  console.log(`\n== ${name}: ${sc.title}; ${DURATION} s x ${ROUNDS} rounds`);
  const procs = {};
  try {
    for (const k of kinds) procs[k] = await startProxy(k, name, be);
    for (const k of kinds) await sc.load(procs[k].port, 1); // warm-up: JIT, pools, backend connections
    const rounds = Object.fromEntries(kinds.map((k) => [k, []]));
    const d = sc.metric === 'mbs' ? 1 : 0;
    for (let r = 0; r < ROUNDS; r++) {
      for (const k of r % 2 ? [...kinds].reverse() : kinds) {
        const pid = procs[k].child?.pid;
        const t0 = pid ? cpuTimes(pid) : { usr: NaN, sys: NaN };
        const x = await sc.load(procs[k].port, DURATION);
        const t1 = pid ? cpuTimes(pid) : { usr: NaN, sys: NaN };
        x.usr = t1.usr - t0.usr; // CPU seconds the proxy used during the run, user and kernel
        x.sys = t1.sys - t0.sys;
        x.cpu = x.usr + x.sys;
        x.perCpu = (x[sc.metric] * DURATION) / x.cpu; // requests (or MB) per CPU-second of the proxy
        x.usUsr = (1e6 * x.usr) / (x[sc.metric] * DURATION); // CPU microseconds per request (or MB)
        x.usSys = (1e6 * x.sys) / (x[sc.metric] * DURATION);
        x.fds = pid ? fdCount(pid) : NaN; // open descriptors after the run (a growing count is a leak)
        rounds[k].push(x);
        const dead = procs[k].child && !alive(procs[k].child) ? `  (EXITED: ${procs[k].child.output().slice(-300)})` : '';
        console.log(
          `  round ${r + 1} ${k.padEnd(10)} ${fmt(x[sc.metric], d).padStart(9)} ${unit(sc.metric)}  p50 ${fmt(x.p50, 2)} ms  p99 ${fmt(x.p99, 2)} ms` +
            (pid ? `  CPU ${fmt((100 * x.cpu) / DURATION)}%, ${fmt(x.perCpu, d)} per CPU-s (usr ${fmt(x.usUsr, 1)} + sys ${fmt(x.usSys, 1)} us each), ${x.fds} fds` : '') +
            `${x.errors ? `  (${x.errors})` : ''}${dead}`,
        );
      }
    }
    const summary = {};
    for (const k of kinds) {
      summary[k] = {
        metric: stats(rounds[k].map((x) => x[sc.metric])),
        rps: stats(rounds[k].map((x) => x.rps)),
        p50: stats(rounds[k].map((x) => x.p50)),
        p99: stats(rounds[k].map((x) => x.p99)),
        cpu: stats(rounds[k].map((x) => x.cpu / DURATION)),
        perCpu: stats(rounds[k].map((x) => x.perCpu)),
        usUsr: stats(rounds[k].map((x) => x.usUsr)),
        usSys: stats(rounds[k].map((x) => x.usSys)),
        // paired with HAProxy's run of the same round (adjacent in time): cancels slow drift in load
        ratio: stats(rounds[k].map((x, i) => x[sc.metric] / rounds.haproxy[i][sc.metric])),
        p99ratio: stats(rounds[k].map((x, i) => x.p99 / rounds.haproxy[i].p99)),
        rounds: rounds[k],
      };
    }
    const h = summary.haproxy;
    for (const k of kinds) {
      const most = Math.max(...rounds[k].map((x) => x.fds).filter(Number.isFinite));
      if (most > 1000 + 2 * CONNS) {
        console.log(
          `  WARNING: ${k} held ${most} descriptors after a round (HAProxy ${Math.max(...rounds.haproxy.map((x) => x.fds))}): connections are` +
            ` kept after their clients left; each one holds an ephemeral port, which slows every later connect() on this host`,
        );
      }
    }
    console.log(`  median (min-max) of ${ROUNDS} rounds; vs HAProxy = median of the per-round ratios:`);
    for (const k of kinds) {
      const s = summary[k];
      console.log(
        `  ${NAMES[k].padEnd(32)} ${fmt(s.metric.med, d).padStart(9)} ${unit(sc.metric)} (${fmt(s.metric.min, d)}-${fmt(s.metric.max, d)})` +
          `  p50 ${fmt(s.p50.med, 2)} ms  p99 ${fmt(s.p99.med, 2)} ms  ${fmt(s.ratio.med, 2)}x HAProxy (${fmt(s.ratio.min, 2)}-${fmt(s.ratio.max, 2)})` +
          (Number.isFinite(s.perCpu.med)
            ? `; CPU ${fmt(100 * s.cpu.med)}%, ${fmt(s.perCpu.med, d)} per CPU-s = ${fmt(s.perCpu.med / h.perCpu.med, 2)}x` +
              ` (usr ${fmt(s.usUsr.med, 1)} + sys ${fmt(s.usSys.med, 1)} us per ${sc.metric === 'mbs' ? 'MB' : 'request'})`
            : ''),
      );
    }
    return { kinds, metric: sc.metric, summary };
  } finally {
    for (const k of kinds) await stop(procs[k]?.child);
  }
}

async function idleRound(kind, be, mode) {
  const p = await startProxy(kind, 'idle', be);
  let client;
  try {
    const pid = p.child.pid;
    await wrk(p.port, 1, { conns: 10 }); // both proxies have served traffic before the baseline
    await sleep(500);
    const before = rssKiB(pid);
    const fdsBefore = fdCount(pid);
    const cargs = [join(here, 'idle-client.js'), String(p.port), String(IDLE_CONNS), ...(mode === 'request' ? ['--request'] : [])];
    client = run(process.execPath, cargs, LOAD_CPUS, { stdin: 'pipe' });
    const ready = await waitOutput(client, /ready (\d+) (\d+)/, 90000);
    if (!ready) throw new Error(`idle client did not finish connecting: ${client.output()}`);
    const opened = Number(ready[1]);
    // the client sees its connects complete before the proxy has accepted them all
    for (let i = 0; i < 100 && fdCount(pid) < fdsBefore + opened; i++) await sleep(100);
    await sleep(1000);
    const samples = [];
    for (let i = 0; i < 4; i++, await sleep(250)) samples.push(rssKiB(pid));
    const after = stats(samples).med;
    const fds = fdCount(pid);
    const from = client.output().length;
    client.stdin.write('status\n');
    const st = await waitOutput(client, /open (\d+)/, 5000, from);
    const open = st ? Number(st[1]) : NaN;
    return { before, after, open, failed: Number(ready[2]), fds: fds - fdsBefore, perConn: ((after - before) * 1024) / open, alive: alive(p.child) };
  } finally {
    if (client && alive(client)) {
      client.stdin.end();
      const t = setTimeout(() => alive(client) && client.kill('SIGKILL'), 5000);
      await client.exited;
      clearTimeout(t);
    }
    await stop(p.child);
  }
}

async function idle(be) {
  console.log(`\n== idle: RSS of ${fmt(IDLE_CONNS)} idle keep-alive client connections; ${IDLE_ROUNDS} rounds per mode`);
  const kinds = ['haproxy', 'switchyard'];
  const modes = {};
  for (const mode of IDLE_MODES) {
    console.log(`  -- ${mode === 'request' ? 'each connection after one request (keep-alive state)' : 'fresh connections that never send a byte'}`);
    const rounds = { haproxy: [], switchyard: [] };
    for (let r = 0; r < IDLE_ROUNDS; r++) {
      for (const k of r % 2 ? [...kinds].reverse() : kinds) {
        const x = await idleRound(k, be, mode);
        rounds[k].push(x);
        console.log(
          `  round ${r + 1} ${k.padEnd(10)} RSS ${fmt(x.before / 1024, 1)} -> ${fmt(x.after / 1024, 1)} MiB, ${fmt(x.open)} open` +
            ` (${x.failed} failed, +${fmt(x.fds)} fds): ${fmt(x.perConn)} bytes/connection${x.alive ? '' : '  (PROXY EXITED)'}`,
        );
      }
    }
    const summary = {};
    for (const k of kinds) {
      summary[k] = {
        perConn: stats(rounds[k].map((x) => x.perConn)),
        before: stats(rounds[k].map((x) => x.before)),
        after: stats(rounds[k].map((x) => x.after)),
        open: stats(rounds[k].map((x) => x.open)),
        fds: stats(rounds[k].map((x) => x.fds)),
        rounds: rounds[k],
      };
      const s = summary[k];
      console.log(
        `  ${NAMES[k].padEnd(32)} ${fmt(s.perConn.med).padStart(7)} bytes/conn (${fmt(s.perConn.min)}-${fmt(s.perConn.max)});` +
          ` RSS ${fmt(s.before.med / 1024, 1)} -> ${fmt(s.after.med / 1024, 1)} MiB; ${fmt(s.open.med)} open, +${fmt(s.fds.med)} fds`,
      );
    }
    modes[mode] = summary;
  }
  console.log(`  HAProxy's default buffers: 2 x tune.bufsize 16384 = 32,768 bytes/connection (${fmt((IDLE_CONNS * 32768) / 2 ** 20)} MiB)`);
  return { kinds, modes };
}

async function profile(name, be) {
  const sc = SCENARIOS[name];
  const pdir = join(dir, `prof-${name}`);
  const p = await startProxy('switchyard', name, be, pdir);
  try {
    await sc.load(p.port, 1);
    await sc.load(p.port, DURATION);
  } finally {
    await stop(p.child, 'SIGINT');
  }
  const file = readdirSync(pdir).find((f) => f.endsWith('.cpuprofile'));
  if (!file) return console.log(`\n== profile ${name}: no profile written`);
  console.log(`\n== profile of Switchyard under ${name} (${DURATION} s)`);
  printProfile(summarise(join(pdir, file), 20));
  if (PROFILE_OUT) {
    mkdirSync(PROFILE_OUT, { recursive: true });
    copyFileSync(join(pdir, file), join(PROFILE_OUT, `switchyard-${name}.cpuprofile`));
    console.log(`  kept ${join(PROFILE_OUT, `switchyard-${name}.cpuprofile`)}`);
  }
}

/** System calls per request (or per MB for bulk) of HAProxy and Switchyard under scenario NAME. */
async function syscalls(name, be) {
  const sc = SCENARIOS[name];
  console.log(`\n== system calls per ${sc.metric === 'mbs' ? 'MB' : 'request'} under ${name} (strace -c, 2 s; strace slows the proxy, counts stay valid)`);
  const table = {};
  for (const kind of ['haproxy', 'switchyard']) {
    const p = await startProxy(kind, name, be);
    const out = join(dir, `strace-${name}-${kind}.txt`);
    try {
      await sc.load(p.port, 1);
      const st = run('strace', ['-c', '-f', '-o', out, '-p', String(p.child.pid)], undefined);
      await sleep(500);
      const x = await sc.load(p.port, 2);
      await stop(st, 'SIGINT');
      const units = x[sc.metric] * 2;
      for (const m of readFileSync(out, 'utf8').matchAll(/^\s*[\d.]+\s+[\d.]+\s+\d+\s+(\d+)\s+(?:\d+\s+)?(\w+)\s*$/gm)) {
        (table[m[2]] ??= {})[kind] = Number(m[1]) / units;
      }
    } finally {
      await stop(p.child);
    }
  }
  const rows = Object.entries(table).sort((a, b) => (b[1].switchyard ?? 0) + (b[1].haproxy ?? 0) - (a[1].switchyard ?? 0) - (a[1].haproxy ?? 0));
  console.log(`  ${'syscall'.padEnd(16)} ${'HAProxy'.padStart(8)} ${'Switchyard'.padStart(10)}`);
  for (const [call, v] of rows.slice(0, 12)) console.log(`  ${call.padEnd(16)} ${fmt(v.haproxy ?? 0, 2).padStart(8)} ${fmt(v.switchyard ?? 0, 2).padStart(10)}`);
  return table;
}

function installNodeProxies() {
  if (npmDir) return;
  const prefix = join(dir, 'npm');
  console.log(`installing http-proxy, fastify, @fastify/http-proxy under ${prefix} ...`);
  const r = spawnSync('npm', ['install', '--prefix', prefix, '--no-audit', '--no-fund', '--no-save', '--loglevel=error', 'http-proxy', 'fastify', '@fastify/http-proxy'], {
    stdio: ['ignore', 'ignore', 'inherit'],
    timeout: 180_000,
  });
  if (r.status === 0) npmDir = prefix;
  else console.log('  npm install failed: the Node proxies are skipped');
}

function versionOf(cmd, argv, re) {
  const r = spawnSync(cmd, argv, { encoding: 'utf8' });
  return re.exec(`${r.stdout}${r.stderr}`)?.[1] ?? '?';
}

function targets(results) {
  const out = [];
  const line = (what, value, ok, target) => out.push(`  ${ok ? 'met   ' : 'MISSED'} ${what}: ${value} (target ${target})`);
  const R = (name, k = 'switchyard') => results[name].summary[k];
  const eff = (name, ref = 'haproxy') => R(name).perCpu.med / R(name, ref).perCpu.med;
  const thr = (name, label, target) => {
    const r = R(name).ratio.med;
    line(label, `${fmt(r, 2)}x HAProxy (rounds ${fmt(R(name).ratio.min, 2)}-${fmt(R(name).ratio.max, 2)}; per CPU-second ${fmt(eff(name), 2)}x)`, r >= target, `>= ${target}x`);
  };
  if (results.keepalive) {
    thr('keepalive', 'keep-alive req/s', 0.8);
    const p = R('keepalive').p99ratio.med;
    line('keep-alive p99', `${fmt(p, 2)}x HAProxy`, p <= 1.5, '<= 1.5x');
    for (const n of ['http-proxy', 'fastify']) {
      if (!results.keepalive.summary[n]) continue;
      const x = stats(R('keepalive').rounds.map((y, i) => y.rps / R('keepalive', n).rounds[i].rps)).med;
      line(`keep-alive vs ${n}`, `${fmt(x, 2)}x (per CPU-second ${fmt(eff('keepalive', n), 2)}x)`, x >= 3, '>= 3x');
    }
  }
  if (results.newconn) thr('newconn', 'new connection per request', 0.7);
  if (results.tcp) thr('tcp', 'mode tcp', 0.8);
  if (results.bulk) thr('bulk', '1 MiB bodies', 0.9);
  if (results.tlska) thr('tlska', 'TLS keep-alive req/s', 0.8);
  if (results.tlsnew) thr('tlsnew', 'new TLS connection per request (conn/s)', 0.7);
  if (results.idle) {
    for (const [mode, m] of Object.entries(results.idle.modes)) {
      const s = m.switchyard.perConn.med;
      const h = m.haproxy.perConn.med;
      const held = m.switchyard.open.med >= IDLE_CONNS ? '' : `, only ${fmt(m.switchyard.open.med)} of ${fmt(IDLE_CONNS)} held`;
      line(`idle connections (${mode})`, `${fmt(s)} bytes/conn, HAProxy measured ${fmt(h)}${held}`, s < 32768 && !held, '< 32,768 = HAProxy default buffers');
    }
  }
  return out;
}

async function main() {
  for (const cmd of ['haproxy', 'nginx', 'wrk']) if (!has(cmd)) throw new Error(`${cmd} is not installed`);
  const cpu = /model name\s*:\s*(.*)/.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? '?';
  console.log(
    `HAProxy ${versionOf('haproxy', ['-v'], /version (\S+)/)}, nginx ${versionOf('nginx', ['-v'], /nginx\/(\S+)/)},` +
      ` wrk ${versionOf('wrk', ['-v'], /wrk (\S+)/)}, node ${process.version}; ${cpus().length} x ${cpu};` +
      ` load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`,
  );
  console.log(PIN ? `proxy pinned to CPU ${PROXY_CPU}, nginx + wrk on CPUs ${LOAD_CPUS}` : 'no CPU pinning');
  if (NODE_PROXIES) installNodeProxies();
  const be = await startBackend();
  const results = {};
  try {
    for (const name of ONLY) {
      results[name] = name === 'idle' ? await idle(be) : await throughput(name, be);
      if (PROFILE.includes(name) && name !== 'idle') await profile(name, be);
      if (STRACE.includes(name) && name !== 'idle') results[name].syscalls = await syscalls(name, be);
    }
  } finally {
    await stop(be.child);
  }
  console.log(`\n== targets (Switchyard, medians; load average now ${loadavg().map((l) => l.toFixed(2)).join(' ')})`);
  for (const l of targets(results)) console.log(l);
  if (JSON_OUT) writeFileSync(JSON_OUT, JSON.stringify({ date: new Date().toISOString(), args, results }, null, 2));
}

main().then(
  () => cleanup(),
  (e) => {
    console.error(`bench: ${e.stack ?? e.message}`);
    cleanup();
    process.exitCode = 1;
  },
);
