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
export function flag(
  name: string,
  help: string,
  status: KeywordStatus,
  set: (g: GlobalModel) => void,
): GlobalKeyword {
  return {
    name,
    help,
    status,
    parse({ g }, args, ctx) {
      noMoreThan(args, 1, 0);
      set(g);
      if (status === 'ignored') warnIgnored(ctx, name);
    },
  };
}

/** Throw HAProxy's "'<kw>' <text>" alert. */
export function kwError(kw: string, text: string): never {
  throw new ConfigError(`'${kw}' ${text}`);
}
