#!/usr/bin/env node
// `npm run bench`: runs every benchmark in turn: the configuration check, the HTTP/1 parser, and
// HTTP keep-alive proxying side by side with HAProxy (run-http.js; needs haproxy, best with nginx and wrk).
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const benches = ['config-check.js', 'http-parser.js', 'lb-pick.js', 'run-http.js'];
let failed = 0;
for (const b of benches) {
  console.log(`== ${b}`);
  const r = spawnSync(process.execPath, [join(here, b), ...process.argv.slice(2)], { stdio: 'inherit' });
  if (r.status !== 0) failed++;
}
process.exitCode = failed ? 1 : 0;
