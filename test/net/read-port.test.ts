/**
 * ReadPort: reads into a reused buffer, and a chunk whose write stays queued (forward()) or that the
 * sink keeps is never overwritten by the next read. Real sockets on loopback.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { connect, createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { forward, ReadPort, readPort } from '../../src/net/read-port.js';

const sha = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

function listen(onConn: (s: Socket) => void): Promise<Server> {
  return new Promise((resolve) => {
    const srv = createServer(onConn);
    srv.listen(0, '127.0.0.1', () => resolve(srv));
  });
}

const portOf = (s: Server): number => (s.address() as AddressInfo).port;

test('forward: small chunks read while the destination is congested arrive intact', async () => {
  const data = randomBytes(6 * 1024 * 1024);
  // The source trickles pieces below the destination's high-water mark, each read separately, so
  // a write that stays queued (the destination's reader sleeps) returns true and reading goes on.
  const source = await listen((s) => {
    void (async () => {
      for (let off = 0; off < data.length; off += 8000) {
        if (!s.write(data.subarray(off, off + 8000))) await new Promise((r) => s.once('drain', r));
        else await new Promise((r) => setImmediate(r));
      }
      s.end();
    })();
  });
  const got: Buffer[] = [];
  let sinkDone!: () => void;
  const received = new Promise<void>((r) => (sinkDone = r));
  const sink = await listen((s) => {
    s.pause();
    setTimeout(() => s.resume(), 1000);
    s.on('data', (d: Buffer) => got.push(d));
    s.on('end', () => sinkDone());
  });
  const dst = connect(portOf(sink), '127.0.0.1');
  await new Promise((r) => dst.once('connect', r));
  const port = new ReadPort();
  const src = connect({ port: portOf(source), host: '127.0.0.1', onread: port.onread });
  port.bindTo(src);
  assert.equal(readPort(src), port);
  let queuedAndReading = 0;
  port.sink = (chunk) => {
    const ok = forward(dst, chunk, port);
    if (ok && dst.writableLength > 0) queuedAndReading++;
    if (!ok) src.pause();
  };
  dst.on('drain', () => src.resume());
  src.on('end', () => dst.end());
  await received;
  src.destroy();
  dst.destroy();
  source.close();
  sink.close();
  const all = Buffer.concat(got);
  assert.equal(all.length, data.length);
  assert.equal(sha(all), sha(data));
  // The case the test is about happened (else it proves nothing).
  assert.ok(queuedAndReading > 0, 'no write stayed queued while reading went on');
});

test('keep(): a kept chunk is not overwritten; unkept reads reuse one buffer', async () => {
  const server = await listen((s) => {
    void (async () => {
      for (let i = 0; i < 20; i++) {
        s.write(Buffer.alloc(100, 65 + i));
        await new Promise((r) => setTimeout(r, 5));
      }
      s.end();
    })();
  });
  const port = new ReadPort();
  const s = connect({ port: portOf(server), host: '127.0.0.1', onread: port.onread });
  port.bindTo(s);
  const kept: Array<[Buffer, Buffer]> = [];
  const backings = new Set<ArrayBuffer>();
  let n = 0;
  port.sink = (chunk) => {
    backings.add(chunk.buffer as ArrayBuffer);
    if (n++ % 2 === 0) {
      kept.push([chunk, Buffer.from(chunk)]);
      port.keep();
    }
  };
  await new Promise((r) => s.once('end', r));
  s.destroy();
  server.close();
  // Every kept chunk still holds the bytes it was read with.
  for (const [k, copy] of kept) assert.ok(k.equals(copy), 'a kept chunk was overwritten');
  // Fewer buffers than reads: the unkept ones were reused.
  assert.ok(backings.size <= kept.length + 1, `${backings.size} buffers for ${n} reads`);
});
