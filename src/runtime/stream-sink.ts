/**
 * Where finished streams go: the log line (src/log/) and the counters (src/stats/) plug in here.
 * Until they exist, SWITCHYARD_DEBUG_STREAMS=1 prints one line per stream on stderr (tests use it
 * to check termination states).
 */
import type { StreamInfo } from './stream.js';

export type StreamSink = (st: StreamInfo) => void;

export function debugSink(write: (s: string) => void): StreamSink {
  return (st) =>
    write(
      `[stream] ${st.frontend} ${st.backend || '-'}/${st.server} ${st.status} ${st.termState} ` +
        `bytes_in=${st.bytesIn} bytes_out=${st.bytesOut} t=${st.tClose} "${st.requestLine}"\n`,
    );
}
