/**
 * Where finished streams go: the log line (src/log/) and the counters (src/stats/) plug in here.
 * Until they exist, SWITCHYARD_DEBUG_STREAMS=1 prints one line per stream on stderr (tests use it
 * to check termination states).
 */
import type { Listener } from '../net/listener.js';
import type { ConnAddrs } from '../net/proxy-protocol.js';
import type { StreamInfo } from './stream.js';

export type StreamSink = (st: StreamInfo) => void;

export function debugSink(write: (s: string) => void): StreamSink {
  return (st) =>
    write(
      `[stream] ${st.frontend} ${st.backend || '-'}/${st.server} ${st.status} ${st.termState} ` +
        `bytes_in=${st.bytesIn} bytes_out=${st.bytesOut} t=${st.tClose} "${st.requestLine}"\n`,
    );
}

/**
 * A connection that ended before any stream (a failed TLS handshake, a rejected client certificate):
 * HAProxy logs `<client> [date] <frontend>/<bind>: <reason>` for it.
 */
export type ConnErrorSink = (frontend: string, listener: Listener, addrs: ConnAddrs, reason: string) => void;

export function debugConnSink(write: (s: string) => void): ConnErrorSink {
  return (fe, l, a, reason) => write(`[conn] ${a.srcAddr ?? '-'}:${a.srcPort ?? 0} ${fe}/${l.bind.name ?? l.label}: ${reason}\n`);
}

/** Every sink in turn (logs, counters, the debug line); undefined when there is none. */
export function combineSinks(sinks: ReadonlyArray<StreamSink | undefined>): StreamSink | undefined {
  const list = sinks.filter((s): s is StreamSink => s !== undefined);
  if (list.length === 0) return undefined;
  if (list.length === 1) return list[0];
  return (st) => {
    for (let i = 0; i < list.length; i++) list[i]!(st);
  };
}

/** Every connection-error sink in turn; undefined when there is none. */
export function combineConnSinks(sinks: ReadonlyArray<ConnErrorSink | undefined>): ConnErrorSink | undefined {
  const list = sinks.filter((s): s is ConnErrorSink => s !== undefined);
  if (list.length <= 1) return list[0];
  return (fe, l, a, reason) => {
    for (const s of list) s(fe, l, a, reason);
  };
}
