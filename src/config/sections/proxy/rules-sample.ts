/**
 * Sample expressions as rules take them (`req.hdr(host),lower,map(file)`): a fetch followed by
 * comma-separated converters. Checked at load time against HAProxy 2.6's fetch and converter names.
 */
import { CONVERTERS, isKnownFetch } from './rules-fetches.js';

/** Split on commas that are not inside parentheses. */
export function splitTopLevel(expr: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < expr.length; i++) {
    const c = expr[i];
    if (c === '(') depth++;
    else if (c === ')') depth = Math.max(0, depth - 1);
    else if (c === ',' && depth === 0) {
      out.push(expr.slice(start, i));
      start = i + 1;
    }
  }
  out.push(expr.slice(start));
  return out;
}

function nameOf(part: string): string {
  const p = part.indexOf('(');
  return p < 0 ? part : part.slice(0, p);
}

/** HAProxy's complaint about a sample expression, or undefined when it is well-formed. */
export function sampleExprError(expr: string): string | undefined {
  const [fetch, ...convs] = splitTopLevel(expr);
  const f = nameOf(fetch ?? '');
  if (f === '') return 'missing fetch method';
  if (!isKnownFetch(f)) return `unknown fetch method '${f}'`;
  for (const c of convs) {
    const n = nameOf(c);
    if (!CONVERTERS.has(n)) return `unknown converter '${n}'`;
  }
  return undefined;
}

/** Actions whose first argument is a sample expression. */
export function takesSampleExpr(action: string): boolean {
  return /^(track-sc\d+|set-var\(.*\)|capture)$/.test(action);
}
