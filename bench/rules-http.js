#!/usr/bin/env node
// HTTP keep-alive throughput of Switchyard without and with a feature, side by side:
//   --feature rules   (default) no rules vs 20 ACLs + 10 header rules (issue 7's budget: within 15%)
//   --feature httplog logging off vs `option httplog` to a UDP syslog target (issue 6's budget:
//                     within 10%); the target is a UDP socket in this process that counts the lines.
// Backend: a raw node server; load: wrk when installed, else a node client.
// Reports req/s and, since the machine is shared, requests per CPU-second of the proxy process
// (utime+stime from /proc/<pid>/stat over the load), the figure to compare.
//   node bench/rules-http.js [--feature rules|httplog] [--duration 5] [--connections 50] [--rounds 2] [--haproxy]
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import dgram from 'node:dgram';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const opt = (n, d) => (args.includes(`--${n}`) ? Number(args[args.indexOf(`--${n}`) + 1]) : d);
const DURATION = opt('duration', 5);
const CONNS = opt('connections', 50);
const dir = mkdtempSync(join(tmpdir(), 'switchyard-rules-bench-'));
const hasWrk = spawnSync('wrk', ['--version']).error === undefined && !args.includes('--node-client');

const RESP = Buffer.from('HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\nok');
const backend = net.createServer((s) => {
  s.on('data', (d) => {
    let n = 0;
    for (let i = d.indexOf('\r\n\r\n'); i >= 0; i = d.indexOf('\r\n\r\n', i + 4)) n++;
    for (let i = 0; i < n; i++) s.write(RESP);
  });
  s.on('error', () => {});
});
await new Promise((r) => backend.listen(0, '127.0.0.1', r));
const bport = backend.address().port;

const FEATURE = args.includes('--feature') ? args[args.indexOf('--feature') + 1] : 'rules';
if (FEATURE !== 'rules' && FEATURE !== 'httplog') throw new Error(`unknown --feature ${FEATURE}`);
let logLines = 0;
const syslog = dgram.createSocket('udp4');
syslog.on('message', () => logLines++);
await new Promise((r) => syslog.bind(0, '127.0.0.1', r));
const syslogPort = syslog.address().port;

function featureLines() {
  let r = '';
  if (FEATURE === 'httplog') return `    log 127.0.0.1:${syslogPort} local0\n    option httplog\n`;
  for (let i = 0; i < 20; i++) r += `    acl a${i} path_beg /p${i}/\n`;
  r += '    acl host_ok hdr(host) -i bench.local localhost 127.0.0.1\n';
  for (let i = 0; i < 5; i++) r += `    http-request set-header X-R${i} v%[path] if host_ok !a${i}\n`;
  for (let i = 0; i < 3; i++) r += `    http-request add-header X-A${i} a\n`;
  r += '    http-request del-header X-Nothing\n    http-request deny if a19 a18\n';
  r += '    use_backend be if a1 or a2 or a3\n';
  return r;
}

function cfg(port, rules) {
  const r = rules ? featureLines() : '';
  return `global\n    maxconn 5000\ndefaults\n    mode http\n    timeout connect 2s\n    timeout client 10s\n    timeout server 10s\nfrontend fe\n    bind 127.0.0.1:${port}\n${r}    default_backend be\nbackend be\n    server s 127.0.0.1:${bport}\n`;
}

async function freePort() {
  const s = net.createServer();
  await new Promise((r) => s.listen(0, '127.0.0.1', r));
  const p = s.address().port;
  await new Promise((r) => s.close(r));
  return p;
}

