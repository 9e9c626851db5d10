#!/usr/bin/env node
// Keep-alive throughput through Switchyard with 2 and with 1,000 servers in the backend, per
// algorithm: the cost of choosing a server must not grow with the farm (target: within 10%).
// Every `server` line points at the same small node backend; wrk (HTTP/1.1 keep-alive, -t1 -c32)
// drives the load. Build first (npx tsc -p .). Needs wrk.
//   node bench/lb-servers.js [--duration 3] [--rounds 2] [--reuse never|safe] [--algos roundrobin,leastconn,...]
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
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
// With connection reuse, 1,000 servers mean 1,000 small idle pools: most requests then open a new
// server connection, which is what differs, not the choice. `never` (default) opens one per
// request in both cases so the figures compare the cost of choosing; `--reuse safe` shows the other.
const REUSE = arg('reuse', 'never');
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
const bport = await freePort();
await new Promise((r) => backend.listen(bport, '127.0.0.1', r));

async function measure(algo, n) {
  const port = await freePort();
  const [balance, hashType] = algo.split(' ');
  const servers = Array.from({ length: n }, (_, i) => `    server s${i + 1} 127.0.0.1:${bport} weight ${1 + (i % 3)}`).join('\n');
  const cfg = `global\n    maxconn 10000\ndefaults\n    mode http\n    timeout connect 2s\n    timeout client 30s\n    timeout server 30s\nlisten lb\n    bind 127.0.0.1:${port}\n    http-reuse ${REUSE}\n    balance ${balance}\n${hashType ? `    hash-type ${hashType}\n` : ''}${servers}\n`;
  const dir = mkdtempSync(join(tmpdir(), 'lb-bench-'));
  const path = join(dir, 'haproxy.cfg');
  writeFileSync(path, cfg);
  const child = spawn(process.execPath, [join(root, 'bin', 'switchyard'), '-f', path], { stdio: 'ignore' });
  try {
    if (!(await waitPort(port))) throw new Error('switchyard did not start');
    const lua = join(dir, 'keys.lua');
    writeFileSync(lua, `local i = 0\nrequest = function()\n  i = (i + 1) % 4096\n  return wrk.format("GET", "/item/" .. i .. "?user=" .. i, { ["X-Key"] = "k" .. i })\nend\n`);
    // Asynchronous: the backend lives in this process and must keep answering.
    const out = await new Promise((resolve) => {
      const w = spawn('wrk', ['-t1', '-c32', `-d${DURATION}s`, '-s', lua, `http://127.0.0.1:${port}/`]);
      let text = '';
      w.stdout.on('data', (d) => (text += d));
      w.on('close', () => resolve(text));
    });
    const m = /Requests\/sec:\s+([\d.]+)/.exec(out);
    return m ? Number(m[1]) : NaN;
  } finally {
    child.kill('SIGKILL');
  }
}

const ROUNDS = Number(arg('rounds', 2));
const median = (xs) => xs.sort((x, y) => x - y)[Math.floor(xs.length / 2)];
console.log(`http-reuse ${REUSE}, wrk -t1 -c32, ${DURATION}s x ${ROUNDS} rounds (median)`);
console.log('algorithm            req/s (2 srv)  req/s (1000 srv)  1000/2');
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
  const a = median(as);
  const b = median(bs);
  console.log(`${algo.padEnd(20)} ${a.toFixed(0).padStart(13)} ${b.toFixed(0).padStart(17)} ${(b / a).toFixed(2).padStart(7)}`);
}
backend.close();
process.exit(0);
