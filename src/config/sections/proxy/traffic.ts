/** Proxy keywords about choosing servers and carrying traffic (balance, hash-type, cookie, stick, checks ...). */
import type { Keyword } from '../../keyword.js';
import type { ProxyModel } from '../../model/proxy.js';

export const TRAFFIC_KEYWORDS: Keyword<ProxyModel>[] = [];
