/** Shared types and small helpers of the global keyword files. */
import { ConfigError } from '../../diagnostics.js';
import type { Keyword, KeywordStatus } from '../../keyword.js';
import type { GlobalModel } from '../../model/global.js';
import type { ConfigBuilder } from '../../section.js';
import { noMoreThan } from '../args.js';
import { warnIgnored } from './emit.js';

export type GlobalState = { g: GlobalModel; b: ConfigBuilder };
export type GlobalKeyword = Keyword<GlobalState>;

/** C's atol()/atoi(): optional blanks and sign, then digits; 0 when there are none. */
export function atol(text: string | undefined): number {
  const m = /^[ \t]*([-+]?\d+)/.exec(text ?? '');
  return m ? Number(m[1]) : 0;
}

/** The argument is missing (HAProxy tests `*args[1] == 0`). */
export function missing(text: string | undefined): boolean {
  return text === undefined || text === '';
}

/** A keyword without arguments that sets a flag. Extra words get HAProxy's "cannot handle" alert. */
/** Global flags HAProxy 2.6 lets `no` turn off (its "negation/default currently supported only for ..."). */
const NEGATABLE_FLAGS: ReadonlySet<string> = new Set([
  'busy-polling',
  'set-dumpable',
  'strict-limits',
  'insecure-fork-wanted',
  'numa-cpu-mapping',
]);

/** A keyword without arguments that sets a flag (`no` clears it where HAProxy allows). */
export function flag(
  name: string,
  help: string,
  status: KeywordStatus,
  set: (g: GlobalModel, on: boolean) => void,
): GlobalKeyword {
  return {
    name,
    help,
    status,
    negatable: NEGATABLE_FLAGS.has(name),
    parse({ g }, args, ctx) {
      noMoreThan(args, 1, 0);
      set(g, ctx.st.prefix !== 'no');
      if (status === 'ignored' && ctx.st.prefix !== 'no') warnIgnored(ctx, name);
    },
  };
}

/** Throw HAProxy's "'<kw>' <text>" alert. */
export function kwError(kw: string, text: string): never {
  throw new ConfigError(`'${kw}' ${text}`);
}
