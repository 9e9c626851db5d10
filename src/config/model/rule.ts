import type { Place } from '../diagnostics.js';

/** `if`/`unless` followed by ACL terms, kept as words; the rules engine compiles them. */
export interface ConditionModel {
  readonly polarity: 'if' | 'unless';
  readonly terms: readonly string[];
}

/** `acl NAME FETCH [flags] [operator] VALUE...` */
export interface AclModel {
  readonly place: Place;
  readonly name: string;
  /** The criterion word as written: fetch, its arguments and converters (`hdr(host),lower`). */
  readonly criterion: string;
  /** Every word after the criterion (flags and patterns), as written. */
  readonly args: readonly string[];
  /** The fetch or ACL keyword name (`hdr`, `path_beg`, `req.hdr`). */
  readonly fetch?: string;
  /** Flags before the patterns: `-i`, `-n`, `-f FILE`, `-m METH`, `-M`, `-u ID`. */
  readonly flags?: readonly string[];
  /** Match method from `-m`, or implied by the ACL keyword (`path_beg` -> `beg`). */
  readonly match?: string;
  /** Pattern files from `-f`. */
  readonly files?: readonly string[];
  readonly patterns?: readonly string[];
}

/** One http-request / http-response / tcp-request ... rule. */
export interface RuleModel {
  readonly place: Place;
  /** `http-request`, `http-response`, `http-after-response`, `tcp-request connection`, ... */
  readonly ruleset: string;
  /** `deny`, `set-header`, `redirect` ... */
  readonly action: string;
  /** Action arguments (before the condition). */
  readonly args: readonly string[];
  readonly cond?: ConditionModel;
}

/** `use_backend NAME [if|unless cond]`, `use-server NAME if cond`. */
export interface SwitchingRuleModel {
  readonly place: Place;
  readonly target: string;
  readonly cond?: ConditionModel;
}

/** `redirect location|prefix|scheme <to> [code N] [option]... [if|unless cond]` (also `http-request redirect`). */
export interface RedirectModel {
  readonly type: 'location' | 'prefix' | 'scheme';
  readonly to: string;
  readonly code: 301 | 302 | 303 | 307 | 308;
  readonly dropQuery: boolean;
  readonly appendSlash: boolean;
  readonly ignoreEmpty: boolean;
  readonly setCookie?: string;
  readonly clearCookie?: string;
}

/** Split trailing `if`/`unless` condition words from a rule's words. */
export function splitCondition(words: readonly string[]): { args: string[]; cond?: ConditionModel } {
  const i = words.findIndex((w) => w === 'if' || w === 'unless');
  if (i < 0) return { args: [...words] };
  return {
    args: words.slice(0, i),
    cond: { polarity: words[i] as 'if' | 'unless', terms: words.slice(i + 1) },
  };
}
