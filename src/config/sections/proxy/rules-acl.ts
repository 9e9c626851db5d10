/**
 * ACL expressions and `if`/`unless` conditions, checked as HAProxy's parse_acl_expr() and
 * build_acl_cond() do: the fetch must exist, flags must be known, named ACLs must be declared above
 * (or be predefined). Errors are thrown as AclError carrying HAProxy's inner message; each keyword
 * wraps it in its own sentence ("error detected while parsing ACL 'x' : ...").
 */
import { accessSync, constants } from 'node:fs';
import type { ParseContext } from '../../keyword.js';
import type { ProxyModel } from '../../model/proxy.js';
import type { AclModel, ConditionModel } from '../../model/rule.js';
import { ACL_KEYWORDS, CONVERTERS, MATCH_METHODS, SAMPLE_FETCHES } from './rules-fetches.js';

/** An ACL or condition error; the message is HAProxy's inner text (no trailing period). */
export class AclError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AclError';
  }
}

/** ACLs every proxy has without declaring them (HAProxy's default_acl_list). */
export const PREDEFINED_ACLS: ReadonlySet<string> = new Set([
  'TRUE', 'FALSE', 'HTTP', 'HTTP_1.0', 'HTTP_1.1', 'HTTP_2.0', 'HTTP_CONTENT', 'HTTP_URL_ABS',
  'HTTP_URL_SLASH', 'HTTP_URL_STAR', 'LOCALHOST', 'METH_CONNECT', 'METH_DELETE', 'METH_GET',
  'METH_HEAD', 'METH_OPTIONS', 'METH_POST', 'METH_PUT', 'METH_TRACE', 'RDP_COOKIE', 'REQ_CONTENT',
  'WAIT_END',
]);

/** Flags that take no value / one value. */
const FLAGS_NO_ARG = new Set(['-i', '-n', '-M']);
const FLAGS_ONE_ARG = new Set(['-f', '-m', '-u']);

export interface AclExpr {
  readonly criterion: string;
  readonly fetch: string;
  readonly flags: string[];
  readonly match?: string;
  readonly files: string[];
  readonly patterns: string[];
}

