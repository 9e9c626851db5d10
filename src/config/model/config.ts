import type { GlobalModel } from './global.js';
import type { ProxyModel } from './proxy.js';
import type {
  CacheModel,
  HttpErrorsModel,
  PeersModel,
  RawSectionModel,
  ResolversModel,
  UserlistModel,
} from './sections.js';

/** The whole configuration after parsing: plain data, every item with its file:line. */
export interface ConfigModel {
  global: GlobalModel;
  /** Every defaults section in order (anonymous ones have name ''). */
  defaults: ProxyModel[];
  /** frontends, backends and listens in declaration order. */
  proxies: ProxyModel[];
  userlists: UserlistModel[];
  resolvers: ResolversModel[];
  peers: PeersModel[];
  caches: CacheModel[];
  httpErrors: HttpErrorsModel[];
  rawSections: RawSectionModel[];
  /** Files read, in order. */
  files: string[];
}
