/** Proxy keywords about rules: acl, http-request/http-response/tcp-request ..., use-server, redirect. */
import type { Keyword } from '../../keyword.js';
import type { ProxyModel } from '../../model/proxy.js';

export const RULES_KEYWORDS: Keyword<ProxyModel>[] = [];
