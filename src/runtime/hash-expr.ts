/**
 * `balance hash <expr>`: the sample expression compiled once per backend, and its value as the
 * binary HAProxy hashes (sample_fetch_as_type(..., SMP_T_BIN)): strings as their bytes, IPv4 as 4
 * bytes and IPv6 as 16 in network order, integers as 8 bytes big-endian.
 */
import { isIPv4, isIPv6 } from 'node:net';
import type { ConfigModel } from '../config/model/config.js';
import type { ProxyModel } from '../config/model/proxy.js';
import { newCompileEnv, RulesError } from '../rules/compile-env.js';
import { ExprSyntaxError } from '../rules/expr-parse.js';
import type { RuleContext } from '../rules/context.js';
import { compileExpr, type SampleExpr } from '../rules/expr.js';
import type { SampleValue } from '../rules/sample.js';

/** HAProxy's words for why a sample expression did not compile (sample_parse_expr()). */
function haproxyReason(e: Error): string {
  const m = e.message.replace(/ in sample expression '.*'$/s, '');
  const comma = /^missing comma after '([^']*)'$/.exec(m);
  if (comma) return `missing comma after fetch keyword '${comma[1]}'`;
  const paren = /^missing closing '\)' after arguments to '([^']*)'$/.exec(m);
  if (paren) return `fetch method '${paren[1]}' : expected ')'`;
  return m;
}

/**
 * `balance hash <expr>` compiled once per backend. An expression that does not compile is a fatal
 * configuration error, as in HAProxy 2.6 (check_config_validity()):
 * `backend 'be' [file:line]: failed to parse 'balance hash' expression 'x' in : unknown fetch method 'x'.`
 */
export function compileHashExpr(m: ProxyModel): SampleExpr | undefined {
  if (m.balance?.algorithm !== 'hash') return undefined;
  const text = m.balance.params[0];
  if (!text) return undefined;
  try {
    return compileExpr(text, newCompileEnv(undefined, m));
  } catch (e) {
    if (!(e instanceof RulesError) && !(e instanceof ExprSyntaxError)) throw e;
    const kind = m.kind === 'listen' ? 'proxy' : m.kind;
    throw new RulesError(
      `${kind} '${m.name}' [${m.place.file}:${m.place.line}]: failed to parse 'balance hash' expression '${text}' in : ${haproxyReason(e)}.`,
    );
  }
}

/** `-c`: every backend's `balance hash` expression compiles (throws RulesError as at start-up). */
export function checkHashExprs(cfg: ConfigModel): void {
  for (const p of cfg.proxies) if (!p.disabled) compileHashExpr(p);
}

function ipBytes(a: string): string | undefined {
  if (isIPv4(a)) return String.fromCharCode(...a.split('.').map(Number));
  if (isIPv6(a)) {
    const halves = a.split('::');
    const parse = (s: string): number[] => (s ? s.split(':').map((h) => parseInt(h, 16)) : []);
    const head = parse(halves[0]!);
    const tail = halves.length > 1 ? parse(halves[1]!) : [];
    const words = [...head, ...new Array<number>(8 - head.length - tail.length).fill(0), ...tail];
    return words.map((w) => String.fromCharCode(w >> 8, w & 255)).join('');
  }
  return undefined;
}

function binary(v: SampleValue, type: string): string {
  if (Buffer.isBuffer(v)) return v.toString('latin1');
  if (typeof v === 'number' || typeof v === 'bigint') {
    const b = Buffer.alloc(8);
    b.writeBigInt64BE(typeof v === 'bigint' ? v : BigInt(Math.trunc(v)));
    return b.toString('latin1');
  }
  if (typeof v === 'boolean') return v ? '\x01' : '\x00';
  if (type === 'ipv4' || type === 'ipv6') return ipBytes(v) ?? v;
  return v;
}

/** The expression's value for this request as latin1 binary, undefined when it has none. */
export function hashKey(expr: SampleExpr, rc: RuleContext): string | undefined {
  const v = expr.one(rc);
  if (v === undefined) return undefined;
  return binary(v, expr.type);
}
