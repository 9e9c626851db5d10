/**
 * A keep-alive client session keeps its private server connections (`http-reuse never`), one per
 * server, up to `max-session-srv-conns` (HAProxy's session list): side by side with HAProxy 2.6,
 * the same requests open the same number of server connections.
 */
import assert from 'node:assert/strict';
import { createServer, type Server as HttpServer } from 'node:http';
import { connect } from 'node:net';
import { describe, it } from 'node:test';
import { freePort, startProxy } from './harness.js';
import { hasHaproxy, startHaproxy } from './lb-side.js';

const skip = hasHaproxy() ? false : 'haproxy 2.x is not installed: side-by-side test skipped';

interface Counted {
  ports: number[];
  conns: number[];
  close(): Promise<void>;
}

async function countedBackends(n: number): Promise<Counted> {
  const servers: HttpServer[] = [];
  const ports: number[] = [];
  const conns: number[] = [];
  for (let i = 0; i < n; i++) {
    const s = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain', 'content-length': '2' });
      res.end(`s${i}`);
    });
    conns.push(0);
    s.on('connection', () => conns[i]!++);
    const port = await freePort();
    await new Promise<void>((r) => s.listen(port, '127.0.0.1', () => r()));
    servers.push(s);
    ports.push(port);
  }
  return {
    ports,
    conns,
    close: () =>
      Promise.all(
        servers.map(
          (s) =>
            new Promise<void>((r) => {
              s.closeAllConnections();
              s.close(() => r());
            }),
        ),
      ).then(() => undefined),
  };
}

/** `count` requests one after the other on one keep-alive client connection; the bodies. */
function keepAliveRequests(port: number, count: number): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const sock = connect(port, '127.0.0.1');
    const bodies: string[] = [];
    let buf = '';
    const timer = setTimeout(() => {
      sock.destroy();
      reject(new Error(`timed out after ${bodies.length} replies`));
    }, 10_000);
    const next = (): void => {
      sock.write(`GET /${bodies.length} HTTP/1.1\r\nhost: x\r\n\r\n`);
    };
    sock.on('connect', next);
    sock.on('data', (d: Buffer) => {
      buf += d.toString('latin1');
      // Each reply: head, then a 2-byte body (content-length: 2).
      for (;;) {
        const end = buf.indexOf('\r\n\r\n');
        if (end < 0 || buf.length < end + 6) return;
        bodies.push(buf.slice(end + 4, end + 6));
        buf = buf.slice(end + 6);
        if (bodies.length === count) {
          clearTimeout(timer);
          sock.end();
          resolve(bodies);
          return;
        }
        next();
      }
    });
    sock.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
  });
}

const cfg = (port: number, ports: number[], extra: string): string => `defaults
    mode http
    timeout connect 2s
    timeout client 10s
    timeout server 10s

listen lb
    bind 127.0.0.1:${port}
    http-reuse never
    balance roundrobin
${extra}
${ports.map((p, i) => `    server s${i} 127.0.0.1:${p}`).join('\n')}
`;

type Run = (cfgText: string, port: number) => Promise<{ stop(): Promise<unknown> }>;
const RUNNERS: Record<string, Run> = {
  haproxy: (c, p) => startHaproxy(c, p),
  switchyard: (c, p) => startProxy(c, [p]),
};

async function serverConnections(which: string, servers: number, extra: string, requests: number): Promise<{ conns: number[]; bodies: string[] }> {
  const b = await countedBackends(servers);
  try {
    const port = await freePort();
    const proxy = await RUNNERS[which]!(cfg(port, b.ports, extra), port);
    try {
      const bodies = await keepAliveRequests(port, requests);
      return { conns: [...b.conns], bodies };
    } finally {
      await proxy.stop();
    }
  } finally {
    await b.close();
  }
}

describe('session server connections side by side with HAProxy 2.6', { skip }, () => {
  for (const [name, servers, extra] of [
    ['3 servers, default max-session-srv-conns: one connection per server', 3, ''],
    ['3 servers, max-session-srv-conns 2: the third server gets a new connection each time', 3, '    max-session-srv-conns 2'],
    ['2 servers, max-session-srv-conns 0: a new connection per request', 2, '    max-session-srv-conns 0'],
  ] as const) {
    it(name, { timeout: 40_000 }, async () => {
      const hap = await serverConnections('haproxy', servers, extra, 30);
      const sy = await serverConnections('switchyard', servers, extra, 30);
      assert.deepEqual(sy.bodies, hap.bodies);
      assert.deepEqual(sy.conns, hap.conns);
    });
  }
});
