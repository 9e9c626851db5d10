/**
 * HAProxy's line lexer (doc/configuration.txt 2.2 and 2.3; parse_line() in HAProxy's tools.c, as
 * called by readcfgfile() in cfgparse.c).
 *
 * One statement per line. Words are separated by unescaped, unquoted blanks. `#` outside quotes
 * starts a comment. Double quotes are weak (backslash escapes and `$VAR` / `${VAR}` /
 * `${VAR-default}` / `${VAR[*]}` expansion still work inside), single quotes are strong (nothing is
 * interpreted). Environment variables are only expanded inside double quotes.
 *
 * Strings are byte strings: one JS char per byte (the configuration is read as latin1).
 */

/** Maximum words on one line, as HAProxy's MAX_LINE_ARGS. */
export const MAX_LINE_ARGS = 64;

export type LexErrorKind = 'quote' | 'brace' | 'varname' | 'hex' | 'expand' | 'toomany' | 'toolarge';

export interface LexError {
  readonly kind: LexErrorKind;
  /**
   * 1-based position HAProxy reports: for syntax errors, the column in the line (leading blanks
   * included) where the problem starts; for 'toomany', the offset of the 64th word in the lexed output.
   */
  readonly position: number;
  /** HAProxy's text without the "parsing [file:line]: " prefix, e.g. "unmatched quote at position 9". */
  readonly message: string;
  /** The line as HAProxy echoes it below the message (leading blanks skipped, sanitized to ~80 columns). */
  readonly display: string;
  /** 0-based column of the `^` under `display`. */
  readonly caret: number;
}

export interface LexResult {
  readonly args: string[];
  readonly error?: LexError;
  /**
   * The lexed line with every word separator (and any NUL from `\x00`) as one space, as HAProxy
   * re-merges words before evaluating a condition: "a  b " gives "a b ". Set when there is no error.
   */
  readonly merged?: string;
  /** What follows the first word in `merged`: the expression `.if`/`.elif` evaluate. */
  readonly afterFirst?: string;
}

/**
 * readcfgfile()'s output buffer (its `outlinesize`), shared by all lines of one file. HAProxy 2.6
 * lexes a line twice when its output does not fit this buffer (always for the first line of a
 * file, then whenever a line's output outgrows it), and the second pass sees the input as modified
 * by the first one: `${VAR-default}` then fails with "unmatched brace". Pass one fresh object per
 * file (`{ size: 0 }`) to reproduce that; omit it to lex every line cleanly.
 */
export interface LexOutBuffer {
  size: number;
}

/** What the lexer needs from its surroundings: variables and HAProxy's `.LINE/.FILE/.SECTION`. */
export interface LexEnv {
  getenv(name: string): string | undefined;
  readonly file?: string;
  readonly line?: number;
  readonly section?: string;
  readonly outBuffer?: LexOutBuffer;
  /** `#` starts a comment (true, the default, for configuration lines; false for `-cc`). */
  readonly comments?: boolean;
  /**
   * In-place lexing as `haproxy -cc` does: the output may not be longer than the input, else the
   * result is a 'toolarge' error ("Line too long").
   */
  readonly inPlace?: boolean;
}

export const processEnv: LexEnv = {
  getenv: (name) => process.env[name],
};

/** C isspace() in the C locale. */
function isCSpace(code: number): boolean {
  return code === 32 || (code >= 9 && code <= 13);
}
function isAlpha(code: number): boolean {
  return (code >= 97 && code <= 122) || (code >= 65 && code <= 90);
}
function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}
function isHex(code: number): boolean {
  return isDigit(code) || (code >= 97 && code <= 102) || (code >= 65 && code <= 70);
}
/** C isprint() in the C locale. */
function isPrint(code: number): boolean {
  return code >= 32 && code <= 126;
}

const LEX_MESSAGES: Record<Exclude<LexErrorKind, 'toomany' | 'toolarge'>, string> = {
  quote: 'unmatched quote',
  brace: 'unmatched brace in environment variable name',
  varname: 'forbidden first char in environment variable name',
  hex: 'truncated or invalid hexadecimal sequence',
  expand: 'truncated or invalid word expansion sequence',
};

/**
 * HAProxy's sanitize_for_printing(): shows about `width` chars of `line` around `pos`, with "..."
 * where it was cut, blanks turned into spaces and other non-printable bytes into '?'.
 * Returns the text and the new position of `pos` in it.
 */
export function sanitizeForPrinting(line: string, pos: number, width: number): { text: string; pos: number } {
  const nul = line.indexOf('\0');
  const src = nul >= 0 ? line.slice(0, nul) : line;
  let shift = 0;
  let out = '';
  let inAt = 0;
  let room = width;
  let cut = false;
  if (pos >= width) {
    shift = pos - Math.floor(width / 2);
    inAt = shift + 3;
    room = width - 6;
    out = '...';
    cut = true;
  }
  for (let k = 0; k < room && inAt < src.length; k++, inAt++) {
    const c = src.charCodeAt(inAt);
    out += isCSpace(c) ? ' ' : isPrint(c) ? src[inAt]! : '?';
  }
  if (cut) out += '...';
  return { text: out, pos: pos - shift };
}

