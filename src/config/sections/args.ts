/**
 * Small argument helpers shared by keyword parsers: they throw ConfigError with HAProxy's wording.
 */
import { ConfigError } from '../diagnostics.js';
import { parseSize, parseTime, UnitError } from '../units.js';

/** Require exactly `n` arguments after the keyword (its words count as `kwWords`). */
export function expectArgs(args: readonly string[], kwWords: number, n: number, usage?: string): void {
  const got = args.length - kwWords;
  const name = args.slice(0, kwWords).join(' ');
  if (got < n) throw new ConfigError(`'${name}' expects ${usage ?? `${n} argument${n > 1 ? 's' : ''}`}.`);
  if (got > n) throw new ConfigError(`'${name}' cannot handle unexpected argument '${args[kwWords + n]}'.`);
}

/** Require at least `n` arguments after the keyword. */
export function expectAtLeast(args: readonly string[], kwWords: number, n: number, usage?: string): void {
  const got = args.length - kwWords;
  if (got < n) {
    const name = args.slice(0, kwWords).join(' ');
    throw new ConfigError(`'${name}' expects ${usage ?? `at least ${n} argument${n > 1 ? 's' : ''}`}.`);
  }
}

/** Forbid anything after `n` arguments. */
export function noMoreThan(args: readonly string[], kwWords: number, n: number): void {
  if (args.length - kwWords > n) {
    const name = args.slice(0, kwWords).join(' ');
    throw new ConfigError(`'${name}' cannot handle unexpected argument '${args[kwWords + n]}'.`);
  }
}

export function intArg(kw: string, text: string | undefined, min = 0, max = Number.MAX_SAFE_INTEGER): number {
  if (text === undefined || !/^-?\d+$/.test(text)) throw new ConfigError(`'${kw}' expects an integer argument.`);
  const n = Number(text);
  if (n < min || n > max) throw new ConfigError(`'${kw}' expects an integer value between ${min} and ${max}.`);
  return n;
}

/** A time in milliseconds (or in `unitMs` for a bare number). */
export function timeArg(kw: string, text: string | undefined, unitMs = 1, warn?: (message: string) => void): number {
  if (text === undefined) throw new ConfigError(`'${kw}' expects <time> as argument.`);
  try {
    return parseTime(text, unitMs, warn);
  } catch (e) {
    if (e instanceof UnitError) {
      if (e.message === 'timer overflow')
        throw new ConfigError(`timer overflow in argument '${text}' to '${kw}' (maximum value is 2147483647 ms or ~24.8 days)`);
      throw new ConfigError(`${e.message} in '${kw}'`);
    }
    throw e;
  }
}

export function sizeArg(kw: string, text: string | undefined): number {
  if (text === undefined) throw new ConfigError(`'${kw}' expects a size argument.`);
  try {
    return parseSize(text);
  } catch (e) {
    if (e instanceof UnitError) throw new ConfigError(`'${kw}' : ${e.message} in argument '${text}'.`);
    throw e;
  }
}

/** Append to a record of repeated raw keyword argument lists. */
export function keepRaw(store: Record<string, string[][]>, key: string, args: readonly string[]): void {
  (store[key] ??= []).push([...args]);
}
