#!/usr/bin/env node
// Cost of choosing a server: pick() + taken() + released() per algorithm, with 2 and 1,000 servers.
// Build first (npx tsc -p .). Usage: node bench/lb-pick.js [iterations]
import { createAlgorithm } from '../dist/src/lb/index.js';
import { createIpvsScheduler, IPVS_SCHEDULERS } from '../dist/src/lb/ipvs/index.js';

const N = Number(process.argv[2] ?? 300_000);

class Srv {
  constructor(name, weight, id) {
    this.name = name;
    this.weight = weight;
    this.backup = false;
    this.id = id;
    this.cur = 0;
    this.queued = 0;
    this.maxconn = 0;
    this.maxqueue = 0;
  }
  usable() {
    return true;
  }
}

function servers(n) {
  return Array.from({ length: n }, (_, i) => new Srv(`s${i + 1}`, 1 + (i % 7), i + 1));
}

const keys = Array.from({ length: 1024 }, (_, i) => {
  const h = { 'x-key': `user-${i * 7919}` };
  return {
    srcAddr: `10.${(i >> 8) & 255}.${i & 255}.${(i * 13) & 255}`,
    uri: `/static/${i % 97}/item-${i}.png?user=${i * 31}`,
    method: 'GET',
    header: (n) => h[n],
  };
});

const algos = [
  ['roundrobin', { algorithm: 'roundrobin' }],
  ['static-rr', { algorithm: 'static-rr' }],
  ['leastconn', { algorithm: 'leastconn' }],
  ['first', { algorithm: 'first' }],
  ['random', { algorithm: 'random', params: ['2'] }],
  ['source', { algorithm: 'source' }],
  ['source consistent', { algorithm: 'source', hashType: { method: 'consistent', fn: 'sdbm', avalanche: true } }],
  ['uri', { algorithm: 'uri' }],
  ['uri consistent', { algorithm: 'uri', hashType: { method: 'consistent', fn: 'sdbm', avalanche: true } }],
  ['url_param', { algorithm: 'url_param', params: ['user'] }],
  ['hdr', { algorithm: 'hdr', params: ['x-key'] }],
  ['hdr consistent+bf', { algorithm: 'hdr', params: ['x-key'], hashType: { method: 'consistent', fn: 'sdbm', avalanche: true }, hashBalanceFactor: 150 }],
];

function run(lb, n) {
  // Keep a few streams open so leastconn/random see some load.
  const open = [];
  for (let i = 0; i < 8; i++) {
    const s = lb.pick(keys[i]);
    s.cur++;
    lb.taken(s);
    open.push(s);
  }
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < n; i++) {
    const s = lb.pick(keys[i & 1023]);
    s.cur++;
    lb.taken(s);
    s.cur--;
    lb.released(s);
  }
  const ns = Number(process.hrtime.bigint() - t0);
  for (const s of open) {
    s.cur--;
    lb.released(s);
  }
  return ns / n;
}

const rows = [];
for (const [name, spec] of algos) {
  const r = [name];
  for (const n of [2, 1000]) {
    const lb = createAlgorithm(spec, servers(n));
    run(lb, 20_000); // warm-up
    r.push(run(lb, N));
  }
  rows.push(r);
}
for (const name of IPVS_SCHEDULERS) {
  const r = [`ipvs ${name}`];
  for (const n of [2, 1000]) {
    const lb = createIpvsScheduler(name, servers(n));
    run(lb, 5_000);
    r.push(run(lb, Math.min(N, name.match(/lc|sed|nq/) ? 30_000 : N)));
  }
  rows.push(r);
}
console.log('algorithm              ns/pick (2 srv)  ns/pick (1000 srv)  ratio');
for (const [name, a, b] of rows) {
  console.log(`${name.padEnd(22)} ${a.toFixed(0).padStart(15)} ${b.toFixed(0).padStart(19)} ${(b / a).toFixed(2).padStart(6)}`);
}
