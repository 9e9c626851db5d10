/** Post-parse checks about global, userlist, resolvers, peers, cache and http-errors references. */
import type { ConfigCheck } from '../validate.js';

export const SECTIONS_CHECKS: ConfigCheck[] = [];
