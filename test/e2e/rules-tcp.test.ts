/**
 * tcp mode rules end to end, side by side with HAProxy 2.6: routing on the TLS SNI read from the
 * ClientHello within inspect-delay, and tcp-request connection reject by source address.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { connect, createServer, type AddressInfo, type Server } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import { freePorts } from './harness.js';
import { hasHaproxy, startHaproxy, startSwitchyard, type Runner } from './rules-harness.js';

/** A real ClientHello for `servername`, captured on loopback (bounded). */
function clientHello(servername: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const srv = createServer((s) => {
      s.once('data', (d: Buffer) => {
        resolve(d);
        s.destroy();
        srv.close();
      });
    });
    const t = setTimeout(() => reject(new Error('no ClientHello')), 3000);
    srv.listen(0, '127.0.0.1', () => {
      const c = tlsConnect({ host: '127.0.0.1', port: (srv.address() as AddressInfo).port, servername, rejectUnauthorized: false });
      c.on('error', () => undefined);
      c.on('close', () => clearTimeout(t));
    });
  });
}

/** A backend that answers its name to the first bytes, then closes. */
function namedBackend(name: string): Promise<Server> {
  return new Promise((resolve) => {
    const s = createServer((c) => {
      c.on('error', () => undefined);
      c.once('data', () => c.end(name));
    });
    s.listen(0, '127.0.0.1', () => resolve(s));
  });
}

/** Send bytes, collect the answer until close (bounded). */
function talk(port: number, data: Buffer, from?: string): Promise<string> {
  return new Promise((resolve) => {
    const s = connect({ port, host: '127.0.0.1', localAddress: from });
    let out = '';
    const t = setTimeout(() => s.destroy(), 3000);
    s.on('data', (d: Buffer) => (out += d.toString('latin1')));
    s.on('error', () => undefined);
    s.on('close', () => {
      clearTimeout(t);
      resolve(out);
    });
    s.on('connect', () => s.write(data));
  });
}

test('tcp mode: SNI routing with inspect-delay and connection reject by src, like HAProxy', { timeout: 60_000 }, async (t) => {
  const a = await namedBackend('be_a');
  const b = await namedBackend('be_b');
  const port = (s: Server): number => (s.address() as AddressInfo).port;
  const cfg = (p: number): string => `defaults
    mode tcp
    timeout connect 2s
    timeout client 5s
    timeout server 5s
frontend fe
    bind 127.0.0.1:${p}
    tcp-request connection reject if { src 127.0.0.3 }
    tcp-request inspect-delay 2s
    tcp-request content accept if { req.ssl_hello_type 1 }
    use_backend be_a if { req.ssl_sni -i a.example.com }
    default_backend be_b
backend be_a
    server s 127.0.0.1:${port(a)}
backend be_b
    server s 127.0.0.1:${port(b)}
`;
  const helloA = await clientHello('A.example.com');
  const helloB = await clientHello('b.example.com');
  const [p1, p2] = await freePorts(2);
  const runners: Runner[] = [await startSwitchyard(cfg, p1!)];
  if (hasHaproxy()) runners.push(await startHaproxy(cfg, p2!));
  else t.diagnostic('haproxy is not installed: checking Switchyard alone');
  try {
    for (const r of runners) {
      assert.equal(await talk(r.port, helloA), 'be_a', `${r.name}: SNI a`);
      assert.equal(await talk(r.port, helloB), 'be_b', `${r.name}: SNI b`);
      assert.equal(await talk(r.port, helloA, '127.0.0.3'), '', `${r.name}: rejected source`);
      // Split ClientHello: the rules wait for the rest within inspect-delay.
      const split = await new Promise<string>((resolve) => {
        const s = connect(r.port, '127.0.0.1');
        let out = '';
        const tm = setTimeout(() => s.destroy(), 4000);
        s.on('data', (d: Buffer) => (out += d.toString('latin1')));
        s.on('error', () => undefined);
        s.on('close', () => {
          clearTimeout(tm);
          resolve(out);
        });
        s.on('connect', () => {
          s.write(helloA.subarray(0, 20));
          setTimeout(() => s.write(helloA.subarray(20)), 150);
        });
      });
      assert.equal(split, 'be_a', `${r.name}: split ClientHello`);
    }
  } finally {
    for (const r of runners) await r.stop();
    a.close();
    b.close();
  }
});
