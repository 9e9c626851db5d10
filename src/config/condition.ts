/**
 * `.if` / `.elif` expressions (doc/configuration.txt 2.4), parsed and evaluated as HAProxy 2.6's
 * cfgcond.c does: terms combined with `!`, `&&`, `||` and parentheses. A term is a number
 * (strtol() base 0, non-zero is true) or a predicate whose arguments are read by make_arg_list().
 * Parsing is complete before anything is evaluated, and `&&`/`||` short-circuit.
 */
import { lexLine } from './lexer.js';

export interface ConditionEnv {
  getenv(name: string): string | undefined;
  readonly features: ReadonlySet<string>;
  /** The HAProxy version Switchyard is compatible with, e.g. "2.6.12". */
  readonly version: string;
  /** The TLS library's version ("3.0.13"); defaults to Node's OpenSSL. */
  readonly sslVersion?: string;
}

export class ConditionError extends Error {
  /**
   * @param message HAProxy's error text ("unparsable conditional expression '...'").
   * @param position 0-based offset in the expression where HAProxy points (its errptr), if any.
   */
  constructor(
    message: string,
    readonly position?: number,
  ) {
    super(message);
    this.name = 'ConditionError';
  }
}

/** HAProxy's MAX_CFG_RECURSION. */
const MAX_CFG_RECURSION = 1024;

function isCSpace(c: string | undefined): boolean {
  return c === ' ' || c === '\t' || c === '\n' || c === '\v' || c === '\f' || c === '\r';
}

/**
 * C strtol(): skips leading blanks, takes a sign and (base 0) a 0x/0 prefix. Returns the value
 * (clamped to the long range) and where the number ends (`start` when there is none).
 */
export function cStrtol(s: string, start: number, base: 0 | 10): { value: bigint; end: number } {
  let i = start;
  while (isCSpace(s[i])) i++;
  let neg = false;
  if (s[i] === '+' || s[i] === '-') {
    neg = s[i] === '-';
    i++;
  }
  let radix: number = base === 0 ? 10 : base;
  if (base === 0) {
    if (s[i] === '0' && (s[i + 1] === 'x' || s[i + 1] === 'X') && /[0-9a-fA-F]/.test(s[i + 2] ?? '')) {
      radix = 16;
      i += 2;
    } else if (s[i] === '0') {
      radix = 8;
    }
  }
  const digitsAt = i;
  let v = 0n;
  const big = BigInt(radix);
  for (;;) {
    const c = s[i];
    if (c === undefined) break;
    const d = parseInt(c, 36);
    if (Number.isNaN(d) || d >= radix) break;
    v = v * big + BigInt(d);
    i++;
  }
  if (i === digitsAt) return { value: 0n, end: start };
  const LONG_MAX = (1n << 63n) - 1n;
  if (neg) v = v > LONG_MAX + 1n ? -(LONG_MAX + 1n) : -v;
  else if (v > LONG_MAX) v = LONG_MAX;
  return { value: v, end: i };
}

/** C `(unsigned int)` of a strtol() result. */
function toUint(v: bigint): number {
  return Number(BigInt.asUintN(32, v));
}

/**
 * HAProxy's split_version(): "<a>[.<b>[.<c>[.<d>]]][-{dev,pre,rc}<f>][-*][-<g>]" into 7 numbers,
 * or undefined when it is not parsable.
 */
