/**
 * Runs a list of request cases against bin/switchyard and, side by side, HAProxy 2.6 with the same
 * configuration: every response must be byte-identical (Date aside) and pass the case's own check.
 */
import assert from 'node:assert/strict';
import { freePorts } from './harness.js';
import { exchange, hasHaproxy, normalize, startHaproxy, startSwitchyard, type Runner } from './rules-harness.js';

export interface Case {
  readonly name: string;
  readonly request: string;
  /** Client source address (loopback: 127.0.0.x). */
  readonly from?: string;
  readonly check: (resp: string) => void;
}

export async function runCases(cfg: (port: number) => string, cases: readonly Case[], log: (m: string) => void): Promise<void> {
  const [syPort, hapPort] = await freePorts(2);
  const sy: Runner = await startSwitchyard(cfg, syPort!);
  let hap: Runner | undefined;
  if (hasHaproxy()) hap = await startHaproxy(cfg, hapPort!);
  else log('haproxy is not installed: checking Switchyard alone, without the side-by-side comparison');
  try {
    for (const c of cases) {
      const got = await exchange(sy.port, c.request, c.from);
      if (hap) {
        const ref = await exchange(hap.port, c.request, c.from);
        assert.equal(normalize(got), normalize(ref), `${c.name}: Switchyard and HAProxy differ`);
      }
      try {
        c.check(got);
      } catch (e) {
        throw new Error(`${c.name}: ${(e as Error).message}\n--- response:\n${got}\n--- proxy output:\n${sy.output()}`);
      }
    }
  } finally {
    await sy.stop();
    if (hap) await hap.stop();
  }
}

export function get(path: string, headers: Record<string, string> = {}, host = 'www.example.com'): string {
  let h = `GET ${path} HTTP/1.1\r\nHost: ${host}\r\n`;
  for (const [k, v] of Object.entries(headers)) h += `${k}: ${v}\r\n`;
  return `${h}Connection: close\r\n\r\n`;
}
