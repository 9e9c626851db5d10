/**
 * Property/fuzz test (seeded, bounded): random and mutated requests/responses never make the parsers throw
 * or hang, and what is accepted satisfies invariants HAProxy 2.6 enforces.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseRequestHead } from '../../src/http/h1-request.js';
import { parseResponseHead } from '../../src/http/h1-response.js';
import { ChunkedParser } from '../../src/http/chunked.js';
import { serializeRequestHead } from '../../src/http/h1-serialize.js';
import { TOKEN } from '../../src/http/chars.js';

function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const rnd = prng(0x5eed);
const pick = <T>(a: readonly T[]): T => a[Math.floor(rnd() * a.length)] as T;

const METHODS = ['GET', 'POST', 'HEAD', 'CONNECT', 'OPTIONS', 'get', 'G(T', ''];
const TARGETS = ['/', '/a?b=c', '*', 'http://a/x', 'http://a:80/', 'https://b:443/', 'a:443', '/#x', '/\x80'];
const VERSIONS = ['HTTP/1.1', 'HTTP/1.0', 'HTTP/2.0', 'http/1.1', 'HTTP/1.10', ''];
const HEADERS = [
  'Host: a', 'Host: b', 'Content-Length: 3', 'Content-Length: 4', 'Content-Length: 3, 3', 'Content-Length: -1',
  'Transfer-Encoding: chunked', 'Transfer-Encoding: gzip, chunked', 'Transfer-Encoding: chunked, gzip',
  'Connection: close', 'Connection: keep-alive, foo', 'Connection: upgrade', 'Upgrade: websocket',
  'Sec-WebSocket-Key: x', 'Expect: 100-continue', 'X-A : b', 'X-A: b\rc', 'X-A:\r\n c', ': x', 'X\x00: y', 'X: \x00',
];
const SPECIAL = [0, 9, 10, 13, 32, 44, 58, 59, 0x7f, 0x80, 0xff, 48, 65];

function genRequest(): string {
  let s = `${pick(METHODS)} ${pick(TARGETS)} ${pick(VERSIONS)}\r\n`;
  const n = Math.floor(rnd() * 6);
  for (let i = 0; i < n; i++) s += pick(HEADERS) + pick(['\r\n', '\r\n', '\n']);
  s += '\r\n';
  if (rnd() < 0.3) s += pick(['3\r\nabc\r\n0\r\n\r\n', 'abc', 'zz\r\n', '0\r\nX: 1\r\n\r\n']);
  return s;
}

function mutate(b: Buffer): Buffer {
  const a = [...b];
  const k = 1 + Math.floor(rnd() * 3);
  for (let i = 0; i < k; i++) {
    const p = Math.floor(rnd() * (a.length + 1));
    const r = rnd();
    if (r < 0.4) a.splice(p, 0, pick(SPECIAL));
    else if (r < 0.7) a.splice(p, 1);
    else if (p < a.length) a[p] = Math.floor(rnd() * 256);
  }
  return Buffer.from(a);
}

/** The lines of the head region (before the first empty line), split on LF. */
function headLines(buf: Buffer, headLength: number): string[] {
  return buf.subarray(0, headLength).toString('latin1').split('\n');
}

test('request parser: fuzz invariants (5000 cases)', () => {
  const t0 = Date.now();
  let accepted = 0;
  for (let i = 0; i < 5000; i++) {
    let buf: Buffer = Buffer.from(genRequest(), 'latin1');
    if (rnd() < 0.6) buf = mutate(buf);
    const r = parseRequestHead(buf);
    // every prefix is incomplete or refused the same way, never accepted as a different head
    const cut = Math.floor(rnd() * buf.length);
    const rp = parseRequestHead(buf.subarray(0, cut));
    if (rp.kind === 'head') {
      assert.equal(r.kind, 'head', 'a prefix parsed while the whole did not');
      if (r.kind === 'head') assert.equal(rp.head.headLength, r.head.headLength);
    }
    if (rp.kind === 'error' && r.kind !== 'error') assert.fail(`prefix refused, whole accepted: ${JSON.stringify(buf.toString('latin1'))}`);
    if (r.kind !== 'head') continue;
    accepted++;
    const h = r.head;
    const names = h.headers.map((f) => f.lname);
    assert.ok(h.headLength <= buf.length);
    // CL + TE never gives length framing; TE accepted only as chunked
    if (names.includes('transfer-encoding')) {
      assert.equal(h.framing.kind, 'chunked');
      assert.ok(!names.includes('content-length'), 'Content-Length removed when Transfer-Encoding is present');
    }
    // at most one Content-Length and one Host are forwarded
    assert.ok(names.filter((n) => n === 'content-length').length <= 1);
    assert.ok(names.filter((n) => n === 'host').length <= 1);
    // no bare CR anywhere in the head; names are tokens; values carry no CR/LF
    for (const line of headLines(buf, h.headLength)) assert.ok(!line.slice(0, -1).includes('\r'), 'bare CR accepted');
    for (const f of h.headers) {
      assert.ok(f.name.length > 0);
      for (let k = 0; k < f.name.length; k++) assert.ok(TOKEN[f.name.charCodeAt(k)] !== 0, 'non-token name');
      assert.ok(!/[\r\n]/.test(f.value));
    }
    assert.match(h.target, /^[\x21-\x22\x24-\x7e]+$/);
    // what we forward parses again to the same message
    const again = parseRequestHead(serializeRequestHead(h, { close: false }));
    assert.equal(again.kind, 'head');
    if (again.kind === 'head') {
      assert.equal(again.head.method, h.method);
      assert.equal(again.head.target, h.target);
      assert.deepEqual(again.head.framing, h.framing);
    }
    if (h.framing.kind === 'chunked') new ChunkedParser().push(buf, h.headLength);
  }
  assert.ok(accepted > 200, `enough accepted cases (${accepted})`);
  assert.ok(Date.now() - t0 < 10000);
});

test('response parser and chunked parser: random bytes never throw', () => {
  const t0 = Date.now();
  const bases = [
    'HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok',
    'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok\r\n0\r\n\r\n',
    'HTTP/1.0 204 No\r\nConnection: keep-alive\r\n\r\n',
    'HTTP/1.1 100 Continue\r\n\r\n',
  ];
  for (let i = 0; i < 3000; i++) {
    let buf: Buffer = Buffer.from(pick(bases), 'latin1');
    buf = mutate(rnd() < 0.5 ? mutate(buf) : buf);
    const r = parseResponseHead(buf, pick(['GET', 'HEAD', 'CONNECT']));
    if (r.kind === 'error') assert.equal(r.error.status, 502);
    if (r.kind === 'head') {
      assert.ok(r.head.status >= 100 && r.head.status <= 999);
      if (r.head.framing.kind === 'length') assert.ok(r.head.framing.length > 0);
    }
    const c = new ChunkedParser();
    const n = c.push(buf, Math.floor(rnd() * buf.length));
    assert.ok(n === -1 || (n >= 0 && n <= buf.length));
  }
  assert.ok(Date.now() - t0 < 10000);
});
