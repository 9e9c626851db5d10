/**
 * Pass 1 of the HTTP/1 head parser: scans the header block byte by byte exactly as HAProxy 2.6's
 * h1_headers_to_hdr_list() does (token names, ':' with no space before it, values up to CR/LF, a CR must
 * be followed by LF, bare LF ends a line, obs-fold joined with spaces, leading/trailing LWS trimmed) and
 * records each field's offsets in a reusable Int32Array, so no object is made until pass 2.
 */
import { CR, HT, LF, SP, TOKEN, isLws } from './chars.js';

/** Per field: nameStart, nameEnd, valueStart, valueEnd, flags. */
export const FIELD_STRIDE = 5;
export const F_UPPER = 1;
export const F_FOLDED = 2;

export class FieldScan {
  offs = new Int32Array(64 * FIELD_STRIDE);
  count = 0;
  errOffset = 0;
  errReason = '';

  private grow(): void {
    const n = new Int32Array(this.offs.length * 2);
    n.set(this.offs);
    this.offs = n;
  }

  /**
   * Scans fields from `pos` (the first byte after the start line). Returns the offset just after the empty
   * line ending the head, -1 when more bytes are needed, -2 on a malformed block (errOffset/errReason set).
   */
  scan(buf: Buffer, pos: number): number {
    const len = buf.length;
    this.count = 0;
    let p = pos;
    for (;;) {
      if (p >= len) return -1;
      let c = buf[p] as number;
      if (c === CR) {
        if (p + 1 >= len) return -1;
        if (buf[p + 1] !== LF) return this.fail(p + 1, 'CR not followed by LF at end of head');
        return p + 2;
      }
      if (c === LF) return p + 1;
      // header name
      const ns = p;
      let flags = 0;
      let t = TOKEN[c] as number;
      while (t !== 0) {
        flags |= t;
        if (++p >= len) return -1;
        c = buf[p] as number;
        t = TOKEN[c] as number;
      }
      if (c !== 58) return this.fail(p, c === SP || c === HT ? 'whitespace before colon' : 'invalid character in header name');
      if (p === ns) return this.fail(p, 'empty header name');
      const ne = p;
      flags = flags & 2 ? F_UPPER : 0;
      p++;
      // value (may span obs-folded lines)
      let vs = -1;
      let ve = p;
      for (;;) {
        while (p < len) {
          c = buf[p] as number;
          if (c <= CR && (c === CR || c === LF)) break;
          if (vs < 0 && c !== SP && c !== HT) vs = p;
          p++;
        }
        if (p >= len) return -1;
        if (vs >= 0) ve = p;
        if (c === CR) {
          if (p + 1 >= len) return -1;
          if (buf[p + 1] !== LF) return this.fail(p + 1, 'bare CR in header value');
          p += 2;
        } else p++;
        if (p >= len) return -1;
        c = buf[p] as number;
        if (c !== SP && c !== HT) break;
        flags |= F_FOLDED; // obs-fold: HAProxy replaces CR/LF/HT of the fold by spaces and keeps the value going
      }
      if (vs < 0) vs = ve = p; // empty value
      else while (ve > vs && isLws(buf[ve - 1] as number)) ve--;
      const i = this.count * FIELD_STRIDE;
      if (i + FIELD_STRIDE > this.offs.length) this.grow();
      const o = this.offs;
      o[i] = ns;
      o[i + 1] = ne;
      o[i + 2] = vs;
      o[i + 3] = ve;
      o[i + 4] = flags;
      this.count++;
    }
  }

  private fail(offset: number, reason: string): number {
    this.errOffset = offset;
    this.errReason = reason;
    return -2;
  }
}
