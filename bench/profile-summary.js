#!/usr/bin/env node
// Summarises a V8 .cpuprofile (from `node --cpu-prof`): where the self time goes, by function and
// by file, as a share of the non-idle time. Used by run-http.js --profile; also usable alone:
//
//   node bench/profile-summary.js FILE.cpuprofile [top=25]
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Returns { totalMs, idleMs, functions: [{ name, where, ms, pct }], files: [{ file, ms, pct }] }. */
export function summarise(file, top = 25) {
  const prof = JSON.parse(readFileSync(file, 'utf8'));
  const byId = new Map(prof.nodes.map((n) => [n.id, n]));
  const self = new Map(); // node id -> microseconds
  for (let i = 0; i < prof.samples.length; i++) {
    const id = prof.samples[i];
    self.set(id, (self.get(id) ?? 0) + (prof.timeDeltas[i] ?? 0));
  }
  const short = (url) => {
    if (!url) return '';
    const u = url.replace(/^file:\/\//, '');
    const i = u.indexOf('/dist/');
    if (i >= 0) return u.slice(i + 1);
    const n = u.indexOf('/node_modules/');
    return n >= 0 ? u.slice(n + 1) : u;
  };
  const fn = new Map();
  const files = new Map();
  let total = 0;
  let idle = 0;
  for (const [id, us] of self) {
    const cf = byId.get(id).callFrame;
    const name = cf.functionName || '(anonymous)';
    if (name === '(idle)') {
      idle += us;
      continue;
    }
    total += us;
    const where = cf.url ? `${short(cf.url)}:${cf.lineNumber + 1}` : '';
    const key = `${name} ${where}`;
    const f = fn.get(key) ?? { name, where, us: 0 };
    f.us += us;
    fn.set(key, f);
    const fileKey = cf.url ? short(cf.url) : name.startsWith('(') ? name : '(native/builtin)';
    files.set(fileKey, (files.get(fileKey) ?? 0) + us);
  }
  const pct = (us) => (100 * us) / (total || 1);
  return {
    totalMs: total / 1000,
    idleMs: idle / 1000,
    functions: [...fn.values()]
      .sort((a, b) => b.us - a.us)
      .slice(0, top)
      .map((f) => ({ name: f.name, where: f.where, ms: f.us / 1000, pct: pct(f.us) })),
    files: [...files.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([file, us]) => ({ file, ms: us / 1000, pct: pct(us) })),
  };
}

export function print(s, log = console.log) {
  log(`  busy ${s.totalMs.toFixed(0)} ms, idle ${s.idleMs.toFixed(0)} ms; self time, share of busy:`);
  log('  by file:');
  for (const f of s.files) log(`    ${f.pct.toFixed(1).padStart(5)}%  ${f.file}`);
  log('  by function:');
  for (const f of s.functions) log(`    ${f.pct.toFixed(1).padStart(5)}%  ${f.name}  ${f.where}`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [file, top] = process.argv.slice(2);
  if (!file) {
    console.error('usage: node bench/profile-summary.js FILE.cpuprofile [top]');
    process.exit(2);
  }
  print(summarise(file, Number(top ?? 25)));
}
