#!/usr/bin/env node
// Opens COUNT keep-alive client connections to 127.0.0.1:PORT and holds them idle, for the
// idle-memory benchmark (bench/run-http.js --only idle).
//
//   node bench/idle-client.js PORT COUNT [--request]
//
// At most 200 connects are in flight at a time. With --request each connection first sends one
// `GET /` and reads the whole reply (so it sits in the keep-alive state, as a browser's would);
// without it the connections never send a byte. When every connection is open (or failed) it
// prints `ready OPEN FAILED`; then each `status` line on stdin is answered with `open N`, and the
// end of stdin (or SIGTERM) closes everything and exits. Everything is bounded by a 120 s deadline.
import net from 'node:net';

const [port, count] = process.argv.slice(2, 4).map(Number);
const REQUEST = process.argv.includes('--request');
const req = Buffer.from('GET / HTTP/1.1\r\nHost: bench\r\n\r\n');
const sockets = new Set();
let started = 0;
let settled = 0;
let failed = 0;
let inflight = 0;
const deadline = setTimeout(() => finish(2), 120_000);

function finish(code = 0) {
  clearTimeout(deadline);
  for (const s of sockets) s.destroy();
  process.exit(code);
}

function one() {
  started++;
  inflight++;
  const s = net.connect({ port, host: '127.0.0.1' });
  let done = false;
  const settle = (ok) => {
    if (done) return;
    done = true;
    inflight--;
    settled++;
    if (!ok) failed++;
    pump();
  };
  let buf = '';
  s.on('connect', () => {
    sockets.add(s);
    if (!REQUEST) return settle(true);
    s.write(req);
  });
  s.on('data', (d) => {
    if (done) return;
    buf += d.toString('latin1');
    const h = buf.indexOf('\r\n\r\n');
    if (h < 0) return;
    const cl = Number(/content-length: *(\d+)/i.exec(buf.slice(0, h))?.[1] ?? 0);
    if (buf.length >= h + 4 + cl) settle(true);
  });
  s.on('error', () => undefined);
  s.on('close', () => {
    sockets.delete(s);
    settle(false);
  });
}

function pump() {
  while (inflight < 200 && started < count) one();
  if (settled === count && !pump.reported) {
    pump.reported = true;
    process.stdout.write(`ready ${sockets.size} ${failed}\n`);
  }
}

process.stdin.setEncoding('utf8');
let line = '';
process.stdin.on('data', (d) => {
  line += d;
  let i;
  while ((i = line.indexOf('\n')) >= 0) {
    const cmd = line.slice(0, i).trim();
    line = line.slice(i + 1);
    if (cmd === 'status') process.stdout.write(`open ${sockets.size}\n`);
  }
});
process.stdin.on('end', () => finish(0));
process.on('SIGTERM', () => finish(0));
pump();
