/** Section handlers other than global and the proxies: userlist, resolvers, peers, cache, http-errors, ring ... */
import type { AnySectionHandler } from '../../section.js';
import { cacheSection } from './cache.js';
import { httpErrorsSection } from './http-errors.js';
import { peersSection } from './peers.js';
import { logForwardSection, mailersSection, programSection, ringSection } from './raw.js';
import { resolversSection } from './resolvers.js';
import { userlistSection } from './userlist.js';

export const OTHER_SECTIONS: AnySectionHandler[] = [
  userlistSection,
  resolversSection,
  peersSection,
  cacheSection,
  httpErrorsSection,
  ringSection,
  mailersSection,
  programSection,
  logForwardSection,
] as AnySectionHandler[];
