/** The server's idle-connection pool: bounded per process and purged like HAProxy's. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Server, setIdleLimit } from '../../src/runtime/server.js';
import type { ServerConn } from '../../src/runtime/server-conn.js';
import type { ServerModel } from '../../src/config/model/server.js';

function server(settings: ServerModel['settings'] = { other: {} }): Server {
  const m: ServerModel = {
    place: { file: 't.cfg', line: 1 },
    name: 's1',
    address: { family: 'ipv4', host: '127.0.0.1', port: 9, portEnd: 9, text: '127.0.0.1:9' },
    settings,
  };
  return new Server(m, 'be');
}

/** A stand-in connection: destroy() takes it out of the pool, as ServerConn does. */
function conn(srv: Server, closed: string[], name: string): ServerConn {
  const c = { destroy: () => void (closed.push(name), srv.removeIdle(c as unknown as ServerConn)) };
  return c as unknown as ServerConn;
}

test('idle connections beyond the recent peak are closed at the purge, oldest first', () => {
  setIdleLimit(4096);
  const srv = server({ other: {}, poolPurgeDelay: 1000 });
  const closed: string[] = [];
  // Two streams used the server at once, then five connections went idle.
  srv.cur = 2;
  srv.noteUse();
  srv.cur = 0;
  // Connections of keep-alive clients are kept whatever the need (not bounded).
  for (let i = 0; i < 5; i++) assert.equal(srv.putIdle(conn(srv, closed, `c${i}`), false), true);
  srv.purgeIdle(Date.now()); // too early: nothing happens before pool-purge-delay
  assert.equal(srv.idle.length, 5);
  srv.purgeIdle(Date.now() + 1500);
  assert.deepEqual(closed, ['c0', 'c1', 'c2']);
  assert.equal(srv.idle.length, 2);
  // The peak starts over: with no use since, the next purge empties the pool.
  srv.purgeIdle(Date.now() + 3000);
  assert.equal(srv.idle.length, 0);
});

test('the process keeps at most 25% of its socket budget as idle connections', () => {
  setIdleLimit(4); // 2 sockets per connection x 4 x 25% = 2 idle connections
  const a = server();
  const b = server();
  const closed: string[] = [];
  assert.equal(a.putIdle(conn(a, closed, 'a1'), false), true);
  assert.equal(b.putIdle(conn(b, closed, 'b1'), false), true);
  assert.equal(a.putIdle(conn(a, closed, 'a2'), false), false, 'over the budget: the caller closes it');
  a.takeIdle();
  assert.equal(b.putIdle(conn(b, closed, 'b2'), false), true, 'a taken connection frees budget');
  a.closeIdle();
  b.closeIdle();
  setIdleLimit(4096);
});

test('when the client session is over, a connection is kept only within the estimated need', () => {
  setIdleLimit(4096);
  const srv = server();
  const closed: string[] = [];
  // Three streams used the server at once; all three end.
  srv.cur = 3;
  srv.noteUse();
  srv.cur = 0;
  assert.equal(srv.putIdle(conn(srv, closed, 'x1')), true);
  assert.equal(srv.putIdle(conn(srv, closed, 'x2')), true);
  assert.equal(srv.putIdle(conn(srv, closed, 'x3')), true);
  assert.equal(srv.putIdle(conn(srv, closed, 'x4')), false, 'more idle than ever used at once');
  // Two streams now run: only one more idle connection fits the need of three.
  srv.closeIdle();
  srv.cur = 2;
  assert.equal(srv.putIdle(conn(srv, closed, 'y1')), true);
  assert.equal(srv.putIdle(conn(srv, closed, 'y2')), false);
  srv.cur = 0;
  srv.closeIdle();
});
