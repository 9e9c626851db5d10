/**
 * Log lines side by side with HAProxy 2.6: the same configuration (option httplog with captures,
 * option tcplog, a custom log-format, the default "Connect from" line) and the same requests
 * against both, lines received on UDP syslog sockets and compared field by field once dates,
 * pids, client ports and durations are masked. Normal and failing exchanges: 200, server down
 * (503 SC), server timeout (504 sH), client abort (CH / CD), denied (403 PR), bad request (400).
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { connect } from 'node:net';
import { delay, freePorts, httpBackend, raw, tcpBackend, type Backend, type TcpBackend } from './harness.js';
import { hasHaproxy } from './lb-side.js';
import { clientLines, firstDifference, mask, startHaproxy, startSwitchyard, udpReceiver, type Receiver, type Running } from './log-side.js';

const HAVE = hasHaproxy();

interface Side {
  readonly name: 'haproxy' | 'switchyard';
  readonly http: number;
  readonly tcp: number;
  readonly custom: number;
  readonly plain: number;
  readonly rx: Receiver;
  proc?: Running;
}

let web: Backend;
let tcpSrv: TcpBackend;
let downPort: number;
const sides: Side[] = [];

function config(s: Side): string {
  return `global
    log 127.0.0.1:${s.rx.port} local0
defaults
    log global
    timeout connect 1s
    timeout client 3s
    timeout server 400ms
    retries 0
frontend web
    mode http
    bind 127.0.0.1:${s.http}
    option httplog
    capture request header Host len 16
    capture request header User-Agent len 5
    capture response header X-Srv len 10
    http-request deny if { path /deny }
    use_backend down if { path /down }
    default_backend app
frontend custom
    mode http
    bind 127.0.0.1:${s.custom}
    http-request set-var(txn.id) req.hdr(x-id)
    http-request set-var(txn.p) path
    log-format "%ci %f %b %s %ST %{+Q}r %HM %HP %HQ %HV %HU %tsc %rc %B %U %{+Q}[var(txn.id)] %[var(txn.p),upper] %sq %bq %{+E}[var(txn.id)] %[var(txn.none)]"
    default_backend app
frontend plain
    mode http
    bind 127.0.0.1:${s.plain}
    default_backend app
frontend tcpin
    mode tcp
    bind 127.0.0.1:${s.tcp}
    option tcplog
    tcp-request connection reject if { src 127.0.0.254 }
    use_backend tdown if { dst_port ${s.tcp} } !{ src 127.0.0.1 }
    default_backend tapp
backend app
    mode http
    server s1 127.0.0.1:${web.port}
backend down
    mode http
    server d1 127.0.0.1:${downPort}
backend tapp
    mode tcp
    server t1 127.0.0.1:${tcpSrv.port}
backend tdown
    mode tcp
    server t2 127.0.0.1:${downPort}
`;
}

const req = (path: string, extra = ''): string => `GET ${path} HTTP/1.1\r\nHost: example\r\nUser-Agent: tester/1\r\nX-Id: a"b\r\n${extra}\r\n`;
const untilResponse = (d: string): boolean => /\r\n\r\n/.test(d) && (/content-length: 0\r\n\r\n$/i.test(d) || /\r\n\r\n[\s\S]+$/.test(d));

/** The same client actions against one side. */
async function drive(s: Side, which: string): Promise<void> {
  switch (which) {
    case 'ok':
      await raw(s.http, [req('/ok?x=1')], { until: untilResponse, timeoutMs: 2000 });
      return;
    case 'keepalive':
      await raw(s.http, [req('/ok'), req('/ok2')], { until: (d) => (d.match(/hello/g) ?? []).length >= 2, timeoutMs: 2000 });
      return;
    case 'down':
      await raw(s.http, [req('/down')], { until: (d) => d.includes('</html>'), timeoutMs: 3000 });
      return;
    case 'timeout':
      await raw(s.http, [req('/slow')], { until: (d) => d.includes('</html>'), timeoutMs: 3000 });
      return;
    case 'deny':
      await raw(s.http, [req('/deny')], { until: (d) => d.includes('</html>'), timeoutMs: 2000 });
      return;
    case 'abort':
      await resetAfter(s.http, req('/stream'), 150);
      return;
    case 'badreq':
      await raw(s.http, ['GET / HTTP/1.1\r\nHost: example\r\nBad Header\r\n\r\n'], { until: (d) => d.includes('</html>'), timeoutMs: 2000 });
      return;
    case 'custom':
      await raw(s.custom, [req('/p/q?r=1')], { until: untilResponse, timeoutMs: 2000 });
      return;
    case 'plain':
      await raw(s.plain, [req('/ok')], { until: untilResponse, timeoutMs: 2000 });
      return;
    case 'tcp':
      await raw(s.tcp, ['ping\n'], { until: (d) => d.includes('pong'), timeoutMs: 2000 });
      await delay(100);
      return;
    case 'tcp-abort':
      await resetAfter(s.tcp, 'hold\n', 150);
      return;
    case 'tcp-down':
      await new Promise<void>((resolve) => {
        const c = connect({ port: s.tcp, host: '127.0.0.1', localAddress: '127.0.0.2' });
        c.on('error', () => resolve());
        c.on('close', () => resolve());
        c.setTimeout(2000, () => c.destroy());
      });
      return;
  }
}

