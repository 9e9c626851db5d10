/** Proxy keywords about logging, captures, error pages, stats and monitoring. */
import type { Keyword } from '../../keyword.js';
import type { ProxyModel } from '../../model/proxy.js';
import { ERROR_KEYWORDS } from './obs-errors.js';
import { LOG_KEYWORDS } from './obs-log.js';
import { MISC_OBS_KEYWORDS } from './obs-misc.js';
import { STATS_KEYWORDS } from './obs-stats.js';

export const OBSERVABILITY_KEYWORDS: Keyword<ProxyModel>[] = [
  ...LOG_KEYWORDS,
  ...ERROR_KEYWORDS,
  ...STATS_KEYWORDS,
  ...MISC_OBS_KEYWORDS,
];
