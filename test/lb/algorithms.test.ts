/** Unit tests of the HAProxy algorithms in src/lb (the side-by-side e2e test checks exact sequences). */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createAlgorithm, type LbSpec } from '../../src/lb/index.js';
import type { LbAlgorithm } from '../../src/lb/algorithm.js';
import { FakeServer, fakeServers } from './model.js';

function picks(lb: LbAlgorithm<FakeServer>, n: number, ctx?: (i: number) => Parameters<LbAlgorithm<FakeServer>['pick']>[0]): string[] {
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const s = lb.pick(ctx?.(i));
    out.push(s ? s.name : '-');
    if (s) {
      s.cur++;
      lb.taken(s);
      s.cur--;
      lb.released(s);
    }
  }
  return out;
}

function count(list: readonly string[]): Record<string, number> {
  const c: Record<string, number> = {};
  for (const x of list) c[x] = (c[x] ?? 0) + 1;
  return c;
}

const uriCtx = (i: number) => ({ uri: `/obj/${i * 7919}/file` });

describe('roundrobin', () => {
  it('weights 1:3 give exactly 25%/75% and spread smoothly', () => {
    const lb = createAlgorithm('roundrobin', fakeServers([['a', 1], ['b', 3]]));
    const seq = picks(lb, 400);
    assert.deepEqual(count(seq), { a: 100, b: 300 });
    // never more than 3 b in a row
    assert.ok(!seq.join(',').includes('b,b,b,b'));
  });
  it('weight 0 and unusable servers get nothing; weights change on the fly', () => {
    const s = fakeServers([['a', 1], ['b', 1], ['c', 0]]);
    const lb = createAlgorithm('roundrobin', s);
    assert.deepEqual(count(picks(lb, 100)), { a: 50, b: 50 });
    s[1]!.weight = 3;
    lb.serverChanged(s[1]!);
    const c = count(picks(lb, 400));
    assert.ok(c['b']! >= 290 && c['b']! <= 310, JSON.stringify(c));
    s[0]!.up = false;
    lb.serverChanged(s[0]!);
    assert.deepEqual(count(picks(lb, 10)), { b: 10 });
  });
  it('uses the first backup only, or all with allbackups', () => {
    const mk = () => [new FakeServer('a', 1), new FakeServer('b1', 1, true), new FakeServer('b2', 1, true)];
    const s = mk();
    const lb = createAlgorithm('roundrobin', s);
    assert.deepEqual(count(picks(lb, 4)), { a: 4 });
    s[0]!.up = false;
    lb.serverChanged(s[0]!);
    assert.deepEqual(count(picks(lb, 4)), { b1: 4 });
    const s2 = mk();
    s2[0]!.up = false;
    const all = createAlgorithm({ algorithm: 'roundrobin', allBackups: true }, s2);
    assert.deepEqual(count(picks(all, 4)), { b1: 2, b2: 2 });
  });
  it('skips saturated servers and returns nothing when all are full', () => {
    const s = fakeServers([['a', 1], ['b', 1]]);
    s[0]!.maxconn = 1;
    s[0]!.cur = 1;
    const lb = createAlgorithm('roundrobin', s);
    assert.deepEqual(count(picks(lb, 6)), { b: 6 });
    s[1]!.maxconn = 1;
    s[1]!.cur = 1;
    assert.equal(lb.pick(), undefined);
    assert.equal(lb.hasUsable(), true);
  });
  it('avoids the server a redispatch leaves when another one is usable', () => {
    const s = fakeServers([['a', 1], ['b', 1]]);
    const lb = createAlgorithm('roundrobin', s);
    for (let i = 0; i < 10; i++) assert.equal(lb.pick(undefined, s[0])!.name, 'b');
  });
});

describe('static-rr', () => {
  it('follows weights', () => {
    const lb = createAlgorithm('static-rr', fakeServers([['a', 2], ['b', 4], ['c', 6]]));
    assert.deepEqual(count(picks(lb, 120)), { a: 20, b: 40, c: 60 });
  });
});

describe('leastconn', () => {
  it('follows open connections', () => {
    const s = fakeServers([['a', 1], ['b', 1], ['c', 1]]);
    const lb = createAlgorithm('leastconn', s);
    const open: FakeServer[] = [];
    for (let i = 0; i < 6; i++) {
      const x = lb.pick()!;
      x.cur++;
      lb.taken(x);
      open.push(x);
    }
    assert.deepEqual(s.map((x) => x.cur), [2, 2, 2]);
    // close both of b's: the next two go to b
    for (const x of open.filter((o) => o.name === 'b')) {
      x.cur--;
      lb.released(x);
    }
    assert.equal(lb.pick()!.name, 'b');
  });
  it('weights scale the load', () => {
    const s = fakeServers([['a', 1], ['b', 3]]);
    const lb = createAlgorithm('leastconn', s);
    for (let i = 0; i < 40; i++) {
      const x = lb.pick()!;
      x.cur++;
      lb.taken(x);
    }
    assert.deepEqual(s.map((x) => x.cur), [10, 30]);
  });
});

