/** Every section kind, by its header keyword. */
import type { AnySectionHandler } from '../section.js';
import { globalSection } from './global/section.js';
import { OTHER_SECTIONS } from './other/index.js';
import { backendSection, defaultsSection, frontendSection, listenSection } from './proxy/section.js';

export const SECTION_LIST: AnySectionHandler[] = [
  globalSection,
  defaultsSection,
  frontendSection,
  backendSection,
  listenSection,
  ...OTHER_SECTIONS,
] as AnySectionHandler[];

export const SECTIONS: ReadonlyMap<string, AnySectionHandler> = new Map(SECTION_LIST.map((s) => [s.kind, s]));
