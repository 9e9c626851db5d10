/** tcp-request content with inspect-delay: MISS while data may come, SNI from a ClientHello, accept/reject. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { connect as tlsConnect } from 'node:tls';
import { createServer } from 'node:net';
import { RuleContext } from '../../src/rules/context.js';
import { Verdict } from '../../src/rules/proxy-rules.js';
import { compileExpr } from '../../src/rules/expr.js';
import { env, proxyRules } from './helpers.js';

/** Capture a real ClientHello for `servername` from node:tls (loopback, bounded). */
function clientHello(servername: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const srv = createServer((s) => {
      s.once('data', (d: Buffer) => {
        resolve(d);
        s.destroy();
        srv.close();
      });
    });
    const t = setTimeout(() => {
      srv.close();
      reject(new Error('no ClientHello'));
    }, 3000);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      const c = tlsConnect({ host: '127.0.0.1', port, servername, rejectUnauthorized: false });
      c.on('error', () => undefined);
      c.on('close', () => clearTimeout(t));
    });
  });
}

test('req.ssl_sni and req.ssl_hello_type read a real ClientHello', async () => {
  const hello = await clientHello('api.example.com');
  const ctx = new RuleContext();
  ctx.payload = hello;
  assert.equal(compileExpr('req.ssl_sni', env()).one(ctx), 'api.example.com');
  assert.equal(compileExpr('req.ssl_hello_type', env()).one(ctx), 1);
});

test('inspect-delay: Wait while the data may still arrive, then decide', () => {
  const p = proxyRules(
    ' mode tcp\n tcp-request inspect-delay 5s\n tcp-request content accept if { req.len ge 4 }\n tcp-request content reject if WAIT_END\n',
  );
  const ctx = new RuleContext();
  ctx.payload = Buffer.from('ab');
  assert.equal(p.runTcpContent(ctx, false), Verdict.Wait);
  ctx.payload = Buffer.from('abcd');
  assert.equal(p.runTcpContent(ctx, false), Verdict.Stop);
  ctx.payload = Buffer.from('ab');
  assert.equal(p.runTcpContent(ctx, true), Verdict.Done);
  assert.equal(ctx.reply?.kind, 'reject');
});

test('tcp-request connection reject by source', () => {
  const p = proxyRules(' mode tcp\n tcp-request connection reject if { src 10.0.0.0/8 }\n');
  const ctx = new RuleContext();
  ctx.src = '10.1.1.1';
  assert.equal(p.runTcpConnection(ctx), Verdict.Done);
  ctx.src = '192.0.2.1';
  assert.equal(p.runTcpConnection(ctx), Verdict.Continue);
});
