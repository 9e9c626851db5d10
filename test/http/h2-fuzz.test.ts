/**
 * In-process fuzzing of the HTTP/2 connection and HPACK decoder: random and mutated frames and
 * header blocks must never throw; every malformed input ends in RST_STREAM or GOAWAY.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_H2_SETTINGS, H2Conn, type H2Owner } from '../../src/http/h2/conn.js';
import { PREFACE, frame, settingsFrame } from '../../src/http/h2/frame.js';
import { HpackDecoder, HpackEncoder } from '../../src/http/h2/hpack.js';
import { mutatedFrames, rng } from './h2-fuzz-gen.js';

function owner(): H2Owner {
  return {
    onHeaders: () => undefined,
    onData: () => undefined,
    onReset: () => undefined,
    onWritable: () => undefined,
    onGoaway: () => undefined,
    onClose: () => undefined,
  };
}

test('HPACK decoder: 20000 random and mutated blocks never throw, tables stay within bounds', () => {
  const r = rng(1234);
  const enc = new HpackEncoder();
  for (let i = 0; i < 20000; i++) {
    const d = new HpackDecoder(4096);
    let b: Buffer;
    if (i % 2 === 0) {
      b = Buffer.alloc(r.int(64));
      for (let k = 0; k < b.length; k++) b[k] = r.int(256);
    } else {
      b = Buffer.from(enc.encode([{ name: 'x-' + r.int(50), value: 'v'.repeat(r.int(100)) }, { name: ':path', value: '/a' }]));
      for (let k = 0; k < 1 + r.int(4); k++) b[r.int(b.length)] = r.int(256);
    }
    const res = d.decode(b, 0, b.length, 16384);
    assert.ok(typeof res.ok === 'boolean');
    assert.ok(d.tableSize <= 4096);
  }
});

test('H2Conn: 3000 connections of random and mutated frames never throw and always end or stay consistent', () => {
  const r = rng(99);
  let goaways = 0;
  for (let i = 0; i < 3000; i++) {
    const out: Buffer[] = [];
    let closed = false;
    const o = owner();
    o.onClose = () => void (closed = true);
    const c = new H2Conn(true, DEFAULT_H2_SETTINGS, o, (b) => (out.push(b), true));
    c.start();
    const input = Buffer.concat([PREFACE, settingsFrame([]), ...mutatedFrames(r, 1 + r.int(8))]);
    // Fed in random pieces, as TCP would.
    let p = 0;
    while (p < input.length) {
      const n = 1 + r.int(64);
      c.feed(input.subarray(p, p + n));
      p += n;
    }
    if (closed) goaways++;
    assert.ok(c.streams.size <= DEFAULT_H2_SETTINGS.maxConcurrentStreams);
  }
  assert.ok(goaways > 100, `connection errors seen: ${goaways}`);
});

test('a flood of CONTINUATION frames is bounded (ENHANCE_YOUR_CALM)', () => {
  let closedCode = -1;
  const o = owner();
  o.onClose = (code) => void (closedCode = code);
  const c = new H2Conn(true, DEFAULT_H2_SETTINGS, o, () => true);
  c.feed(Buffer.concat([PREFACE, settingsFrame([]), frame(1, 0, 1, Buffer.from([0x82]))]));
  const cont = frame(9, 0, 1, Buffer.alloc(16000, 0x40));
  for (let i = 0; i < 100 && closedCode < 0; i++) c.feed(cont);
  assert.equal(closedCode, 0xb);
});