export function splitVersion(version: string): number[] | undefined {
  const v = [0, 0, 0, 0, 3, 0, 0];
  if (version.length === 0) return undefined;
  let p = 0;
  let tag = false;
  for (let k = 0; k < 4; k++) {
    const r = cStrtol(version, p, 10);
    v[k] = toUint(r.value);
    const err = version[r.end];
    p = r.end + 1;
    if (err === undefined) return v;
    if (err === '-' && k < 3) {
      tag = true;
      break;
    }
    if (k === 3) {
      if (err !== '-') return undefined;
      tag = true;
      break;
    }
    if (err !== '.') return undefined;
  }
  if (!tag) return v;
  let commit = false;
  const c0 = version[p];
  if (c0 !== undefined && c0 >= '0' && c0 <= '9') commit = true;
  else if (version.startsWith('dev', p)) {
    v[4] = 1;
    p += 3;
  } else if (version.startsWith('rc', p)) {
    v[4] = 2;
    p += 2;
  } else if (version.startsWith('pre', p)) {
    v[4] = 2;
    p += 3;
  } else commit = true;
  if (!commit) {
    const r = cStrtol(version, p, 10);
    v[5] = toUint(r.value);
    const err = version[r.end];
    p = r.end + 1;
    if (err === undefined) return v;
    if (err !== '-') return undefined;
  }
  const rest = version.slice(Math.min(p, version.length));
  const dash = rest.lastIndexOf('-');
  const num = dash >= 0 ? rest.slice(dash + 1) : rest;
  if (dash >= 0 && num.length === 0) return undefined;
  const r = cStrtol(num, 0, 10);
  v[6] = r.end === num.length && num.length > 0 ? toUint(r.value) : 0;
  return v;
}

/**
 * HAProxy's compare_current_version(): -1 when `version` is older than `current`, 0 same, 1 newer,
 * -2 when `current` is not parsable, -3 when `version` is not.
 */
export function compareCurrentVersion(current: string, version: string): number {
  const loc = splitVersion(current);
  if (!loc) return -2;
  const mod = splitVersion(version);
  if (!mod) return -3;
  for (let i = 0; i < loc.length; i++) {
    if (mod[i]! < loc[i]!) return -1;
    if (mod[i]! > loc[i]!) return 1;
  }
  return 0;
}

/** Compare two versions with HAProxy's rules ("2.6-dev1" < "2.6" < "2.6.1"): -1, 0 or 1. */
export function compareVersions(a: string, b: string): number {
  const r = compareCurrentVersion(b, a);
  if (r < -1) throw new ConditionError(`invalid version '${r === -2 ? b : a}'`);
  return r;
}

/** HAProxy's openssl_version_parser(): "MAJOR.MINOR.FIX[letters|-betaN]" into OpenSSL's number, 0 if invalid. */
export function opensslVersionNumber(version: string): number {
  if (version.length === 0) return 0;
  const a = cStrtol(version, 0, 10);
  const major = toUint(a.value);
  if (version[a.end] !== '.' || major > 0xf) return 0;
  const b = cStrtol(version, a.end + 1, 10);
  const minor = toUint(b.value);
  if (version[b.end] !== '.' || minor > 0xff) return 0;
  const c = cStrtol(version, b.end + 1, 10);
  const fix = toUint(c.value);
  if (fix > 0xff) return 0;
  let p = c.end;
  let patch = 0;
  let status = 0;
  if (p >= version.length) status = 0xf;
  else if (version[p] === '-') {
    p++;
    if (version.startsWith('beta', p)) {
      const d = cStrtol(version, p + 4, 10);
      status = toUint(d.value);
      if (status > 14) return 0;
    }
  } else {
    patch = 1;
    for (; p < version.length; p++) patch += (version.charCodeAt(p) & ~0x20) - 65;
    status = 0xf;
  }
  return (
    (((major & 0xf) << 28) | ((minor & 0xff) << 20) | ((fix & 0xff) << 12) | ((patch & 0xff) << 4) | (status & 0xf)) >>>
    0
  );
}

function sslVersionOf(env: ConditionEnv): string {
  return (env.sslVersion ?? process.versions.openssl ?? '').replace(/\+.*$/, '');
}

/** -1/0/1 like compareCurrentVersion, or -3 when either version is not parsable. */
function compareSsl(env: ConditionEnv, version: string): number {
  const want = opensslVersionNumber(version);
  const cur = opensslVersionNumber(sslVersionOf(env));
  if (want === 0 || cur === 0) return -3;
  return want < cur ? -1 : want > cur ? 1 : 0;
}

/** Thrown at evaluation time by a predicate HAProxy fails without a message (openssl_version_*). */
const EVAL_FAILED = 'failed to evaluate conditional expression';