interface PassError {
  kind: Exclude<LexErrorKind, 'toomany' | 'toolarge'>;
  /** Index in the line where HAProxy's errptr points. */
  at: number;
  /** The line as it is in memory when the error is reported (HAProxy writes NULs into it). */
  shown: string;
}

interface Pass {
  /** Words as C strings would hold them before NUL truncation. */
  words: string[];
  /** Total bytes emitted, trailing NUL included (parse_line's outlen). */
  outlen: number;
  /** Output offset of the 64th word when there were too many words. */
  tooMany?: number;
  /** The line ended with a separator (its empty last word was dropped). */
  trailingSeparator: boolean;
  error?: PassError;
  /** The line after the pass, with default values' closing braces replaced by NUL. */
  mutated: string;
  mutatedAny: boolean;
}

/** One run of parse_line() over `line` from index `start`. */
function lexPass(line: string, start: number, env: LexEnv): Pass {
  const words: string[] = [];
  const n = line.length;
  let buf = line;
  let mutatedAny = false;
  let cur = '';
  let i = start;
  let outpos = 0;
  /** Output offset of the current word's start. */
  let wordAt = 0;
  let argIndex = 0;
  let tooMany: number | undefined;
  let squote = false;
  let dquote = false;
  let quoteAt = -1;
  const argsMax = MAX_LINE_ARGS; // args[MAX_LINE_ARGS + 1], minus one
  const comments = env.comments !== false;

  const separate = (): void => {
    words.push(cur);
    cur = '';
    outpos++;
    if (argIndex === argsMax - 1 && tooMany === undefined) tooMany = wordAt;
    argIndex++;
    wordAt = outpos;
  };
  const done = (error?: PassError): Pass => ({
    words,
    outlen: outpos,
    tooMany,
    trailingSeparator: argIndex > 0 && cur.length === 0,
    error,
    mutated: buf,
    mutatedAny,
  });
  const failAt = (kind: PassError['kind'], at: number, shown = buf): Pass => {
    if (cur.length > 0) words.push(cur);
    return done({ kind, at, shown });
  };

  for (;;) {
    const code = i < n ? buf.charCodeAt(i) : 0;
    if (code >= 45 && code !== 92 && code < 128) {
      // Regular characters: copy the whole run (HAProxy's fast path).
      let j = i + 1;
      while (j < n) {
        const c = buf.charCodeAt(j);
        if (c < 45 || c === 92 || c >= 128) break;
        j++;
      }
      cur += buf.slice(i, j);
      outpos += j - i;
      i = j;
      continue;
    }
    if (code === 0 || code === 10 || code === 13) break;
    if (code === 35 /* # */ && comments && !squote && !dquote) break;
    if (code === 34 /* " */ && !squote) {
      dquote = !dquote;
      quoteAt = dquote ? i : -1;
      i++;
      continue;
    }
    if (code === 39 /* ' */ && !dquote) {
      squote = !squote;
      quoteAt = squote ? i : -1;
      i++;
      continue;
    }
    if (code === 92 /* \ */ && !squote) {
      const nx = i + 1 < n ? buf[i + 1]! : '\0';
      let out = '\\';
      switch (nx) {
        case '#':
          if (comments) {
            out = nx;
            i++;
          }
          break;
        case ' ':
        case '\\':
        case "'":
        case '"':
          out = nx;
          i++;
          break;
        case '$':
          if (dquote) {
            out = '$';
            i++;
          }
          break;
        case 't':
          out = '\t';
          i++;
          break;
        case 'n':
          out = '\n';
          i++;
          break;
        case 'r':
          out = '\r';
          i++;
          break;
        case 'x': {
          const h1 = i + 2 < n ? buf.charCodeAt(i + 2) : 0;
          const h2 = i + 3 < n ? buf.charCodeAt(i + 3) : 0;
          if (!isHex(h1) || !isHex(h2)) return failAt('hex', i);
          out = String.fromCharCode(parseInt(buf.slice(i + 2, i + 4), 16));
          i += 3;
          break;
        }
        default:
          break;
      }
      i++;
      cur += out;
      outpos++;
      continue;
    }
    if (isCSpace(code) && !squote && !dquote) {
      while (i < n && isCSpace(buf.charCodeAt(i))) i++;
      separate();
      continue;
    }
    if (code === 36 /* $ */ && dquote) {
      i++;
      let braceAt = -1;
      if (buf[i] === '{') braceAt = i++;
      const first = i < n ? buf.charCodeAt(i) : 0;
      if (!isAlpha(first) && first !== 95 && first !== 46) return failAt('varname', i);
      const nameAt = i;
      if (first === 46) i++;
      while (i < n) {
        const c = buf.charCodeAt(i);
        if (!isAlpha(c) && !isDigit(c) && c !== 95) break;
        i++;
      }
      const name = buf.slice(nameAt, i);
      let value: string | undefined;
      if (first === 46) {
        if (name === '.LINE') value = env.line !== undefined ? String(env.line) : '0';
        else if (name === '.FILE') value = env.file ?? '';
        else if (name === '.SECTION') value = env.section;
        // HAProxy leaves a NUL after the name in the line it then echoes.
        else return failAt('varname', nameAt, buf.slice(0, i));
      } else {
        value = env.getenv(name);
      }
      let expand = false;
      if (buf[i] === '[' && braceAt >= 0) {
        const at = i;
        if (buf[i + 1] !== '*' || buf[i + 2] !== ']') return failAt('expand', at);
        i += 3;
        expand = true;
      }
      if (braceAt >= 0) {
        if (buf[i] === '-') {
          let close = i;
          while (close < n && buf[close] !== '}' && buf[close] !== '\0') close++;
          if (close >= n || buf[close] === '\0') return failAt('brace', braceAt);
          if (value === undefined) value = buf.slice(i + 1, close);
          // parse_line() terminates the default value in place.
          buf = buf.slice(0, close) + '\0' + buf.slice(close + 1);
          mutatedAny = true;
          i = close;
        } else if (buf[i] !== '}') {
          return failAt('brace', braceAt);
        }
        i++;
      }
      if (value !== undefined && value.length > 0) {
        if (expand) {
          let k = 0;
          while (k < value.length) {
            if (isCSpace(value.charCodeAt(k))) {
              separate();
              k++;
              while (k < value.length && isCSpace(value.charCodeAt(k))) k++;
            } else {
              cur += value[k]!;
              outpos++;
              k++;
            }
          }
        } else {
          cur += value;
          outpos += value.length;
        }
      }
      continue;
    }
    cur += buf[i]!;
    outpos++;
    i++;
  }
  // Trailing NUL; the last word only counts when it is not empty.
  outpos++;
  if (cur.length > 0) words.push(cur);
  if (quoteAt >= 0) return done({ kind: 'quote', at: quoteAt, shown: buf });
  return done();
}

