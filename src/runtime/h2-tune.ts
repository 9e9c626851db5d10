/** `tune.h2.*` of the global section (HAProxy 2.6 has no separate fe/be variants), read once at start-up. */
import { DEFAULT_H2_SETTINGS, type H2Settings } from '../http/h2/conn.js';

export const h2Tune: H2Settings = { ...DEFAULT_H2_SETTINGS };

export function applyH2Tune(tune: Readonly<Record<string, number | boolean | string>>): void {
  const num = (k: string): number | undefined => (typeof tune[k] === 'number' ? (tune[k] as number) : undefined);
  h2Tune.headerTableSize = num('tune.h2.header-table-size') ?? DEFAULT_H2_SETTINGS.headerTableSize;
  h2Tune.initialWindowSize = num('tune.h2.initial-window-size') ?? DEFAULT_H2_SETTINGS.initialWindowSize;
  h2Tune.maxConcurrentStreams = num('tune.h2.max-concurrent-streams') ?? DEFAULT_H2_SETTINGS.maxConcurrentStreams;
  h2Tune.maxFrameSize = num('tune.h2.max-frame-size') ?? DEFAULT_H2_SETTINGS.maxFrameSize;
  const buf = num('tune.bufsize');
  if (buf !== undefined) h2Tune.maxHeaderListSize = buf;
}
