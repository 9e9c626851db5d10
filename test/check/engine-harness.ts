/** Run the check engine alone on a configuration text, collecting its messages (no data plane). */
import { loadConfigText } from '../../src/config/parse.js';
import { HealthEngine } from '../../src/check/engine.js';
import { MemorySink } from '../../src/check/sink.js';

export interface EngineRun {
  readonly engine: HealthEngine;
  readonly sink: MemorySink;
  stop(): void;
}

export function startEngine(cfg: string, manual = false): EngineRun {
  const { config } = loadConfigText(cfg, 'test.cfg', { env: {} });
  const sink = new MemorySink();
  const engine = new HealthEngine(config, sink, { manual });
  return { engine, sink, stop: () => engine.stop() };
}

/** Resolve once `pred` holds (polling every 20 ms) or after `ms`. */
export async function until(pred: () => boolean, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (pred()) return true;
    await new Promise((r) => setTimeout(r, 20));
  }
  return pred();
}

// Manual comparison: node dist/test/check/engine-harness.js <cfg-file> <ms>
if (process.argv[1]?.endsWith('engine-harness.js') && process.argv[2]) {
  const { readFileSync } = await import('node:fs');
  const r = startEngine(readFileSync(process.argv[2], 'utf8'));
  r.sink.emit = (m) => console.log(m.logText);
  setTimeout(() => {
    r.stop();
    process.exit(0);
  }, Number(process.argv[3] ?? 3000));
}
