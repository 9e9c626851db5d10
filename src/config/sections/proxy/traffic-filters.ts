/** `compression algo|type|offload` and `filter <name> [args]` (HAProxy 2.6 filters). */
import { ConfigError } from '../../diagnostics.js';
import type { Keyword } from '../../keyword.js';
import type { ProxyModel } from '../../model/proxy.js';

type K = Keyword<ProxyModel>;
const present = (s: string | undefined): s is string => s !== undefined && s !== '';

export const COMPRESSION_ALGOS = ['identity', 'deflate', 'raw-deflate', 'gzip'];

/** Filters HAProxy 2.6 registers, with a check of their arguments (undefined: accepted). */
const FILTERS: Record<string, (args: readonly string[]) => string | undefined> = {
  cache: (a) => (present(a[2]) ? undefined : `'cache : expects a <name> argument'`),
  compression: (a) => (present(a[2]) ? `'filter compression' : unknown keyword '${a[2]}'.` : undefined),
  'fcgi-app': (a) => (present(a[2]) ? undefined : `'fcgi-app : expects a <name> argument'`),
  opentracing: () => undefined,
  spoe: (a) => (a.includes('config') ? undefined : `''spoe' : missing config file'`),
  trace: () => undefined,
};

const REGISTERED = `Registered keywords :\n    [CACHE] cache\n    [COMP] compression\n    [FCGI] fcgi-app\n    [  OT] opentracing\n    [SPOE] spoe\n    [TRACE] trace`;

export const FILTER_KEYWORDS: K[] = [
  {
    name: 'compression',
    help: 'compression algo <a>... | type <t>... | offload',
    status: 'parsed-only',
    parse(p, args, ctx) {
      const c = (p.compression ??= { algos: [], types: [], offload: false });
      const sub = args[1];
      if (sub === 'algo') {
        if (!present(args[2])) {
          const pl = ctx.st.place;
          throw new ConfigError(`parsing [${pl.file}:${pl.line}] : 'compression' expects <algorithm>.`);
        }
        for (const a of args.slice(2)) {
          if (!COMPRESSION_ALGOS.includes(a)) throw new ConfigError(`'compression' : '${a}' is not a supported algorithm.`);
          c.algos.push(a);
        }
      } else if (sub === 'type') {
        if (!present(args[2])) throw new ConfigError(`'compression' expects <type>.`);
        c.types.push(...args.slice(2));
      } else if (sub === 'offload') {
        if (p.kind === 'defaults') ctx.warn(`'compression' : 'offload' ignored in 'defaults' section.`);
        c.offload = true;
      } else {
        throw new ConfigError(`'compression' expects 'algo', 'type' or 'offload'`);
      }
    },
  },
  {
    name: 'filter',
    help: 'filter <name> [args]: cache, compression, fcgi-app, opentracing, spoe, trace',
    status: 'parsed-only',
    parse(p, args, ctx) {
      const name = args[1];
      if (!present(name)) {
        const pl = ctx.st.place;
        throw new ConfigError(
          `parsing [${pl.file}:${pl.line}] : missing argument for 'filter' in ${p.kind === 'listen' ? 'proxy' : p.kind} '${p.name}'.`,
        );
      }
      const check = FILTERS[name];
      if (!check) throw new ConfigError(`'filter' : unknown keyword '${name}'. ${REGISTERED}`);
      const err = check(args);
      if (err !== undefined) throw new ConfigError(err.startsWith("'filter ") ? err : `'filter' : ${err}`);
      p.filters.push({ place: ctx.st.place, name, args: args.slice(2) });
    },
  },
];
