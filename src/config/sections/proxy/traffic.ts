/** Proxy keywords about choosing servers and carrying traffic (balance, hash-type, cookie, stick, checks ...). */
import type { Keyword } from '../../keyword.js';
import type { ProxyModel } from '../../model/proxy.js';
import { BALANCE_KEYWORDS } from './traffic-balance.js';
import { CHECK_KEYWORDS } from './traffic-checks.js';
import { FILTER_KEYWORDS } from './traffic-filters.js';
import { MISC_TRAFFIC_KEYWORDS } from './traffic-misc.js';
import { PERSIST_KEYWORDS } from './traffic-persist.js';

export const TRAFFIC_KEYWORDS: Keyword<ProxyModel>[] = [
  ...BALANCE_KEYWORDS,
  ...MISC_TRAFFIC_KEYWORDS,
  ...PERSIST_KEYWORDS,
  ...CHECK_KEYWORDS,
  ...FILTER_KEYWORDS,
];
