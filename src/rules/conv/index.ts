/** Every converter Switchyard implements, by HAProxy name. */
import { ARITH_CONVERTERS } from './arith.js';
import { HASH_CONVERTERS } from './hash.js';
import { IP_CONVERTERS } from './ip.js';
import { mapConverter } from './map.js';
import { MISC_CONVERTERS, tableConverter } from './misc.js';
import { STRING_CONVERTERS } from './string.js';
import { TIME_CONVERTERS } from './time.js';
import type { ConvBuilder } from './types.js';

const ALL: Record<string, ConvBuilder> = {
  ...STRING_CONVERTERS,
  ...HASH_CONVERTERS,
  ...ARITH_CONVERTERS,
  ...TIME_CONVERTERS,
  ...IP_CONVERTERS,
  ...MISC_CONVERTERS,
};

export function converterBuilder(name: string): ConvBuilder | undefined {
  if (Object.prototype.hasOwnProperty.call(ALL, name)) return ALL[name];
  return mapConverter(name) ?? tableConverter(name);
}
