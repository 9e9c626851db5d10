/**
 * A real rsyslog (Debian's rsyslogd, its own configuration in a temporary directory: a loopback
 * UDP input and a UNIX datagram socket there, never the system's /dev/log) receives Switchyard's
 * lines over UDP and over the UNIX socket and writes them to a file: facility, severity, program
 * name, pid and message as rsyslog parsed them.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { delay, freePorts, httpBackend, raw, startProxy, stopChild, type Backend, type Proxy } from './harness.js';

const RSYSLOGD = ['/usr/sbin/rsyslogd', '/sbin/rsyslogd'].find((p) => existsSync(p));
const HAVE = RSYSLOGD !== undefined && spawnSync(RSYSLOGD, ['-v'], { timeout: 5000 }).status === 0;

let dir: string;
let rsyslog: ChildProcess | undefined;
let web: Backend;
let proxy: Proxy | undefined;
let http: number;
let tcp: number;

function outLines(): string[] {
  const f = join(dir, 'out.log');
  return existsSync(f) ? readFileSync(f, 'utf8').split('\n').filter((l) => l !== '') : [];
}

async function waitLines(pred: (l: string) => boolean, n: number, ms = 5000): Promise<string[]> {
  const end = Date.now() + ms;
  for (;;) {
    const got = outLines().filter(pred);
    if (got.length >= n || Date.now() > end) return got;
    await delay(50);
  }
}

before(async () => {
  if (!HAVE) return;
  dir = mkdtempSync(join(tmpdir(), 'sy-rsyslog-'));
  const [udp, h, t] = await freePorts(3);
  http = h!;
  tcp = t!;
  writeFileSync(
    join(dir, 'rsyslog.conf'),
    `global(workDirectory="${dir}")
module(load="imudp")
module(load="imuxsock" SysSock.Use="off")
input(type="imudp" address="127.0.0.1" port="${udp}")
input(type="imuxsock" Socket="${dir}/log.sock")
template(name="t" type="string" string="%inputname%|%syslogfacility-text%|%syslogseverity-text%|%programname%|%procid%|%msg%\\n")
*.* action(type="omfile" file="${dir}/out.log" template="t")
`,
  );
  rsyslog = spawn(RSYSLOGD!, ['-n', '-f', join(dir, 'rsyslog.conf'), '-i', join(dir, 'rsyslogd.pid')], { stdio: 'ignore' });
  const end = Date.now() + 5000;
  while (!existsSync(join(dir, 'log.sock')) && Date.now() < end) await delay(50);
  web = await httpBackend((_q, r) => r.end('hello'));
  proxy = await startProxy(
    `global
    log 127.0.0.1:${udp} local0
    log ${dir}/log.sock len 200 local1 info notice
defaults
    log global
    timeout connect 1s
    timeout client 3s
    timeout server 3s
frontend web
    mode http
    bind 127.0.0.1:${http}
    option httplog
    option log-separate-errors
    log-tag edge
    default_backend app
frontend raw
    mode tcp
    bind 127.0.0.1:${tcp}
    option tcplog
    tcp-request connection reject if { src 127.0.0.254 }
    default_backend tapp
backend app
    mode http
    server s1 127.0.0.1:${web.port}
backend tapp
    mode tcp
    server s1 127.0.0.1:${web.port}
`,
    [http],
  );
});

after(async () => {
  await proxy?.stop();
  if (rsyslog) await stopChild(rsyslog, 'SIGTERM');
  await web?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test('rsyslog receives HTTP log lines over UDP and a UNIX datagram socket', { skip: !HAVE && 'rsyslogd not installed', timeout: 20_000 }, async () => {
  await raw(http, ['GET /from-test HTTP/1.1\r\nHost: x\r\n\r\n'], { until: (d) => d.includes('hello'), timeoutMs: 2000 });
  const lines = await waitLines((l) => l.includes('/from-test'), 2);
  const udp = lines.find((l) => l.startsWith('imudp|'));
  const unix = lines.find((l) => l.startsWith('imuxsock|'));
  assert.ok(udp, `no UDP line in ${JSON.stringify(outLines())}`);
  assert.ok(unix, `no UNIX socket line in ${JSON.stringify(outLines())}`);
  const pid = String(proxy!.child.pid);
  // input | facility | severity | program | pid | message
  assert.match(udp!, new RegExp(`^imudp\\|local0\\|info\\|edge\\|${pid}\\| 127\\.0\\.0\\.1:\\d+ \\[\\d\\d/\\w{3}/\\d{4}:[\\d:.]+\\] web app/s1 \\d+/\\d+/\\d+/\\d+/\\d+ 200 \\d+ - - ---- \\d+/\\d+/\\d+/\\d+/0 0/0 "GET /from-test HTTP/1\\.1"$`));
  // minlevel notice caps more severe levels only: an info line stays info.
  assert.match(unix!, new RegExp(`^imuxsock\\|local1\\|info\\|edge\\|${pid}\\| 127\\.0\\.0\\.1:\\d+ .* "GET /from-test HTTP/1\\.1"$`));
});

test('rsyslog: TCP lines, error level with log-separate-errors, len cuts the UNIX target', { skip: !HAVE && 'rsyslogd not installed', timeout: 20_000 }, async () => {
  await raw(tcp, ['GET /tcp-line HTTP/1.0\r\n\r\n'], { until: (d) => d.includes('hello'), timeoutMs: 2000 });
  const tl = await waitLines((l) => l.includes(' raw tapp/s1 '), 2);
  assert.equal(tl.length, 2, JSON.stringify(outLines()));
  assert.ok(tl.some((l) => /^imudp\|local0\|info\|haproxy\|\d+\| 127\.0\.0\.1:\d+ \[[^\]]+\] raw tapp\/s1 \d+\/\d+\/\d+ \d+ -- /.test(l)), tl.join('\n'));
  // A long request line is cut to 200 bytes (header included) on the UNIX target only.
  const long = '/x' + 'y'.repeat(400);
  await raw(http, [`GET ${long} HTTP/1.1\r\nHost: x\r\n\r\n`], { until: (d) => d.includes('hello'), timeoutMs: 2000 });
  const ll = await waitLines((l) => l.includes('/xyyyy'), 2);
  const u = ll.find((l) => l.startsWith('imudp|'))!;
  const x = ll.find((l) => l.startsWith('imuxsock|'))!;
  assert.ok(u.includes(long), 'UDP line is complete (default len 1024)');
  assert.ok(!x.includes(long) && x.length < 220, `UNIX line cut: ${x.length}`);
  // A 503 (no server answering) is an error: logged at err with log-separate-errors.
  await web.close();
  await raw(http, ['GET /err HTTP/1.1\r\nHost: x\r\n\r\n'], { until: (d) => d.includes('</html>'), timeoutMs: 3000 });
  const el = await waitLines((l) => l.includes('"GET /err HTTP/1.1"'), 2);
  assert.ok(el.some((l) => /^imudp\|local0\|err\|edge\|/.test(l) && / 503 /.test(l)), el.join('\n'));
  // On the UNIX target (minlevel notice) the err line is capped to notice.
  assert.ok(el.some((l) => /^imuxsock\|local1\|notice\|edge\|/.test(l) && / 503 /.test(l)), el.join('\n'));
});
