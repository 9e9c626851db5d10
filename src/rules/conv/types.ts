/** A converter compiled for one use: its output type and the function applied to each sample. */
import type { CompileEnv } from '../compile-env.js';
import type { RuleContext } from '../context.js';
import { parseVarName } from '../fetch/misc.js';
import { toInt, type SampleValue, type SmpType } from '../sample.js';
import { RulesError } from '../compile-env.js';

export interface Converter {
  readonly out: SmpType;
  readonly fn: (v: SampleValue, ctx: RuleContext) => SampleValue | undefined;
}

export type ConvBuilder = (args: readonly string[], env: CompileEnv, input: SmpType) => Converter;

/** A converter without arguments. */
export function plain(out: SmpType, fn: (v: SampleValue, ctx: RuleContext) => SampleValue | undefined): ConvBuilder {
  const c: Converter = { out, fn };
  return () => c;
}

/** An integer argument that may name a variable instead (`add(txn.n)`): resolved per call. */
export function intOrVar(arg: string | undefined, conv: string): ((ctx: RuleContext) => number | undefined) & { raw: (ctx: RuleContext) => SampleValue | undefined } {
  if (arg === undefined || arg === '') throw new RulesError(`missing argument for converter '${conv}'`);
  if (/^[-+]?\d+$/.test(arg)) {
    const n = Number(arg);
    return Object.assign(() => n, { raw: () => n });
  }
  const { scope, name } = parseVarName(arg);
  const raw = (ctx: RuleContext): SampleValue | undefined => ctx.getVar(scope, name);
  return Object.assign(
    (ctx: RuleContext) => {
      const v = raw(ctx);
      return v === undefined ? undefined : toInt(v);
    },
    { raw },
  );
}

export function needInt(arg: string | undefined, conv: string, dflt?: number): number {
  if (arg === undefined || arg === '') {
    if (dflt !== undefined) return dflt;
    throw new RulesError(`missing argument for converter '${conv}'`);
  }
  if (!/^[-+]?\d+$/.test(arg)) throw new RulesError(`converter '${conv}' expects an integer, got '${arg}'`);
  return Number(arg);
}
