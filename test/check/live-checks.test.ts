/** Check kinds against real loopback peers, through the engine (no data plane). */
import assert from 'node:assert/strict';
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { test } from 'node:test';
import { freePort } from '../e2e/harness.js';
import { startEngine, until } from './engine-harness.js';

function listen(onConn: (s: Socket) => void): Promise<{ port: number; server: Server; sockets: Set<Socket>; close(): Promise<void> }> {
  return new Promise((resolve) => {
    const sockets = new Set<Socket>();
    const server = createServer((s) => {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => undefined);
      onConn(s);
    });
    server.listen(0, '127.0.0.1', () =>
      resolve({
        port: (server.address() as AddressInfo).port,
        server,
        sockets,
        close: () =>
          new Promise((r) => {
            for (const s of sockets) s.destroy();
            server.close(() => r());
          }),
      }),
    );
  });
}

const strip = (t: string): string => t.replace(/duration: \d+ms/, 'duration: Xms');

test('a refused port goes DOWN with HAProxy\'s message', async () => {
  const port = await freePort();
  const r = startEngine(`backend be\n    server s1 127.0.0.1:${port} check inter 100\n`);
  try {
    assert.ok(await until(() => r.sink.lines.length >= 1, 3000));
    assert.equal(
      strip(r.sink.texts()[0]!),
      'Server be/s1 is DOWN, reason: Layer4 connection problem, info: "Connection refused", check duration: Xms. 0 active and 0 backup servers left. 0 sessions active, 0 requeued, 0 remaining in queue.',
    );
  } finally {
    r.stop();
  }
});

test('HTTP 500 then 200: DOWN at once, UP after exactly rise good checks', async () => {
  let code = 500;
  let checks = 0;
  const srv = await listen((s) => {
    s.once('data', () => {
      checks++;
      s.end(`HTTP/1.1 ${code} ${code === 500 ? 'Internal Server Error' : 'OK'}\r\nContent-Length: 0\r\n\r\n`);
    });
  });
  const r = startEngine(`backend web\n    option httpchk GET /health\n    server h1 127.0.0.1:${srv.port} check inter 100 rise 3 fall 2\n`);
  try {
    assert.ok(await until(() => r.sink.lines.length >= 1, 3000));
    assert.equal(
      strip(r.sink.texts()[0]!),
      'Server web/h1 is DOWN, reason: Layer7 wrong status, code: 500, info: "Internal Server Error", check duration: Xms. 0 active and 0 backup servers left. 0 sessions active, 0 requeued, 0 remaining in queue.',
    );
    code = 200;
    const at = checks;
    assert.ok(await until(() => r.sink.lines.some((l) => l.text.includes('is UP')), 3000));
    const up = r.sink.texts().find((t) => t.includes('is UP'))!;
    assert.equal(strip(up), 'Server web/h1 is UP, reason: Layer7 check passed, code: 200, check duration: Xms. 1 active and 0 backup servers online. 0 sessions requeued, 0 total in queue.');
    // rise 3: three good checks after the switch (one may have been in flight when it happened).
    assert.ok(checks - at >= 3 && checks - at <= 4, `checks after the switch: ${checks - at}`);
  } finally {
    r.stop();
    await srv.close();
  }
});

test('tcp-check script: expect string, failure wording with the step', async () => {
  let good = false;
  const srv = await listen((s) => s.once('data', () => s.end(good ? '+PONG\r\n' : '-ERR\r\n')));
  const r = startEngine(`backend ts
    mode tcp
    option tcp-check
    tcp-check send PING\\r\\n
    tcp-check expect string +PONG
    server t1 127.0.0.1:${srv.port} check inter 100 rise 1
`);
  try {
    assert.ok(await until(() => r.sink.lines.length >= 1, 3000));
    assert.equal(
      strip(r.sink.texts()[0]!),
      'Server ts/t1 is DOWN, reason: Layer7 invalid response, info: "TCPCHK did not match content \'+PONG\' at step 2", check duration: Xms. 0 active and 0 backup servers left. 0 sessions active, 0 requeued, 0 remaining in queue.',
    );
    good = true;
    assert.ok(await until(() => r.sink.lines.some((l) => l.text.includes('is UP')), 3000));
    assert.match(r.sink.texts().find((t) => t.includes('is UP'))!, /reason: Layer7 check passed, code: 0, info: "\(tcp-check\)"/);
  } finally {
    r.stop();
    await srv.close();
  }
});

test('agent answers 50%, drain, down, up', async () => {
  let answer = '50%\n';
  const main = await listen(() => undefined);
  const agent = await listen((s) => s.end(answer));
  const r = startEngine(`backend ag\n    server a1 127.0.0.1:${main.port} check inter 100 weight 10 agent-check agent-port ${agent.port} agent-inter 100\n`);
  const a1 = r.engine.server('ag', 'a1')!;
  try {
    assert.ok(await until(() => a1.uweight === 5, 3000), 'weight 50% of 10');
    answer = 'drain\n';
    assert.ok(await until(() => a1.publicState() === 'DRAIN', 3000));
    answer = 'ready down # maintenance window\n';
    assert.ok(await until(() => a1.publicState() === 'DOWN', 3000));
    assert.ok(r.sink.texts().some((t) => t.startsWith('Server ag/a1 is DOWN, reason: Layer7 wrong status, code: 0, info: "via agent : down (maintenance window)"')));
    answer = 'up\n';
    assert.ok(await until(() => a1.publicState() === 'UP', 3000));
  } finally {
    r.stop();
    await main.close();
    await agent.close();
  }
});

test('a server that accepts and never answers times out (L7TOUT) and leaks no socket', async () => {
  const srv = await listen(() => undefined);
  const r = startEngine(`backend web
    timeout check 150
    timeout connect 1s
    option httpchk
    server h2 127.0.0.1:${srv.port} check inter 100
`);
  try {
    assert.ok(await until(() => r.sink.lines.length >= 1, 3000));
    const m = /^Server web\/h2 is DOWN, reason: Layer7 timeout, check duration: (\d+)ms\. /.exec(r.sink.texts()[0]!);
    assert.ok(m, r.sink.texts()[0]);
    // Not before `timeout check` (a loaded machine may take longer: no upper bound on wall time).
    assert.ok(Number(m[1]) >= 145, `duration ${m[1]}ms`);
    await new Promise((res) => setTimeout(res, 600));
    assert.ok(srv.sockets.size <= 1, `open check connections: ${srv.sockets.size}`);
  } finally {
    r.stop();
    await srv.close();
  }
});

test('garbage and resets are invalid responses', async () => {
  const garbage = await listen((s) => s.once('data', () => s.end('garbage\r\n\r\n')));
  const reset = await listen((s) => s.once('data', () => s.resetAndDestroy()));
  const r = startEngine(`backend web
    option httpchk
    server g 127.0.0.1:${garbage.port} check inter 100
    server z 127.0.0.1:${reset.port} check inter 100
`);
  try {
    assert.ok(await until(() => r.sink.lines.length >= 2, 3000));
    const t = r.sink.texts();
    assert.ok(t.some((x) => /^Server web\/g is DOWN, reason: Layer7 invalid response, check duration/.test(x)));
    assert.ok(t.some((x) => /^Server web\/z is DOWN, reason: Socket error, info: "Connection reset by peer"/.test(x)));
  } finally {
    r.stop();
    await garbage.close();
    await reset.close();
  }
});
