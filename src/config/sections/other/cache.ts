/** `cache NAME`: the HTTP small-object cache's settings. */
import { ConfigError } from '../../diagnostics.js';
import { KeywordTable, type Keyword } from '../../keyword.js';
import type { CacheModel } from '../../model/sections.js';
import type { SectionHandler } from '../../section.js';
import { intArg } from '../args.js';
import { alertTight } from './common.js';

type K = Keyword<CacheModel>;

const keywords: K[] = [
  {
    name: 'total-max-size',
    help: 'total-max-size <megabytes>: cache memory (1..4095)',
    status: 'parsed-only',
    parse(c, args, ctx) {
      const n = intArg('total-max-size', args[1], 0);
      if (n > 4095) return alertTight(ctx, `"total-max-size" (${n}) must not be greater than 4095`);
      c.totalMaxSize = n;
    },
  },
  {
    name: 'max-object-size',
    help: 'max-object-size <bytes>: largest object cached',
    status: 'parsed-only',
    parse(c, args) {
      c.maxObjectSize = intArg('max-object-size', args[1], 0);
    },
  },
  {
    name: 'max-age',
    help: 'max-age <seconds>: longest time an object is kept',
    status: 'parsed-only',
    parse(c, args) {
      c.maxAge = intArg('max-age', args[1], 0);
    },
  },
  {
    name: 'process-vary',
    help: 'process-vary on|off: cache responses with a Vary header',
    status: 'parsed-only',
    parse(c, args) {
      if (args[1] !== 'on' && args[1] !== 'off')
        throw new ConfigError(`'process-vary' expects "on" or "off" (enable or disable vary processing).`);
      c.processVary = args[1] === 'on';
    },
  },
  {
    name: 'max-secondary-entries',
    help: 'max-secondary-entries <n>: variants kept per primary key',
    status: 'parsed-only',
    parse(c, args) {
      c.maxSecondaryEntries = intArg('max-secondary-entries', args[1], 1);
    },
  },
];

export const cacheSection: SectionHandler<CacheModel> = {
  kind: 'cache',
  table: new KeywordTable<CacheModel>('cache', keywords),
  help: 'HTTP cache storage',
  begin(st, b) {
    const name = st.args[1];
    if (!name) throw new ConfigError(`'cache' expects a <name> argument`);
    const c: CacheModel = { name, place: st.place };
    b.config.caches.push(c);
    return c;
  },
  end(c, b) {
    if (!c.totalMaxSize) b.diag.alert(`Size not specified for cache '${c.name}'`);
  },
};
