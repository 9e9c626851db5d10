#!/usr/bin/env node
// `npm run bench`: runs every benchmark in turn: the configuration check, the HTTP/1 parser, the
// load-balancing pick, then the proxy scenarios side by side with HAProxy (run-http.js: keepalive,
// newconn, tcp, bulk, idle; needs haproxy, nginx and wrk).
//
//   npm run bench                          # everything (about 5 minutes)
//   npm run bench -- --only tcp,bulk      # only these (proxy scenarios or config-check, http-parser, lb-pick)
//
// Every other argument is passed to run-http.js (see its header: --duration, --rounds, --profile ...).
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const MICRO = ['config-check', 'http-parser', 'lb-pick', 'h2'];
const args = process.argv.slice(2);
const i = args.indexOf('--only');
const only = i >= 0 ? (args[i + 1] ?? '').split(',').filter(Boolean) : undefined;
const rest = i >= 0 ? [...args.slice(0, i), ...args.slice(i + 2)] : args;
const proxyScenarios = only?.filter((s) => !MICRO.includes(s));

const runs = [];
for (const m of MICRO) if (!only || only.includes(m)) runs.push([`${m}.js`, []]);
if (!only || proxyScenarios.length) runs.push(['run-http.js', [...(proxyScenarios?.length ? ['--only', proxyScenarios.join(',')] : []), ...rest]]);

let failed = 0;
for (const [b, argv] of runs) {
  console.log(`== ${b} ${argv.join(' ')}`);
  const r = spawnSync(process.execPath, [join(here, b), ...argv], { stdio: 'inherit' });
  if (r.status !== 0) failed++;
}
process.exitCode = failed ? 1 : 0;
