/**
 * The configuration reader: files and directories -> lines -> conditional blocks and directives ->
 * section headers and keyword statements -> the typed model. Mirrors HAProxy's readcfgfile().
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { evalConditionText, ConditionError, formatConditionError } from './condition.js';
import { ConfigError, Diagnostics, type Place } from './diagnostics.js';
import { didYouMean, type Keyword, type ParseContext, type Statement } from './keyword.js';
import { formatLexError, lexLine } from './lexer.js';
import { bestMatch } from './suggest.js';
import type { ConfigModel } from './model/config.js';
import { newGlobal } from './model/global.js';
import type { AnySectionHandler, ConfigBuilder } from './section.js';
import { SECTIONS } from './sections/index.js';
import { validateConfig } from './validate.js';
import { FEATURE_SET, HAPROXY_COMPAT_VERSION } from '../version.js';

export interface LoadOptions {
  /** Starting environment (defaults to process.env). */
  env?: Record<string, string | undefined>;
  diag?: Diagnostics;
  /** Skip post-parse validation (used by tools that only want the model). */
  noValidate?: boolean;
}

export interface LoadResult {
  config: ConfigModel;
  diag: Diagnostics;
  env: Map<string, string>;
}

export function emptyConfig(): ConfigModel {
  return {
    global: newGlobal(),
    defaults: [],
    proxies: [],
    userlists: [],
    resolvers: [],
    peers: [],
    caches: [],
    httpErrors: [],
    rawSections: [],
    files: [],
  };
}

/** Expand `-f` arguments: a directory contributes its `*.cfg` files in lexical order. */
export function expandConfigPaths(paths: readonly string[], diag: Diagnostics): string[] {
  const out: string[] = [];
  for (const p of paths) {
    let st;
    try {
      st = statSync(p);
    } catch (e) {
      diag.alert(`Cannot open configuration file/directory ${p} : ${errnoText(e)}`);
      continue;
    }
    if (st.isDirectory()) {
      let names: string[];
      try {
        names = readdirSync(p).sort();
      } catch (e) {
        diag.alert(`Cannot open configuration file/directory ${p} : ${errnoText(e)}`);
        continue;
      }
      for (const n of names) {
        if (!n.endsWith('.cfg') || n.startsWith('.')) continue;
        const full = join(p, n);
        try {
          if (statSync(full).isFile()) out.push(full);
        } catch {
          /* vanished between readdir and stat */
        }
      }
    } else {
      out.push(p);
    }
  }
  return out;
}

function errnoText(e: unknown): string {
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT') return 'No such file or directory';
  if (code === 'EACCES') return 'Permission denied';
  if (code === 'EISDIR') return 'Is a directory';
  return e instanceof Error ? e.message : String(e);
}

interface CondFrame {
  /** This level's lines are being taken. */
  active: boolean;
  /** A branch of this level has already been taken. */
  taken: boolean;
  /** The enclosing level is active. */
  parentActive: boolean;
  sawElse: boolean;
  place: Place;
}

/** Read and parse configuration files (already expanded) into the model. */
export function loadConfigFiles(files: readonly string[], opts: LoadOptions = {}): LoadResult {
  const diag = opts.diag ?? new Diagnostics();
  const env = new Map<string, string>();
  for (const [k, v] of Object.entries(opts.env ?? process.env)) if (v !== undefined) env.set(k, v);
  const b: ConfigBuilder = { config: emptyConfig(), diag, env, features: FEATURE_SET };
  for (const file of files) {
    if (diag.aborted) break;
    let text: string;
    try {
      text = readFileSync(file, 'latin1');
    } catch (e) {
      diag.alert(`Could not open configuration file ${file} : ${errnoText(e)}`);
      continue;
    }
    b.config.files.push(file);
    const before = diag.alerts;
    parseText(text, file, b);
    if (diag.alerts > before) diag.alert(`Error(s) found in configuration file : ${file}`);
  }
  if (!diag.hasErrors && !opts.noValidate) validateConfig(b.config, diag);
  return { config: b.config, diag, env };
}

