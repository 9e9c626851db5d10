/** Real TLS clients for the e2e tests: `openssl s_client` runs, bounded in time. */
import { spawn } from 'node:child_process';

export interface SClient {
  status: number;
  out: string;
}

/**
 * `openssl s_client -connect 127.0.0.1:port ARGS`, sending `input` then waiting `holdMs` (TLS 1.3
 * session tickets arrive after the handshake) before closing stdin.
 */
export function sClient(port: number, args: readonly string[], input = '', holdMs = 300): Promise<SClient> {
  return new Promise((resolve) => {
    const c = spawn('openssl', ['s_client', '-connect', `127.0.0.1:${port}`, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    c.stdout.on('data', (d: Buffer) => (out += d.toString('latin1')));
    c.stderr.on('data', (d: Buffer) => (out += d.toString('latin1')));
    c.stdin.on('error', () => undefined);
    if (input) c.stdin.write(input);
    const close = setTimeout(() => c.stdin.end(), holdMs);
    const kill = setTimeout(() => c.kill('SIGKILL'), holdMs + 5000);
    c.on('close', (code) => {
      clearTimeout(close);
      clearTimeout(kill);
      resolve({ status: code ?? -1, out });
    });
  });
}

/** The subject line of the leaf certificate in s_client's output. */
export function leafSubject(out: string): string | undefined {
  return /^ 0 s:(.*)$/m.exec(out)?.[1]?.trim();
}

/** `a:PKEY: id-ecPublicKey, 256 (bit)` of the leaf: 'ec' | 'rsa'. */
export function leafKey(out: string): string | undefined {
  const m = /^ 0 s:.*\n.*\n\s+a:PKEY: (\S+),/m.exec(out);
  if (!m) return undefined;
  return m[1] === 'rsaEncryption' ? 'rsa' : m[1] === 'id-ecPublicKey' ? 'ec' : m[1];
}
