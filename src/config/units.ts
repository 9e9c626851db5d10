/**
 * HAProxy's time and size units (doc/configuration.txt 2.5).
 * Times: us, ms, s, m, h, d; a bare number is in the unit the keyword expects (milliseconds for timeouts).
 * Sizes: k, m, g (powers of 1024); a bare number is bytes.
 */

export const TIME_UNITS_MS: Readonly<Record<string, number>> = {
  us: 0.001,
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
};

export class UnitError extends Error {}

/** Milliseconds' upper bound HAProxy accepts for a timer (2^31-1 ms, about 24.8 days). */
export const TIMER_MAX_MS = 2_147_483_647;

/** How a bare number is read, in milliseconds per unit, as HAProxy's TIME_UNIT_* (us, ms, s, m, h, d). */
const OUT_UNITS: ReadonlyMap<number, readonly [bigint, bigint]> = new Map([
  [0.001, [1_000_000n, 1n]],
  [1, [1000n, 1n]],
  [1000, [1n, 1n]],
  [60_000, [1n, 60n]],
  [3_600_000, [1n, 3600n]],
  [86_400_000, [1n, 86400n]],
]);

const U64 = (v: bigint): bigint => BigInt.asUintN(64, v);

/**
 * HAProxy's parse_time_err(): the value in the unit of a bare number (`unitMs` milliseconds per
 * unit), rounded up, or the reason it is not valid. `trailing` is set when characters follow a
 * valid unit ("10sx"): HAProxy 2.6 only warns about them and keeps the value.
 */
export function parseTimeErr(
  text: string,
  unitMs = 1,
): { value: number; trailing?: string } | { error: 'char'; at: number } | { error: 'overflow' | 'underflow' } {
  const c0 = text.charCodeAt(0);
  if (!(c0 >= 48 && c0 <= 57)) return { error: 'char', at: 0 };
  let [omult, odiv] = OUT_UNITS.get(unitMs) ?? [1000n, 1n];
  let value = 0n;
  let i = 0;
  for (; i < text.length; i++) {
    const d = text.charCodeAt(i) - 48;
    if (d < 0 || d > 9) break;
    value = U64(value * 10n + BigInt(d));
  }
  let imult = 1n;
  let idiv = 1n;
  let trailing: string | undefined;
  if (i >= text.length) {
    imult = omult = idiv = odiv = 1n;
  } else {
    switch (text[i]) {
      case 's':
        break;
      case 'u':
        if (text[i + 1] !== 's') return { error: 'char', at: i };
        idiv = 1_000_000n;
        i++;
        break;
      case 'm':
        if (text[i + 1] === 's') {
          idiv = 1000n;
          i++;
        } else imult = 60n;
        break;
      case 'h':
        imult = 3600n;
        break;
      case 'd':
        imult = 86400n;
        break;
      default:
        return { error: 'char', at: i };
    }
    if (i + 1 < text.length) trailing = text[i + 1];
  }
  if (omult % idiv === 0n) {
    omult /= idiv;
    idiv = 1n;
  }
  if (idiv % omult === 0n) {
    idiv /= omult;
    omult = 1n;
  }
  if (imult % odiv === 0n) {
    imult /= odiv;
    odiv = 1n;
  }
  if (odiv % imult === 0n) {
    odiv /= imult;
    imult = 1n;
  }
  const div = U64(idiv * odiv);
  const result = U64(U64(value * U64(imult * omult)) + (div - 1n)) / div;
  if (result >= 0x80000000n) return { error: 'overflow' };
  if (result === 0n && value !== 0n) return { error: 'underflow' };
  return trailing === undefined ? { value: Number(result) } : { value: Number(result), trailing };
}

/** HAProxy's warning for characters after a valid time unit (it keeps the value). */
export function trailingTimeWarning(ch: string, text: string): string {
  return (
    `unexpected character '${ch}' after the timer value '${text}', only ` +
    '(us=microseconds,ms=milliseconds,s=seconds,m=minutes,h=hours,d=days) are supported. ' +
    'This will be reported as an error in next versions.'
  );
}

/**
 * Parse a time value into milliseconds, as HAProxy's parse_time_err(). `unitMs` is the unit of a
 * bare number (1 for ms, 1000 for s); the value is rounded up to that unit and must stay below
 * 2^31 of it. Errors use HAProxy's wording: "unexpected character 'x'", "timer overflow",
 * "timer underflow". Characters after a valid unit ("10sx") are accepted, as HAProxy 2.6 does,
 * and reported through `warn` with its wording.
 */
export function parseTime(text: string, unitMs = 1, warn?: (message: string) => void): number {
  if (text.length === 0) throw new UnitError('missing value');
  const r = parseTimeErr(text, unitMs);
  if ('error' in r) {
    if (r.error === 'char') throw new UnitError(`unexpected character '${text[r.at]}'`);
    throw new UnitError(r.error === 'overflow' ? 'timer overflow' : 'timer underflow');
  }
  if (r.trailing !== undefined) warn?.(trailingTimeWarning(r.trailing, text));
  return unitMs === 0.001 ? r.value / 1000 : r.value * unitMs;
}

export const SIZE_UNITS: Readonly<Record<string, number>> = {
  k: 1024,
  K: 1024,
  m: 1024 * 1024,
  M: 1024 * 1024,
  g: 1024 * 1024 * 1024,
  G: 1024 * 1024 * 1024,
};

/**
 * HAProxy's parse_size_err(): a 32-bit unsigned size with an optional k/m/g suffix (powers of
 * 1024), or the index of the first character it rejects (also on overflow).
 */
export function parseSizeErr(text: string): { value: number } | { at: number } {
  const c0 = text.charCodeAt(0);
  if (!(c0 >= 48 && c0 <= 57)) return { at: 0 };
  let value = 0;
  let i = 0;
  for (; i < text.length; i++) {
    const d = text.charCodeAt(i) - 48;
    if (d < 0 || d > 9) break;
    if (value > Math.floor(0xffffffff / 10)) return { at: i };
    value *= 10;
    if (value + d > 0xffffffff) return { at: i };
    value += d;
  }
  if (i < text.length) {
    const shift = SIZE_SHIFTS[text[i]!];
    if (shift === undefined) return { at: i };
    if (value > Math.floor(0xffffffff / 2 ** shift)) return { at: i };
    value *= 2 ** shift;
    if (i + 1 < text.length) return { at: i + 1 };
  }
  return { value };
}

const SIZE_SHIFTS: Readonly<Record<string, number>> = { k: 10, K: 10, m: 20, M: 20, g: 30, G: 30 };

/** Parse a size with an optional k/m/g suffix into bytes (at most 4294967295, as HAProxy). */
export function parseSize(text: string): number {
  if (text.length === 0) throw new UnitError('missing value');
  const r = parseSizeErr(text);
  if ('at' in r) throw new UnitError(`unexpected character '${text[r.at]}'`);
  return r.value;
}

/** Parse a plain non-negative decimal integer (HAProxy's atol-like checks are stricter where noted). */
export function parseUint(text: string): number | undefined {
  if (!/^\d+$/.test(text)) return undefined;
  const n = Number(text);
  return Number.isSafeInteger(n) ? n : undefined;
}

/** Parse a signed decimal integer. */
export function parseInt10(text: string): number | undefined {
  if (!/^[-+]?\d+$/.test(text)) return undefined;
  const n = Number(text);
  return Number.isSafeInteger(n) ? n : undefined;
}
