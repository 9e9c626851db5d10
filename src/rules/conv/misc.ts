/** Converters acting on the stream: set-var unset-var capture-req capture-res debug, stick tables. */
import { RulesError } from '../compile-env.js';
import { parseVarName } from '../fetch/misc.js';
import { toStr } from '../sample.js';
import { needInt, type ConvBuilder } from './types.js';

export const MISC_CONVERTERS: Record<string, ConvBuilder> = {
  'set-var': (args, _env, input) => {
    const { scope, name } = parseVarName(args[0] ?? '');
    return {
      out: input,
      fn: (v, ctx) => {
        ctx.setVar(scope, name, v);
        return v;
      },
    };
  },
  'unset-var': (args, _env, input) => {
    const { scope, name } = parseVarName(args[0] ?? '');
    return {
      out: input,
      fn: (v, ctx) => {
        ctx.unsetVar(scope, name);
        return v;
      },
    };
  },
  'capture-req': (args, _env, input) => {
    const id = needInt(args[0], 'capture-req');
    return {
      out: input,
      fn: (v, ctx) => {
        ctx.reqCaptures[id] = toStr(v);
        return v;
      },
    };
  },
  'capture-res': (args, _env, input) => {
    const id = needInt(args[0], 'capture-res');
    return {
      out: input,
      fn: (v, ctx) => {
        ctx.resCaptures[id] = toStr(v);
        return v;
      },
    };
  },
  debug: (_args, _env, input) => ({ out: input, fn: (v) => v }),
  in_table: (args) => {
    const table = args[0];
    if (!table) throw new RulesError(`missing table name for converter 'in_table'`);
    return { out: 'bool', fn: (v, ctx) => ctx.world.stick?.fetch(ctx, 'in_table', undefined, v, table) === true };
  },
  nbsrv: () => ({ out: 'sint', fn: (v, ctx) => ctx.world.proxy(toStr(v))?.nbsrv() }),
  srv_queue: () => ({
    out: 'sint',
    fn: (v, ctx) => {
      const s = toStr(v);
      const i = s.indexOf('/');
      return i < 0 ? undefined : ctx.world.proxy(s.slice(0, i))?.server(s.slice(i + 1))?.queued();
    },
  }),
};

/** table_<counter>(table): a counter of the entry keyed by the sample. */
export function tableConverter(name: string): ConvBuilder | undefined {
  const m = /^table_(.+)$/.exec(name);
  if (!m) return undefined;
  const counter = m[1]!;
  return (args) => {
    const table = args[0];
    if (!table) throw new RulesError(`missing table name for converter '${name}'`);
    return {
      out: 'sint',
      fn: (v, ctx) => {
        const r = ctx.world.stick?.fetch(ctx, counter, undefined, v, table);
        return typeof r === 'boolean' ? (r ? 1 : 0) : r;
      },
    };
  };
}