function truncateAtNul(w: string): string {
  const z = w.indexOf('\0');
  return z >= 0 ? w.slice(0, z) : w;
}

/**
 * Split one line (without its line terminator) into words, as HAProxy does.
 * Leading blanks are skipped; a word that ends the line empty (e.g. `""` at the end) is dropped,
 * an empty word between others (`a "" b`) is kept. A word holding a NUL (`\x00`) ends there.
 */
export function lexLine(line: string, env: LexEnv = processEnv): LexResult {
  let start = 0;
  // readcfgfile() skips leading blanks; `-cc` (in-place lexing) does not.
  if (!env.inPlace) while (start < line.length && isCSpace(line.charCodeAt(start))) start++;
  let pass = lexPass(line, start, env);
  const ob = env.outBuffer;
  if (!pass.error && ob && pass.outlen > ob.size) {
    // PARSE_ERR_TOOLARGE: readcfgfile() grows its buffer and lexes the (modified) line again.
    ob.size = Math.ceil(pass.outlen / 1024) * 1024;
    if (pass.mutatedAny) pass = lexPass(pass.mutated, start, env);
  }
  if (pass.error) {
    const e = pass.error;
    const position = e.at + 1;
    const s = sanitizeForPrinting(e.shown.slice(start), e.at - start, 80);
    return {
      args: pass.words.map(truncateAtNul),
      error: {
        kind: e.kind,
        position,
        message: `${LEX_MESSAGES[e.kind]} at position ${position}`,
        display: s.text,
        caret: s.pos,
      },
    };
  }
  const args = pass.words.map(truncateAtNul);
  if (env.inPlace && pass.outlen > line.length + 1) {
    return {
      args,
      error: { kind: 'toolarge', position: 0, message: 'line too long', display: '', caret: 0 },
    };
  }
  if (pass.tooMany !== undefined) {
    const w = args[MAX_LINE_ARGS - 1] ?? '';
    const position = pass.tooMany + 1;
    return {
      args: args.slice(0, MAX_LINE_ARGS),
      error: {
        kind: 'toomany',
        position,
        message: `too many words, truncating after word ${MAX_LINE_ARGS}, position ${position}: <${w}>`,
        display: '',
        caret: 0,
      },
    };
  }
  let merged = pass.words.join(' ');
  if (pass.trailingSeparator) merged += ' ';
  const w0 = pass.words[0] ?? '';
  const z = w0.indexOf('\0');
  const firstEnd = z >= 0 ? z : w0.length;
  merged = merged.replace(/\0/g, ' ');
  return { args, merged, afterFirst: merged.slice(firstEnd + 1) };
}

/** The whole message HAProxy prints for a lexing error, after "parsing [file:line]: ". */
export function formatLexError(e: LexError): string {
  if (e.kind === 'toomany') return `${e.message}.`;
  return `${e.message}:\n  ${e.display}\n  ${' '.repeat(e.caret)}^`;
}