describe('first', () => {
  it('fills servers in id order up to maxconn', () => {
    const s = [new FakeServer('a', 1, false, 3, 2), new FakeServer('b', 1, false, 1, 2), new FakeServer('c', 1, false, 2, 2)];
    const lb = createAlgorithm('first', s);
    const order: string[] = [];
    for (let i = 0; i < 6; i++) {
      const x = lb.pick()!;
      x.cur++;
      lb.taken(x);
      order.push(x.name);
    }
    assert.deepEqual(order, ['b', 'b', 'c', 'c', 'a', 'a']);
    assert.equal(lb.pick(), undefined);
  });
});

describe('hashing', () => {
  const ten = () => fakeServers(Array.from({ length: 10 }, (_, i): [string, number] => [`s${i}`, 1]));

  it('keeps a key on one server', () => {
    for (const algorithm of ['uri', 'source']) {
      const lb = createAlgorithm(algorithm, ten());
      const a = picks(lb, 50, () => ({ uri: '/same', srcAddr: '10.1.2.3' }));
      assert.equal(new Set(a).size, 1, algorithm);
    }
  });

  it('consistent hashing moves only ~1/N keys when a server is removed', () => {
    const s = ten();
    const spec: LbSpec = { algorithm: 'uri', hashType: { method: 'consistent', fn: 'sdbm', avalanche: true } };
    const lb = createAlgorithm(spec, s);
    const before = picks(lb, 5000, uriCtx);
    s[4]!.up = false;
    lb.serverChanged(s[4]!);
    const after = picks(lb, 5000, uriCtx);
    let moved = 0;
    for (let i = 0; i < before.length; i++) {
      if (before[i] !== after[i]) {
        moved++;
        assert.equal(before[i], 's4', 'only the removed server\'s keys move');
      }
    }
    assert.ok(moved > 300 && moved < 800, `moved ${moved} of 5000`);
  });

  it('map-based hashing reshuffles most keys when a server is removed', () => {
    const s = ten();
    const lb = createAlgorithm('uri', s);
    const before = picks(lb, 2000, uriCtx);
    s[4]!.up = false;
    lb.serverChanged(s[4]!);
    const after = picks(lb, 2000, uriCtx);
    const moved = before.filter((x, i) => x !== after[i]).length;
    assert.ok(moved > 1000, `moved ${moved}`);
  });

  it('falls back to round-robin when the key is missing', () => {
    const lb = createAlgorithm({ algorithm: 'url_param', params: ['user'] }, fakeServers([['a', 1], ['b', 1]]));
    assert.deepEqual(picks(lb, 4, () => ({ uri: '/x?other=1' })), ['a', 'b', 'a', 'b']);
    const h = createAlgorithm({ algorithm: 'hdr', params: ['x-key'] }, fakeServers([['a', 1], ['b', 1]]));
    assert.deepEqual(picks(h, 4, () => ({ header: () => undefined })), ['a', 'b', 'a', 'b']);
  });

  it('hash-balance-factor bounds the load of a hot key', () => {
    const s = ten();
    const lb = createAlgorithm({ algorithm: 'uri', hashType: { method: 'consistent', fn: 'sdbm', avalanche: true }, hashBalanceFactor: 125 }, s);
    for (let i = 0; i < 100; i++) {
      const x = lb.pick({ uri: '/hot' })!;
      x.cur++;
      lb.taken(x);
    }
    const max = Math.max(...s.map((x) => x.cur));
    assert.ok(max <= Math.ceil((100 * 1.25) / 10) + 1, `max load ${max}`);
  });
});

describe('random', () => {
  it('respects weights', () => {
    const lb = createAlgorithm({ algorithm: 'random', params: ['1'], options: { draws: 1 } }, fakeServers([['a', 1], ['b', 3]]));
    const c = count(picks(lb, 8000));
    assert.ok(c['b']! / 8000 > 0.65 && c['b']! / 8000 < 0.85, JSON.stringify(c));
  });
  it('power of two choices evens the load', () => {
    const s = fakeServers(Array.from({ length: 8 }, (_, i): [string, number] => [`s${i}`, 1]));
    const lb = createAlgorithm({ algorithm: 'random', options: { draws: 2 } }, s);
    for (let i = 0; i < 800; i++) {
      const x = lb.pick()!;
      x.cur++;
      lb.taken(x);
    }
    const loads = s.map((x) => x.cur);
    assert.ok(Math.max(...loads) - Math.min(...loads) <= 12, loads.join(','));
  });
});
