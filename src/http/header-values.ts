/** Parsing of the header values that decide framing, as HAProxy 2.6 does (src/h1.c). */

function isLwsCode(c: number): boolean {
  return c === 32 || c === 9 || c === 13 || c === 10;
}

/** Flags collected while indexing a head's fields (H1_MF_* of HAProxy). */
export const MF_CLEN = 1;
export const MF_XFER_ENC = 2;
export const MF_TE_CHUNKED = 4;
export const MF_TE_OTHER = 8;
export const MF_CHNK = 16;
export const MF_CONN_KAL = 32;
export const MF_CONN_CLO = 64;
export const MF_CONN_UPG = 128;
export const MF_UPG_WEBSOCKET = 256;

/**
 * h1_parse_cont_len_header: a comma list of equal decimal values; each must match `prev` (-1 = none).
 * Returns the value, or -1 when invalid / differing. `word` receives the last cleaned value text.
 * Values beyond Number.MAX_SAFE_INTEGER are refused (HAProxy wraps 64-bit overflows; Switchyard refuses).
 */
export function parseContentLength(v: string, prev: number): { len: number; word: string } | null {
  const e = v.length;
  let p = 0;
  let len = prev;
  let word = '';
  for (;;) {
    if (p >= e) return null;
    const c0 = v.charCodeAt(p);
    if (isLwsCode(c0)) {
      p++;
      continue;
    }
    let n = p;
    let cl = 0;
    for (; n < e; n++) {
      const d = v.charCodeAt(n) - 48;
      if (d < 0 || d > 9) break;
      cl = cl * 10 + d;
    }
    if (n === p) return null;
    if (cl > Number.MAX_SAFE_INTEGER) return null;
    word = v.slice(p, n);
    for (; n < e; n++) {
      const c = v.charCodeAt(n);
      if (!isLwsCode(c)) {
        if (c !== 44) return null;
        break;
      }
    }
    if (len >= 0 && cl !== len) return null;
    len = cl;
    if (n++ === e) break;
    p = n;
  }
  return { len, word };
}

/** Iterates the comma-separated words of a value (LWS trimmed), as http_find_hdr_value_end does. */
function forEachWord(v: string, fn: (w: string, start: number, end: number) => boolean | void): void {
  const e = v.length;
  let p = 0;
  while (p < e) {
    if (isLwsCode(v.charCodeAt(p))) {
      p++;
      continue;
    }
    let n = v.indexOf(',', p);
    if (n < 0) n = e;
    let we = n;
    while (we > p && isLwsCode(v.charCodeAt(we - 1))) we--;
    if (fn(v.slice(p, we), p, n) === false) return;
    p = n + 1;
  }
}

/** h1_parse_xfer_enc_header. Returns the new flags, or -1 when invalid. */
export function parseTransferEncoding(v: string, flags: number, isResponse: boolean): number {
  let f = flags | MF_XFER_ENC;
  let bad = false;
  // an empty value still sets XFER_ENC without CHNK
  forEachWord(v, (w) => {
    f &= ~MF_CHNK;
    if (w.length === 7 && w.toLowerCase() === 'chunked') {
      if (f & MF_TE_CHUNKED) {
        bad = true;
        return false;
      }
      f |= MF_TE_CHUNKED | MF_CHNK;
    } else {
      if (!isResponse && f & MF_TE_CHUNKED) {
        bad = true;
        return false;
      }
      f |= MF_TE_OTHER;
    }
    return true;
  });
  return bad ? -1 : f;
}

/**
 * h1_parse_connection_header with H1_MF_CLEAN_CONN_HDR: sets KAL/CLO/UPG flags and returns the value with
 * the "keep-alive" and "close" tokens removed (empty string => the header is dropped).
 */
export function parseConnection(v: string, flagsIn: number): { flags: number; cleaned: string } {
  // fast path: a lone keep-alive / close token
  if (v.length === 10 && (v === 'keep-alive' || v.toLowerCase() === 'keep-alive')) return { flags: flagsIn | MF_CONN_KAL, cleaned: '' };
  if (v.length === 5 && (v === 'close' || v.toLowerCase() === 'close')) return { flags: flagsIn | MF_CONN_CLO, cleaned: '' };
  let flags = flagsIn;
  let out = '';
  let rewritten = false; // a token was removed: later tokens are appended with ','
  let keptEnd = -1;
  forEachWord(v, (w, _s, n) => {
    const lw = w.toLowerCase();
    if (lw === 'keep-alive') {
      flags |= MF_CONN_KAL;
      rewritten = true;
      return true;
    }
    if (lw === 'close') {
      flags |= MF_CONN_CLO;
      rewritten = true;
      return true;
    }
    if (lw === 'upgrade') flags |= MF_CONN_UPG;
    if (!rewritten) keptEnd = n;
    else out += (out.length || keptEnd >= 0 ? ',' : '') + w;
    return true;
  });
  const head = keptEnd >= 0 ? v.slice(0, keptEnd) : '';
  return { flags, cleaned: head + out };
}

/** h1_parse_upgrade_header: websocket among the protocols. */
export function upgradeHasWebsocket(v: string): boolean {
  let ws = false;
  forEachWord(v, (w) => {
    if (w.toLowerCase() === 'websocket') ws = true;
  });
  return ws;
}

/** Trailing LWS is trimmed the way HAProxy keeps a Connection value (up to the last kept token). */
export function trimLws(s: string): string {
  let a = 0;
  let b = s.length;
  while (a < b && isLwsCode(s.charCodeAt(a))) a++;
  while (b > a && isLwsCode(s.charCodeAt(b - 1))) b--;
  return a === 0 && b === s.length ? s : s.slice(a, b);
}
