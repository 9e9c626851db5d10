/**
 * Keyword tables: every section declares its keywords in one table (name -> parse function -> help).
 * Unknown-keyword errors, "did you mean", `-c` and docs/configuration.md all come from these tables.
 *
 * A keyword name may be one word (`bind`) or two (`timeout client`, `option httplog`, `stats uri`):
 * the dispatcher tries the two-word form first, then the one-word form.
 */
import type { Diagnostics, Place } from './diagnostics.js';
import type { ConfigModel } from './model/config.js';
import { bestMatch } from './suggest.js';

/** How far Switchyard goes with a keyword. */
export type KeywordStatus =
  /** parsed and acted upon */
  | 'supported'
  /** parsed and validated into the model; its run-time behaviour arrives with a later issue */
  | 'parsed-only'
  /** accepted with a warning: a pure tuning knob that has no meaning in Node */
  | 'ignored';

/** One configuration line after lexing. */
export interface Statement {
  readonly place: Place;
  /** Words of the line with `no`/`default` prefixes removed. */
  readonly args: readonly string[];
  /** `no option X` -> 'no', `default option X` -> 'default'. */
  readonly prefix?: 'no' | 'default';
}

/** What every keyword parser receives besides its own section state. */
export interface ParseContext {
  readonly diag: Diagnostics;
  readonly st: Statement;
  /** The configuration read so far (e.g. the global section's `expose-experimental-directives`). */
  readonly config: ConfigModel;
  /** Emit a warning at the statement's place. */
  warn(message: string): void;
  /** Emit an alert at the statement's place (parsing continues). */
  alert(message: string): void;
}

export interface Keyword<S> {
  /** `bind`, `timeout client`, `option httplog`. */
  readonly name: string;
  readonly help: string;
  readonly status: KeywordStatus;
  /**
   * Parse the statement into the section state `s`. Throw ConfigError for an error at the
   * statement's place; call ctx.warn for warnings.
   */
  parse(s: S, args: readonly string[], ctx: ParseContext): void;
  /** For proxy keywords: the proxy kinds that accept it (see CAP_* in model/proxy.ts). */
  readonly cap?: number;
  /** Used where its cap does not allow it: a warning and the line is ignored (default), or an alert. */
  readonly capMismatch?: 'alert' | 'warn';
  /** Replaces the default "'kw' ignored because frontend 'x' has no backend capability." warning. */
  capWarning?(proxyKind: string, proxyName: string, missingCap: string): string;
  /** Accepts the `no` prefix (HAProxy: options and a few others). */
  readonly negatable?: boolean;
  /** Shown in docs/configuration.md instead of the name (e.g. `timeout <name>`). */
  readonly docName?: string;
}

export class KeywordTable<S> {
  private readonly byName = new Map<string, Keyword<S>>();

  constructor(
    readonly section: string,
    keywords: readonly Keyword<S>[] = [],
  ) {
    for (const k of keywords) this.add(k);
  }

  add(k: Keyword<S>): this {
    if (this.byName.has(k.name)) throw new Error(`duplicate keyword '${k.name}' in ${this.section}`);
    this.byName.set(k.name, k);
    return this;
  }

  addAll(ks: readonly Keyword<S>[]): this {
    for (const k of ks) this.add(k);
    return this;
  }

  get(name: string): Keyword<S> | undefined {
    return this.byName.get(name);
  }

  /** Find the keyword a statement uses: two-word form first, then one word. */
  lookup(args: readonly string[]): Keyword<S> | undefined {
    if (args.length >= 2) {
      const two = this.byName.get(`${args[0]} ${args[1]}`);
      if (two) return two;
    }
    return this.byName.get(args[0] ?? '');
  }

  /** All keywords, in declaration order. */
  all(): Keyword<S>[] {
    return [...this.byName.values()];
  }

  /** First words of every keyword (what a "did you mean" for the first word picks from). */
  firstWords(): Set<string> {
    return new Set([...this.byName.keys()].map((n) => n.split(' ')[0]!));
  }

  /** Second words under a first word (`option` -> httplog, tcplog, ...). */
  subWords(first: string): string[] {
    const out: string[] = [];
    for (const n of this.byName.keys()) {
      const sp = n.indexOf(' ');
      if (sp > 0 && n.slice(0, sp) === first) out.push(n.slice(sp + 1));
    }
    return out;
  }

  suggest(word: string): string | undefined {
    return bestMatch(word, this.firstWords());
  }

  /** Suggest the closest second word under `first` (`option htplog` -> `httplog`). */
  suggestSub(first: string, word: string): string | undefined {
    const m = bestMatch(word, this.subWords(first));
    return m === undefined ? undefined : `${first} ${m}`;
  }
}

/** HAProxy's "; did you mean 'X' maybe ?" suffix, or ''. */
export function didYouMean(suggestion: string | undefined): string {
  return suggestion ? `; did you mean '${suggestion}' maybe ?` : '';
}
