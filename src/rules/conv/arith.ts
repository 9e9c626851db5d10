/** Integer and boolean converters: add sub mul div mod and or xor neg cpl not bool odd even iif. */
import { int64, LLONG_MAX, LLONG_MIN, strToBig, toBig, toBool, toInt, toStr, type SampleValue } from '../sample.js';
import type { RuleContext } from '../context.js';
import { intOrVar, plain, type ConvBuilder } from './types.js';

/** An integer argument, exact in 64 bits (a literal or a variable). */
function bigArg(arg: string | undefined, name: string): (ctx: RuleContext) => bigint | undefined {
  if (arg !== undefined && /^[-+]?\d+$/.test(arg)) {
    const n = strToBig(arg)!;
    return () => n;
  }
  const f = intOrVar(arg, name);
  return (ctx) => {
    const n = f.raw(ctx);
    return n === undefined ? undefined : toBig(n);
  };
}

/** HAProxy's saturating 64-bit operations (sample.c arith_*), exact through BigInt. */
function sat(x: bigint): bigint {
  return x > LLONG_MAX ? LLONG_MAX : x < LLONG_MIN ? LLONG_MIN : x;
}

/**
 * A binary operator: `fast` on two doubles when both and the result are exact integers (the usual
 * case), else `big` in 64 bits.
 */
function binop(name: string, fast: (a: number, b: number) => number, big: (a: bigint, b: bigint) => bigint): ConvBuilder {
  return (args) => {
    const lit = args[0] !== undefined && /^[-+]?\d{1,15}$/.test(args[0]) ? Number(args[0]) : undefined;
    const arg = bigArg(args[0], name);
    return {
      out: 'sint',
      fn: (v: SampleValue, ctx: RuleContext) => {
        if (typeof v === 'number' && lit !== undefined) {
          const r = fast(v, lit);
          if (Number.isSafeInteger(r)) return r;
        }
        const a = toBig(v);
        const b = arg(ctx);
        if (a === undefined || b === undefined) return undefined;
        return int64(big(a, b));
      },
    };
  };
}

export const ARITH_CONVERTERS: Record<string, ConvBuilder> = {
  add: binop('add', (a, b) => a + b, (a, b) => sat(a + b)),
  sub: binop('sub', (a, b) => a - b, (a, b) => sat(a - b)),
  mul: binop('mul', (a, b) => a * b, (a, b) => sat(a * b)),
  div: binop(
    'div',
    (a, b) => (b === 0 ? NaN : Math.trunc(a / b)),
    (a, b) => (b === 0n ? LLONG_MAX : a === LLONG_MIN && b === -1n ? LLONG_MAX : a / b),
  ),
  mod: binop(
    'mod',
    (a, b) => (b === 0 ? 0 : a % b) || 0,
    (a, b) => (b === 0n ? 0n : a === LLONG_MIN && b === -1n ? 0n : a % b),
  ),
  and: binop('and', () => NaN, (a, b) => BigInt.asIntN(64, a & b)),
  or: binop('or', () => NaN, (a, b) => BigInt.asIntN(64, a | b)),
  xor: binop('xor', () => NaN, (a, b) => BigInt.asIntN(64, a ^ b)),
  neg: plain('sint', (v) => {
    const n = toBig(v);
    return n === undefined ? undefined : int64(n === LLONG_MIN ? LLONG_MAX : -n);
  }),
  cpl: plain('sint', (v) => {
    const n = toBig(v);
    return n === undefined ? undefined : int64(BigInt.asIntN(64, ~n));
  }),
  not: plain('bool', (v) => !toBool(v)),
  bool: plain('bool', (v) => toBool(v)),
  odd: plain('bool', (v) => Math.abs(toInt(v) ?? 0) % 2 === 1),
  even: plain('bool', (v) => (toInt(v) ?? 0) % 2 === 0),
  htonl: plain('sint', (v) => {
    const n = toInt(v);
    if (n === undefined) return undefined;
    const b = Buffer.alloc(4);
    b.writeUInt32LE(n >>> 0);
    return b.readUInt32BE(0);
  }),
  iif: (args) => {
    const t = args[0] ?? '';
    const f = args[1] ?? '';
    return { out: 'str', fn: (v) => (toBool(v) ? t : f) };
  },
};

export { toStr };