type Predicate = {
  readonly nargs: number;
  readonly fn: (args: readonly string[], env: ConditionEnv) => boolean;
};

/** HAProxy 2.6's predicates (strstr() and enabled() came later). */
export const PREDICATES: Readonly<Record<string, Predicate>> = {
  defined: { nargs: 1, fn: ([n], env) => env.getenv(n!) !== undefined },
  feature: { nargs: 1, fn: ([n], env) => env.features.has(n!) },
  streq: { nargs: 2, fn: ([a, b]) => a === b },
  strneq: { nargs: 2, fn: ([a, b]) => a !== b },
  version_atleast: { nargs: 1, fn: ([v], env) => compareCurrentVersion(env.version, v!) <= 0 },
  version_before: { nargs: 1, fn: ([v], env) => compareCurrentVersion(env.version, v!) > 0 },
  openssl_version_atleast: {
    nargs: 1,
    fn: ([v], env) => {
      const r = compareSsl(env, v!);
      if (r < -1) throw new ConditionError(EVAL_FAILED);
      return r <= 0;
    },
  },
  openssl_version_before: {
    nargs: 1,
    fn: ([v], env) => {
      const r = compareSsl(env, v!);
      if (r < -1) throw new ConditionError(EVAL_FAILED);
      return r > 0;
    },
  },
  ssllib_name_startswith: { nargs: 1, fn: ([n], env) => `OpenSSL ${sslVersionOf(env)}`.startsWith(n!) },
};

type Term =
  | { kind: 'const'; neg: boolean; value: boolean }
  | { kind: 'paren'; neg: boolean; expr: OrExpr }
  | { kind: 'pred'; neg: boolean; name: string; args: string[] };
/** Terms joined by `&&`. */
type AndExpr = Term[];
/** `&&` groups joined by `||`. */
type OrExpr = AndExpr[];

/**
 * A parse step: errors are thrown; `ok: false` is HAProxy's "nothing parsable here" (0), with `at`
 * where the caller should point when that is not the start (a dangling `&&`/`||`).
 */
type Parsed<T> = { ok: false; at?: number } | { ok: true; node: T; end: number };

class CondParser {
  constructor(readonly text: string) {}

  private skipBlanks(i: number): number {
    while (this.text[i] === ' ' || this.text[i] === '\t') i++;
    return i;
  }

  private fail(message: string, at: number): never {
    throw new ConditionError(message, at);
  }

  /** make_arg_list() for string arguments, from just after the predicate name. */
  private argList(name: string, nbarg: number, start: number): { args: string[]; end: number } {
    const s = this.text;
    let i = start;
    let empty = false;
    if (s[i] !== '(') empty = true;
    else i++;
    const args: string[] = [];
    let pos = 0;
    const err = (msg: string, argPos: number, at: number): never =>
      this.fail(`${msg} in argument ${argPos} of predicate '${name}' used in conditional expression`, at);
    while (pos < nbarg) {
      let out = '';
      let squote = false;
      let dquote = false;
      while (!empty && i < s.length) {
        const c = s[i]!;
        if (c === '"' && !squote) {
          dquote = !dquote;
          i++;
        } else if (c === "'" && !dquote) {
          squote = !squote;
          i++;
        } else if (c === '\\' && !squote) {
          const nx = s[i + 1];
          if (nx === undefined) err(`failed to parse '${s.slice(i)}' after '${out}' as type 'string' at position ${pos + 1}`, pos, i);
          if (nx === '\\' || nx === ' ' || nx === '"' || nx === "'") {
            out += nx;
            i++;
          } else if (nx === 'r') {
            out += '\r';
            i++;
          } else if (nx === 'n') {
            out += '\n';
            i++;
          } else if (nx === 't') {
            out += '\t';
            i++;
          } else out += '\\';
          i++;
        } else {
          if (!squote && !dquote && (c === ',' || c === ')')) break;
          out += c;
          i++;
        }
      }
      args.push(out);
      pos++;
      if (empty || i >= s.length || s[i] === ')' || pos >= nbarg) break;
      i++; // the comma
    }
    if (pos < nbarg) err(`missing arguments (got ${pos}/${nbarg}), type 'string' expected`, pos, i);
    if (!empty) {
      if (s[i] === ')') i++;
      else {
        const word = s.slice(i);
        err(word ? `expected ')' before '${word}'` : `expected ')'`, pos > 1 ? pos - 1 : pos, i);
      }
    }
    return { args, end: i };
  }

