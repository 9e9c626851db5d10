/** Post-parse checks about rules, ACLs, logging and http-only keywords in tcp proxies. */
import type { ConfigCheck } from '../validate.js';

export const RULES_CHECKS: ConfigCheck[] = [];
