/** Hash converters (crc32 crc32c djb2 sdbm wt6 xxh32 xxh64 xxh3 sha1 sha2 digest hmac) and HAProxy's avalanche. */
import { createHash, createHmac } from 'node:crypto';
import { RulesError } from '../compile-env.js';
import { int64, toBin, type SampleValue } from '../sample.js';
import { needInt, type ConvBuilder } from './types.js';

/** HAProxy's full_hash() (the avalanche, times a large prime), shared with load balancing. */
export { fullHash } from '../../lb/hash-functions.js';
import { fullHash } from '../../lb/hash-functions.js';

function table(poly: number): Uint32Array {
  const t = new Uint32Array(256);
  for (let i = 0; i < 256; i++) {
    let c = i;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ poly : c >>> 1;
    t[i] = c >>> 0;
  }
  return t;
}
const CRC32 = table(0xedb88320);
const CRC32C = table(0x82f63b78);

export function crc32(b: Uint8Array, t: Uint32Array = CRC32): number {
  let c = 0xffffffff;
  for (let i = 0; i < b.length; i++) c = t[(c ^ b[i]!) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

export function djb2(b: Uint8Array): number {
  let h = 5381;
  for (let i = 0; i < b.length; i++) h = (((h << 5) >>> 0) + h + b[i]!) >>> 0;
  return h;
}

export function sdbm(b: Uint8Array): number {
  let h = 0;
  for (let i = 0; i < b.length; i++) h = (b[i]! + ((h << 6) >>> 0) + ((h << 16) >>> 0) - h) >>> 0;
  return h;
}

/** base32 / url32: sdbm of the text, then the avalanche. */
export function sdbmFull(s: string): number {
  return fullHash(sdbm(Buffer.from(s, 'latin1')));
}

export function wt6(b: Uint8Array): number {
  let h0 = 0xa53c965a;
  let h1 = 0x5ca6953a;
  let step0 = 6;
  let step1 = 18;
  for (let i = 0; i < b.length; i++) {
    let t = b[i]!;
    h0 = ~(h0 ^ t) >>> 0;
    h1 = ~((h1 + t) >>> 0) >>> 0;
    t = ((h1 << step0) | (h1 >>> (32 - step0))) >>> 0;
    h1 = ((h0 << step1) | (h0 >>> (32 - step1))) >>> 0;
    h0 = t;
    t = ((h0 >>> 16) ^ h1) & 0xffff;
    step0 = t & 0x1f;
    step1 = t >>> 11;
  }
  return (h0 ^ h1) >>> 0;
}

const P32_1 = 2654435761;
const P32_2 = 2246822519;
const P32_3 = 3266489917;
const P32_4 = 668265263;
const P32_5 = 374761393;

function rotl32(x: number, r: number): number {
  return ((x << r) | (x >>> (32 - r))) >>> 0;
}

export function xxh32(b: Uint8Array, seed: number): number {
  const len = b.length;
  let i = 0;
  let h: number;
  const rd = (p: number): number => (b[p]! | (b[p + 1]! << 8) | (b[p + 2]! << 16) | (b[p + 3]! << 24)) >>> 0;
  if (len >= 16) {
    let v1 = (seed + P32_1 + P32_2) >>> 0;
    let v2 = (seed + P32_2) >>> 0;
    let v3 = seed >>> 0;
    let v4 = (seed - P32_1) >>> 0;
    const round = (acc: number, x: number): number => Math.imul(rotl32((acc + Math.imul(x, P32_2)) >>> 0, 13), P32_1) >>> 0;
    for (; i + 16 <= len; i += 16) {
      v1 = round(v1, rd(i));
      v2 = round(v2, rd(i + 4));
      v3 = round(v3, rd(i + 8));
      v4 = round(v4, rd(i + 12));
    }
    h = (rotl32(v1, 1) + rotl32(v2, 7) + rotl32(v3, 12) + rotl32(v4, 18)) >>> 0;
  } else h = (seed + P32_5) >>> 0;
  h = (h + len) >>> 0;
  for (; i + 4 <= len; i += 4) h = Math.imul(rotl32((h + Math.imul(rd(i), P32_3)) >>> 0, 17), P32_4) >>> 0;
  for (; i < len; i++) h = Math.imul(rotl32((h + Math.imul(b[i]!, P32_5)) >>> 0, 11), P32_1) >>> 0;
  h = Math.imul(h ^ (h >>> 15), P32_2) >>> 0;
  h = Math.imul(h ^ (h >>> 13), P32_3) >>> 0;
  return (h ^ (h >>> 16)) >>> 0;
}

const M64 = (1n << 64n) - 1n;
const P64_1 = 11400714785074694791n;
const P64_2 = 14029467366897019727n;
const P64_3 = 1609587929392839161n;
const P64_4 = 9650029242287828579n;
const P64_5 = 2870177450012600261n;

function rotl64(x: bigint, r: bigint): bigint {
  return ((x << r) | (x >> (64n - r))) & M64;
}

export function xxh64(b: Uint8Array, seed: bigint): bigint {
  const len = b.length;
  let i = 0;
  const rd64 = (p: number): bigint => Buffer.from(b.buffer, b.byteOffset + p, 8).readBigUInt64LE(0);
  const rd32 = (p: number): bigint => BigInt(Buffer.from(b.buffer, b.byteOffset + p, 4).readUInt32LE(0));
  const round = (acc: bigint, x: bigint): bigint => (rotl64((acc + x * P64_2) & M64, 31n) * P64_1) & M64;
  const merge = (acc: bigint, v: bigint): bigint => (((acc ^ round(0n, v)) * P64_1 + P64_4) & M64);
  let h: bigint;
  if (len >= 32) {
    let v1 = (seed + P64_1 + P64_2) & M64;
    let v2 = (seed + P64_2) & M64;
    let v3 = seed & M64;
    let v4 = (seed - P64_1) & M64;
    for (; i + 32 <= len; i += 32) {
      v1 = round(v1, rd64(i));
      v2 = round(v2, rd64(i + 8));
      v3 = round(v3, rd64(i + 16));
      v4 = round(v4, rd64(i + 24));
    }
    h = (rotl64(v1, 1n) + rotl64(v2, 7n) + rotl64(v3, 12n) + rotl64(v4, 18n)) & M64;
    h = merge(h, v1);
    h = merge(h, v2);
    h = merge(h, v3);
    h = merge(h, v4);
  } else h = (seed + P64_5) & M64;
  h = (h + BigInt(len)) & M64;
  for (; i + 8 <= len; i += 8) h = ((rotl64(h ^ round(0n, rd64(i)), 27n) * P64_1 + P64_4) & M64);
  if (i + 4 <= len) {
    h = ((rotl64(h ^ ((rd32(i) * P64_1) & M64), 23n) * P64_2 + P64_3) & M64);
    i += 4;
  }
  for (; i < len; i++) h = ((rotl64(h ^ ((BigInt(b[i]!) * P64_5) & M64), 11n) * P64_1) & M64);
  h ^= h >> 33n;
  h = (h * P64_2) & M64;
  h ^= h >> 29n;
  h = (h * P64_3) & M64;
  h ^= h >> 32n;
  return h;
}

function hashConv(f: (b: Uint8Array) => number): ConvBuilder {
  return (args) => {
    const aval = args[0] !== undefined && args[0] !== '' && args[0] !== '0';
    return { out: 'sint', fn: (v: SampleValue) => (aval ? fullHash(f(toBin(v))) : f(toBin(v))) };
  };
}

function digest(alg: string): (v: SampleValue) => Buffer {
  return (v) => createHash(alg).update(toBin(v)).digest();
}

export const HASH_CONVERTERS: Record<string, ConvBuilder> = {
  crc32: hashConv((b) => crc32(b)),
  crc32c: hashConv((b) => crc32(b, CRC32C)),
  djb2: hashConv(djb2),
  sdbm: hashConv(sdbm),
  wt6: hashConv(wt6),
  xxh32: (args) => {
    const seed = needInt(args[0], 'xxh32', 0) >>> 0;
    return { out: 'sint', fn: (v) => xxh32(toBin(v), seed) };
  },
  xxh64: (args) => {
    const seed = BigInt(needInt(args[0], 'xxh64', 0)) & M64;
    // HAProxy returns the 64-bit hash as a signed integer.
    return { out: 'sint', fn: (v) => int64(BigInt.asIntN(64, xxh64(toBin(v), seed))) };
  },
  sha1: () => ({ out: 'bin', fn: digest('sha1') }),
  sha2: (args) => {
    const bits = needInt(args[0], 'sha2', 256);
    if (![224, 256, 384, 512].includes(bits)) throw new RulesError(`Unsupported number of bits: '${bits}'`);
    return { out: 'bin', fn: digest(`sha${bits}`) };
  },
  digest: (args) => {
    const alg = (args[0] ?? '').toLowerCase();
    try {
      createHash(alg);
    } catch {
      throw new RulesError(`invalid args in converter 'digest' : unsupported digest '${args[0] ?? ''}'`);
    }
    return { out: 'bin', fn: digest(alg) };
  },
  hmac: (args) => {
    const alg = (args[0] ?? '').toLowerCase();
    const key = Buffer.from(args[1] ?? '', 'base64');
    return { out: 'bin', fn: (v) => createHmac(alg, key).update(toBin(v)).digest() };
  },
};
