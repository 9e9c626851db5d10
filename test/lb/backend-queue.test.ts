/** The runtime Backend's use of src/lb: queues, maxqueue, minconn/fullconn, slow-start, redispatch rules. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BACKEND_QUEUE, NO_SERVER, QUEUE_FULL, SERVER_QUEUE, USE_SERVER } from '../../src/lb/assign.js';
import { shouldRedispatch } from '../../src/lb/redispatch.js';
import { Backend } from '../../src/runtime/backend.js';
import type { QueueWaiter, Server } from '../../src/runtime/server.js';
import { proxyOf } from './model.js';

function backend(lines: string): Backend {
  const cfg = `defaults\n    mode http\n    timeout connect 1s\n    timeout client 1s\n    timeout server 1s\nbackend lb\n${lines}\n`;
  return new Backend(proxyOf(cfg));
}

class Waiter implements QueueWaiter {
  got: Server | undefined;
  requeued = 0;
  onSlot(srv: Server): void {
    this.got = srv;
  }
  requeue(): void {
    this.requeued++;
  }
}

describe('runtime backend and src/lb', () => {
  it('queues in the backend when every server is full, serves the oldest when a slot frees', () => {
    const be = backend('    server a 127.0.0.1:1 maxconn 1\n    server b 127.0.0.1:2 maxconn 1');
    const w = [new Waiter(), new Waiter(), new Waiter(), new Waiter()];
    be.cur = 4;
    assert.equal(be.assign(undefined, w[0]!), USE_SERVER);
    assert.equal(be.assign(undefined, w[1]!), USE_SERVER);
    assert.equal(be.assign(undefined, w[2]!), BACKEND_QUEUE);
    assert.equal(be.assign(undefined, w[3]!), BACKEND_QUEUE);
    const [a] = be.servers;
    be.release(a!);
    assert.equal(w[2]!.got, a, 'the oldest waiting stream gets the freed slot');
    assert.equal(w[3]!.got, undefined);
    assert.equal(a!.cur, 1);
  });

  it('hashing waits on the chosen server; maxqueue refuses beyond it', () => {
    const be = backend('    balance uri\n    server a 127.0.0.1:1 maxconn 1 maxqueue 1');
    be.cur = 3;
    const ctx = { uri: '/x' };
    assert.equal(be.assign(ctx, new Waiter()), USE_SERVER);
    const queued = new Waiter();
    assert.equal(be.assign(ctx, queued), SERVER_QUEUE);
    const pending = be.pending!;
    assert.equal(be.servers[0]!.queued, 1);
    assert.equal(be.assign(ctx, new Waiter()), QUEUE_FULL);
    be.leaveQueue(pending);
    assert.equal(be.servers[0]!.queued, 0);
  });

  it('no usable server is a 503 at once', () => {
    const be = backend('    server a 127.0.0.1:1 disabled');
    assert.equal(be.assign(undefined, new Waiter()), NO_SERVER);
  });

  it('minconn and fullconn make maxconn follow the backend load', () => {
    const be = backend('    fullconn 100\n    server a 127.0.0.1:1 minconn 10 maxconn 50');
    const a = be.servers[0]!;
    be.cur = 0;
    assert.equal(a.maxconnNow(), 10);
    be.cur = 60;
    assert.equal(a.maxconnNow(), 30);
    be.cur = 100;
    assert.equal(a.maxconnNow(), 50);
  });

  it('a server coming back slow-starts: low weight at first', () => {
    const be = backend('    server a 127.0.0.1:1\n    server b 127.0.0.1:2 slowstart 20s');
    const [, b] = be.servers;
    be.setServerState(b!, 'DOWN');
    be.setServerState(b!, 'UP');
    assert.equal(b!.weightScale, 1);
    const names: string[] = [];
    for (let i = 0; i < 170; i++) names.push(be.lb.pick()!.name);
    const nb = names.filter((n) => n === 'b').length;
    assert.ok(nb >= 5 && nb <= 15, `b got ${nb} of 170 (weight 1/16 of a's)`);
    be.closeIdle();
  });

  it('redispatch happens on the last retry, every Nth, or at once for round-robin farms', () => {
    const base = { redispatch: true, after: -1, retries: 3, serverRunning: true, activeServers: 1, kind: 'hi' as const };
    assert.deepEqual([1, 2, 3].map((f) => shouldRedispatch({ ...base, failures: f })), [false, false, true]);
    assert.deepEqual([1, 2, 3, 4].map((f) => shouldRedispatch({ ...base, after: 2, failures: f })), [false, true, false, true]);
    assert.equal(shouldRedispatch({ ...base, kind: 'rr', activeServers: 2, failures: 1 }), true);
    assert.equal(shouldRedispatch({ ...base, redispatch: false, failures: 3 }), false);
    assert.equal(shouldRedispatch({ ...base, serverRunning: false, failures: 1 }), true);
  });
});
