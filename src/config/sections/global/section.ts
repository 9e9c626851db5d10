/**
 * The `global` section: process-wide settings. It may appear several times; all are merged.
 * setenv/presetenv/unsetenv/resetenv change the environment the following lines are read with.
 * The keywords live in one file per theme; this file assembles the table.
 */
import { ConfigError } from '../../diagnostics.js';
import { KeywordTable } from '../../keyword.js';
import type { SectionHandler } from '../../section.js';
import { expectArgs } from '../args.js';
import { LIMIT_KEYWORDS } from './limits.js';
import { LOGGING_KEYWORDS } from './logging.js';
import { MISC_KEYWORDS } from './misc.js';
import { PROCESS_KEYWORDS } from './process.js';
import { SSL_KEYWORDS } from './ssl.js';
import { STATS_KEYWORDS } from './stats.js';
import { TUNE_KEYWORDS } from './tune.js';
import type { GlobalKeyword as K, GlobalState } from './types.js';

const envKeywords: K[] = [
  {
    name: 'setenv',
    help: 'setenv <name> <value>: set an environment variable',
    status: 'supported',
    parse({ g, b }, args, ctx) {
      expectArgs(args, 1, 2, 'two arguments');
      b.env.set(args[1]!, args[2]!);
      g.setenv.push({ name: args[1]!, value: args[2]!, place: ctx.st.place });
    },
  },
  {
    name: 'presetenv',
    help: 'presetenv <name> <value>: set a variable unless already set',
    status: 'supported',
    parse({ g, b }, args, ctx) {
      expectArgs(args, 1, 2, 'two arguments');
      if (!b.env.has(args[1]!)) {
        b.env.set(args[1]!, args[2]!);
        g.setenv.push({ name: args[1]!, value: args[2]!, place: ctx.st.place });
      }
    },
  },
  {
    name: 'unsetenv',
    help: 'unsetenv [<name> ...]: remove variables',
    status: 'supported',
    parse({ b }, args) {
      for (const n of args.slice(1)) b.env.delete(n);
    },
  },
  {
    name: 'resetenv',
    help: 'resetenv [<name> ...]: remove all variables except those named',
    status: 'supported',
    parse({ b }, args) {
      const keep = new Set(args.slice(1));
      for (const k of [...b.env.keys()]) if (!keep.has(k)) b.env.delete(k);
    },
  },
];

export const globalTable = new KeywordTable<GlobalState>('global', [
  ...envKeywords,
  ...PROCESS_KEYWORDS,
  ...LIMIT_KEYWORDS,
  ...LOGGING_KEYWORDS,
  ...STATS_KEYWORDS,
  ...SSL_KEYWORDS,
  ...TUNE_KEYWORDS,
  ...MISC_KEYWORDS,
]);

export const globalSection: SectionHandler<GlobalState> = {
  kind: 'global',
  table: globalTable,
  help: 'process-wide settings',
  begin(st, b) {
    if (st.args.length > 1) throw new ConfigError(`'global' cannot handle unexpected argument '${st.args[1]}'.`);
    return { g: b.config.global, b };
  },
};
