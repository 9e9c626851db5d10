/**
 * HTTP/2 from clients (`bind ... proto h2`, prior knowledge) end to end: curl --http2-prior-knowledge,
 * a raw frame client for header rules (RFC 9113 8.2/8.3), trailers, content-length checks, stream
 * limits, HPACK errors, and graceful GOAWAY on soft stop.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULTS, curl, delay, freePorts, hasCurl, httpBackend, startProxy, type Backend, type Proxy } from './harness.js';
import { H2Client, T, req } from './h2-client.js';

let proxy: Proxy;
let app: Backend;
let port: number;
let limPort: number;

before(async () => {
  app = await httpBackend((rq, res) => {
    const chunks: Buffer[] = [];
    rq.on('data', (d: Buffer) => chunks.push(d));
    rq.on('end', () => {
      if (rq.url === '/slow') {
        setTimeout(() => res.end('slow done'), 400);
        return;
      }
      if (rq.url === '/trailers') {
        res.writeHead(200, { 'content-type': 'text/plain', trailer: 'x-sum' });
        res.write('part');
        res.addTrailers({ 'x-sum': '42' });
        res.end();
        return;
      }
      const body = JSON.stringify({ m: rq.method, u: rq.url, h: rq.headers, t: rq.trailers, b: Buffer.concat(chunks).toString() });
      res.writeHead(200, { 'content-type': 'application/json', 'x-from': 'app', connection: 'keep-alive', 'keep-alive': 'timeout=5' });
      res.end(body);
    });
  });
  [port, limPort] = await freePorts(2);
  proxy = await startProxy(
    `global
    tune.h2.max-concurrent-streams 4
${DEFAULTS}
defaults h
    mode http
    timeout connect 2s
    timeout client 5s
    timeout server 5s
frontend fe from h
    bind 127.0.0.1:${port} proto h2
    bind 127.0.0.1:${limPort}
    http-request set-header x-seen %[req.fhdr(host)]
    use_backend be if { path_beg / }
backend be from h
    server app 127.0.0.1:${app.port}
`,
    [port],
  );
});

after(async () => {
  await proxy?.stop();
  await app?.close();
});

test('curl --http2-prior-knowledge: request and response go through the h1 path (rules, backend)', { skip: !hasCurl() }, async () => {
  const r = await curl(['--http2-prior-knowledge', '-i', `http://127.0.0.1:${port}/hello?x=1`]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^HTTP\/2 200/);
  assert.match(r.stdout, /x-from: app/);
  assert.doesNotMatch(r.stdout, /^connection:|^keep-alive:/im, 'connection-specific headers dropped');
  const body = JSON.parse(r.stdout.slice(r.stdout.indexOf('\r\n\r\n') + 4)) as { u: string; h: Record<string, string> };
  assert.equal(body.u, '/hello?x=1');
  assert.equal(body.h['host'], `127.0.0.1:${port}`);
  assert.equal(body.h['x-seen'], `127.0.0.1:${port}`);
});

test('curl: POST with content-length, upload without length (chunked to the server)', { skip: !hasCurl() }, async () => {
  const r = await curl(['--http2-prior-knowledge', '-d', 'a=1&b=2', `http://127.0.0.1:${port}/post`]);
  const b = JSON.parse(r.stdout) as { m: string; b: string; h: Record<string, string> };
  assert.equal(b.m, 'POST');
  assert.equal(b.b, 'a=1&b=2');
  assert.equal(b.h['content-length'], '7');
});

test('cookies are joined, :authority becomes host, trailers are forwarded', async () => {
  const c = await H2Client.open(port);
  c.headers(1, req('/c', [{ name: 'cookie', value: 'a=1' }, { name: 'cookie', value: 'b=2' }, { name: 'te', value: 'trailers' }], 'POST', 'example.test'), false);
  c.data(1, 'body-bytes', false);
  c.headers(1, [{ name: 'x-trailer', value: 'yes' }], true);
  assert.ok(await c.until(c.streamDone(1)));
  const r = c.response(1);
  assert.equal(r.status, 200);
  const b = JSON.parse(r.body) as { h: Record<string, string>; t: Record<string, string>; b: string };
  assert.equal(b.h['cookie'], 'a=1; b=2');
  assert.equal(b.h['host'], 'example.test');
  assert.equal(b.b, 'body-bytes');
  assert.equal(b.t['x-trailer'], 'yes');
  // Trailers from the server come back as a trailing HEADERS frame.
  c.headers(3, req('/trailers'), true);
  assert.ok(await c.until(c.streamDone(3)));
  const t = c.response(3);
  assert.equal(t.body, 'part');
  assert.deepEqual(t.trailers, [{ name: 'x-sum', value: '42' }]);
  c.close();
});

test('malformed requests are stream errors (RST_STREAM PROTOCOL_ERROR), the connection lives on', async () => {
  const c = await H2Client.open(port);
  const bad: Array<[string, Parameters<typeof req>[1]]> = [
    ['connection header', [{ name: 'connection', value: 'keep-alive' }]],
    ['transfer-encoding', [{ name: 'transfer-encoding', value: 'chunked' }]],
    ['upgrade', [{ name: 'upgrade', value: 'websocket' }]],
    ['te gzip', [{ name: 'te', value: 'gzip' }]],
    ['upper-case name', [{ name: 'X-Upper', value: '1' }]],
    ['value with LF', [{ name: 'x-a', value: 'a\nb' }]],
  ];
  let id = 1;
  for (const [what, extra] of bad) {
    c.headers(id, req('/bad', extra), true);
    assert.ok(await c.until(c.streamDone(id)), what);
    assert.equal(c.response(id).rst, 1, what);
    id += 2;
  }
  // Pseudo-header after a regular one; missing :path; repeated :method.
  const shapes = [
    [{ name: ':method', value: 'GET' }, { name: 'x-a', value: '1' }, { name: ':path', value: '/' }, { name: ':scheme', value: 'http' }],
    [{ name: ':method', value: 'GET' }, { name: ':scheme', value: 'http' }, { name: ':authority', value: 'a' }],
    [{ name: ':method', value: 'GET' }, { name: ':method', value: 'GET' }, { name: ':scheme', value: 'http' }, { name: ':path', value: '/' }],
  ];
  for (const f of shapes) {
    c.headers(id, f, true);
    assert.ok(await c.until(c.streamDone(id)));
    assert.equal(c.response(id).rst, 1);
    id += 2;
  }
  // content-length that the DATA does not match.
  c.headers(id, req('/cl', [{ name: 'content-length', value: '10' }], 'POST'), false);
  c.data(id, 'short', true);
  assert.ok(await c.until(c.streamDone(id)));
  assert.equal(c.response(id).rst, 1);
  id += 2;
  // Still usable.
  c.headers(id, req('/ok'), true);
  assert.ok(await c.until(c.streamDone(id)));
  assert.equal(c.response(id).status, 200);
  c.close();
});

test('tune.h2.max-concurrent-streams: announced, and streams above it are refused', async () => {
  const c = await H2Client.open(port);
  assert.ok(await c.until((fs) => fs.some((f) => f.type === T.SETTINGS && (f.flags & 1) === 0)));
  const s = c.frames.find((f) => f.type === T.SETTINGS && (f.flags & 1) === 0)!;
  let max = -1;
  for (let p = 0; p < s.payload.length; p += 6) if (s.payload.readUInt16BE(p) === 3) max = s.payload.readUInt32BE(p + 2);
  assert.equal(max, 4);
  for (let i = 0; i < 6; i++) c.headers(1 + 2 * i, req('/slow'), true);
  assert.ok(await c.until((fs) => [1, 3, 5, 7, 9, 11].every((id) => c.streamDone(id)(fs)), 5000));
  const refused = [1, 3, 5, 7, 9, 11].filter((id) => c.response(id).rst === 7);
  const ok = [1, 3, 5, 7, 9, 11].filter((id) => c.response(id).status === 200);
  assert.deepEqual(refused, [9, 11]);
  assert.deepEqual(ok, [1, 3, 5, 7]);
  c.close();
});

test('an out-of-range HPACK index (CVE-2018-14645) ends in GOAWAY COMPRESSION_ERROR, the process stays up', async () => {
  const c = await H2Client.open(port);
  // Indexed field 0x7f + 1000: far beyond the static and (empty) dynamic tables.
  c.send(Buffer.concat([Buffer.from([0, 0, 4, 1, 5, 0, 0, 0, 1]), Buffer.from([0xff, 0xe9, 0x07, 0x82])]));
  assert.ok(await c.until(() => c.goaway() !== undefined));
  assert.equal(c.goaway()!.code, 9);
  assert.ok(await c.until(() => c.closed, 2000));
  const r = await curl(['--http2-prior-knowledge', `http://127.0.0.1:${port}/after`]);
  assert.equal(r.status, 0);
});

test('PING is answered, SETTINGS acknowledged, flow control: a large response within 64 KiB windows', async () => {
  const c = await H2Client.open(port, { settings: [[4, 16384]] });
  c.send(Buffer.concat([Buffer.from([0, 0, 8, 6, 0, 0, 0, 0, 0]), Buffer.from('12345678')]));
  assert.ok(await c.until((fs) => fs.some((f) => f.type === T.PING && f.flags === 1)));
  assert.ok(await c.until((fs) => fs.some((f) => f.type === T.SETTINGS && f.flags === 1)));
  const big = 'x'.repeat(100_000);
  c.headers(1, req('/echo', [{ name: 'content-length', value: String(big.length) }], 'POST'), false);
  // The request body is sent within the proxy's announced windows (65535 at first).
  for (let off = 0; off < 60000; off += 15000) c.data(1, big.slice(off, off + 15000), false);
  assert.ok(await c.until((fs) => fs.some((f) => f.type === T.WINDOW_UPDATE && f.stream === 1), 3000), 'stream window reopened');
  c.data(1, big.slice(60000, 75000), false);
  c.data(1, big.slice(75000, 90000), false);
  c.data(1, big.slice(90000), true);
  // The response (bigger than our 16 KiB stream window) needs WINDOW_UPDATEs from us.
  assert.ok(await c.until((fs) => fs.filter((f) => f.type === T.DATA && f.stream === 1).reduce((n, f) => n + f.payload.length, 0) >= 16384, 3000));
  await delay(100);
  const got = c.frames.filter((f) => f.type === T.DATA && f.stream === 1).reduce((n, f) => n + f.payload.length, 0);
  assert.equal(got, 16384, 'the proxy stops at the stream window');
  c.send(Buffer.from([0, 0, 4, 8, 0, 0, 0, 0, 1, 0x00, 0x10, 0x00, 0x00]));
  c.send(Buffer.from([0, 0, 4, 8, 0, 0, 0, 0, 0, 0x00, 0x10, 0x00, 0x00]));
  assert.ok(await c.until(c.streamDone(1)));
  const r = c.response(1);
  assert.equal((JSON.parse(r.body) as { b: string }).b.length, 100_000);
  c.close();
});

test('soft stop: GOAWAY, the stream in progress completes, then the process exits', async () => {
  const c = await H2Client.open(port);
  c.headers(1, req('/slow'), true);
  await delay(100);
  proxy.child.kill('SIGUSR1');
  assert.ok(await c.until(() => c.goaway() !== undefined, 2000));
  assert.deepEqual(c.goaway(), { last: 1, code: 0 });
  assert.ok(await c.until(c.streamDone(1), 3000));
  assert.equal(c.response(1).body, 'slow done');
  assert.ok(await c.until(() => c.closed, 3000));
  const code = await new Promise<number | null | string>((res) => {
    if (proxy.child.exitCode !== null) res(proxy.child.exitCode);
    else proxy.child.once('exit', (x) => res(x));
    setTimeout(() => res('still running'), 5000).unref();
  });
  assert.equal(code, 0);
});
