/** The keepalived (IPVS) schedulers. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createIpvsScheduler, IPVS_SCHEDULERS } from '../../src/lb/ipvs/index.js';
import { FakeServer } from './model.js';

const farm = (...w: number[]) => w.map((x, i) => new FakeServer(`r${i + 1}`, x));

function take(lb: ReturnType<typeof createIpvsScheduler<FakeServer>>, ctx?: { srcAddr?: string; dstAddr?: string }): FakeServer {
  const s = lb.pick(ctx)!;
  s.cur++;
  lb.taken(s);
  return s;
}

describe('ipvs schedulers', () => {
  it('rr cycles over servers with a positive weight', () => {
    const lb = createIpvsScheduler('rr', farm(1, 0, 5));
    assert.deepEqual([1, 2, 3, 4].map(() => lb.pick()!.name), ['r1', 'r3', 'r1', 'r3']);
  });
  it('wrr interleaves by weight', () => {
    const lb = createIpvsScheduler('wrr', farm(1, 3));
    const seq = Array.from({ length: 8 }, () => lb.pick()!.name);
    assert.equal(seq.filter((x) => x === 'r2').length, 6);
  });
  it('lc / wlc / sed / nq follow the load', () => {
    const s = farm(1, 1, 1);
    const lc = createIpvsScheduler('lc', s);
    for (let i = 0; i < 6; i++) take(lc);
    assert.deepEqual(s.map((x) => x.cur), [2, 2, 2]);
    const w = farm(1, 3);
    const wlc = createIpvsScheduler('wlc', w);
    for (let i = 0; i < 8; i++) take(wlc);
    assert.deepEqual(w.map((x) => x.cur), [2, 6]);
    const d = farm(1, 3);
    const sed = createIpvsScheduler('sed', d);
    take(sed);
    assert.equal(d[1]!.cur, 1, 'sed prefers the heavier idle server');
    const q = farm(1, 3);
    const nq = createIpvsScheduler('nq', q);
    take(nq);
    take(nq);
    assert.deepEqual(q.map((x) => x.cur), [1, 1], 'nq uses every idle server first');
  });
  it('sh and dh keep an address on one server', () => {
    for (const name of ['sh', 'dh'] as const) {
      const lb = createIpvsScheduler(name, farm(1, 1, 1, 1));
      const seen = new Set<string>();
      for (let i = 0; i < 20; i++) seen.add(lb.pick({ srcAddr: '10.0.0.7', dstAddr: '10.9.9.9' })!.name);
      assert.equal(seen.size, 1, name);
      const spread = new Set<string>();
      for (let i = 0; i < 200; i++) spread.add(lb.pick({ srcAddr: `10.0.${i}.7`, dstAddr: `10.9.${i}.9` })!.name);
      assert.ok(spread.size >= 3, name);
    }
  });
  it('lblc keeps a destination on its server until overloaded; lblcr adds a replica', () => {
    const s = farm(2, 2);
    const lb = createIpvsScheduler('lblc', s);
    const first = take(lb, { dstAddr: '10.0.0.1' });
    assert.equal(take(lb, { dstAddr: '10.0.0.1' }), first);
    const r = farm(1, 1);
    const lr = createIpvsScheduler('lblcr', r);
    const a = take(lr, { dstAddr: '10.0.0.2' });
    take(lr, { dstAddr: '10.0.0.2' });
    const c = take(lr, { dstAddr: '10.0.0.2' });
    assert.notEqual(c, a, 'an overloaded member makes another server join the set');
  });
  it('every scheduler returns nothing without usable servers', () => {
    for (const name of IPVS_SCHEDULERS) {
      const s = farm(1);
      s[0]!.up = false;
      const lb = createIpvsScheduler(name, s);
      lb.update();
      assert.equal(lb.pick({ srcAddr: '10.0.0.1' }), undefined, name);
      assert.equal(lb.hasUsable(), false, name);
    }
  });
});
