/**
 * SWITCHYARD_DEBUG_RESOURCES=1: on SIGUSR2 the process prints one line on stderr with what it
 * holds: its open descriptors, Node's active handles by kind, and the health checks' own counts
 * (runs, sockets, timers). The leak tests use it; nothing is installed without the variable.
 */
import { readdirSync } from 'node:fs';
import { checkResources } from '../check/resources.js';

export function resourceReport(): string {
  let fds = -1;
  try {
    fds = readdirSync('/proc/self/fd').length;
  } catch {
    /* not Linux */
  }
  const handles: Record<string, number> = {};
  for (const k of process.getActiveResourcesInfo()) handles[k] = (handles[k] ?? 0) + 1;
  return JSON.stringify({ fds, handles, checks: checkResources });
}

/** Install the SIGUSR2 report when asked for; returns a function that removes it. */
export function installResourceReport(print: (line: string) => void): () => void {
  if (process.env['SWITCHYARD_DEBUG_RESOURCES'] !== '1') return () => undefined;
  const on = (): void => print(`[DEBUG] resources: ${resourceReport()}\n`);
  process.on('SIGUSR2', on);
  return () => process.removeListener('SIGUSR2', on);
}
