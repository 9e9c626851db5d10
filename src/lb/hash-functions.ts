/**
 * HAProxy's hash functions (src/hash.c) and its integer avalanche (full_hash() in tools.h), on
 * latin1 strings (one char = one byte) between `start` and `end`, so callers hash a slice of a
 * request string without copying it. Every result is an unsigned 32-bit integer.
 */

export type HashFn = (s: string, start: number, end: number) => number;

export function hashSdbm(s: string, start: number, end: number): number {
  let h = 0;
  for (let i = start; i < end; i++) {
    const c = s.charCodeAt(i) & 0xff;
    // c + (h << 6) + (h << 16) - h, modulo 2^32: h * 65599 + c
    h = (Math.imul(h, 65599) + c) | 0;
  }
  return h >>> 0;
}

export function hashDjb2(s: string, start: number, end: number): number {
  let h = 5381;
  for (let i = start; i < end; i++) h = (Math.imul(h, 33) + (s.charCodeAt(i) & 0xff)) | 0;
  return h >>> 0;
}

export function hashWt6(s: string, start: number, end: number): number {
  let h0 = 0xa53c965a | 0;
  let h1 = 0x5ca6953a | 0;
  let step0 = 6;
  let step1 = 18;
  for (let i = start; i < end; i++) {
    let t = s.charCodeAt(i) & 0xff;
    h0 = ~(h0 ^ t);
    h1 = ~((h1 + t) | 0);
    // (x << n) | (x >> (32 - n)) in C; a shift by 32 is undefined there but x86 masks it to 0.
    t = (h1 << step0) | (h1 >>> ((32 - step0) & 31));
    h1 = (h0 << step1) | (h0 >>> ((32 - step1) & 31));
    h0 = t;
    t = ((h0 >>> 16) ^ h1) & 0xffff;
    step0 = t & 0x1f;
    step1 = t >>> 11;
  }
  return (h0 ^ h1) >>> 0;
}

export function hashCrc32(s: string, start: number, end: number): number {
  let h = ~0;
  for (let i = start; i < end; i++) {
    h ^= s.charCodeAt(i) & 0xff;
    for (let b = 0; b < 8; b++) h = (h >>> 1) ^ (h & 1 ? 0xedb88320 : 0);
  }
  return ~h >>> 0;
}

/** Bob Jenkins' full avalanche integer hash, times a large prime (HAProxy's full_hash()). */
export function fullHash(x: number): number {
  let a = x | 0;
  a = (a + 0x7ed55d16 + (a << 12)) | 0;
  a = a ^ 0xc761c23c ^ (a >>> 19);
  a = (a + 0x165667b1 + (a << 5)) | 0;
  a = ((a + 0xd3a2646c) | 0) ^ (a << 9);
  a = (a + 0xfd7046c5 + (a << 3)) | 0;
  a = a ^ 0xb55a4f09 ^ (a >>> 16);
  return Math.imul(a, 3221225473 | 0) >>> 0;
}

export const HASH_FUNCTIONS: Readonly<Record<'sdbm' | 'djb2' | 'wt6' | 'crc32', HashFn>> = {
  sdbm: hashSdbm,
  djb2: hashDjb2,
  wt6: hashWt6,
  crc32: hashCrc32,
};
