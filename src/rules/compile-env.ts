/**
 * What compiling rules needs at load time: where pattern files and maps come from (read once and
 * shared), the userlists, the proxy being compiled, and a way to report warnings. Nothing here is
 * used on the request path.
 */
import type { ConfigModel } from '../config/model/config.js';
import type { ProxyModel } from '../config/model/proxy.js';
import { FileCache } from './pattern/file-cache.js';
import { Userlists } from './userlist.js';

export class RulesError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RulesError';
  }
}

export interface CompileEnv {
  readonly files: FileCache;
  readonly userlists: Userlists;
  /** The proxy whose rules are compiled (undefined in unit tests of single expressions). */
  readonly proxy?: ProxyModel;
  /** The whole configuration (http-errors sections, userlists); undefined in unit tests. */
  readonly config?: ConfigModel;
  warn(message: string): void;
}

export function newCompileEnv(cfg?: ConfigModel, proxy?: ProxyModel, warn: (m: string) => void = () => undefined): CompileEnv {
  return { files: new FileCache(), userlists: new Userlists(cfg?.userlists ?? []), proxy, config: cfg, warn };
}
