/** Runs h2load (Debian nghttp2-client), bounded in time, and reads its summary. */
import { spawn } from 'node:child_process';

export interface H2loadResult {
  succeeded: number;
  failed: number;
  reqPerSec: number;
  out: string;
}

export function runH2load(args: readonly string[], ms = 30_000): Promise<H2loadResult> {
  return new Promise((resolve) => {
    const c = spawn('h2load', [...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    c.stdout.on('data', (d: Buffer) => (out += d.toString()));
    c.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const t = setTimeout(() => c.kill('SIGKILL'), ms);
    c.on('close', () => {
      clearTimeout(t);
      const m = /requests: \d+ total, \d+ started, \d+ done, (\d+) succeeded, (\d+) failed/.exec(out);
      const rps = /finished in [\d.]+m?s, ([\d.]+) req\/s/.exec(out);
      resolve({ succeeded: m ? Number(m[1]) : -1, failed: m ? Number(m[2]) : -1, reqPerSec: rps ? Number(rps[1]) : 0, out });
    });
  });
}
