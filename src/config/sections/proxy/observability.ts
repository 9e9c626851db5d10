/** Proxy keywords about logging, captures, error pages, stats and monitoring. */
import type { Keyword } from '../../keyword.js';
import type { ProxyModel } from '../../model/proxy.js';

export const OBSERVABILITY_KEYWORDS: Keyword<ProxyModel>[] = [];
