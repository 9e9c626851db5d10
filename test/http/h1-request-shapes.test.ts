/**
 * Every request shape was sent to real HAProxy 2.6 (test/http/capture/capture-haproxy.mjs); its verdict is
 * recorded in request-shapes-recorded.ts. Switchyard's parser must give the same verdict: the same refusal
 * status with nothing forwarded, or acceptance with the head forwarded byte for byte as HAProxy forwarded it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { REQUEST_SHAPES } from './request-shapes.js';
import { HAPROXY_VERDICTS } from './request-shapes-recorded.js';
import { parseRequestHead } from '../../src/http/h1-request.js';
import { ChunkedParser } from '../../src/http/chunked.js';
import { serializeRequestHead } from '../../src/http/h1-serialize.js';

/** Shapes where Switchyard deliberately differs, with the reason. */
const DEVIATIONS: Record<string, string> = {
  'Content-Length huge (2^64)':
    'HAProxy 2.6 wraps 2^64 to 0 in its 64-bit parser and forwards the header; Switchyard refuses lengths beyond 2^53 (400)',
};

interface Verdict {
  status: number;
  forwarded: boolean;
  head?: string;
}

function switchyard(raw: string): Verdict {
  const buf = Buffer.from(raw, 'latin1');
  const r = parseRequestHead(buf);
  if (r.kind === 'incomplete') return { status: 408, forwarded: false }; // waits for the rest: timeout http-request
  if (r.kind === 'error') return { status: r.error.status, forwarded: false };
  const h = r.head;
  if (h.framing.kind === 'chunked') {
    const c = new ChunkedParser();
    if (c.push(buf, h.headLength) < 0) return { status: 400, forwarded: false };
  }
  const out = serializeRequestHead(h, { close: h.version === 10 && h.connClose === true });
  return { status: 200, forwarded: true, head: out.toString('latin1') };
}

test('recorded table covers every shape', () => {
  assert.deepEqual(HAPROXY_VERDICTS.map((v) => v.name), REQUEST_SHAPES.map((s) => s.name));
});

for (const shape of REQUEST_SHAPES) {
  const rec = HAPROXY_VERDICTS.find((v) => v.name === shape.name);
  test(`shape: ${shape.name}`, () => {
    assert.ok(rec, 'recorded');
    const got = switchyard(shape.raw);
    if (DEVIATIONS[shape.name] !== undefined) {
      assert.equal(got.status, 400, DEVIATIONS[shape.name]);
      return;
    }
    assert.equal(got.status, rec.status, `status (HAProxy ${rec.status})`);
    assert.equal(got.forwarded, rec.forwarded, 'forwarded');
    if (rec.sent !== undefined && got.head !== undefined) {
      const end = rec.sent.indexOf('\r\n\r\n');
      const expected = end >= 0 ? rec.sent.slice(0, end + 4) : rec.sent;
      assert.equal(got.head.slice(0, expected.length), expected, 'head as forwarded by HAProxy');
    }
  });
}
