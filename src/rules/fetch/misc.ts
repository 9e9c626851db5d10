/** Internal fetches: constants, variables, environment, random, date, uuid, process facts. */
import { randomInt, randomUUID } from 'node:crypto';
import { RulesError } from '../compile-env.js';
import type { VarScope } from '../context.js';
import { parseIp } from '../ip.js';
import { smpTypeOf, type SampleValue, int64, strToBig } from '../sample.js';
import { argInt, simple, type Fetch, type FetchBuilder } from './types.js';

const SCOPES = new Set(['proc', 'sess', 'txn', 'req', 'res']);

/** `txn.name` into scope and name; throws HAProxy's message for a bad scope. */
export function parseVarName(v: string): { scope: VarScope; name: string } {
  const dot = v.indexOf('.');
  const scope = dot < 0 ? '' : v.slice(0, dot);
  if (!SCOPES.has(scope))
    throw new RulesError(
      `invalid variable name '${v}'. A variable name must be start by its scope. The scope can be 'proc', 'sess', 'txn', 'req', 'res' or 'check'`,
    );
  return { scope: scope as VarScope, name: v.slice(dot + 1) };
}

const varFetch: FetchBuilder = (args) => {
  const { scope, name } = parseVarName(args[0] ?? '');
  const dflt = args[1];
  return { type: 'any', one: (c) => c.getVar(scope, name) ?? dflt };
};

function constant(type: 'str' | 'sint' | 'bool' | 'bin' | 'ipv4' | 'ipv6' | 'meth', value: SampleValue): Fetch {
  return { type, one: () => value };
}

const strFetch: FetchBuilder = (args) => constant('str', args[0] ?? '');
const intFetch: FetchBuilder = (args) => {
  const a = args[0] ?? '';
  // 64-bit: a literal beyond 2^53 stays exact.
  if (/^[-+]?\d{16,}$/.test(a)) return constant('sint', int64(strToBig(a)!));
  return constant('sint', argInt(args, 0, 0));
};
const boolFetch: FetchBuilder = (args) => {
  const a = (args[0] ?? '').toLowerCase();
  return constant('bool', a === 'true' || (a !== 'false' && a !== '' && a !== '0' && !Number.isNaN(Number(a))));
};
const binFetch: FetchBuilder = (args) => {
  const h = args[0] ?? '';
  if (!/^([0-9a-fA-F]{2})*$/.test(h)) throw new RulesError(`invalid hexadecimal string '${h}'`);
  return constant('bin', Buffer.from(h, 'hex'));
};
function ipFetch(family: 4 | 6): FetchBuilder {
  return (args) => {
    const a = args[0] ?? '';
    const ip = parseIp(a);
    if (!ip || ip.family !== family) throw new RulesError(`invalid IPv${family} address '${a}'`);
    return constant(family === 4 ? 'ipv4' : 'ipv6', a);
  };
}

const UNITS: Record<string, number> = { s: 1, ms: 1000, us: 1000000 };

const dateFetch: FetchBuilder = (args) => {
  const off = argInt(args, 0, 0);
  const unit = args[1] ?? 's';
  const mul = UNITS[unit];
  if (mul === undefined) throw new RulesError(`expects 's', 'ms' or 'us', got '${unit}'`);
  return {
    type: 'sint',
    one: () => {
      const now = Date.now();
      if (mul === 1) return Math.floor(now / 1000) + off;
      if (mul === 1000) return now + off * 1000;
      return now * 1000 + off * 1000000;
    },
  };
};

const randFetch: FetchBuilder = (args) => {
  const range = args[0] === undefined || args[0] === '' ? 0 : argInt(args, 0, 0);
  return {
    type: 'sint',
    one: () => (range > 0 ? randomInt(0, Math.min(range, 2 ** 32)) : randomInt(0, 2 ** 32)),
  };
};

export const MISC_FETCHES: Record<string, FetchBuilder> = {
  always_true: simple('bool', () => true),
  always_false: simple('bool', () => false),
  var: varFetch,
  env: (args) => {
    const n = args[0] ?? '';
    return { type: 'str', one: (c) => c.world.getenv(n) };
  },
  str: strFetch,
  int: intFetch,
  bool: boolFetch,
  bin: binFetch,
  ipv4: ipFetch(4),
  ipv6: ipFetch(6),
  meth: (args) => constant('meth', args[0] ?? ''),
  rand: randFetch,
  date: dateFetch,
  date_us: simple('sint', () => (Date.now() % 1000) * 1000),
  uuid: (args) => {
    if (args[0] !== undefined && args[0] !== '' && args[0] !== '4') throw new RulesError('Unsupported UUID version');
    return { type: 'str', one: () => randomUUID() };
  },
  'unique-id': simple('str', (c) => c.uniqueId),
  hostname: simple('str', (c) => c.world.hostname),
  nbproc: simple('sint', () => 1),
  proc: simple('sint', () => 1),
  thread: simple('sint', () => 0),
};

export { smpTypeOf };
