/** Helpers for tests that run the real `bin/switchyard` binary. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Diagnostic } from '../../src/config/diagnostics.js';
import { formatDiagnostic } from '../../src/cli/messages.js';

/** The repository root (tests run from dist/test/...). */
export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
export const BIN = join(ROOT, 'bin', 'switchyard');

export interface RunResult {
  status: number;
  stdout: string;
  stderr: string;
}

export function runBin(args: readonly string[], opts: { env?: Record<string, string>; cwd?: string; timeoutMs?: number } = {}): RunResult {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd: opts.cwd ?? ROOT,
    env: { ...process.env, ...opts.env },
    encoding: 'utf8',
    timeout: opts.timeoutMs ?? 20_000,
  });
  return { status: r.status ?? -1, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
}

/** Write a configuration into a fresh temporary directory; returns its path. */
export function tmpConfig(text: string, name = 'haproxy.cfg'): string {
  const dir = mkdtempSync(join(tmpdir(), 'switchyard-test-'));
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}

/** Lines of HAProxy-style output naming "[file:LINE]" for the given level. */
export function linesOf(output: string, level: 'ALERT' | 'WARNING'): number[] {
  const out: number[] = [];
  for (const l of output.split('\n')) {
    if (!l.startsWith(`[${level}]`)) continue;
    const m = /\[[^\]]*:(\d+)\]/.exec(l);
    if (m) out.push(Number(m[1]));
  }
  return out;
}

/** A diagnostic as the CLI shows it after "[LEVEL] (pid) : config : " (place included). */
export function shown(d: Diagnostic | undefined): string {
  if (!d) return '';
  return formatDiagnostic(d, 0).replace(/^\[[A-Z]+\] +\(0\) : config : /, '');
}
