/**
 * The `global` section: process-wide settings. It may appear several times; all are merged.
 * setenv/presetenv/unsetenv/resetenv change the environment the following lines are read with.
 */
import { ConfigError } from '../../diagnostics.js';
import { KeywordTable, type Keyword } from '../../keyword.js';
import type { GlobalModel } from '../../model/global.js';
import type { ConfigBuilder, SectionHandler } from '../../section.js';
import { expectArgs, intArg } from '../args.js';

type GlobalState = { g: GlobalModel; b: ConfigBuilder };
type K = Keyword<GlobalState>;

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

const core: K[] = [
  {
    name: 'maxconn',
    help: 'maximum concurrent connections for the process',
    status: 'supported',
    parse({ g }, args) {
      expectArgs(args, 1, 1, 'an integer argument');
      g.maxconn = intArg('maxconn', args[1]);
    },
  },
  {
    name: 'daemon',
    help: 'run in the background',
    status: 'parsed-only',
    parse({ g }, args) {
      if (args.length > 1) throw new ConfigError(`'daemon' cannot handle unexpected argument '${args[1]}'.`);
      g.daemon = true;
    },
  },
];

export const globalTable = new KeywordTable<GlobalState>('global', [...envKeywords, ...core]);

export const globalSection: SectionHandler<GlobalState> = {
  kind: 'global',
  table: globalTable,
  help: 'process-wide settings',
  begin(st, b) {
    if (st.args.length > 1) throw new ConfigError(`'global' cannot handle unexpected argument '${st.args[1]}'.`);
    return { g: b.config.global, b };
  },
};
