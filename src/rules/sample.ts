/**
 * Sample values as fetches and converters pass them along, and HAProxy's casts between types
 * (sample.c sample_casts[][]). Values are plain JS values; the static type travels beside them:
 *   bool -> boolean, sint -> number, str / meth / ipv4 / ipv6 -> string, bin -> Buffer.
 */
export type SmpType = 'bool' | 'sint' | 'str' | 'bin' | 'ipv4' | 'ipv6' | 'meth' | 'any';
export type SampleValue = string | number | boolean | Buffer;

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
  return 'bin';
}

export function toStr(v: SampleValue): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return String(v);
  if (typeof v === 'boolean') return v ? '1' : '0';
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
  return strToInt(typeof v === 'string' ? v : v.toString('latin1'));
}

export function toBool(v: SampleValue): boolean {
  if (typeof v === 'boolean') return v;
  if (typeof v === 'number') return v !== 0;
  return (toInt(v) ?? 0) !== 0;
}

/** Cast to a static type; undefined when HAProxy's cast would fail. */
export function castTo(v: SampleValue, t: SmpType): SampleValue | undefined {
  switch (t) {
    case 'str':
    case 'meth':
      return toStr(v);
    case 'sint':
      return toInt(v);
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
