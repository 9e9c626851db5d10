/**
 * Debian's `hatop` against Switchyard's stats socket: it enters interactive mode (`prompt`, `set
 * timeout cli`), polls `show info` and `show stat`, and must draw every proxy and server with its
 * state; a `disable server` sent meanwhile on the socket must show up as MAINT on its screen. hatop
 * is a curses program, so it runs in a detached tmux session (bounded), whose screen is captured.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { delay, freePort, startProxy, type Proxy } from './harness.js';
import { namedBackends, type NamedBackends } from './lb-side.js';
import { hasSocat, sockDir, socat, waitSocket } from './api-side.js';

const have = (cmd: string): boolean => spawnSync('sh', ['-c', `command -v ${cmd}`], { timeout: 5000 }).status === 0;
const skip = !have('hatop') ? 'hatop is not installed (apt-get install hatop)' : !have('tmux') ? 'tmux is not installed' : !hasSocat() ? 'socat is not installed' : false;

const tmuxSock = `sy-hatop-${process.pid}`;
function tmux(...args: string[]): string {
  return spawnSync('tmux', ['-L', tmuxSock, ...args], { encoding: 'utf8', timeout: 5000 }).stdout ?? '';
}

/** Capture hatop's screen until `want` matches (bounded). */
async function screenUntil(want: RegExp, ms = 15_000): Promise<string> {
  const end = Date.now() + ms;
  let screen = '';
  while (Date.now() < end) {
    screen = tmux('capture-pane', '-p', '-t', 'hatop');
    if (want.test(screen)) return screen;
    await delay(200);
  }
  return screen;
}

describe('hatop on the stats socket', { skip }, () => {
  let nb: NamedBackends;
  let proxy: Proxy;
  let sock: string;
  before(async () => {
    nb = await namedBackends(['web1', 'web2', 'api1']);
    sock = join(sockDir(), 'admin.sock');
    const port = await freePort();
    proxy = await startProxy(
      `global
    stats socket ${sock} level admin
defaults
    mode http
    timeout connect 2s
    timeout client 10s
    timeout server 10s
frontend www
    bind 127.0.0.1:${port}
    default_backend web
backend web
    server web1 127.0.0.1:${nb.ports[0]} weight 10
    server web2 127.0.0.1:${nb.ports[1]} weight 20
backend api
    server api1 127.0.0.1:${nb.ports[2]} disabled
`,
      [port],
    );
    assert.ok(await waitSocket(sock));
  });
  after(async () => {
    tmux('kill-server');
    await proxy?.stop();
    await nb?.close();
  });

  it('shows the proxies and servers, and follows a state change', { timeout: 45_000 }, async () => {
    tmux('new-session', '-d', '-s', 'hatop', '-x', '150', '-y', '40', `TERM=xterm hatop -i 1 -s ${sock}`);
    const screen = await screenUntil(/>>> api[\s\S]*BACKEND/);
    assert.match(screen, /HAProxy Version: 2\.6\.\d+-switchyard/);
    assert.match(screen, /Proxies:\s+3\s+Services:\s+6/);
    assert.match(screen, />>> www\s*\n\s*FRONTEND\s+0 OPEN/);
    assert.match(screen, /web1\s+10 -/);
    assert.match(screen, /web2\s+20 -/);
    assert.match(screen, /api1\s+1 MAINT/);
    assert.equal(await socat(sock, 'disable server web/web2\n'), '\n');
    const later = await screenUntil(/web2\s+20 MAINT/);
    assert.match(later, /web2\s+20 MAINT/, later);
    tmux('send-keys', '-t', 'hatop', 'q');
  });
});
