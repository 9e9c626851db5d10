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

/**
 * Parse a time value into milliseconds. `unitMs` is the unit of a bare number (1 for ms, 1000 for s).
 * Errors use HAProxy's wording: "unexpected character 'x'", "timer overflow", "timer underflow".
 */
export function parseTime(text: string, unitMs = 1): number {
  let i = 0;
  while (i < text.length && text.charCodeAt(i) >= 48 && text.charCodeAt(i) <= 57) i++;
  if (i === 0) {
    if (text.length === 0) throw new UnitError('missing value');
    throw new UnitError(`unexpected character '${text[0]}'`);
  }
  const n = Number(text.slice(0, i));
  const unit = text.slice(i);
  let factor = unitMs;
  if (unit.length > 0) {
    const f = TIME_UNITS_MS[unit];
    if (f === undefined) {
      // HAProxy reports the first character that is not part of a known unit.
      const known = Object.keys(TIME_UNITS_MS).find((u) => unit.startsWith(u));
      const bad = known ? unit[known.length] ?? unit[0] : unit[0];
      throw new UnitError(`unexpected character '${bad}'`);
    }
    factor = f;
  }
  const ms = n * factor;
  if (ms > TIMER_MAX_MS) throw new UnitError('timer overflow');
  if (n > 0 && ms < 1 && unitMs >= 1) return Math.ceil(ms);
  return Math.round(ms * 1000) / 1000;
}

export const SIZE_UNITS: Readonly<Record<string, number>> = {
  k: 1024,
  K: 1024,
  m: 1024 * 1024,
  M: 1024 * 1024,
  g: 1024 * 1024 * 1024,
  G: 1024 * 1024 * 1024,
};

/** Parse a size with an optional k/m/g suffix into bytes. */
export function parseSize(text: string): number {
  const m = /^(\d+)([kKmMgG]?)$/.exec(text);
  if (!m) {
    const bad = text.replace(/^\d+/, '')[0] ?? '?';
    throw new UnitError(text.length === 0 ? 'missing value' : `unexpected character '${bad}'`);
  }
  const n = Number(m[1]);
  return m[2] ? n * (SIZE_UNITS[m[2]] ?? 1) : n;
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
