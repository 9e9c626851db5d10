/**
 * Patterns of one match method, indexed at load time, each carrying a value (true for ACLs, the
 * map value for maps): exact strings in a Map, IP networks in prefix trees, the others in lists.
 * Lookups take a sample already cast to what the method needs.
 */
import { RulesError } from '../compile-env.js';
import { IpTable } from '../ip.js';
import { toBin, toBool, toInt, toStr, type SampleValue } from '../sample.js';

export type MatchMethod = 'found' | 'bool' | 'int' | 'ip' | 'bin' | 'len' | 'str' | 'beg' | 'end' | 'sub' | 'reg' | 'dir' | 'dom';

export interface PatternSet<V> {
  readonly method: MatchMethod;
  /** Number of patterns (ACL warnings, tests). */
  readonly size: number;
  /** The matching pattern's value, or undefined. */
  match(v: SampleValue): { value: V } | undefined;
}

/** Integer range; `eq/le/lt/ge/gt` and `a:b` are turned into ranges at load time. */
interface Range {
  min: number;
  max: number;
}

const OPS = new Set(['eq', 'le', 'lt', 'ge', 'gt']);

export function isIntOperator(w: string): boolean {
  return OPS.has(w);
}

/** Parse one integer pattern (`N`, `N:M`, `:M`, `N:`) under an operator. */
export function parseIntPattern(p: string, op: string | undefined): Range {
  const bad = (): never => {
    throw new RulesError(`'${p}' is not a number`);
  };
  const num = (s: string): number => (/^[-+]?\d+$/.test(s) ? Number(s) : bad());
  if (op !== undefined && op !== 'eq') {
    const n = num(p);
    switch (op) {
      case 'le':
        return { min: -Infinity, max: n };
      case 'lt':
        return { min: -Infinity, max: n - 1 };
      case 'ge':
        return { min: n, max: Infinity };
      case 'gt':
        return { min: n + 1, max: Infinity };
    }
  }
  const c = p.indexOf(':');
  if (c < 0) {
    const n = num(p);
    return { min: n, max: n };
  }
  const a = p.slice(0, c);
  const b = p.slice(c + 1);
  return { min: a === '' ? -Infinity : num(a), max: b === '' ? Infinity : num(b) };
}

/** `word` found in `s` bounded by `delim` or the string's ends (pat_match_dir / pat_match_dom). */
export function matchWord(s: string, word: string, delim: string): boolean {
  let w = word;
  while (w.startsWith(delim)) w = w.slice(1);
  while (w.endsWith(delim)) w = w.slice(0, -1);
  if (w === '') return false;
  let from = 0;
  for (;;) {
    const i = s.indexOf(w, from);
    if (i < 0) return false;
    const before = i === 0 || s[i - 1] === delim;
    const after = i + w.length === s.length || s[i + w.length] === delim;
    if (before && after) return true;
    from = i + 1;
  }
}

class ListSet<V> implements PatternSet<V> {
  constructor(
    readonly method: MatchMethod,
    private readonly entries: Array<readonly [string, V]>,
    private readonly icase: boolean,
    private readonly test: (s: string, p: string) => boolean,
    private readonly longest: boolean,
  ) {}
  get size(): number {
    return this.entries.length;
  }
  match(v: SampleValue): { value: V } | undefined {
    let s = toStr(v);
    if (this.icase) s = s.toLowerCase();
    let best: readonly [string, V] | undefined;
    for (let i = 0; i < this.entries.length; i++) {
      const e = this.entries[i]!;
      if (!this.test(s, e[0])) continue;
      if (!this.longest) return { value: e[1] };
      if (!best || e[0].length > best[0].length) best = e;
    }
    return best ? { value: best[1] } : undefined;
  }
}

class StrSet<V> implements PatternSet<V> {
  readonly method = 'str' as const;
  /** Results are boxed once here: a match allocates nothing. */
  private readonly map = new Map<string, { value: V }>();
  constructor(entries: ReadonlyArray<readonly [string, V]>, private readonly icase: boolean) {
    for (const [k, v] of entries) {
      const key = icase ? k.toLowerCase() : k;
      if (!this.map.has(key)) this.map.set(key, { value: v });
    }
  }
  get size(): number {
    return this.map.size;
  }
  match(v: SampleValue): { value: V } | undefined {
    const s = this.icase ? toStr(v).toLowerCase() : toStr(v);
    return this.map.get(s);
  }
}

