/**
 * `nbsrv(backend)` counts as HAProxy 2.6's be_usable_srv(): weight-0 (drained) servers are not
 * usable, backups count only when no active server is (as 1 without `option allbackups`).
 * Side by side with the real HAProxy on the same configuration.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { freePort, startProxy } from './harness.js';
import { hasHaproxy, startHaproxy } from './lb-side.js';

const skip = hasHaproxy() ? false : 'haproxy 2.x is not installed: side-by-side test skipped';

const cfg = (port: number): string => `defaults
    mode http
    timeout connect 1s
    timeout client 2s
    timeout server 2s
backend b1
    server a 127.0.0.1:9 weight 0
    server b 127.0.0.1:9
    server c 127.0.0.1:9 backup
    server d 127.0.0.1:9 backup
backend b2
    server a 127.0.0.1:9 weight 0
    server c 127.0.0.1:9 backup
    server d 127.0.0.1:9 backup
backend b3
    option allbackups
    server a 127.0.0.1:9 weight 0
    server c 127.0.0.1:9 backup
    server d 127.0.0.1:9 backup
backend b4
    server a 127.0.0.1:9 weight 0
    server c 127.0.0.1:9 backup weight 0
backend b5
    server a 127.0.0.1:9 disabled
    server b 127.0.0.1:9
    server c 127.0.0.1:9
frontend fe
    bind 127.0.0.1:${port}
    http-request return status 200 content-type text/plain lf-string "%[nbsrv(b1)] %[nbsrv(b2)] %[nbsrv(b3)] %[nbsrv(b4)] %[nbsrv(b5)]"
`;

async function ask(port: number): Promise<string> {
  const r = await fetch(`http://127.0.0.1:${port}/`);
  return r.text();
}

describe('nbsrv() side by side with HAProxy 2.6', { skip }, () => {
  it('drained servers and backups count as HAProxy counts them', { timeout: 30_000 }, async () => {
    const hp = await freePort();
    const h = await startHaproxy(cfg(hp), hp);
    let hap: string;
    try {
      hap = await ask(hp);
    } finally {
      await h.stop();
    }
    const sp = await freePort();
    const s = await startProxy(cfg(sp), [sp]);
    let sy: string;
    try {
      sy = await ask(sp);
    } finally {
      await s.stop();
    }
    assert.equal(hap, '1 1 2 0 2');
    assert.equal(sy, hap);
  });
});