  term(at: number, maxdepth: number): Parsed<Term> {
    const s = this.text;
    let i = this.skipBlanks(at);
    if (i >= s.length) return { ok: false };
    const unparsable = (): never => this.fail(`unparsable conditional expression '${s.slice(at)}'`, at);
    if (maxdepth <= 0) unparsable();
    let neg = false;
    while (s[i] === '!') {
      neg = !neg;
      do i++;
      while (s[i] === ' ' || s[i] === '\t');
    }
    const num = cStrtol(s, i, 0);
    if (num.end !== i) return { ok: true, node: { kind: 'const', neg, value: num.value !== 0n }, end: num.end };
    if (s[i] === '(') {
      do i++;
      while (s[i] === ' ' || s[i] === '\t');
      const e = this.expr(i, maxdepth - 1);
      if (!e.ok) return unparsable();
      i = this.skipBlanks(e.end);
      if (s[i] !== ')') this.fail(`expected ')' after conditional expression '${s.slice(at)}'`, at);
      do i++;
      while (s[i] === ' ' || s[i] === '\t');
      return { ok: true, node: { kind: 'paren', neg, expr: e.node }, end: i };
    }
    let w = i;
    while (w < s.length && s[w] !== ' ' && s[w] !== '(') w++;
    const name = s.slice(i, w);
    const pred = Object.prototype.hasOwnProperty.call(PREDICATES, name) ? PREDICATES[name] : undefined;
    if (pred) {
      const al = this.argList(name, pred.nargs, w);
      return { ok: true, node: { kind: 'pred', neg, name, args: al.args }, end: al.end };
    }
    return unparsable();
  }

  andExpr(at: number, maxdepth: number): Parsed<AndExpr> {
    const s = this.text;
    if (at >= s.length) return { ok: false };
    if (maxdepth <= 0) this.fail(`unparsable conditional sub-expression '${s.slice(at)}'`, at);
    const t = this.term(at, maxdepth - 1);
    if (!t.ok) this.fail(`unparsable conditional sub-expression '${s.slice(at)}'`, at);
    const i = this.skipBlanks(t.end);
    if (s[i] !== '&' || s[i + 1] !== '&') return { ok: true, node: [t.node], end: i };
    const r = this.andExpr(this.skipBlanks(i + 2), maxdepth - 1);
    // A missing right-hand side makes the whole level "not parsable", pointing at the '&&'.
    if (!r.ok) return { ok: false, at: i };
    return { ok: true, node: [t.node, ...r.node], end: r.end };
  }

  expr(at: number, maxdepth: number): Parsed<OrExpr> {
    const s = this.text;
    if (at >= s.length) return { ok: false };
    if (maxdepth <= 0) this.fail(`unparsable conditional expression '${s.slice(at)}'`, at);
    const a = this.andExpr(at, maxdepth - 1);
    if (!a.ok) {
      const where = a.at ?? at;
      this.fail(`unparsable conditional expression '${s.slice(where)}'`, where);
    }
    const i = this.skipBlanks(a.end);
    if (s[i] !== '|' || s[i + 1] !== '|') return { ok: true, node: [a.node], end: i };
    const r = this.expr(this.skipBlanks(i + 2), maxdepth - 1);
    if (!r.ok) return { ok: false, at: i };
    return { ok: true, node: [a.node, ...r.node], end: r.end };
  }
}

function evalTerm(t: Term, env: ConditionEnv): boolean {
  let v: boolean;
  if (t.kind === 'const') v = t.value;
  else if (t.kind === 'paren') v = evalOr(t.expr, env);
  else v = PREDICATES[t.name]!.fn(t.args, env);
  return t.neg ? !v : v;
}

