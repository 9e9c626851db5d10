/**
 * `.if` / `.elif` expressions (doc/configuration.txt 2.4): terms combined with `!`, `&&`, `||`
 * and parentheses. A term is a predicate call or a number (non-zero is true; empty is false).
 */

export interface ConditionEnv {
  getenv(name: string): string | undefined;
  readonly features: ReadonlySet<string>;
  /** The HAProxy version Switchyard is compatible with, e.g. "2.6.12". */
  readonly version: string;
}

export class ConditionError extends Error {}

/** Compare dotted versions with HAProxy's rules ("2.6-dev1" < "2.6" < "2.6.1"). */
export function compareVersions(a: string, b: string): number {
  const parse = (v: string): number[] => {
    const m = /^(\d+)(?:\.(\d+))?(?:\.(\d+))?(?:[-.]?(dev|pre|rc)?(\d+)?)?/.exec(v.trim());
    if (!m) throw new ConditionError(`invalid version '${v}'`);
    const major = Number(m[1]);
    const minor = Number(m[2] ?? 0);
    const patch = Number(m[3] ?? 0);
    // dev < pre < rc < release
    const kind = m[4] === 'dev' ? 0 : m[4] === 'pre' ? 1 : m[4] === 'rc' ? 2 : 3;
    const kindNum = m[4] ? Number(m[5] ?? 0) : 0;
    return [major, minor, patch, kind, kindNum];
  };
  const x = parse(a);
  const y = parse(b);
  for (let i = 0; i < x.length; i++) {
    if (x[i]! !== y[i]!) return x[i]! < y[i]! ? -1 : 1;
  }
  return 0;
}

type Predicate = { nargs: number; fn: (args: string[], env: ConditionEnv) => boolean };

export const PREDICATES: Readonly<Record<string, Predicate>> = {
  defined: { nargs: 1, fn: ([n], env) => env.getenv(n!) !== undefined },
  feature: { nargs: 1, fn: ([n], env) => env.features.has(n!) },
  streq: { nargs: 2, fn: ([a, b]) => a === b },
  strneq: { nargs: 2, fn: ([a, b]) => a !== b },
  version_atleast: { nargs: 1, fn: ([v], env) => compareVersions(env.version, v!) >= 0 },
  version_before: { nargs: 1, fn: ([v], env) => compareVersions(env.version, v!) < 0 },
  openssl_version_atleast: { nargs: 1, fn: ([v]) => compareVersions(process.versions.openssl ?? '0', v!) >= 0 },
  openssl_version_before: { nargs: 1, fn: ([v]) => compareVersions(process.versions.openssl ?? '0', v!) < 0 },
};

const MAX_DEPTH = 1024;

class Parser {
  i = 0;
  constructor(
    readonly text: string,
    readonly env: ConditionEnv,
  ) {}

  skip(): void {
    while (this.text[this.i] === ' ' || this.text[this.i] === '\t') this.i++;
  }

  expr(depth: number): boolean {
    if (depth > MAX_DEPTH) throw new ConditionError('too deep recursion in conditional expression');
    let v = this.andExpr(depth + 1);
    for (;;) {
      this.skip();
      if (this.text.startsWith('||', this.i)) {
        this.i += 2;
        const r = this.andExpr(depth + 1);
        v = v || r;
      } else return v;
    }
  }

  andExpr(depth: number): boolean {
    let v = this.term(depth + 1);
    for (;;) {
      this.skip();
      if (this.text.startsWith('&&', this.i)) {
        this.i += 2;
        const r = this.term(depth + 1);
        v = v && r;
      } else return v;
    }
  }

  term(depth: number): boolean {
    if (depth > MAX_DEPTH) throw new ConditionError('too deep recursion in conditional expression');
    this.skip();
    const c = this.text[this.i];
    if (c === undefined) throw new ConditionError('unexpected end of expression');
    if (c === '!') {
      this.i++;
      return !this.term(depth + 1);
    }
    if (c === '(') {
      this.i++;
      const v = this.expr(depth + 1);
      this.skip();
      if (this.text[this.i] !== ')') throw new ConditionError(`expected ')' at position ${this.i + 1}`);
      this.i++;
      return v;
    }
    if (c === '-' || (c >= '0' && c <= '9')) {
      const m = /^-?\d+/.exec(this.text.slice(this.i))!;
      if (!m) throw new ConditionError(`unexpected character '${c}' at position ${this.i + 1}`);
      this.i += m[0].length;
      return Number(m[0]) !== 0;
    }
    const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(this.text.slice(this.i));
    if (!m) throw new ConditionError(`unexpected character '${c}' at position ${this.i + 1}`);
    const name = m[0];
    const pred = PREDICATES[name];
    if (!pred) throw new ConditionError(`unknown term '${name}' at position ${this.i + 1}`);
    this.i += name.length;
    if (this.text[this.i] !== '(') throw new ConditionError(`missing opening parenthesis after '${name}'`);
    this.i++;
    const close = this.text.indexOf(')', this.i);
    if (close < 0) throw new ConditionError(`missing closing parenthesis for '${name}'`);
    const inner = this.text.slice(this.i, close);
    this.i = close + 1;
    const args = inner.length === 0 ? [] : inner.split(',').map((s) => s.trim());
    if (args.length < pred.nargs)
      throw new ConditionError(`missing argument(s) for '${name}': expects ${pred.nargs}`);
    if (args.length > pred.nargs) throw new ConditionError(`too many arguments for '${name}'`);
    return pred.fn(args, this.env);
  }
}

/** Evaluate the words after `.if`/`.elif` (joined by a space). */
export function evalCondition(words: readonly string[], env: ConditionEnv): boolean {
  const text = words.join(' ').trim();
  if (text.length === 0) return false;
  const p = new Parser(text, env);
  const v = p.expr(0);
  p.skip();
  if (p.i < text.length) throw new ConditionError(`unparsable conditional expression '${text}'`);
  return v;
}
