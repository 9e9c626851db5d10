/** Server responses compared with real HAProxy 2.6's verdicts (502 = refused), see response-shapes-recorded.ts. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RESPONSE_SHAPES } from './response-shapes.js';
import { HAPROXY_RESPONSES } from './response-shapes-recorded.js';
import { parseResponseHead } from '../../src/http/h1-response.js';
import { ChunkedParser } from '../../src/http/chunked.js';

const DEVIATIONS: Record<string, string> = {
  'status 4 digits': 'HAProxy forwards any digit string as status; Switchyard requires 3 digits 100-999 (502)',
  'status 2 digits': 'HAProxy forwards "20" as an interim-like status and drops Content-Length; Switchyard refuses (502)',
  'status 099': 'same as above for a status below 100',
};

function switchyard(raw: string): number {
  const buf = Buffer.from(raw, 'latin1');
  let off = 0;
  for (let i = 0; i < 4; i++) {
    const r = parseResponseHead(buf.subarray(off), 'GET');
    if (r.kind !== 'head') return r.kind === 'error' ? 502 : 0;
    if (r.head.framing.kind === 'chunked' && new ChunkedParser(15360, 502).push(buf, off + r.head.headLength) < 0) return 502;
    if (!r.head.interim) return r.head.status;
    off += r.head.headLength;
  }
  return 0;
}

for (const shape of RESPONSE_SHAPES) {
  test(`response shape: ${shape.name}`, () => {
    const rec = HAPROXY_RESPONSES.find((r) => r.name === shape.name);
    assert.ok(rec);
    const got = switchyard(shape.raw);
    if (DEVIATIONS[shape.name] !== undefined) assert.equal(got, 502, DEVIATIONS[shape.name]);
    else assert.equal(got, rec.status, `HAProxy gave ${rec.status}`);
  });
}
