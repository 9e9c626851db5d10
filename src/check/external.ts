/**
 * `option external-check`: run `external-check command` with HAProxy's arguments and environment;
 * exit status 0 passes (PROCOK), anything else fails (PROCERR), no exit before the timeout is PROCTOUT.
 */
import { spawn } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import type { RunResult } from './runner.js';
import { outcome } from './status.js';

export interface ExternalParams {
  readonly command: string;
  readonly path?: string;
  readonly proxyAddr: string;
  readonly proxyPort: string;
  readonly proxyName: string;
  readonly proxyId: number;
  readonly serverAddr: string;
  readonly serverPort: number;
  readonly serverName: string;
  readonly serverId: number;
  readonly serverMaxconn: number;
  readonly serverCurconn: () => number;
  readonly timeout: number;
}

export function runExternal(p: ExternalParams, done: (r: RunResult) => void): () => void {
  const t0 = performance.now();
  let finished = false;
  const env: Record<string, string> = {
    PATH: p.path ?? process.env['PATH'] ?? '',
    HAPROXY_PROXY_ADDR: p.proxyAddr,
    HAPROXY_PROXY_ID: String(p.proxyId),
    HAPROXY_PROXY_NAME: p.proxyName,
    HAPROXY_PROXY_PORT: p.proxyPort,
    HAPROXY_SERVER_ADDR: p.serverAddr,
    HAPROXY_SERVER_CURCONN: String(p.serverCurconn()),
    HAPROXY_SERVER_ID: String(p.serverId),
    HAPROXY_SERVER_MAXCONN: String(p.serverMaxconn),
    HAPROXY_SERVER_NAME: p.serverName,
    HAPROXY_SERVER_PORT: String(p.serverPort),
    HAPROXY_SERVER_SSL: '0',
    HAPROXY_SERVER_PROTO: 'tcp',
  };
  const end = (status: 'PROCOK' | 'PROCERR' | 'PROCTOUT', code: number): void => {
    if (finished) return;
    finished = true;
    clearTimeout(timer);
    done(outcome(status, '', code, Math.floor(performance.now() - t0)));
  };
  const child = spawn(p.command, [p.proxyAddr, p.proxyPort, p.serverAddr, String(p.serverPort)], { env, stdio: 'ignore' });
  const timer = setTimeout(() => {
    child.kill('SIGKILL');
    end('PROCTOUT', 0);
  }, p.timeout);
  child.on('error', () => end('PROCERR', 0));
  child.on('exit', (code) => end(code === 0 ? 'PROCOK' : 'PROCERR', code ?? 0));
  return () => {
    finished = true;
    clearTimeout(timer);
    child.kill('SIGKILL');
  };
}
