/** Expected bytes were captured from haproxy 2.6.12 forwarding to a backend / answering a client. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseRequestHead } from '../../src/http/h1-request.js';
import { parseResponseHead } from '../../src/http/h1-response.js';
import { serializeRequestHead, serializeResponseHead } from '../../src/http/h1-serialize.js';
import { forwardedFor, originalTo } from '../../src/http/forwarded.js';
import type { HeaderField, RequestHead, ResponseHead } from '../../src/http/types.js';

function req(raw: string): RequestHead {
  const r = parseRequestHead(Buffer.from(raw, 'latin1'));
  assert.equal(r.kind, 'head');
  return (r as { head: RequestHead }).head;
}
function resp(raw: string): ResponseHead {
  const r = parseResponseHead(Buffer.from(raw, 'latin1'), 'GET');
  assert.equal(r.kind, 'head');
  return (r as { head: ResponseHead }).head;
}
const s = (b: Buffer): string => b.toString('latin1');

test('option http-server-close: 1.1 request gets connection: close at the end', () => {
  const h = req('GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\nX-B: 1\r\n\r\n');
  assert.equal(s(serializeRequestHead(h, { close: true })), 'GET / HTTP/1.1\r\nhost: a\r\nx-b: 1\r\nconnection: close\r\n\r\n');
});

test('keep-alive mode: 1.0 request gets connection: keep-alive; 1.1 client close is not passed on', () => {
  assert.equal(s(serializeRequestHead(req('GET / HTTP/1.0\r\nHost: a\r\nX-B: 1\r\n\r\n'), { close: false })),
    'GET / HTTP/1.0\r\nhost: a\r\nx-b: 1\r\nconnection: keep-alive\r\n\r\n');
  assert.equal(s(serializeRequestHead(req('GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\nX-B: 1\r\n\r\n'), { close: false })),
    'GET / HTTP/1.1\r\nhost: a\r\nx-b: 1\r\n\r\n');
});

test('responses to the client', () => {
  const r = resp('HTTP/1.1 200 OK\r\nContent-Length: 2\r\nX-Resp: A\r\n\r\n');
  assert.equal(s(serializeResponseHead(r, { close: true })), 'HTTP/1.1 200 OK\r\ncontent-length: 2\r\nx-resp: A\r\nconnection: close\r\n\r\n');
  assert.equal(s(serializeResponseHead(r, { close: false })), 'HTTP/1.1 200 OK\r\ncontent-length: 2\r\nx-resp: A\r\n\r\n');
  const r10 = resp('HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\n');
  assert.equal(s(serializeResponseHead(r10, { close: false })), 'HTTP/1.0 200 OK\r\ncontent-length: 2\r\nconnection: keep-alive\r\n\r\n');
});

test('option forwardfor + originalto append after existing headers', () => {
  const h = req('GET / HTTP/1.1\r\nHost: a\r\nX-Forwarded-For: 9.9.9.9\r\nX-B: 1\r\n\r\n');
  const extra = [forwardedFor(h.headers, '127.0.0.1'), originalTo('127.0.0.1')].filter((x): x is HeaderField => x !== null);
  assert.equal(s(serializeRequestHead(h, { close: false, extra })),
    'GET / HTTP/1.1\r\nhost: a\r\nx-forwarded-for: 9.9.9.9\r\nx-b: 1\r\nx-forwarded-for: 127.0.0.1\r\nx-original-to: 127.0.0.1\r\n\r\n');
});

test('forwardfor if-none / header / except', () => {
  const h = req('GET / HTTP/1.1\r\nHost: a\r\nX-Client: 9.9.9.9\r\n\r\n');
  assert.equal(forwardedFor(h.headers, '127.0.0.1', { header: 'X-Client', ifNone: true }), null);
  assert.deepEqual(forwardedFor([], '::ffff:10.0.0.1', { header: 'X-Client' }), { name: 'X-Client', lname: 'x-client', value: '10.0.0.1' });
  assert.equal(forwardedFor([], '127.0.0.1', { except: (a) => a.startsWith('127.') }), null);
});

test('case adjust map', () => {
  const h = req('GET / HTTP/1.1\r\nHost: a\r\n\r\n');
  assert.equal(s(serializeRequestHead(h, { close: true, caseAdjust: new Map([['host', 'Host']]) })), 'GET / HTTP/1.1\r\nHost: a\r\nconnection: close\r\n\r\n');
});
