/** A sample fetch compiled for one use: its output type and the functions the engine calls. */
import type { CompileEnv } from '../compile-env.js';
import type { RuleContext } from '../context.js';
import type { SampleValue, SmpType } from '../sample.js';

export interface Fetch {
  readonly type: SmpType;
  /** One value (for multi-valued fetches: the occurrence a sample expression uses, usually the last). */
  readonly one: (ctx: RuleContext) => SampleValue | undefined;
  /** Every value, for ACLs (multi-valued fetches only: headers, cookies, parameters). */
  readonly all?: (ctx: RuleContext) => readonly SampleValue[] | undefined;
}

export type FetchBuilder = (args: readonly string[], env: CompileEnv) => Fetch;

/** A fetch that takes no argument. */
export function simple(type: SmpType, one: (ctx: RuleContext) => SampleValue | undefined): FetchBuilder {
  const f: Fetch = { type, one };
  return () => f;
}

export function argInt(args: readonly string[], i: number, dflt: number): number {
  const a = args[i];
  if (a === undefined || a === '') return dflt;
  const n = Number(a);
  return Number.isFinite(n) ? Math.trunc(n) : dflt;
}
