#!/usr/bin/env node
// `npm start`: Switchyard with demo/haproxy.cfg in front of demo servers this script starts.
// Ports: SY_DEMO_PORT (HTTP frontend, default 8080); the others follow it (+1 tcp, +21..+24 servers).
import { spawn } from 'node:child_process';
import { createServer as createHttpServer } from 'node:http';
import { connect, createServer as createTcpServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const base = Number(process.env.SY_DEMO_PORT ?? 8080);
const host = '127.0.0.1';
const ports = { http: base, tcp: base + 1, web: [base + 21, base + 22, base + 23], echo: base + 24 };
const servers = [];

function listen(server, port) {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve(server));
  });
}

/** Wait until something accepts connections on the port (bounded). */
async function reachable(port, ms) {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    const ok = await new Promise((resolve) => {
      const s = connect(port, host);
      s.once('connect', () => {
        s.destroy();
        resolve(true);
      });
      s.once('error', () => resolve(false));
    });
    if (ok) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return false;
}

async function main() {
  for (const [i, port] of ports.web.entries()) {
    const name = `web${i + 1}`;
    let hits = 0;
    const s = createHttpServer((req, res) => {
      hits++;
      const body = JSON.stringify(
        { server: name, port, hits, method: req.method, url: req.url, 'x-forwarded-for': req.headers['x-forwarded-for'] ?? null },
        null,
        2,
      );
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) + 1 });
      res.end(body + '\n');
    });
    servers.push(await listen(s, port));
  }
  const echo = createTcpServer((sock) => {
    sock.on('error', () => sock.destroy());
    sock.pipe(sock);
  });
  servers.push(await listen(echo, ports.echo));

  const env = {
    ...process.env,
    SY_DEMO_HTTP: `${host}:${ports.http}`,
    SY_DEMO_TCP: `${host}:${ports.tcp}`,
    SY_DEMO_WEB1: `${host}:${ports.web[0]}`,
    SY_DEMO_WEB2: `${host}:${ports.web[1]}`,
    SY_DEMO_WEB3: `${host}:${ports.web[2]}`,
    SY_DEMO_ECHO: `${host}:${ports.echo}`,
  };
  const lb = spawn(process.execPath, [join(root, 'bin', 'switchyard'), '-f', join(root, 'demo', 'haproxy.cfg')], {
    env,
    stdio: 'inherit',
  });
  const stop = (code) => {
    if (lb.exitCode === null) lb.kill('SIGTERM');
    for (const s of servers) s.close();
    setTimeout(() => process.exit(code), 200).unref();
  };
  process.on('SIGINT', () => stop(0));
  process.on('SIGTERM', () => stop(0));
  lb.on('exit', (code) => {
    for (const s of servers) s.close();
    process.exitCode = code ?? 1;
  });

  if (!(await reachable(ports.http, 10_000))) {
    process.stderr.write(`demo: Switchyard did not start listening on ${host}:${ports.http}\n`);
    stop(1);
    return;
  }
  process.stdout.write(`
Switchyard demo is running (pid ${lb.pid}), configured by demo/haproxy.cfg:

  HTTP, round robin over 3 servers:   curl http://${host}:${ports.http}/hello
  (run it a few times and watch "server" change; X-Forwarded-For is added by 'option forwardfor')

  TCP echo through a 'listen' proxy:  echo hi | nc ${host} ${ports.tcp}

  Check a configuration like HAProxy: bin/switchyard -c -f demo/haproxy.cfg

Press Ctrl-C to stop.
`);
}

main().catch((err) => {
  process.stderr.write(`demo: ${err && err.message ? err.message : err}\n`);
  for (const s of servers) s.close();
  process.exit(1);
});
