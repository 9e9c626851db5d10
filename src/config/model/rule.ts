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
  readonly criterion: string;
  readonly args: readonly string[];
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

/** Split trailing `if`/`unless` condition words from a rule's words. */
export function splitCondition(words: readonly string[]): { args: string[]; cond?: ConditionModel } {
  const i = words.findIndex((w) => w === 'if' || w === 'unless');
  if (i < 0) return { args: [...words] };
  return {
    args: words.slice(0, i),
    cond: { polarity: words[i] as 'if' | 'unless', terms: words.slice(i + 1) },
  };
}
