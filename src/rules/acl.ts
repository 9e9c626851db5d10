/**
 * ACLs compiled at load time: `FETCH[,CONV]* [flags] [operator] PATTERN...` becomes a sample
 * expression plus an indexed pattern set. Evaluating one answers PASS, FAIL or MISS (the fetch
 * lacked data that may still arrive, tcp-request content within inspect-delay).
 */
import { ACL_KEYWORDS, MATCH_METHODS } from '../config/sections/proxy/rules-fetches.js';
import type { AclModel } from '../config/model/rule.js';
import { RulesError, type CompileEnv } from './compile-env.js';
import type { RuleContext } from './context.js';
import { compileExpr, type SampleExpr } from './expr.js';
import { buildPatternSet, isIntOperator, type MatchMethod, type PatternSet } from './pattern/pattern-set.js';
import type { SmpType } from './sample.js';

export const enum AclResult {
  Fail = 0,
  Pass = 1,
  Miss = 2,
}

export interface CompiledAcl {
  readonly name: string;
  test(ctx: RuleContext): AclResult;
}

/** An ACL line cut into its parts (the same reading as the config parser's parseAclExpr). */
export interface AclParts {
  readonly criterion: string;
  readonly icase: boolean;
  readonly match?: string;
  readonly files: readonly string[];
  /** `-M`: pattern files are maps (the key is the pattern). */
  readonly mapFiles: boolean;
  readonly patterns: readonly string[];
}

export function aclParts(words: readonly string[]): AclParts {
  const criterion = words[0] ?? '';
  let icase = false;
  let match: string | undefined;
  let mapFiles = false;
  const files: string[] = [];
  let i = 1;
  for (; i < words.length; i++) {
    const w = words[i]!;
    if (!w.startsWith('-')) break;
    if (w === '--') {
      i++;
      break;
    }
    if (w === '-i') icase = true;
    else if (w === '-n') continue;
    else if (w === '-M') mapFiles = true;
    else if (w === '-m') match = words[++i];
    else if (w === '-f') files.push(words[++i] ?? '');
    else if (w === '-u') i++;
    else throw new RulesError(`'${w}' is not a valid ACL option. Please use '--' before any pattern beginning with a '-'`);
  }
  return { criterion, icase, match, files, mapFiles, patterns: words.slice(i) };
}

/** The match method a fetch's output type implies when neither `-m` nor an ACL keyword gives one. */
function implicitMethod(t: SmpType): MatchMethod {
  switch (t) {
    case 'bool':
      return 'bool';
    case 'sint':
      return 'int';
    case 'ipv4':
    case 'ipv6':
      return 'ip';
    case 'bin':
      return 'bin';
    default:
      return 'str';
  }
}

class Acl implements CompiledAcl {
  constructor(
    readonly name: string,
    private readonly expr: SampleExpr,
    private readonly set: PatternSet<true>,
    private readonly multi: boolean,
  ) {}

  test(ctx: RuleContext): AclResult {
    ctx.mayChange = false;
    if (this.multi) {
      const vs = this.expr.all(ctx);
      if (vs) for (let i = 0; i < vs.length; i++) if (this.set.match(vs[i]!)) return AclResult.Pass;
    } else {
      const v = this.expr.one(ctx);
      if (v !== undefined && this.set.match(v)) return AclResult.Pass;
    }
    return ctx.mayChange ? AclResult.Miss : AclResult.Fail;
  }
}

/** Compile ACL words (`criterion flags patterns`) under `name` ('' for an anonymous ACL). */
export function compileAclWords(name: string, words: readonly string[], env: CompileEnv): CompiledAcl {
  const parts = aclParts(words);
  const head = /^[^(,]*/.exec(parts.criterion)![0];
  const alias = ACL_KEYWORDS.get(head);
  const text = alias ? alias.fetch + parts.criterion.slice(head.length) : parts.criterion;
  const expr = compileExpr(text, env);
  let method: string = parts.match ?? alias?.match ?? implicitMethod(expr.type);
  if (!MATCH_METHODS.has(method)) throw new RulesError(`unknown matching method '${method}' when parsing ACL expression`);
  if (method === 'int' && expr.type === 'bool' && !parts.match) method = 'bool';
  const pats: string[] = [];
  const ops: Array<string | undefined> = [];
  let op: string | undefined;
  for (const f of parts.files) {
    const lines = parts.mapFiles ? env.files.mapEntries(f).map(([k]) => k) : env.files.patternLines(f);
    for (const l of lines) {
      pats.push(l);
      ops.push(undefined);
    }
  }
  for (const p of parts.patterns) {
    if ((method === 'int' || method === 'len') && isIntOperator(p)) {
      op = p;
      continue;
    }
    pats.push(p);
    ops.push(op);
  }
  const set = buildPatternSet<true>(method as MatchMethod, pats.map((p) => [p, true] as const), parts.icase, true, ops);
  return new Acl(name, expr, set, true);
}

export function compileAcl(m: AclModel, env: CompileEnv): CompiledAcl {
  try {
    return compileAclWords(m.name, [m.criterion, ...m.args], env);
  } catch (e) {
    // As HAProxy: the file and line of the ACL, then why.
    if (e instanceof RulesError) throw new RulesError(`parsing [${m.place.file}:${m.place.line}] : error detected while parsing ACL '${m.name}' : ${e.message}.`);
    throw e;
  }
}

/** HAProxy's predefined ACLs (default_acl_list), compiled on first use. */
const PREDEFINED: Record<string, readonly string[]> = {
  TRUE: ['always_true'],
  FALSE: ['always_false'],
  HTTP: ['req.proto_http'],
  'HTTP_1.0': ['req.ver', '1.0'],
  'HTTP_1.1': ['req.ver', '1.1'],
  'HTTP_2.0': ['req.ver', '2.0'],
  HTTP_CONTENT: ['req.hdr_val(content-length)', 'gt', '0'],
  HTTP_URL_ABS: ['url_reg', '^[^/:]*://'],
  HTTP_URL_SLASH: ['url_beg', '/'],
  HTTP_URL_STAR: ['url', '*'],
  LOCALHOST: ['src', '127.0.0.1/8', '::1'],
  METH_CONNECT: ['method', 'CONNECT'],
  METH_DELETE: ['method', 'DELETE'],
  METH_GET: ['method', 'GET', 'HEAD'],
  METH_HEAD: ['method', 'HEAD'],
  METH_OPTIONS: ['method', 'OPTIONS'],
  METH_POST: ['method', 'POST'],
  METH_PUT: ['method', 'PUT'],
  METH_TRACE: ['method', 'TRACE'],
  RDP_COOKIE: ['req.rdp_cookie_cnt', 'gt', '0'],
  REQ_CONTENT: ['req.len', 'gt', '0'],
  WAIT_END: ['wait_end'],
};

export function predefinedAcl(name: string, env: CompileEnv): CompiledAcl | undefined {
  const words = Object.prototype.hasOwnProperty.call(PREDEFINED, name) ? PREDEFINED[name] : undefined;
  return words ? compileAclWords(name, words, env) : undefined;
}
