/**
 * Process lifecycle: the pid file, and signals as HAProxy handles them:
 * SIGTERM/SIGINT stop at once (hard), SIGUSR1 stops listening and exits when the last session ends
 * (soft stop, bounded by `hard-stop-after` when set).
 */
import { writeFileSync } from 'node:fs';

export interface StopHandlers {
  hard(): void;
  soft(): void;
}

export function writePidFile(path: string): string | undefined {
  try {
    writeFileSync(path, `${process.pid}\n`);
    return undefined;
  } catch (e) {
    return `[haproxy.main()] Cannot create pidfile ${path}`;
  }
}

/** Install the signal handlers; returns a function that removes them. */
export function installSignals(h: StopHandlers): () => void {
  const onHard = (): void => h.hard();
  const onSoft = (): void => h.soft();
  process.on('SIGTERM', onHard);
  process.on('SIGINT', onHard);
  process.on('SIGUSR1', onSoft);
  return () => {
    process.removeListener('SIGTERM', onHard);
    process.removeListener('SIGINT', onHard);
    process.removeListener('SIGUSR1', onSoft);
  };
}
