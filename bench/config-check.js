#!/usr/bin/env node
// Times `bin/switchyard -c -f` on a generated ~10,000-line configuration, and `haproxy -c -f` on the
// same file when haproxy is installed. Usage: node bench/config-check.js [lines] [runs]
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const targetLines = Number(process.argv[2] ?? 10_000);
const runs = Number(process.argv[3] ?? 5);

/** A realistic configuration of about `n` lines: frontends with ACLs and rules, backends with servers. */
export function generateConfig(n) {
  const out = [
    'global',
    '    maxconn 20000',
    '    log stdout format raw local0',
    '',
    'defaults',
    '    mode http',
    '    log global',
    '    option httplog',
    '    timeout connect 5s',
    '    timeout client 30s',
    '    timeout server 30s',
    '',
  ];
  let b = 0;
  let f = 0;
  for (;;) {
    // one frontend routing to 10 backends of 8 servers each (~170 lines per group)
    const g = [];
    const first = b;
    g.push(`frontend fe${f}`, `    bind 127.0.0.1:${10000 + f}`, '    # routing');
    for (let k = 0; k < 10; k++) {
      g.push(`    acl is_app${b + k} path_beg /app${b + k}/`);
      g.push(`    acl is_host${b + k} hdr(host) -i app${b + k}.example.com`);
    }
    g.push('    http-request set-header X-Forwarded-Proto http');
    g.push('    http-request deny if { path_beg /admin } !{ src 10.0.0.0/8 }');
    for (let k = 0; k < 10; k++) g.push(`    use_backend be${b + k} if is_app${b + k} || is_host${b + k}`);
    g.push(`    default_backend be${first}`, '');
    for (let k = 0; k < 10; k++) {
      const n2 = b + k;
      g.push(`backend be${n2}`, '    balance roundrobin', '    option httpchk GET /health', '    http-check expect status 200');
      for (let s = 0; s < 8; s++) g.push(`    server s${s} 10.${(n2 >> 8) & 255}.${n2 & 255}.${s + 1}:8080 check inter 2s fall 3 rise 2 weight ${10 + s}`);
      g.push('');
    }
    if (out.length + g.length > n) break;
    out.push(...g);
    b += 10;
    f++;
  }
  // complete groups only (every use_backend resolves); pad with comments up to n lines
  while (out.length < n) out.push('# padding');
  return out.join('\n') + '\n';
}

function time(cmd, args) {
  const times = [];
  let last;
  for (let i = 0; i < runs; i++) {
    const t0 = process.hrtime.bigint();
    last = spawnSync(cmd, args, { encoding: 'utf8' });
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
    if (last.error) return { error: last.error };
  }
  times.sort((a, b) => a - b);
  const alerts = (last.stderr.match(/\[ALERT\]/g) ?? []).length;
  return { median: times[Math.floor(times.length / 2)], min: times[0], status: last.status, alerts };
}

const dir = mkdtempSync(join(tmpdir(), 'switchyard-bench-'));
const file = join(dir, 'bench.cfg');
try {
  const text = generateConfig(targetLines);
  writeFileSync(file, text);
  const lines = text.split('\n').length - 1;
  console.log(`configuration: ${lines} lines, ${text.length} bytes (${file}); ${runs} runs each, median (min)`);
  const sy = time(process.execPath, [join(root, 'bin', 'switchyard'), '-c', '-f', file]);
  console.log(`switchyard -c: ${sy.median.toFixed(1)} ms (${sy.min.toFixed(1)} ms), exit ${sy.status}, ${sy.alerts} alert line(s)`);
  const node = time(process.execPath, ['-e', '0']);
  console.log(`  (bare node start-up: ${node.median.toFixed(1)} ms)`);
  const ha = time('haproxy', ['-c', '-f', file]);
  if (ha.error) console.log('haproxy: not installed, no comparison');
  else {
    console.log(`haproxy -c:    ${ha.median.toFixed(1)} ms (${ha.min.toFixed(1)} ms), exit ${ha.status}, ${ha.alerts} alert line(s)`);
    console.log(`ratio switchyard/haproxy: ${(sy.median / ha.median).toFixed(2)}x`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