class RegSet<V> implements PatternSet<V> {
  readonly method = 'reg' as const;
  private readonly res: Array<readonly [RegExp, V]>;
  constructor(entries: ReadonlyArray<readonly [string, V]>, icase: boolean) {
    this.res = entries.map(([p, v]) => {
      try {
        return [new RegExp(p, icase ? 'i' : ''), v] as const;
      } catch (e) {
        throw new RulesError(`regex '${p}' is invalid: ${(e as Error).message}`);
      }
    });
  }
  get size(): number {
    return this.res.length;
  }
  match(v: SampleValue): { value: V } | undefined {
    const s = toStr(v);
    for (let i = 0; i < this.res.length; i++) {
      const e = this.res[i]!;
      if (e[0].test(s)) return { value: e[1] };
    }
    return undefined;
  }
  /** For map_regm: the matching regex too. */
  matchWith(v: SampleValue): { re: RegExp; value: V } | undefined {
    const s = toStr(v);
    for (const [re, value] of this.res) if (re.test(s)) return { re, value };
    return undefined;
  }
}

class IntSet<V> implements PatternSet<V> {
  constructor(
    readonly method: 'int' | 'len',
    private readonly ranges: Array<readonly [Range, V]>,
  ) {}
  get size(): number {
    return this.ranges.length;
  }
  match(v: SampleValue): { value: V } | undefined {
    const n = this.method === 'len' ? (Buffer.isBuffer(v) ? v.length : toStr(v).length) : toInt(v);
    if (n === undefined) return undefined;
    for (let i = 0; i < this.ranges.length; i++) {
      const [r, val] = this.ranges[i]!;
      if (n >= r.min && n <= r.max) return { value: val };
    }
    return undefined;
  }
}

class IpSet<V> implements PatternSet<V> {
  readonly method = 'ip' as const;
  private readonly table = new IpTable<V>();
  private n = 0;
  constructor(entries: ReadonlyArray<readonly [string, V]>) {
    for (const [p, v] of entries) {
      if (!this.table.add(p, v)) throw new RulesError(`'${p}' is not a valid IPv4 or IPv6 address`);
      this.n++;
    }
  }
  get size(): number {
    return this.n;
  }
  match(v: SampleValue): { value: V } | undefined {
    return this.table.lookup(toStr(v));
  }
}

class BinSet<V> implements PatternSet<V> {
  readonly method = 'bin' as const;
  private readonly bins: Array<readonly [Buffer, V]>;
  constructor(entries: ReadonlyArray<readonly [string, V]>) {
    this.bins = entries.map(([p, v]) => {
      if (!/^([0-9a-fA-F]{2})*$/.test(p)) throw new RulesError(`'${p}' is not a valid hexadecimal binary string`);
      return [Buffer.from(p, 'hex'), v] as const;
    });
  }
  get size(): number {
    return this.bins.length;
  }
  match(v: SampleValue): { value: V } | undefined {
    const b = toBin(v);
    for (const [p, val] of this.bins) if (p.equals(b)) return { value: val };
    return undefined;
  }
}

class ConstSet<V> implements PatternSet<V> {
  constructor(
    readonly method: 'found' | 'bool',
    private readonly value: V,
  ) {}
  readonly size = 0;
  match(v: SampleValue): { value: V } | undefined {
    if (this.method === 'found' || toBool(v)) return { value: this.value };
    return undefined;
  }
}

const beg = (s: string, p: string): boolean => s.startsWith(p);
const end = (s: string, p: string): boolean => s.endsWith(p);
const sub = (s: string, p: string): boolean => s.includes(p);
const dir = (s: string, p: string): boolean => matchWord(s, p, '/');
const dom = (s: string, p: string): boolean => matchWord(s, p, '.');

/**
 * Index `entries` (pattern, value) for `method`. For int/len, `ops[i]` is the operator in force
 * for entry i (ACL `ge 10` syntax). `found`/`bool` ignore patterns and answer `foundValue`.
 */
export function buildPatternSet<V>(
  method: MatchMethod,
  entries: ReadonlyArray<readonly [string, V]>,
  icase: boolean,
  foundValue: V,
  ops?: ReadonlyArray<string | undefined>,
): PatternSet<V> {
  const low = (e: ReadonlyArray<readonly [string, V]>): Array<readonly [string, V]> =>
    icase ? e.map(([p, v]) => [p.toLowerCase(), v] as const) : [...e];
  switch (method) {
    case 'found':
    case 'bool':
      return new ConstSet(method, foundValue);
    case 'str':
      return new StrSet(entries, icase);
    case 'beg':
      return new ListSet('beg', low(entries), icase, beg, !icase);
    case 'end':
      return new ListSet('end', low(entries), icase, end, false);
    case 'sub':
      return new ListSet('sub', low(entries), icase, sub, false);
    case 'dir':
      return new ListSet('dir', low(entries), icase, dir, false);
    case 'dom':
      return new ListSet('dom', low(entries), icase, dom, false);
    case 'reg':
      return new RegSet(entries, icase);
    case 'int':
    case 'len':
      return new IntSet(
        method,
        entries.map(([p, v], i) => [parseIntPattern(p, ops?.[i]), v] as const),
      );
    case 'ip':
      return new IpSet(entries);
    case 'bin':
      return new BinSet(entries);
  }
}

export { RegSet };
