/**
 * HAProxy counts HTTP bytes (stats bin/bout) as the size of its internal HTX message, not the bytes
 * on the wire: a start line costs 21 bytes plus its three parts, each header its name and value
 * (no separators), the connection header nothing (the mux handles it), a body its payload.
 * Measured on haproxy 2.6.12 with requests and responses of known sizes.
 */
import type { HeaderField, RequestHead, ResponseHead } from '../http/types.js';

const START_LINE = 21;

function headersSize(hs: readonly HeaderField[]): number {
  let n = 0;
  for (const h of hs) if (h.lname !== 'connection') n += h.name.length + h.value.length;
  return n;
}

export function htxRequestHeadSize(h: RequestHead): number {
  return START_LINE + h.method.length + h.target.length + 8 + headersSize(h.headers);
}

export function htxResponseHeadSize(h: ResponseHead): number {
  return START_LINE + 8 + 3 + h.reason.length + headersSize(h.headers);
}

/** The HTX size of a whole raw response the proxy writes itself (error page, stats page, reply). */
export function htxSizeOfRaw(raw: Buffer): number {
  const end = raw.indexOf('\r\n\r\n');
  if (end < 0) return raw.length;
  const head = raw.toString('latin1', 0, end);
  const lines = head.split('\r\n');
  const sl = lines[0] ?? '';
  const sp = sl.indexOf(' ');
  const sp2 = sl.indexOf(' ', sp + 1);
  const reason = sp2 < 0 ? '' : sl.slice(sp2 + 1);
  let n = START_LINE + 8 + 3 + reason.length;
  for (let i = 1; i < lines.length; i++) {
    const l = lines[i]!;
    const c = l.indexOf(':');
    if (c < 0) continue;
    const name = l.slice(0, c);
    if (name.toLowerCase() === 'connection') continue;
    n += name.length + l.slice(c + 1).trim().length;
  }
  return n + raw.length - end - 4;
}
