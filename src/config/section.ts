/**
 * A configuration section kind (global, defaults, frontend, userlist ...): how its header line
 * starts a section, and the keyword table its lines are looked up in.
 */
import type { Diagnostics } from './diagnostics.js';
import type { KeywordTable, ParseContext, Statement, Keyword } from './keyword.js';
import type { ConfigModel } from './model/config.js';
import type { ProxyModel } from './model/proxy.js';

/** Shared state while parsing: the model being built and the variables `setenv` changes. */
export interface ConfigBuilder {
  readonly config: ConfigModel;
  readonly diag: Diagnostics;
  /** Environment as seen by the lexer; `setenv`/`unsetenv`/... write here. */
  readonly env: Map<string, string>;
  /** The defaults section a new proxy inherits from when it names none (the last one above). */
  lastDefaults?: ProxyModel;
  /** Version and features, for `.if` conditions. */
  readonly features: ReadonlySet<string>;
}

export interface SectionHandler<S> {
  /** Header keyword: `global`, `frontend`, ... */
  readonly kind: string;
  readonly table: KeywordTable<S>;
  readonly help: string;
  /**
   * Start a section from its header line. Throw ConfigError to report a bad header; the lines of
   * the section are then skipped (HAProxy keeps parsing to report more errors).
   */
  begin(st: Statement, b: ConfigBuilder, ctx: ParseContext): S;
  /**
   * Called before a keyword's parse function: throw ConfigError to refuse it here, or return
   * false to skip it (after a warning, as HAProxy does for `bind` in a backend).
   */
  accept?(s: S, kw: Keyword<S>, ctx: ParseContext): boolean | void;
  /** Header errors print as "parsing [f:l]: msg" (userlist and other non-proxy sections). */
  readonly tightHeaderErrors?: boolean;
  /** Called when the section ends (next section header, or end of input). */
  end?(s: S, b: ConfigBuilder, ctx: ParseContext): void;
  /** The section's name for "unknown keyword 'x' in 'NAME' section" (defaults to kind). */
  describe?(s: S): string;
}

/** A handler of any section kind (the registry holds several state types). */
export type AnySectionHandler = SectionHandler<unknown>;