/** Send `data`, then abort the connection with a reset after `ms` (a client that gives up). */
function resetAfter(port: number, data: string, ms: number): Promise<void> {
  return new Promise((resolve) => {
    const c = connect(port, '127.0.0.1', () => c.write(data));
    c.on('error', () => undefined);
    setTimeout(() => {
      c.resetAndDestroy();
      setTimeout(resolve, 100);
    }, ms);
  });
}

before(async () => {
  if (!HAVE) return;
  web = await httpBackend((rq, rs) => {
    if (rq.url === '/slow') return; // never answers
    if (rq.url === '/stream') {
      // Headers and the start of a body that never completes.
      rs.writeHead(200, { 'Content-Length': '100', 'X-Srv': 's1' });
      rs.write('partial');
      // More body after the client gave up: writing it is how HAProxy notices (CD).
      setTimeout(() => rs.write('more'), 250).unref();
      return;
    }
    rs.setHeader('X-Srv', 's1');
    rs.end('hello');
  });
  tcpSrv = await tcpBackend((c) => {
    c.on('data', (d: Buffer) => {
      if (d.toString().startsWith('ping')) c.end('pong\n');
    });
  });
  const ports = await freePorts(9);
  downPort = ports[8]!;
  for (const [i, name] of (['haproxy', 'switchyard'] as const).entries()) {
    const s: Side = { name, http: ports[i * 4]!, tcp: ports[i * 4 + 1]!, custom: ports[i * 4 + 2]!, plain: ports[i * 4 + 3]!, rx: await udpReceiver() };
    const cfg = config(s);
    const listen = [s.http, s.custom, s.plain];
    s.proc = name === 'haproxy' ? await startHaproxy(cfg, listen) : await startSwitchyard(cfg, listen);
    sides.push(s);
  }
});

after(async () => {
  for (const s of sides) {
    await s.proc?.stop();
    s.rx.close();
  }
  await web?.close();
  await tcpSrv?.close();
});

/**
 * `sameBytes: false`: %B is compared as "some bytes" only. On a client reset during the body,
 * HAProxy notices on its next write and counts what it forwarded until then; Switchyard sees the
 * reset at once, so the counts differ by the bytes that came after.
 */
const CASES: Array<{ name: string; lines: number; expect: RegExp; sameBytes?: false }> = [
  { name: 'ok', lines: 1, expect: / 200 \d+ - - ---- .* \{example\|teste\} \{s1\} "GET \/ok\?x=1 HTTP\/1\.1"$/ },
  { name: 'keepalive', lines: 2, expect: / 200 / },
  { name: 'down', lines: 1, expect: / down\/d1 .* 503 \d+ - - SC-- / },
  { name: 'timeout', lines: 1, expect: / 504 \d+ - - sH-- / },
  { name: 'deny', lines: 1, expect: / web\/<NOSRV> .* 403 \d+ - - PR-- / },
  { name: 'abort', lines: 1, expect: / 200 B - - CD-- /, sameBytes: false },
  { name: 'badreq', lines: 1, expect: / 400 .* PR-- .*"<BADREQ>"$/ },
  { name: 'custom', lines: 1, expect: /^127\.0\.0\.1 custom app s1 200 "GET \/p\/q\?r=1 HTTP\/1\.1" GET \/p\/q \?r=1 HTTP\/1\.1 \/p\/q\?r=1 ---- 0 \d+ \d+ "a"b" \/P\/Q 0 0 a\\"b -$/ },
  { name: 'plain', lines: 1, expect: /^Connect from 127\.0\.0\.1:PORT to 127\.0\.0\.1:PLAIN \(plain\/HTTP\)$/ },
  { name: 'tcp', lines: 1, expect: / tcpin tapp\/t1 T\/T\/T 5 -- 1\/1\/0\/0\/0 0\/0$/ },
  { name: 'tcp-abort', lines: 1, expect: / tcpin tapp\/t1 .* CD / },
  { name: 'tcp-down', lines: 1, expect: / tcpin tdown\/t2 T\/-1\/T 0 SC / },
];

for (const c of CASES) {
  test(`log line as HAProxy 2.6: ${c.name}`, { skip: !HAVE && 'haproxy 2.6 not installed', timeout: 15_000 }, async () => {
    const got: string[][] = [];
    for (const s of sides) {
      const before = clientLines(s.rx.lines).length;
      await drive(s, c.name);
      const deadline = Date.now() + 3000;
      while (clientLines(s.rx.lines).length < before + c.lines && Date.now() < deadline) await delay(20);
      await delay(60);
      const names: Record<string, string> = { [String(s.http)]: 'HTTP', [String(s.tcp)]: 'TCP', [String(s.custom)]: 'CUSTOM', [String(s.plain)]: 'PLAIN' };
      let lines = clientLines(s.rx.lines).slice(before).map((l) => mask(l, names));
      if (c.sameBytes === false) lines = lines.map((l) => l.replace(/ (\d{3}) \d+ /, ' $1 B '));
      got.push(lines);
    }
    const [h, y] = got as [string[], string[]];
    assert.equal(h.length, c.lines, `haproxy logged ${h.length} lines: ${h.join('\n')}`);
    assert.equal(y.length, c.lines, `switchyard logged ${y.length} lines (haproxy: ${h.join(' | ')}): ${y.join('\n')}`);
    for (let i = 0; i < c.lines; i++) {
      assert.equal(firstDifference(h[i]!, y[i]!), undefined, `line ${i + 1}\n haproxy:    ${h[i]}\n switchyard: ${y[i]}`);
    }
    assert.match(y[0]!, c.expect);
  });
}
