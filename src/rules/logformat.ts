/**
 * Log-format strings as rule arguments take them (set-header values, redirect locations, `return
 * lf-string`, set-var-fmt): literal text, `%[expr]` sample expressions and the common `%x` variables,
 * compiled once into a list of parts. A sample that has no value renders as nothing, as HAProxy
 * does in header values. The observability issue extends the variable table for log lines.
 */
import { hostname } from 'node:os';
import { RulesError, type CompileEnv } from './compile-env.js';
import type { RuleContext } from './context.js';
import { compileExpr, type SampleExpr } from './expr.js';
import { plainAddr } from './fetch/conn.js';
import { toStr } from './sample.js';

type Part = string | SampleExpr | ((ctx: RuleContext) => string);

const HOST = hostname();

/** `%x` variables usable outside log lines. */
/**
 * HAProxy 2.6's log-format variables (doc 8.2.4) that rules cannot know yet (timers, counters,
 * captures: they belong to the stream's log line). They are valid names and render as '-' here.
 */
const LOG_ONLY_VARS = [
  'B', 'CC', 'CS', 'HPO', 'T', 'Ta', 'Tc', 'Td', 'Th', 'Ti', 'Tl', 'Tq', 'Tr', 'Tt', 'Tu', 'Tw', 'U',
  'ac', 'bc', 'bi', 'bp', 'bq', 'fc', 'hr', 'hrl', 'hs', 'hsl', 'lc', 'ms', 'r', 'rc', 'sc', 'si', 'sp',
  'sq', 'sslc', 'sslv', 't', 'tr', 'trg', 'trl', 'ts', 'tsc',
];

const VARS: Record<string, (ctx: RuleContext) => string> = {
  ci: (c) => plainAddr(c.src) ?? '-',
  cp: (c) => String(c.srcPort),
  fi: (c) => plainAddr(c.dst) ?? '-',
  fp: (c) => String(c.dstPort),
  f: (c) => c.feName,
  ft: (c) => c.feName,
  fe: (c) => c.feName,
  b: (c) => c.beName || c.feName,
  s: (c) => c.srvName || '<NOSRV>',
  H: () => HOST,
  ID: (c) => c.uniqueId ?? '',
  pid: () => String(process.pid),
  HM: (c) => c.req?.method ?? '',
  HU: (c) => c.req?.target ?? '',
  HP: (c) => c.path() ?? '',
  HQ: (c) => {
    const q = c.query();
    return q === undefined ? '' : `?${q}`;
  },
  HV: (c) => (c.req ? (c.req.version === 11 ? 'HTTP/1.1' : 'HTTP/1.0') : ''),
  ST: (c) => String(c.res?.status ?? ''),
  Ts: () => String(Math.floor(Date.now() / 1000)),
  rt: (c) => String(c.reqCount),
};
for (const v of LOG_ONLY_VARS) VARS[v] ??= () => '-';

export class LogFormat {
  constructor(
    readonly text: string,
    private readonly parts: readonly Part[],
  ) {}

  /** A format without any variable part renders as this constant (undefined otherwise). */
  get constant(): string | undefined {
    if (this.parts.length === 0) return '';
    return this.parts.length === 1 && typeof this.parts[0] === 'string' ? this.parts[0] : undefined;
  }

  render(ctx: RuleContext): string {
    const ps = this.parts;
    if (ps.length === 1 && typeof ps[0] === 'string') return ps[0];
    let out = '';
    for (let i = 0; i < ps.length; i++) {
      const p = ps[i]!;
      if (typeof p === 'string') out += p;
      else if (typeof p === 'function') out += p(ctx);
      else {
        const v = p.one(ctx);
        if (v !== undefined) out += toStr(v);
      }
    }
    return out;
  }
}

/**
 * One piece of a log-format string as HAProxy's parse_logformat_string() cuts it: literal text, a
 * run of spaces (a separator: log lines collapse it to one space), a `%var` with its `%{...}` flags,
 * or a `%[expr]` sample expression. Shared by rule arguments (here) and log lines (src/log/).
 */
export type LfNode =
  | { readonly t: 'text'; readonly s: string }
  | { readonly t: 'sep'; readonly s: string }
  | { readonly t: 'var'; readonly name: string; readonly flags: string }
  | { readonly t: 'expr'; readonly src: string; readonly flags: string };

/** Cut a log-format string into nodes; `%%` is a literal '%', a '%' before nothing nameable too. */
export function tokenizeLogFormat(text: string): LfNode[] {
  const out: LfNode[] = [];
  let lit = '';
  let i = 0;
  const flush = (): void => {
    if (lit) out.push({ t: 'text', s: lit });
    lit = '';
  };
  while (i < text.length) {
    const c = text[i]!;
    if (c === ' ') {
      flush();
      let j = i;
      while (j < text.length && text[j] === ' ') j++;
      out.push({ t: 'sep', s: text.slice(i, j) });
      i = j;
      continue;
    }
    if (c !== '%') {
      lit += c;
      i++;
      continue;
    }
    if (text[i + 1] === '%') {
      lit += '%';
      i += 2;
      continue;
    }
    let j = i + 1;
    let flags = '';
    if (text[j] === '{') {
      const e = text.indexOf('}', j);
      if (e < 0) throw new RulesError(`missing '}' in log-format '${text}'`);
      flags = text.slice(j + 1, e);
      j = e + 1;
    }
    if (text[j] === '[') {
      let depth = 0;
      let k = j;
      for (; k < text.length; k++) {
        if (text[k] === '(') depth++;
        else if (text[k] === ')') depth--;
        else if (text[k] === ']' && depth <= 0) break;
      }
      if (k >= text.length) throw new RulesError(`missing ']' after sample expression in log-format '${text}'`);
      flush();
      out.push({ t: 'expr', src: text.slice(j + 1, k), flags });
      i = k + 1;
      continue;
    }
    let k = j;
    while (k < text.length && /[A-Za-z_]/.test(text[k]!)) k++;
    const name = text.slice(j, k);
    if (name === '') {
      lit += '%';
      i = j;
      continue;
    }
    flush();
    out.push({ t: 'var', name, flags });
    i = k;
  }
  flush();
  return out;
}

/** HAProxy's message for an unknown `%name`. */
export function unknownVarMessage(name: string): string {
  return `no such format variable '${name}'. If you wanted to emit the '%' character verbatim, you need to use '%%'`;
}

export function compileLogFormat(text: string, env: CompileEnv): LogFormat {
  const parts: Part[] = [];
  let lit = '';
  const flush = (): void => {
    if (lit) parts.push(lit);
    lit = '';
  };
  for (const n of tokenizeLogFormat(text)) {
    if (n.t === 'text' || n.t === 'sep') {
      lit += n.s;
      continue;
    }
    flush();
    if (n.t === 'expr') {
      parts.push(compileExpr(n.src, env));
      continue;
    }
    const fn = VARS[n.name];
    if (!fn) throw new RulesError(unknownVarMessage(n.name));
    parts.push(fn);
  }
  flush();
  return new LogFormat(text, parts);
}
