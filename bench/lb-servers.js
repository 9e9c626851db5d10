#!/usr/bin/env node
// Keep-alive throughput through Switchyard with 2 and with 1,000 servers in the backend, per
// algorithm: the cost of choosing a server must not grow with the farm (target: within 10%).
// Every `server` line points at the same small node backend; wrk (HTTP/1.1 keep-alive, -t1 -c32)
// drives the load after a warm-up that fills the server-side idle pools. Build first (npx tsc -p .).
// Needs wrk.
//   node bench/lb-servers.js [--duration 3] [--rounds 3] [--reuse safe|never|always] [--algos roundrobin,leastconn,...]
// Besides req/s (which follows whatever else the machine is doing), each run reports the proxy's
// own CPU time per request (/proc/PID/stat, user + system): the capacity figure, and the one the
// "1000/2" verdict uses, since it does not depend on how much CPU the proxy was given.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const arg = (n, d) => {
  const i = args.indexOf(`--${n}`);
  return i >= 0 && args[i + 1] ? args[i + 1] : d;
};
const DURATION = Number(arg('duration', 3));
// `safe` (HAProxy's default): after the warm-up every server has idle connections to reuse, so the
// figures compare the cost of choosing. `never` opens a server connection per request in both cases.
const REUSE = arg('reuse', 'safe');
const WARMUP = Number(arg('warmup', 2));
// --proxy haproxy runs the same configurations through HAProxy (nbthread 1) for comparison.
const PROXY = arg('proxy', 'switchyard');
const CLK_TCK = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout) || 100;
/** CPU seconds (user + system) used so far by PID. */
function cpuSeconds(pid) {
  const st = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const f = st.slice(st.lastIndexOf(')') + 2).split(' ');
  return (Number(f[11]) + Number(f[12])) / CLK_TCK;
}
const ALGOS = arg('algos', 'roundrobin,static-rr,leastconn,first,random,source,uri,uri consistent,hdr(x-key)').split(',');

if (spawnSync('wrk', ['--version']).error) {
  console.error('wrk is not installed: skipped');
  process.exit(0);
}

function freePort() {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const p = s.address().port;
      s.close(() => resolve(p));
    });
  });
}

function waitPort(port, ms = 10000) {
  const end = Date.now() + ms;
  return new Promise((resolve) => {
    const tryOnce = () => {
      const c = net.connect(port, '127.0.0.1');
      c.once('connect', () => {
        c.destroy();
        resolve(true);
      });
      c.once('error', () => {
        c.destroy();
        if (Date.now() > end) resolve(false);
        else setTimeout(tryOnce, 50);
      });
    };
    tryOnce();
  });
}

const backend = createServer((req, res) => {
  res.writeHead(200, { 'content-type': 'text/plain', 'content-length': '2' });
  res.end('ok');
});
let backendConns = 0;
backend.on('connection', () => backendConns++);
const bport = await freePort();
await new Promise((r) => backend.listen(bport, '127.0.0.1', r));

async function measure(algo, n) {
  const port = await freePort();
  const [balance, hashType] = algo.split(' ');
  const servers = Array.from({ length: n }, (_, i) => `    server s${i + 1} 127.0.0.1:${bport} weight ${1 + (i % 3)}`).join('\n');
  const cfg = `global\n    maxconn 5000\n${PROXY === 'haproxy' ? '    nbthread 1\n' : ''}defaults\n    mode http\n    timeout connect 2s\n    timeout client 30s\n    timeout server 30s\nlisten lb\n    bind 127.0.0.1:${port}\n    http-reuse ${REUSE}\n    balance ${balance}\n${hashType ? `    hash-type ${hashType}\n` : ''}${servers}\n`;
  const dir = mkdtempSync(join(tmpdir(), 'lb-bench-'));
  const path = join(dir, 'haproxy.cfg');
  writeFileSync(path, cfg);
  const child =
    PROXY === 'haproxy'
      ? spawn('haproxy', ['-db', '-f', path], { stdio: 'ignore' })
      : spawn(process.execPath, [join(root, 'bin', 'switchyard'), '-f', path], { stdio: 'ignore' });
  try {
    if (!(await waitPort(port))) throw new Error(`${PROXY} did not start`);
    const lua = join(dir, 'keys.lua');
    writeFileSync(lua, `local i = 0\nrequest = function()\n  i = (i + 1) % 4096\n  return wrk.format("GET", "/item/" .. i .. "?user=" .. i, { ["X-Key"] = "k" .. i })\nend\n`);
    // Asynchronous: the backend lives in this process and must keep answering.
    const wrk = (secs) =>
      new Promise((resolve) => {
        const w = spawn('wrk', ['-t1', '-c32', `-d${secs}s`, '-s', lua, `http://127.0.0.1:${port}/`]);
        let text = '';
        w.stdout.on('data', (d) => (text += d));
        w.on('close', () => resolve(text));
      });
    if (WARMUP > 0) await wrk(WARMUP);
    const cpu0 = cpuSeconds(child.pid);
    const conns0 = backendConns;
    const out = await wrk(DURATION);
    const cpu = cpuSeconds(child.pid) - cpu0;
    const newConns = backendConns - conns0;
    const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1] ?? NaN);
    const total = Number(/(\d+) requests in/.exec(out)?.[1] ?? NaN);
    return { rps, usPerReq: (cpu * 1e6) / total, connsPerReq: newConns / total };
  } finally {
    child.kill('SIGKILL');
  }
}

const ROUNDS = Number(arg('rounds', 3));
const median = (xs) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)];
console.log(`${PROXY}: http-reuse ${REUSE}, wrk -t1 -c32, ${WARMUP}s warm-up then ${DURATION}s x ${ROUNDS} interleaved rounds (medians)`);
console.log('algorithm            req/s 2 srv  req/s 1000 srv  CPU µs/req 2 srv  1000 srv  capacity 1000/2  new srv conns/req 2 | 1000');
for (const algo of ALGOS) {
  const as = [];
  const bs = [];
  for (let r = 0; r < ROUNDS; r++) {
    // Interleaved, order swapped every other round.
    if (r % 2) {
      bs.push(await measure(algo, 1000));
      as.push(await measure(algo, 2));
    } else {
      as.push(await measure(algo, 2));
      bs.push(await measure(algo, 1000));
    }
  }
  const ra = median(as.map((x) => x.rps));
  const rb = median(bs.map((x) => x.rps));
  const ca = median(as.map((x) => x.usPerReq));
  const cb = median(bs.map((x) => x.usPerReq));
  console.log(
    `${algo.padEnd(20)} ${ra.toFixed(0).padStart(11)} ${rb.toFixed(0).padStart(15)} ${ca.toFixed(1).padStart(17)} ${cb.toFixed(1).padStart(9)} ${(ca / cb).toFixed(2).padStart(16)}` +
      `  ${median(as.map((x) => x.connsPerReq)).toFixed(3).padStart(10)} | ${median(bs.map((x) => x.connsPerReq)).toFixed(3)}`,
  );
}
backend.close();
process.exit(0);