/** Parse configuration text (one file) into the builder. Exposed for tests. */
export function parseText(text: string, file: string, b: ConfigBuilder): void {
  const diag = b.diag;
  const lines = text.split('\n');
  // A trailing newline makes a last empty element that is not a line.
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  const conds: CondFrame[] = [];
  let handler: AnySectionHandler | undefined;
  let state: unknown;
  let sectionBroken = false;
  let brokenLineMessage: string | undefined;
  let sectionName = '';

  const mkCtx = (st: Statement): ParseContext => ({
    diag,
    st,
    config: b.config,
    warn: (m) => diag.warning(m, st.place),
    alert: (m) => diag.alert(m, st.place),
  });

  const endSection = (): void => {
    if (handler && !sectionBroken && handler.end) {
      const st: Statement = { place: { file, line: lines.length }, args: [] };
      try {
        handler.end(state, b, mkCtx(st));
      } catch (e) {
        if (e instanceof ConfigError) diag.alert(e.message);
        else throw e;
      }
    }
  };

  for (let ln = 0; ln < lines.length && !diag.aborted; ln++) {
    const place: Place = { file, line: ln + 1 };
    const raw = lines[ln]!;
    const lexEnv = {
      getenv: (n: string) => b.env.get(n),
      file,
      line: ln + 1,
      section: sectionName,
    };
    const active = conds.length === 0 || conds[conds.length - 1]!.active;
    const lx = lexLine(raw, lexEnv);
    // Inside an inactive block only conditional directives matter (lexing errors are still reported, as HAProxy).
    if (!active && !lx.error) {
      const first = lx.args[0];
      if (first !== '.if' && first !== '.elif' && first !== '.else' && first !== '.endif') continue;
    }
    if (lx.error) {
      // HAProxy reports it and goes on with the next line (the file still fails).
      diag.readerMessage('alert', formatLexError(lx.error), place);
      continue;
    }
    const args = lx.args;
    if (args.length === 0) continue;
    const kw0 = args[0]!;

    // Conditional blocks and directives.
    if (kw0.startsWith('.')) {
      const cenv = { getenv: (n: string) => b.env.get(n), features: b.features, version: HAPROXY_COMPAT_VERSION };
      const evalAt = (): boolean => {
        const text = lx.afterFirst ?? args.slice(1).join(' ');
        try {
          return evalConditionText(text, cenv);
        } catch (e) {
          if (e instanceof ConditionError) {
            diag.readerMessage('alert', formatConditionError(kw0, text, e), place);
            diag.abort(true);
            return false;
          }
          throw e;
        }
      };
      const noArgs = (): boolean => {
        if (args.length > 1) {
          diag.readerMessage('alert', `Unexpected argument '${args[1]}' for '${kw0}'.`, place);
          diag.abort(true);
          return false;
        }
        return true;
      };
      if (kw0 === '.if') {
        const parentActive = active;
        const v = parentActive ? evalAt() : false;
        conds.push({ active: parentActive && v, taken: v, parentActive, sawElse: false, place });
        continue;
      }
      if (kw0 === '.elif') {
        const top = conds[conds.length - 1];
        if (!top) {
          diag.readerMessage('alert', `lone '.elif' with no matching '.if'.`, place);
          diag.abort(true);
          continue;
        }
        if (top.sawElse) {
          diag.readerMessage('alert', `'.elif' after '.else' is not permitted.`, place);
          diag.abort(true);
          continue;
        }
        if (top.taken || !top.parentActive) {
          top.active = false;
        } else {
          const v = evalAt();
          top.active = v;
          top.taken = v;
        }
        continue;
      }
      if (kw0 === '.else') {
        if (!noArgs()) continue;
        const top = conds[conds.length - 1];
        if (!top) {
          diag.readerMessage('alert', `lone '.else' with no matching '.if'.`, place);
          diag.abort(true);
          continue;
        }
        if (top.sawElse) {
          diag.readerMessage('alert', `'.else' after '.else' is not permitted.`, place);
          diag.abort(true);
          continue;
        }
        top.sawElse = true;
        top.active = top.parentActive && !top.taken;
        top.taken = true;
        continue;
      }
      if (kw0 === '.endif') {
        if (!noArgs()) continue;
        if (!conds.pop()) {
          diag.readerMessage('alert', `lone '.endif' with no matching '.if'.`, place);
          diag.abort(true);
        }
        continue;
      }
      if (kw0 === '.diag' || kw0 === '.notice' || kw0 === '.warning' || kw0 === '.alert') {
        if (args.length > 2 && args[2] !== '') {
          diag.readerMessage(
            'alert',
            `Unexpected argument '${args[2]}' for '${kw0}'. Use quotes if the message should contain spaces.`,
            place,
          );
          continue;
        }
        const msg = `'${args[1] ?? ''}'.`;
        if (kw0 === '.diag') diag.readerMessage('diag', msg, place);
        else if (kw0 === '.notice') diag.readerMessage('notice', msg, place);
        else if (kw0 === '.warning') diag.readerMessage('warning', msg, place);
        else {
          diag.readerMessage('alert', msg, place);
          diag.abort(true);
        }
        continue;
      }
      diag.readerMessage('alert', `unknown directive '${kw0}'.`, place);
      diag.abort(false);
      continue;
    }

    // "[name]" lines are HAProxy 2.6 scope markers for messages; nothing to do.
    if (args.length === 1 && /^\[.*\]$/.test(kw0)) continue;

    // Section headers.
    const next = SECTIONS.get(kw0);
    if (next) {
      endSection();
      handler = next;
      sectionName = args[1] ?? kw0;
      sectionBroken = false;
      brokenLineMessage = undefined;
      const st: Statement = { place, args };
      try {
        state = next.begin(st, b, mkCtx(st));
      } catch (e) {
        if (!(e instanceof ConfigError)) throw e;
        if (e.message) {
          if (next.tightHeaderErrors) diag.readerMessage('alert', e.message, place);
          else diag.alert(e.message, place);
        }
        if (e.fatal) diag.abort(true);
        sectionBroken = true;
        brokenLineMessage = e.eachLine;
      }
      continue;
    }

    if (!handler) {
      diag.readerMessage('alert', `unknown keyword '${kw0}' out of section.`, place);
      continue;
    }
    if (sectionBroken) {
      if (brokenLineMessage) diag.alert(brokenLineMessage, place);
      continue;
    }
    dispatch(handler, state, args, place, mkCtx);
  }

  if (text.length > 0 && !text.endsWith('\n') && !diag.aborted) {
    const last = lines[lines.length - 1] ?? '';
    diag.readerMessage(
      'alert',
      `Missing LF on last line, file might have been truncated at position ${last.length + 1}.`,
      { file, line: lines.length },
    );
  }
  if (conds.length > 0 && !diag.aborted) {
    // HAProxy reports it at the end of the file, not at the opening '.if'.
    diag.readerMessage('alert', `non-terminated '.if' block.`, { file, line: lines.length });
    diag.abort(true);
  }
  endSection();
}