function evalOr(e: OrExpr, env: ConditionEnv): boolean {
  for (const and of e) {
    let v = true;
    for (const t of and) {
      if (!evalTerm(t, env)) {
        v = false;
        break;
      }
    }
    if (v) return true;
  }
  return false;
}

/**
 * Evaluate an expression text as HAProxy's cfg_eval_condition() does (the words after `.if` are
 * merged with single spaces first). Empty is false. Throws ConditionError with HAProxy's message.
 */
export function evalConditionText(text: string, env: ConditionEnv): boolean {
  if (text.length === 0) return false;
  const p = new CondParser(text);
  const r = p.expr(0, MAX_CFG_RECURSION);
  if (!r.ok) throw new ConditionError(`unparsable conditional expression '${text}'`, r.at ?? 0);
  let i = r.end;
  while (text[i] === ' ' || text[i] === '\t') i++;
  if (i < text.length) {
    throw new ConditionError(`unexpected character '${text[i]}' at the end of conditional expression '${text}'`, i);
  }
  return evalOr(r.node, env);
}

/**
 * Evaluate the words after `.if`/`.elif`. Prefer evalConditionText(lexResult.afterFirst): joining
 * words loses a trailing blank HAProxy keeps in its error messages.
 */
export function evalCondition(words: readonly string[], env: ConditionEnv): boolean {
  return evalConditionText(words.join(' '), env);
}

/**
 * HAProxy's alert for a bad `.if`/`.elif` expression, after "parsing [file:line]: ":
 *   unparsable conditional expression '&&' in '.if' at position 3:
 *     .if 1 &&
 *           ^
 */
export function formatConditionError(directive: string, text: string, e: ConditionError): string {
  const pos = e.position ?? 0;
  // sanitize_for_printing() with a width of 80 minus the directive and its space.
  const width = 80 - (directive.length + 1);
  let shift = 0;
  let shown: string;
  const clean = (s: string): string => {
    let o = '';
    for (const c of s) {
      const code = c.charCodeAt(0);
      o += isCSpace(c) ? ' ' : code >= 32 && code <= 126 ? c : '?';
    }
    return o;
  };
  if (pos >= width) {
    shift = pos - Math.floor(width / 2);
    shown = `...${clean(text.slice(shift + 3, shift + width - 3))}...`;
  } else {
    shown = clean(text.slice(0, width));
  }
  return `${e.message} in '${directive}' at position ${pos + 1}:\n  ${directive} ${shown}\n  ${' '.repeat(pos - shift + directive.length + 1)}^`;
}

export interface CheckConditionResult {
  /** 0 true, 1 false, 2 error: `haproxy -cc`'s exit status. */
  readonly status: 0 | 1 | 2;
  /** The alert text (without the "[ALERT] (pid) : " prefix) when status is 2 and HAProxy prints one. */
  readonly alert?: string;
}

/**
 * `haproxy -cc EXPR`: the argument is first split as a configuration line would be (quotes,
 * escapes and environment variables, but no comments), its words merged back with spaces, then
 * evaluated.
 */
export function checkCondition(expr: string, env: ConditionEnv): CheckConditionResult {
  const lx = lexLine(expr, { getenv: (n) => env.getenv(n), comments: false, inPlace: true });
  if (lx.error) {
    const k = lx.error.kind;
    const alert =
      k === 'quote'
        ? 'config : Syntax Error in condition: Unmatched quote.'
        : k === 'hex'
          ? 'config : Syntax Error in condition: Truncated or invalid hexadecimal sequence.'
          : k === 'toolarge'
            ? 'config : Error in condition: Line too long.'
            : k === 'toomany'
              ? 'config : Error in condition: Too many words.'
              : 'config : Unhandled error in condition, please report this to the developers.';
    return { status: 2, alert };
  }
  try {
    return { status: evalConditionText(lx.merged ?? '', env) ? 0 : 1 };
  } catch (e) {
    if (!(e instanceof ConditionError)) throw e;
    if (e.message === EVAL_FAILED) return { status: 2 };
    return { status: 2, alert: `config : Failed to evaluate condition: ${e.message}` };
  }
}