async function waitPort(port) {
  for (let i = 0; i < 200; i++) {
    const ok = await new Promise((r) => {
      const c = net.connect(port, '127.0.0.1', () => (c.destroy(), r(true)));
      c.on('error', () => r(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error('proxy did not start');
}

async function nodeLoad(port) {
  const req = Buffer.from('GET /x HTTP/1.1\r\nHost: localhost\r\n\r\n');
  let done = 0;
  const end = Date.now() + DURATION * 1000;
  await Promise.all(
    Array.from({ length: CONNS }, () => new Promise((resolve) => {
      const s = net.connect(port, '127.0.0.1');
      s.on('connect', () => s.write(req));
      s.on('data', (d) => {
        for (let i = d.indexOf('ok'); i >= 0; i = d.indexOf('ok', i + 2)) done++;
        if (Date.now() < end) s.write(req);
        else s.destroy();
      });
      s.on('close', resolve);
      s.on('error', resolve);
    })),
  );
  return done / DURATION;
}

/** utime+stime of a process in seconds (Linux /proc), or NaN. */
function cpuSeconds(pid) {
  try {
    const f = readFileSync(`/proc/${pid}/stat`, 'latin1');
    const parts = f.slice(f.lastIndexOf(')') + 2).split(' ');
    return (Number(parts[11]) + Number(parts[12])) / 100;
  } catch {
    return NaN;
  }
}

async function measure(rules, haproxy = false) {
  const port = await freePort();
  const path = join(dir, rules ? 'rules.cfg' : 'plain.cfg');
  writeFileSync(path, cfg(port, rules));
  const child = haproxy
    ? spawn('haproxy', ['-db', '-f', path], { stdio: 'ignore' })
    : spawn(process.execPath, [join(root, 'bin/switchyard'), '-f', path], { stdio: 'ignore' });
  try {
    await waitPort(port);
    const cpu0 = cpuSeconds(child.pid);
    const rps = await load(port);
    const cpu = cpuSeconds(child.pid) - cpu0;
    return { rps, perCpu: (rps * DURATION) / cpu };
  } finally {
    child.kill('SIGKILL');
  }
}

async function load(port) {
  {
    if (hasWrk) {
      // Asynchronous: the backend lives in this process and must keep answering.
      const out = await new Promise((resolve) => {
        const w = spawn('wrk', ['-t1', `-c${CONNS}`, `-d${DURATION}s`, '-H', 'Host: localhost', `http://127.0.0.1:${port}/x`]);
        let o = '';
        const t = setTimeout(() => w.kill('SIGKILL'), (DURATION + 10) * 1000);
        w.stdout.on('data', (d) => (o += d));
        w.on('close', () => (clearTimeout(t), resolve(o)));
      });
      return Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1] ?? 0);
    }
    return await nodeLoad(port);
  }
}

const withHap = args.includes('--haproxy') && spawnSync('haproxy', ['-v']).status === 0;
const runs = { plain: [], rules: [], hplain: [], hrules: [] };
for (let i = 0; i < opt('rounds', 2); i++) {
  runs.plain.push(await measure(false));
  runs.rules.push(await measure(true));
  if (withHap) {
    runs.hplain.push(await measure(false, true));
    runs.hrules.push(await measure(true, true));
  }
}
const avg = (a, k) => a.reduce((s, x) => s + x[k], 0) / a.length;
const p = avg(runs.plain, 'rps');
const r = avg(runs.rules, 'rps');
const pc = avg(runs.plain, 'perCpu');
const rc = avg(runs.rules, 'perCpu');
const [off, on] = FEATURE === 'rules' ? ['no rules', '20 ACLs + 10 rules'] : ['logging off', 'option httplog to UDP'];
console.log(`${`${off}:`.padEnd(24)} ${p.toFixed(0)} req/s, ${pc.toFixed(0)} req per CPU-second`);
console.log(`${`${on}:`.padEnd(24)} ${r.toFixed(0)} req/s (${((r / p - 1) * 100).toFixed(1)}%), ${rc.toFixed(0)} req per CPU-second (${((rc / pc - 1) * 100).toFixed(1)}%)`);
if (withHap) {
  const hp = avg(runs.hplain, 'perCpu');
  const hr = avg(runs.hrules, 'perCpu');
  console.log(`${`haproxy ${off}:`.padEnd(24)} ${avg(runs.hplain, 'rps').toFixed(0)} req/s, ${hp.toFixed(0)} req per CPU-second`);
  console.log(`${`haproxy ${on}:`.padEnd(24)} ${avg(runs.hrules, 'rps').toFixed(0)} req/s, ${hr.toFixed(0)} req per CPU-second (${((hr / hp - 1) * 100).toFixed(1)}%)`);
}
if (FEATURE === 'httplog') console.log(`log lines received: ${logLines}`);
syslog.close();
backend.close();
