import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ChunkedParser, LengthCounter } from '../../src/http/chunked.js';

const MSG = '3;x=1\r\nabc\r\n10\r\n0123456789abcdef\r\n0\r\nX-T: 1\r\n\r\n';

test('whole chunked body in one buffer, next message left over', () => {
  const c = new ChunkedParser();
  const buf = Buffer.from(MSG + 'GET / HTTP/1.1\r\n', 'latin1');
  assert.equal(c.push(buf), MSG.length);
  assert.ok(c.done);
  assert.equal(c.bodyBytes, 19);
});

test('every split point gives the same result', () => {
  const all = Buffer.from(MSG + 'NEXT', 'latin1');
  for (let cut = 0; cut <= all.length; cut++) {
    const c = new ChunkedParser();
    const a = c.push(all.subarray(0, cut));
    assert.ok(a >= 0);
    const b = c.done ? 0 : c.push(all, cut);
    assert.equal(a + b, MSG.length, `cut ${cut}`);
    assert.ok(c.done);
  }
});

test('byte-by-byte feeding', () => {
  const all = Buffer.from(MSG, 'latin1');
  const c = new ChunkedParser();
  let n = 0;
  for (let i = 0; i < all.length; i++) n += c.push(all.subarray(i, i + 1));
  assert.equal(n, all.length);
  assert.ok(c.done);
});

for (const [name, body] of [
  ['non-hex size', 'zz\r\nab\r\n0\r\n\r\n'],
  ['empty size', '\r\nab\r\n0\r\n\r\n'],
  ['0x prefix', '0x3\r\nabc\r\n0\r\n\r\n'],
  ['negative', '-3\r\nabc\r\n0\r\n\r\n'],
  ['size >= 2^52', '10000000000000\r\n'],
  ['missing CRLF after data', '3\r\nabcX\r\n0\r\n\r\n'],
  ['CR without LF after size', '3\rabc\r\n'],
  ['bad trailer name', '0\r\nX T: 1\r\n\r\n'],
  ['garbage after size', '3 x\r\nabc\r\n'],
] as const) {
  test(`refused: ${name}`, () => {
    const c = new ChunkedParser();
    assert.equal(c.push(Buffer.from(body, 'latin1')), -1);
    assert.equal(c.error?.status, 400);
  });
}

test('accepted: bare LF, spaces after size, 13 hex digits', () => {
  for (const body of ['3\nabc\n0\n\n', '3  \r\nabc\r\n0\r\n\r\n', '0000000000003\r\nabc\r\n0\r\n\r\n']) {
    const c = new ChunkedParser();
    assert.equal(c.push(Buffer.from(body, 'latin1')), body.length, JSON.stringify(body));
    assert.ok(c.done);
  }
});

test('LengthCounter', () => {
  const l = new LengthCounter(5);
  assert.equal(l.push(Buffer.from('abc')), 3);
  assert.equal(l.push(Buffer.from('xxdefg'), 2), 2);
  assert.ok(l.done);
  assert.equal(l.push(Buffer.from('more')), 0);
});