/** Name of a fetch or converter: up to its argument list or the next converter. */
function headName(word: string): string {
  const m = /^[^(,]*/.exec(word);
  return m ? m[0] : word;
}

/** Check the converters after the fetch (`path,lower,map(x)`). */
function checkConverters(fetch: string, criterion: string): void {
  // Skip the fetch's own argument list, which may contain commas.
  let i = fetch.length;
  if (criterion[i] === '(') {
    const close = criterion.indexOf(')', i);
    i = close < 0 ? criterion.length : close + 1;
  }
  const rest = criterion.slice(i);
  if (rest === '') return;
  if (!rest.startsWith(',')) throw new AclError(`ACL keyword '${fetch}' : missing comma after fetch keyword.`);
  let depth = 0;
  let cur = '';
  const convs: string[] = [];
  for (const c of rest.slice(1)) {
    if (c === '(') depth++;
    if (c === ')') depth--;
    if (c === ',' && depth === 0) {
      convs.push(cur);
      cur = '';
    } else cur += c;
  }
  convs.push(cur);
  for (const cv of convs) {
    const name = headName(cv);
    if (!CONVERTERS.has(name)) throw new AclError(`ACL keyword '${fetch}' : unknown converter '${name}'.`);
    if (cv.includes('(') && !cv.endsWith(')'))
      throw new AclError(`ACL keyword '${fetch}' : invalid arg 1 in converter '${name}' : expected ')'.`);
  }
}

/**
 * Parse `CRITERION [flags] [patterns]` (the words after an ACL's name, or inside `{ }`).
 * Emits HAProxy's "no pattern" warning through ctx.
 */
export function parseAclExpr(words: readonly string[], ctx: ParseContext): AclExpr {
  const criterion = words[0] ?? '';
  if (criterion === '') throw new AclError(`missing fetch method in ACL expression ''`);
  const fetch = headName(criterion);
  const alias = ACL_KEYWORDS.get(fetch);
  const smp = SAMPLE_FETCHES.get(alias?.fetch ?? fetch);
  if (!alias && !smp) throw new AclError(`unknown fetch method '${fetch}' in ACL expression '${criterion}'`);
  checkConverters(fetch, criterion);

  const flags: string[] = [];
  const files: string[] = [];
  let match = alias?.match;
  let i = 1;
  for (; i < words.length; i++) {
    const w = words[i]!;
    if (!w.startsWith('-')) break;
    if (w === '--') {
      i++;
      break;
    }
    if (FLAGS_NO_ARG.has(w)) {
      flags.push(w);
      continue;
    }
    if (!FLAGS_ONE_ARG.has(w))
      throw new AclError(`'${w}' is not a valid ACL option. Please use '--' before any pattern beginning with a '-'`);
    const v = words[i + 1] ?? '';
    if (w === '-m') {
      if (!MATCH_METHODS.has(v)) throw new AclError(`unknown matching method '${v}' when parsing ACL expression`);
      match = v;
    } else if (w === '-u') {
      if (v !== '' && !/^-?\d+$/.test(v)) throw new AclError('the argument of -u must be an integer');
    } else {
      try {
        accessSync(v, constants.R_OK);
      } catch {
        throw new AclError(`failed to open pattern file <${v}>`);
      }
      files.push(v);
    }
    flags.push(w, v);
    i++;
  }
  const patterns = words.slice(i);

  const outType = smp?.type;
  const needsPattern = match !== 'found' && match !== 'bool' && !(alias === undefined && outType === 'bool');
  if (needsPattern && words.length === 1) {
    ctx.diag.warning(
      `parsing acl keyword '${criterion}' :\n` +
        '  no pattern to match against were provided, so this ACL will never match.\n' +
        "  If this is what you intended, please add '--' to get rid of this warning.\n" +
        "  If you intended to match only for existence, please use '-m found'.\n" +
        "  If you wanted to force an int to match as a bool, please use '-m bool'.\n",
    );
  }
  return { criterion, fetch, flags, match, files, patterns };
}

/** Build the model of an `acl NAME ...` line. */
export function aclModel(name: string, words: readonly string[], ctx: ParseContext): AclModel {
  const e = parseAclExpr(words, ctx);
  return {
    place: ctx.st.place,
    name,
    criterion: e.criterion,
    args: words.slice(1),
    fetch: e.fetch,
    flags: e.flags,
    match: e.match,
    files: e.files,
    patterns: e.patterns,
  };
}

/** Is `name` usable in a condition of proxy `p` (declared above in this proxy, or predefined)? */
function aclKnown(p: ProxyModel, name: string): boolean {
  return ownAcls(p).some((a) => a.name === name) || PREDEFINED_ACLS.has(name);
}

/** ACLs declared in this proxy's own section (a defaults section's ACLs are not visible to its proxies). */
function ownAcls(p: ProxyModel): AclModel[] {
  return p.acls;
}

/**
 * Check and keep a condition: `words` starts with `if` or `unless`. Throws AclError with HAProxy's
 * message for the first bad term.
 */
export function parseCondition(words: readonly string[], p: ProxyModel, ctx: ParseContext): ConditionModel {
  const pol = words[0];
  if (pol !== 'if' && pol !== 'unless') throw new AclError(`conditions must start with either 'if' or 'unless'`);
  const terms = words.slice(1);
  for (let i = 0; i < terms.length; i++) {
    let w = terms[i]!;
    if (w === '||' || w === 'or') continue;
    while (w.startsWith('!')) w = w.slice(1);
    if (w === '') continue;
    if (w === '{') {
      const end = terms.indexOf('}', i + 1);
      if (end < 0) throw new AclError(`missing closing '}' in condition`);
      parseAclExpr(terms.slice(i + 1, end), ctx);
      i = end;
      continue;
    }
    if (!aclKnown(p, w)) throw new AclError(`no such ACL : '${w}'`);
  }
  return { polarity: pol, terms };
}

/** Split a rule's words at the first `if`/`unless` (outside `{ }`). */
export function splitAtCondition(words: readonly string[]): { head: string[]; cond?: string[] } {
  const i = words.findIndex((w) => w === 'if' || w === 'unless');
  if (i < 0) return { head: [...words] };
  return { head: words.slice(0, i), cond: words.slice(i) };
}
