/**
 * HAProxy's line lexer (doc/configuration.txt 2.2 and 2.3; parse_line() in HAProxy's tools.c).
 *
 * One statement per line. Words are separated by unescaped, unquoted blanks. `#` outside quotes
 * starts a comment. Double quotes are weak (backslash escapes and `$VAR` / `${VAR}` /
 * `${VAR-default}` / `${VAR[*]}` expansion still work inside), single quotes are strong (nothing is
 * interpreted). Environment variables are only expanded inside double quotes.
 */

/** Maximum words on one line, as HAProxy's MAX_LINE_ARGS. */
export const MAX_LINE_ARGS = 64;

export type LexErrorKind = 'quote' | 'brace' | 'varname' | 'hex' | 'expand' | 'toomany';

export interface LexError {
  readonly kind: LexErrorKind;
  /** 1-based column in the line where the problem starts (HAProxy's "at position N"). */
  readonly position: number;
  readonly message: string;
}

export interface LexResult {
  readonly args: string[];
  readonly error?: LexError;
}

/** What the lexer needs from its surroundings: variables and HAProxy's `.LINE/.FILE/.SECTION`. */
export interface LexEnv {
  getenv(name: string): string | undefined;
  readonly file?: string;
  readonly line?: number;
  readonly section?: string;
}

export const processEnv: LexEnv = {
  getenv: (name) => process.env[name],
};

function isSpace(c: string): boolean {
  return c === ' ' || c === '\t' || c === '\v' || c === '\f';
}
function isAlpha(c: string): boolean {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
function isAlnum(c: string): boolean {
  return isAlpha(c) || (c >= '0' && c <= '9');
}
function isHex(c: string | undefined): boolean {
  return c !== undefined && /^[0-9a-fA-F]$/.test(c);
}

const LEX_MESSAGES: Record<LexErrorKind, string> = {
  quote: 'unmatched quote',
  brace: 'unmatched brace in environment variable name',
  varname: 'forbidden first char in environment variable name',
  hex: 'truncated or invalid hexadecimal sequence',
  expand: 'truncated or invalid word expansion sequence',
  toomany: 'too many words',
};

/**
 * Split one line (without its line terminator) into words, as HAProxy does.
 * Leading blanks are skipped; a word that ends the line empty (e.g. `""` at the end) is dropped,
 * an empty word between others (`a "" b`) is kept.
 */
export function lexLine(line: string, env: LexEnv = processEnv): LexResult {
  const args: string[] = [];
  let cur = '';
  let i = 0;
  const n = line.length;
  let squote = false;
  let dquote = false;
  let quoteAt = -1;
  let error: LexError | undefined;

  const fail = (kind: LexErrorKind, at: number): LexResult => {
    error = { kind, position: at + 1, message: `${LEX_MESSAGES[kind]} at position ${at + 1}` };
    if (cur.length > 0) args.push(cur);
    return { args, error };
  };

  while (i < n && isSpace(line[i]!)) i++;

  while (i < n) {
    const c = line[i]!;
    if (c === '\n' || c === '\r' || c === '\0') break;
    if (c === '#' && !squote && !dquote) break;
    if (c === '"' && !squote) {
      dquote = !dquote;
      quoteAt = dquote ? i : -1;
      i++;
      continue;
    }
    if (c === "'" && !dquote) {
      squote = !squote;
      quoteAt = squote ? i : -1;
      i++;
      continue;
    }
    if (c === '\\' && !squote) {
      const nx = line[i + 1];
      let out = '\\';
      switch (nx) {
        case ' ':
        case '\\':
        case '#':
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
        case 'x':
          if (!isHex(line[i + 2]) || !isHex(line[i + 3])) return fail('hex', i);
          out = String.fromCharCode(parseInt(line.slice(i + 2, i + 4), 16));
          i += 3;
          break;
        default:
          break;
      }
      i++;
      cur += out;
      continue;
    }
    if (isSpace(c) && !squote && !dquote) {
      while (i < n && isSpace(line[i]!)) i++;
      args.push(cur);
      cur = '';
      if (args.length >= MAX_LINE_ARGS) {
        error = {
          kind: 'toomany',
          position: i + 1,
          message: `too many words, truncating after word ${MAX_LINE_ARGS}, position ${i}: <${line.slice(i)}>`,
        };
        return { args, error };
      }
      continue;
    }
    if (c === '$' && dquote) {
      i++;
      let braceAt = -1;
      if (line[i] === '{') braceAt = i++;
      const first = line[i] ?? '';
      if (!isAlpha(first) && first !== '_' && first !== '.') return fail('varname', i);
      const start = i;
      if (line[i] === '.') i++;
      while (i < n && (isAlnum(line[i]!) || line[i] === '_')) i++;
      const name = line.slice(start, i);
      let value: string | undefined;
      if (name.startsWith('.')) {
        if (name === '.LINE') value = env.line !== undefined ? String(env.line) : '';
        else if (name === '.FILE') value = env.file ?? '';
        else if (name === '.SECTION') value = env.section ?? '';
        else return fail('varname', start);
      } else {
        value = env.getenv(name);
      }
      let expand = false;
      if (line[i] === '[' && braceAt >= 0) {
        const at = i;
        if (line[i + 1] !== '*' || line[i + 2] !== ']') return fail('expand', at);
        i += 3;
        expand = true;
      }
      if (braceAt >= 0) {
        if (line[i] === '-') {
          const close = line.indexOf('}', i);
          if (close < 0) return fail('brace', braceAt);
          if (value === undefined) value = line.slice(i + 1, close);
          i = close;
        } else if (line[i] !== '}') {
          return fail('brace', braceAt);
        }
        i++;
      }
      if (value !== undefined) {
        if (expand) {
          let k = 0;
          while (k < value.length) {
            const ch = value[k]!;
            if (isSpace(ch) || ch === '\n' || ch === '\r') {
              args.push(cur);
              cur = '';
              while (k + 1 < value.length && /\s/.test(value[k + 1]!)) k++;
            } else {
              cur += ch;
            }
            k++;
          }
        } else {
          cur += value;
        }
      }
      continue;
    }
    cur += c;
    i++;
  }
  if (cur.length > 0) args.push(cur);
  if (squote || dquote) {
    return {
      args,
      error: { kind: 'quote', position: quoteAt + 1, message: `unmatched quote at position ${quoteAt + 1}` },
    };
  }
  if (args.length > MAX_LINE_ARGS) {
    return {
      args: args.slice(0, MAX_LINE_ARGS),
      error: { kind: 'toomany', position: n, message: `too many words, truncating after word ${MAX_LINE_ARGS}` },
    };
  }
  return { args };
}
