/**
 * Stick-table fetches (`sc0_http_req_rate`, `sc_conn_cur(1)`, `src_conn_rate(tbl)`, `table_cnt`),
 * forwarded to the RulesWorld's StickHooks. Without stick tables they answer nothing (no match).
 */
import type { Fetch, FetchBuilder } from './types.js';
import { plainAddr } from './conn.js';

/** A builder for a stick fetch name, or undefined when the name is not one. */
export function stickFetch(name: string): FetchBuilder | undefined {
  let m = /^sc([012])_(.+)$/.exec(name);
  if (m) {
    const slot = Number(m[1]);
    const counter = m[2]!;
    return (args) => {
      const table = args[0] || undefined;
      const f: Fetch = { type: counter === 'tracked' ? 'bool' : 'sint', one: (c) => c.world.stick?.fetch(c, counter, slot, undefined, table) };
      return f;
    };
  }
  m = /^sc_(.+)$/.exec(name);
  if (m) {
    const counter = m[1]!;
    return (args) => {
      // sc_get_gpc(idx, slot[, table]) has the array index first.
      const withIdx = /^(get|inc|clr)_gpc$|^get_gpt$|^gpc_rate$/.test(counter);
      const slot = Number(args[withIdx ? 1 : 0] ?? 0);
      const table = args[withIdx ? 2 : 1] || undefined;
      return { type: counter === 'tracked' ? 'bool' : 'sint', one: (c) => c.world.stick?.fetch(c, counter, slot, undefined, table) };
    };
  }
  m = /^src_(.+)$/.exec(name);
  if (m && m[1] !== 'port' && m[1] !== 'is_local') {
    const counter = m[1]!;
    return (args, env) => {
      // The table named, else the one of the proxy the rule is in.
      const table = args[args.length - 1] || env.proxy?.name;
      return { type: 'sint', one: (c) => c.world.stick?.fetch(c, counter, undefined, plainAddr(c.src), table) };
    };
  }
  if (name === 'table_cnt' || name === 'table_avl') {
    return (args, env) => {
      const table = args[0] || env.proxy?.name;
      return { type: 'sint', one: (c) => c.world.stick?.fetch(c, name, undefined, undefined, table) };
    };
  }
  return undefined;
}
