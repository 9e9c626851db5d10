/**
 * Runtime API test helpers: a stats socket per proxy under a temporary directory, one-shot and
 * interactive `socat` sessions (the way operators and scripts use the socket), and the masking that
 * makes HAProxy's and Switchyard's replies comparable (pids, times, pointers, versions).
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export function hasSocat(): boolean {
  return spawnSync('socat', ['-V'], { encoding: 'utf8', timeout: 5000 }).status === 0;
}

export function sockDir(): string {
  return mkdtempSync(join(tmpdir(), 'sy-api-'));
}

/** `printf 'input' | socat stdio unix:PATH`: everything the socket answered (bounded). */
export function socat(sock: string, input: string, ms = 4000): Promise<string> {
  return new Promise((resolve) => {
    const c = spawn('socat', ['-t', '1', 'stdio', `unix-connect:${sock}`], { stdio: ['pipe', 'pipe', 'ignore'] });
    let out = '';
    const t = setTimeout(() => c.kill('SIGKILL'), ms);
    c.stdout.on('data', (d: Buffer) => (out += d.toString('latin1')));
    c.on('close', () => {
      clearTimeout(t);
      resolve(out);
    });
    c.stdin.end(input);
  });
}

/** Wait (bounded) until a UNIX socket answers `show cli level`. */
export async function waitSocket(sock: string, ms = 10_000): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if ((await socat(sock, 'show cli level\n', 1000)) !== '') return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return false;
}

/** Replace what legitimately differs between the two processes. */
export function mask(s: string): string {
  return s
    .replace(/0x[0-9a-f]{6,}/g, '0xPTR')
    .replace(/\[\d\d\/\w\w\w\/\d{4}:\d\d:\d\d:\d\d\.\d{3}\]/g, '[DATE]')
    .replace(/^(\d+ \S+ \d+ \S+ \S+ \d+ \d+ \d+ \d+) \d+ /gm, '$1 T ')
    .replace(/src=unix:\d+/g, 'src=unix:N')
    .replace(/age=\d+s/g, 'age=Ns')
    .replace(/scf=\[[^\]]*\]/g, 'scf=[]');
}
