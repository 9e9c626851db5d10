/**
 * Sample values as fetches and converters pass them along, and HAProxy's casts between types
 * (sample.c sample_casts[][]). Values are plain JS values; the static type travels beside them:
 *   bool -> boolean, sint -> number (a bigint beyond 2^53: HAProxy's integers are 64-bit),
 *   str / meth / ipv4 / ipv6 -> string, bin -> Buffer.
 */
export type SmpType = 'bool' | 'sint' | 'str' | 'bin' | 'ipv4' | 'ipv6' | 'meth' | 'any';
export type SampleValue = string | number | boolean | Buffer | bigint;

/** HAProxy's type names as `-dKsmp` prints them, to ours. */
export function smpTypeOf(name: string): SmpType {
  switch (name) {
    case 'bool':
    case 'sint':
    case 'str':
    case 'bin':
    case 'ipv4':
    case 'ipv6':
    case 'meth':
      return name;
    default:
      return 'any';
  }
}

/** The dynamic type of a value whose static type is `any` (variables). */
export function typeOfValue(v: SampleValue): SmpType {
  if (typeof v === 'string') return 'str';
  if (typeof v === 'number') return 'sint';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'bigint') return 'sint';
  return 'bin';
}

export function toStr(v: SampleValue): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return String(v);
  if (typeof v === 'boolean') return v ? '1' : '0';
  if (typeof v === 'bigint') return v.toString();
  return v.toString('latin1');
}

export function toBin(v: SampleValue): Buffer {
  if (Buffer.isBuffer(v)) return v;
  return Buffer.from(toStr(v), 'latin1');
}

/** read_int64(): optional sign then digits, stops at the first other character; undefined for an empty string. */
export function strToInt(s: string): number | undefined {
  if (s.length === 0) return undefined;
  let i = 0;
  let neg = false;
  if (s[0] === '-' || s[0] === '+') {
    neg = s[0] === '-';
    i++;
  }
  let n = 0;
  for (; i < s.length; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) break;
    n = n * 10 + c;
  }
  return neg ? -n : n;
}

export function toInt(v: SampleValue): number | undefined {
  if (typeof v === 'number') return v;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'bigint') return Number(v);
  return strToInt(typeof v === 'string' ? v : v.toString('latin1'));
}

export function toBool(v: SampleValue): boolean {
  if (typeof v === 'boolean') return v;
  if (typeof v === 'number') return v !== 0;
  if (typeof v === 'bigint') return v !== 0n;
  return (toInt(v) ?? 0) !== 0;
}

/** Cast to a static type; undefined when HAProxy's cast would fail. */
export function castTo(v: SampleValue, t: SmpType): SampleValue | undefined {
  switch (t) {
    case 'str':
    case 'meth':
      return toStr(v);
    case 'sint':
      return typeof v === 'number' ? v : toInt64(v);
    case 'bool':
      return toBool(v);
    case 'bin':
      return toBin(v);
    case 'ipv4':
    case 'ipv6':
      return toStr(v);
    case 'any':
      return v;
  }
}

/** HAProxy's 64-bit signed arithmetic wrap, kept in double range (results beyond 2^53 lose precision). */
export function sint(n: number): number {
  if (!Number.isFinite(n)) return 0;
  return Math.trunc(n);
}

export const LLONG_MAX = 9223372036854775807n;
export const LLONG_MIN = -9223372036854775808n;

/** A 64-bit integer as a sample: a number when it is exact in a double, else a bigint. */
export function int64(b: bigint): number | bigint {
  return b >= -9007199254740991n && b <= 9007199254740991n ? Number(b) : b;
}

/** read_int64() in 64 bits: optional sign then digits, wrapping as HAProxy's unsigned accumulator. */
export function strToBig(s: string): bigint | undefined {
  if (s.length === 0) return undefined;
  let i = 0;
  let neg = false;
  if (s[0] === '-' || s[0] === '+') {
    neg = s[0] === '-';
    i++;
  }
  let j = i;
  while (j < s.length && s.charCodeAt(j) >= 48 && s.charCodeAt(j) <= 57) j++;
  const n = j > i ? BigInt(s.slice(i, j)) : 0n;
  return BigInt.asIntN(64, neg ? -n : n);
}

/** The exact 64-bit value of a sample, or undefined when it has none. */
export function toBig(v: SampleValue): bigint | undefined {
  if (typeof v === 'bigint') return v;
  if (typeof v === 'number') return BigInt(Math.trunc(v));
  if (typeof v === 'boolean') return v ? 1n : 0n;
  return strToBig(typeof v === 'string' ? v : v.toString('latin1'));
}

/** Cast to sint keeping 64-bit precision (a number while exact). */
export function toInt64(v: SampleValue): number | bigint | undefined {
  if (typeof v === 'number' || typeof v === 'bigint') return v;
  if (typeof v === 'boolean') return v ? 1 : 0;
  const s = typeof v === 'string' ? v : v.toString('latin1');
  if (s.length < 16) return strToInt(s);
  const b = strToBig(s);
  return b === undefined ? undefined : int64(b);
}

/** strl2ic(): HAProxy's 32-bit (wrapping) decimal parse, as hdr_val uses. */
export function strToInt32(s: string): number {
  let i = 0;
  let k = 0;
  const neg = s[0] === '-';
  if (neg) k = 1;
  for (; k < s.length; k++) {
    const j = s.charCodeAt(k) - 48;
    if (j > 9 || j < 0) break;
    i = neg ? (Math.imul(i, 10) - j) | 0 : (Math.imul(i, 10) + j) | 0;
  }
  return i;
}
