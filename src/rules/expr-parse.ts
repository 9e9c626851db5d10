/**
 * The text of a sample expression (`req.hdr(host),lower,map_dom(/etc/hosts.map,www)`) cut into the
 * fetch and its converters, each with its arguments. Arguments follow HAProxy's make_arg_list():
 * separated by commas, single or double quotes group, a backslash escapes the next character.
 */
export interface ExprPart {
  readonly name: string;
  readonly args: string[];
}

export class ExprSyntaxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ExprSyntaxError';
  }
}

/** make_arg_list(): `\\ \" \' \<space>` lose their backslash, `\r \n \t` are controls, others keep it. */
function unescape(n: string): string {
  if (n === '\\' || n === '"' || n === "'" || n === ' ') return n;
  if (n === 'r') return '\r';
  if (n === 'n') return '\n';
  if (n === 't') return '\t';
  return `\\${n}`;
}

/** Parse one `name(args)` starting at `i`; returns the part and the index after it. */
function parsePart(s: string, start: number): { part: ExprPart; end: number } {
  let i = start;
  while (i < s.length && s[i] !== '(' && s[i] !== ',') i++;
  const name = s.slice(start, i).trim();
  const args: string[] = [];
  if (s[i] !== '(') return { part: { name, args }, end: i };
  i++;
  let cur = '';
  let quote = '';
  let depth = 0;
  let any = false;
  for (; i < s.length; i++) {
    const c = s[i]!;
    if (c === '\\' && quote !== "'" && i + 1 < s.length) {
      cur += unescape(s[++i]!);
      any = true;
      continue;
    }
    if (quote) {
      if (c === quote) quote = '';
      else cur += c;
      continue;
    }
    if (c === '"' || c === "'") {
      quote = c;
      any = true;
      continue;
    }
    if (c === '(') depth++;
    if (c === ')') {
      if (depth === 0) break;
      depth--;
    }
    if (c === ',' && depth === 0) {
      args.push(cur);
      cur = '';
      any = true;
      continue;
    }
    cur += c;
    any = true;
  }
  if (s[i] !== ')') throw new ExprSyntaxError(`missing closing ')' after arguments to '${name}'`);
  if (any) args.push(cur);
  return { part: { name, args }, end: i + 1 };
}

/** Split an expression into its fetch and converters. */
export function parseExpr(text: string): { fetch: ExprPart; convs: ExprPart[] } {
  const parts: ExprPart[] = [];
  let i = 0;
  for (;;) {
    const { part, end } = parsePart(text, i);
    if (part.name === '') throw new ExprSyntaxError(parts.length === 0 ? 'missing fetch method' : 'empty converter name');
    parts.push(part);
    i = end;
    while (text[i] === ' ') i++;
    if (i >= text.length) break;
    if (text[i] !== ',') throw new ExprSyntaxError(`missing comma after '${part.name}'`);
    i++;
  }
  const [fetch, ...convs] = parts;
  return { fetch: fetch!, convs };
}
