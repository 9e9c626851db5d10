/** Integer and boolean converters: add sub mul div mod and or xor neg cpl not bool odd even iif. */
import { toBool, toInt, toStr, type SampleValue } from '../sample.js';
import type { RuleContext } from '../context.js';
import { intOrVar, plain, type ConvBuilder } from './types.js';

const LLONG_MAX = Number.MAX_SAFE_INTEGER;

function binop(name: string, op: (a: number, b: number) => number | undefined): ConvBuilder {
  return (args) => {
    const arg = intOrVar(args[0], name);
    return {
      out: 'sint',
      fn: (v: SampleValue, ctx: RuleContext) => {
        const a = toInt(v);
        const b = arg(ctx);
        if (a === undefined || b === undefined) return undefined;
        return op(a, b);
      },
    };
  };
}

/** 64-bit bitwise operations through BigInt (JS bit operators are 32-bit). */
function bitop(a: number, b: number, f: (x: bigint, y: bigint) => bigint): number {
  return Number(BigInt.asIntN(64, f(BigInt(Math.trunc(a)), BigInt(Math.trunc(b)))));
}

export const ARITH_CONVERTERS: Record<string, ConvBuilder> = {
  add: binop('add', (a, b) => a + b),
  sub: binop('sub', (a, b) => a - b),
  mul: binop('mul', (a, b) => a * b),
  div: binop('div', (a, b) => (b === 0 ? LLONG_MAX : Math.trunc(a / b))),
  mod: binop('mod', (a, b) => (b === 0 ? 0 : a % b)),
  and: binop('and', (a, b) => bitop(a, b, (x, y) => x & y)),
  or: binop('or', (a, b) => bitop(a, b, (x, y) => x | y)),
  xor: binop('xor', (a, b) => bitop(a, b, (x, y) => x ^ y)),
  neg: plain('sint', (v) => {
    const n = toInt(v);
    return n === undefined ? undefined : -n;
  }),
  cpl: plain('sint', (v) => {
    const n = toInt(v);
    return n === undefined ? undefined : bitop(n, 0, (x) => ~x);
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
