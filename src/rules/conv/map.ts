/**
 * map converters: `map(file[,default])` (= map_str), `map_<match>[_<out>](file[,default])` with
 * match str beg end sub reg dir dom int ip, output str (default), int or ip, and `map_regm` (the
 * value may use \1..\9 from the matching regex). Files are read once through the FileCache.
 */
import { RulesError } from '../compile-env.js';
import { parseIp } from '../ip.js';
import { buildPatternSet, RegSet, type MatchMethod } from '../pattern/pattern-set.js';
import { toStr, type SampleValue, type SmpType } from '../sample.js';
import type { ConvBuilder } from './types.js';

const MATCHES = new Set(['str', 'beg', 'end', 'sub', 'reg', 'dir', 'dom', 'int', 'ip', 'regm']);

/** A builder for a map converter name, or undefined when it is not one. */
export function mapConverter(name: string): ConvBuilder | undefined {
  const m = /^map(?:_([a-z]+))?(?:_(str|int|ip))?$/.exec(name);
  if (!m) return undefined;
  const match = m[1] ?? 'str';
  if (!MATCHES.has(match)) return undefined;
  const outName = m[2] ?? 'str';
  return (args, env) => {
    const file = args[0];
    if (file === undefined || file === '') throw new RulesError(`missing map file for converter '${name}'`);
    const out: SmpType = outName === 'int' ? 'sint' : outName === 'ip' ? 'ipv4' : 'str';
    const parseValue = (v: string): SampleValue => {
      if (out === 'sint') {
        if (!/^[-+]?\d+$/.test(v)) throw new RulesError(`map '${file}': '${v}' is not an integer`);
        return Number(v);
      }
      if (out === 'ipv4' && !parseIp(v)) throw new RulesError(`map '${file}': '${v}' is not an IP address`);
      return v;
    };
    const entries = env.files.mapEntries(file).map(([k, v]) => [k, parseValue(v)] as const);
    const dflt = args[1] === undefined ? undefined : parseValue(args[1]);
    if (match === 'regm') {
      const set = new RegSet<SampleValue>(entries, false);
      return {
        out,
        fn: (v) => {
          const r = set.matchWith(v);
          if (!r) return dflt;
          const mm = r.re.exec(toStr(v));
          return toStr(r.value).replace(/\\([0-9])/g, (_s, d: string) => mm?.[Number(d)] ?? '');
        },
      };
    }
    const set = buildPatternSet<SampleValue>(match as MatchMethod, entries, false, '');
    return {
      out,
      fn: (v) => {
        const r = set.match(v);
        return r ? r.value : dflt;
      },
    };
  };
}
