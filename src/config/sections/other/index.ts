/** Section handlers other than global and the proxies: userlist, resolvers, peers, cache, http-errors, ring ... */
import type { AnySectionHandler } from '../../section.js';

export const OTHER_SECTIONS: AnySectionHandler[] = [];
