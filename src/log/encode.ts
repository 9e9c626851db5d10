/**
 * HAProxy's log encodings (log.c init_log()): `#XX` for characters of the request line and of
 * captured headers that would break a log line, and `+E` escaping of free text.
 */

function map(extra: string): Uint8Array {
  const m = new Uint8Array(256);
  for (let i = 0; i < 32; i++) m[i] = 1;
  for (let i = 127; i < 256; i++) m[i] = 1;
  for (const c of extra) m[c.charCodeAt(0)] = 1;
  return m;
}

/** %r and the %H* request parts: '"', '#' and non-printable characters. */
export const URL_MAP = map('"#');
/** %hr %hs: also '{', '|', '}' that delimit the captures. */
export const HDR_MAP = map('"#{|}');

const HEX = '0123456789ABCDEF';

/** Replace every character of `m` by `#XX` (Latin-1 view of the string: one byte per char below 256). */
export function encodeWith(s: string, m: Uint8Array): string {
  let i = 0;
  const n = s.length;
  for (; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c > 255 || m[c] === 1) break;
  }
  if (i === n) return s;
  let out = s.slice(0, i);
  for (; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c > 255) {
      for (const b of Buffer.from(s[i]!, 'utf8')) out += '#' + HEX[b >> 4] + HEX[b & 15];
    } else if (m[c] === 1) out += '#' + HEX[c >> 4] + HEX[c & 15];
    else out += s[i];
  }
  return out;
}

/** `+E`: backslash before '"', '\' and ']' (lf_text_len with LOG_OPT_ESC). */
export function escapeText(s: string): string {
  return /["\\\]]/.test(s) ? s.replace(/["\\\]]/g, '\\$&') : s;
}