function dispatch(
  handler: AnySectionHandler,
  state: unknown,
  rawArgs: readonly string[],
  place: Place,
  mkCtx: (st: Statement) => ParseContext,
): void {
  let args = rawArgs;
  let prefix: 'no' | 'default' | undefined;
  if ((args[0] === 'no' || args[0] === 'default') && args.length > 1) {
    prefix = args[0];
    args = args.slice(1);
  }
  const st: Statement = { place, args, prefix };
  const ctx = mkCtx(st);
  const kw: Keyword<unknown> | undefined = handler.table.lookup(args);
  if (!kw) {
    if (prefix) {
      const withPrefix: Keyword<unknown> | undefined = handler.table.lookup(rawArgs);
      if (withPrefix) return runKeyword(handler, state, withPrefix, { place, args: rawArgs }, mkCtx);
    }
    const where = handler.describe ? handler.describe(state) : handler.kind;
    const sub = handler.table.subWords(args[0]!);
    if (sub.length > 0 && args.length > 1 && handler.table.get(args[0]!) === undefined) {
      ctx.alert(
        `unknown keyword '${args[0]} ${args[1]}' in '${where}' section${didYouMean(handler.table.suggestSub(args[0]!, args[1]!))}`,
      );
      return;
    }
    // Section names are candidates too: a misspelt header lands in the previous section.
    const candidates = [...handler.table.firstWords(), ...SECTIONS.keys()];
    ctx.alert(`unknown keyword '${args[0]}' in '${where}' section${didYouMean(bestMatch(args[0]!, candidates))}`);
    return;
  }
  if (prefix && !kw.negatable) {
    ctx.diag.readerMessage(
      'alert',
      'negation/default currently supported only for options, log, busy-polling, set-dumpable, strict-limits, insecure-fork-wanted and numa-cpu-mapping.',
      place,
    );
    return;
  }
  runKeyword(handler, state, kw, st, mkCtx);
}

function runKeyword(
  handler: AnySectionHandler,
  state: unknown,
  kw: Keyword<unknown>,
  st: Statement,
  mkCtx: (st: Statement) => ParseContext,
): void {
  const ctx = mkCtx(st);
  try {
    if (handler.accept?.(state, kw, ctx) === false) return;
    kw.parse(state, st.args, ctx);
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    ctx.diag.alert(e.message, ctx.st.place, undefined, e.style);
    if (e.fatal) ctx.diag.abort(true);
  }
}

/** Parse a configuration given as text (tests, `-c` on stdin-like uses). */
export function loadConfigText(text: string, file = 'inline.cfg', opts: LoadOptions = {}): LoadResult {
  const diag = opts.diag ?? new Diagnostics();
  const env = new Map<string, string>();
  for (const [k, v] of Object.entries(opts.env ?? process.env)) if (v !== undefined) env.set(k, v);
  const b: ConfigBuilder = { config: emptyConfig(), diag, env, features: FEATURE_SET };
  b.config.files.push(file);
  parseText(text, file, b);
  if (!diag.hasErrors && !opts.noValidate) validateConfig(b.config, diag);
  return { config: b.config, diag, env };
}
