/** Unit tests of the pieces under the algorithms: hashes, keys, heap, ids, limits, queues, assign. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assign, BACKEND_QUEUE, NO_SERVER, QUEUE_FULL, SERVER_QUEUE, USE_SERVER, type AssignOut } from '../../src/lb/assign.js';
import { fullHash, hashCrc32, hashDjb2, hashSdbm, hashWt6 } from '../../src/lb/hash-functions.js';
import { rdpCookie } from '../../src/lb/hash-keys.js';
import { Heap, HeapNode } from '../../src/lb/heap.js';
import { createAlgorithm } from '../../src/lb/index.js';
import { dynamicMaxconn, slowstartScale, slowstartRamp } from '../../src/lb/limits.js';
import { nextPending, PendQueue } from '../../src/lb/queue.js';
import { assignServerIds } from '../../src/lb/server-ids.js';
import { sourceWords } from '../../src/lb/source-address.js';
import { FakeServer } from './model.js';

const whole = (f: (s: string, a: number, b: number) => number, s: string): number => f(s, 0, s.length);

describe('hash functions', () => {
  it('match their definitions', () => {
    assert.equal(whole(hashDjb2, ''), 5381);
    assert.equal(whole(hashDjb2, 'a'), 5381 * 33 + 97);
    assert.equal(whole(hashSdbm, 'a'), 97);
    assert.equal(whole(hashSdbm, 'ab'), (97 * 65599 + 98) >>> 0);
    // CRC-32 (IEEE) check value
    assert.equal(whole(hashCrc32, '123456789'), 0xcbf43926);
    assert.equal(typeof whole(hashWt6, 'abc'), 'number');
    assert.ok(whole(hashWt6, 'abc') >= 0 && whole(hashWt6, 'abc') <= 0xffffffff);
    assert.notEqual(fullHash(1), fullHash(2));
    assert.ok(fullHash(123) >= 0);
  });
  it('hash a slice without copying', () => {
    assert.equal(hashSdbm('xxabyy', 2, 4), whole(hashSdbm, 'ab'));
  });
});

describe('source addresses', () => {
  it('IPv4 is one word, IPv6 four words XORed', () => {
    assert.equal(sourceWords('127.0.0.1'), 0x7f000001);
    assert.equal(sourceWords('::1'), 1);
    assert.equal(sourceWords('::ffff:10.0.0.1'), (0xffff ^ 0x0a000001) >>> 0);
    assert.equal(sourceWords('2001:db8::1'), (0x20010db8 ^ 1) >>> 0);
    assert.equal(sourceWords('not an address'), -1);
  });
});

describe('rdp cookie', () => {
  it('reads the cookie of an X.224 connection request', () => {
    const pkt = Buffer.concat([Buffer.from([3, 0, 0, 0x2f, 0x2a, 0xe0, 0, 0, 0, 0, 0]), Buffer.from('Cookie: mstshash=bob\r\n')]);
    assert.equal(rdpCookie(pkt, 'mstshash'), 'bob');
    assert.equal(rdpCookie(pkt, 'other'), undefined);
    assert.equal(rdpCookie(pkt.subarray(0, 20), 'mstshash'), undefined);
  });
  it('balances on it in TCP mode', () => {
    const s = [new FakeServer('a', 1), new FakeServer('b', 1), new FakeServer('c', 1)];
    const lb = createAlgorithm({ algorithm: 'rdp-cookie', params: ['mstshash'] }, s);
    const pkt = (u: string) => Buffer.concat([Buffer.alloc(11, 1), Buffer.from(`Cookie: mstshash=${u}\r\n`)]);
    const first = lb.pick({ payload: () => pkt('alice') })!.name;
    for (let i = 0; i < 5; i++) assert.equal(lb.pick({ payload: () => pkt('alice') })!.name, first);
  });
});

describe('heap', () => {
  it('orders by key, equal keys by insertion', () => {
    const h = new Heap<string>();
    const nodes = ['a', 'b', 'c', 'd'].map((x) => new HeapNode(x));
    h.insert(nodes[0]!, 5);
    h.insert(nodes[1]!, 1);
    h.insert(nodes[2]!, 5);
    h.insert(nodes[3]!, 1);
    h.delete(nodes[3]!);
    h.insert(nodes[3]!, 5);
    const out: string[] = [];
    for (let n = h.pop(); n; n = h.pop()) out.push(n.item);
    assert.deepEqual(out, ['b', 'a', 'c', 'd']);
  });
});

describe('server ids', () => {
  it('keeps explicit ids and fills the gaps in order', () => {
    assert.deepEqual(assignServerIds([undefined, 1, undefined, 5, undefined]), [2, 1, 3, 5, 4]);
  });
});

describe('limits', () => {
  it('minconn/fullconn dynamic maxconn', () => {
    assert.equal(dynamicMaxconn(100, 10, 0, 1000), 10);
    assert.equal(dynamicMaxconn(100, 10, 500, 1000), 50);
    assert.equal(dynamicMaxconn(100, 10, 1000, 1000), 100);
    assert.equal(dynamicMaxconn(100, 100, 0, 1000), 100);
    assert.equal(dynamicMaxconn(100, 100, 0, 1000, 50), 50);
  });
  it('slowstart ramps the weight scale', () => {
    assert.equal(slowstartScale(0, 10), 1);
    assert.equal(slowstartScale(5, 10), 9);
    assert.equal(slowstartScale(10, 10), 16);
    assert.equal(slowstartRamp(5, 10), 50);
  });
});

describe('queues', () => {
  it('the oldest of the server and backend queues goes first', () => {
    const sq = new PendQueue<string>();
    const bq = new PendQueue<string>();
    bq.push('b1');
    const s1 = sq.push('s1');
    bq.push('b2');
    assert.equal(nextPending(sq, bq)!.item, 'b1');
    assert.equal(sq.remove(s1), true);
    assert.equal(nextPending(sq, bq)!.item, 'b2');
    assert.equal(nextPending(sq, bq), undefined);
    assert.equal(sq.length + bq.length, 0);
  });
});

describe('assign', () => {
  it('decides between a server, its queue, the backend queue and 503', () => {
    const out: AssignOut<FakeServer> = { server: undefined };
    const a = new FakeServer('a', 1, false, 1, 1);
    const rr = createAlgorithm('roundrobin', [a]);
    assert.equal(assign(rr, undefined, { queued: 0, beconn: 1 }, out), USE_SERVER);
    a.cur = 1;
    assert.equal(assign(rr, undefined, { queued: 0, beconn: 1 }, out), BACKEND_QUEUE);
    const uri = createAlgorithm('uri', [a]);
    assert.equal(assign(uri, { uri: '/' }, { queued: 0, beconn: 1 }, out), SERVER_QUEUE);
    a.maxqueue = 1;
    a.queued = 1;
    assert.equal(assign(uri, { uri: '/' }, { queued: 0, beconn: 1 }, out), QUEUE_FULL);
    a.up = false;
    rr.serverChanged(a);
    assert.equal(assign(rr, undefined, { queued: 0, beconn: 1 }, out), NO_SERVER);
  });
});
