/**
 * HPACK's Huffman code (RFC 7541 section 5.2, Appendix B). The code is canonical: codes follow from
 * the bit lengths, assigned in (length, symbol) order, so only the 257 lengths are written here.
 * Decoding walks a table of 4-bit steps built once; malformed input (EOS inside the string, padding
 * longer than 7 bits or not all ones) is reported as null, never thrown.
 */

const LENGTHS = [
  13, 23, 28, 28, 28, 28, 28, 28, 28, 24, 30, 28, 28, 30, 28, 28, 28, 28, 28, 28, 28, 28, 30, 28, 28, 28, 28, 28, 28, 28, 28, 28,
  6, 10, 10, 12, 13, 6, 8, 11, 10, 10, 8, 11, 8, 6, 6, 6, 5, 5, 5, 6, 6, 6, 6, 6, 6, 6, 7, 8, 15, 6, 12, 10,
  13, 6, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 8, 7, 8, 13, 19, 13, 14, 6,
  15, 5, 6, 5, 6, 5, 6, 6, 6, 5, 7, 7, 6, 6, 6, 5, 6, 7, 6, 5, 5, 6, 7, 7, 7, 7, 7, 15, 11, 14, 13, 28,
  20, 22, 20, 20, 22, 22, 22, 23, 22, 23, 23, 23, 23, 23, 24, 23, 24, 24, 22, 23, 24, 23, 23, 23, 23, 21, 22, 23, 22, 23, 23, 24,
  22, 21, 20, 22, 22, 23, 23, 21, 23, 22, 22, 24, 21, 22, 23, 23, 21, 21, 22, 21, 23, 22, 23, 23, 20, 22, 22, 22, 23, 22, 22, 23,
  26, 26, 20, 19, 22, 23, 22, 25, 26, 26, 26, 27, 27, 26, 24, 25, 19, 21, 26, 27, 27, 26, 27, 24, 21, 21, 26, 26, 28, 27, 27, 27,
  20, 24, 20, 21, 22, 21, 21, 23, 22, 22, 25, 25, 24, 24, 26, 23, 26, 27, 26, 26, 27, 27, 27, 27, 27, 28, 27, 27, 27, 27, 27, 26,
  30,
];

export const EOS = 256;
/** Bit length of each symbol's code (exported for the tests' completeness check). */
export const HUFFMAN_LENGTHS: readonly number[] = LENGTHS;
/** The code of each symbol, right-aligned in its length. */
export const HUFFMAN_CODES: readonly number[] = (() => {
  const order = LENGTHS.map((_, s) => s).sort((a, b) => (LENGTHS[a]! - LENGTHS[b]!) || a - b);
  const codes = new Array<number>(257).fill(0);
  let code = 0;
  let prev = LENGTHS[order[0]!]!;
  for (let i = 0; i < order.length; i++) {
    const s = order[i]!;
    const len = LENGTHS[s]!;
    if (i > 0) code = (code + 1) * 2 ** (len - prev);
    prev = len;
    codes[s] = code;
  }
  return codes;
})();

/**
 * Decoding tree flattened: node n has children at TREE[2n] (bit 0) and TREE[2n+1] (bit 1); a value
 * >= 0x10000 is a leaf (symbol + 0x10000), 0 means "no child yet" (never reached for valid codes).
 */
const TREE: Int32Array = (() => {
  const t = new Int32Array(2 * 600);
  let next = 1;
  for (let s = 0; s <= 256; s++) {
    const len = LENGTHS[s]!;
    const code = HUFFMAN_CODES[s]!;
    let node = 0;
    for (let b = len - 1; b >= 0; b--) {
      const bit = Math.floor(code / 2 ** b) & 1;
      const slot = 2 * node + bit;
      if (b === 0) {
        t[slot] = 0x10000 + s;
      } else {
        if (t[slot] === 0) t[slot] = next++;
        node = t[slot]!;
      }
    }
  }
  return t;
})();

/** Bytes the Huffman encoding of `s[start..end)` takes. */
export function huffmanLength(src: Buffer, start = 0, end = src.length): number {
  let bits = 0;
  for (let i = start; i < end; i++) bits += LENGTHS[src[i]!]!;
  return Math.ceil(bits / 8);
}

/** Encodes `src` into `out` at `pos`; returns the new position (padding with EOS's leading ones). */
export function huffmanEncode(src: Buffer, out: Buffer, pos: number): number {
  let acc = 0;
  let n = 0; // bits held in acc (< 8 between symbols)
  for (let i = 0; i < src.length; i++) {
    const c = src[i]!;
    let len = LENGTHS[c]!;
    const code = HUFFMAN_CODES[c]!;
    // Feed the code MSB first, at most 8 bits at a time (codes reach 30 bits: keep within 2^31).
    while (len > 0) {
      const take = Math.min(len, 8);
      const part = Math.floor(code / 2 ** (len - take)) & ((1 << take) - 1);
      acc = (acc << take) | part;
      n += take;
      len -= take;
      while (n >= 8) {
        n -= 8;
        out[pos++] = (acc >>> n) & 0xff;
      }
      acc &= (1 << n) - 1;
    }
  }
  if (n > 0) out[pos++] = ((acc << (8 - n)) | ((1 << (8 - n)) - 1)) & 0xff;
  return pos;
}

/**
 * Decodes `len` bytes of `buf` at `start` as latin-1 text, or null when the input is not a valid
 * Huffman string (RFC 7541 5.2: EOS decoded, padding over 7 bits, padding not the EOS prefix).
 */
export function huffmanDecode(buf: Buffer, start: number, len: number): string | null {
  const out: number[] = [];
  let node = 0;
  let depth = 0; // bits consumed since the last symbol
  let ones = true; // those bits were all ones
  const end = start + len;
  for (let i = start; i < end; i++) {
    const byte = buf[i]!;
    for (let b = 7; b >= 0; b--) {
      const bit = (byte >> b) & 1;
      const v = TREE[2 * node + bit]!;
      if (v >= 0x10000) {
        const sym = v - 0x10000;
        if (sym === EOS) return null;
        out.push(sym);
        node = 0;
        depth = 0;
        ones = true;
      } else {
        if (v === 0) return null;
        node = v;
        depth++;
        if (bit === 0) ones = false;
      }
    }
  }
  if (depth > 7 || !ones) return null;
  return String.fromCharCode.apply(null, out.length <= 8192 ? out : out.slice(0, 8192)) + (out.length > 8192 ? fromCodes(out, 8192) : '');
}

function fromCodes(a: number[], from: number): string {
  let s = '';
  for (let i = from; i < a.length; i += 8192) s += String.fromCharCode.apply(null, a.slice(i, i + 8192));
  return s;
}
