/**
 * Sample expressions compiled at load time: a fetch followed by converters, as one object whose
 * `one` gives the value a rule uses and `all` every value an ACL tests. A fetch or converter that
 * has no answer (missing header, failed cast) makes the whole expression answer undefined.
 */
import { RulesError, type CompileEnv } from './compile-env.js';
import type { RuleContext } from './context.js';
import { converterBuilder } from './conv/index.js';
import type { Converter } from './conv/types.js';
import { ExprSyntaxError, parseExpr } from './expr-parse.js';
import { fetchBuilder } from './fetch/index.js';
import type { Fetch } from './fetch/types.js';
import type { SampleValue, SmpType } from './sample.js';

export interface SampleExpr {
  /** The expression as written. */
  readonly text: string;
  /** The fetch's name (for implicit match methods). */
  readonly fetchName: string;
  /** Output type of the fetch alone, and after the converters. */
  readonly fetchType: SmpType;
  readonly type: SmpType;
  readonly hasConverters: boolean;
  one(ctx: RuleContext): SampleValue | undefined;
  all(ctx: RuleContext): readonly SampleValue[] | undefined;
}

class Compiled implements SampleExpr {
  constructor(
    readonly text: string,
    readonly fetchName: string,
    private readonly fetch: Fetch,
    private readonly convs: readonly Converter[],
  ) {}

  get fetchType(): SmpType {
    return this.fetch.type;
  }

  get type(): SmpType {
    return this.convs.length ? this.convs[this.convs.length - 1]!.out : this.fetch.type;
  }

  get hasConverters(): boolean {
    return this.convs.length > 0;
  }

  private convert(v0: SampleValue, ctx: RuleContext): SampleValue | undefined {
    let v: SampleValue | undefined = v0;
    const cs = this.convs;
    for (let i = 0; i < cs.length && v !== undefined; i++) v = cs[i]!.fn(v, ctx);
    return v;
  }

  one(ctx: RuleContext): SampleValue | undefined {
    const v = this.fetch.one(ctx);
    if (v === undefined || this.convs.length === 0) return v;
    return this.convert(v, ctx);
  }

  all(ctx: RuleContext): readonly SampleValue[] | undefined {
    if (!this.fetch.all) {
      const v = this.one(ctx);
      return v === undefined ? undefined : [v];
    }
    const vs = this.fetch.all(ctx);
    if (!vs || this.convs.length === 0) return vs;
    const out: SampleValue[] = [];
    for (let i = 0; i < vs.length; i++) {
      const v = this.convert(vs[i]!, ctx);
      if (v !== undefined) out.push(v);
    }
    return out;
  }
}

/** Compile `fetch[(args)][,conv[(args)]]...`; throws RulesError with HAProxy-like wording. */
export function compileExpr(text: string, env: CompileEnv, fetchOverride?: string): SampleExpr {
  let parsed;
  try {
    parsed = parseExpr(text);
  } catch (e) {
    if (e instanceof ExprSyntaxError) throw new RulesError(`${e.message} in sample expression '${text}'`);
    throw e;
  }
  const name = fetchOverride ?? parsed.fetch.name;
  const fb = fetchBuilder(name);
  if (!fb) throw new RulesError(`unknown fetch method '${parsed.fetch.name}' in sample expression '${text}'`);
  const fetch = fb(parsed.fetch.args, env);
  const convs: Converter[] = [];
  let type = fetch.type;
  for (const c of parsed.convs) {
    const cb = converterBuilder(c.name);
    if (!cb) throw new RulesError(`unknown converter '${c.name}' in sample expression '${text}'`);
    const conv = cb(c.args, env, type);
    convs.push(conv);
    type = conv.out;
  }
  return new Compiled(text, name, fetch, convs);
}
