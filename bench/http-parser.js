#!/usr/bin/env node
// Micro-bench of the HTTP/1 request head parser: a typical ~300-byte GET with 8 headers.
// Run after `npx tsc -p .`: node bench/http-parser.js [seconds]
import { parseRequestHead } from '../dist/src/http/h1-request.js';
import { parseResponseHead } from '../dist/src/http/h1-response.js';

const req = Buffer.from(
  'GET /api/v1/items?id=42&sort=desc HTTP/1.1\r\n' +
  'Host: www.example.com\r\n' +
  'User-Agent: Mozilla/5.0 (X11; Linux x86_64; rv:120.0) Gecko/20100101 Firefox/120.0\r\n' +
  'Accept: text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8\r\n' +
  'Accept-Language: en-US,en;q=0.5\r\n' +
  'Accept-Encoding: gzip, deflate, br\r\n' +
  'Connection: keep-alive\r\n' +
  'Cookie: session=abc123def456\r\n' +
  'Cache-Control: max-age=0\r\n\r\n', 'latin1');
const resp = Buffer.from('HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 1234\r\nDate: Mon, 01 Jan 2024 00:00:00 GMT\r\nServer: x\r\n\r\n', 'latin1');

const secs = Number(process.argv[2] ?? 2);
function run(name, fn, bytes) {
  for (let i = 0; i < 200000; i++) fn(); // warm-up
  let n = 0;
  const t0 = process.hrtime.bigint();
  const end = t0 + BigInt(Math.round(secs * 1e9));
  let now = t0;
  while (now < end) {
    for (let i = 0; i < 10000; i++) fn();
    n += 10000;
    now = process.hrtime.bigint();
  }
  const s = Number(now - t0) / 1e9;
  console.log(`${name}: ${Math.round(n / s).toLocaleString('en-US')} parses/s (${bytes} bytes, ${(n * bytes / s / 1e6).toFixed(0)} MB/s)`);
}
if (parseRequestHead(req).kind !== 'head') throw new Error('bench request does not parse');
run('parseRequestHead GET 8 headers', () => parseRequestHead(req), req.length);
run('parseResponseHead 200 4 headers', () => parseResponseHead(resp, 'GET'), resp.length);
