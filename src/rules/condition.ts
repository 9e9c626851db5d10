/**
 * `if`/`unless` conditions compiled at load time: terms joined by implicit AND, groups joined by
 * `or`/`||`, each term a named ACL, a predefined one or an anonymous `{ ... }` ACL, negated by `!`.
 * Evaluation follows HAProxy's acl_exec_cond(): AND stops at the first FAIL, OR at the first PASS,
 * MISS propagates (and `!` keeps MISS as MISS).
 */
import type { ConditionModel } from '../config/model/rule.js';
import { AclResult, compileAclWords, predefinedAcl, type CompiledAcl } from './acl.js';
import { RulesError, type CompileEnv } from './compile-env.js';
import type { RuleContext } from './context.js';

interface Term {
  readonly acl: CompiledAcl;
  readonly neg: boolean;
}

export class Condition {
  constructor(
    /** `unless` inverts the final answer. */
    readonly unless: boolean,
    private readonly groups: ReadonlyArray<readonly Term[]>,
  ) {}

  /** PASS / FAIL / MISS after `if`/`unless`. */
  eval(ctx: RuleContext): AclResult {
    let res = AclResult.Fail;
    for (let g = 0; g < this.groups.length; g++) {
      const terms = this.groups[g]!;
      let and = AclResult.Pass;
      for (let t = 0; t < terms.length; t++) {
        const term = terms[t]!;
        let r = term.acl.test(ctx);
        if (term.neg && r !== AclResult.Miss) r = r === AclResult.Pass ? AclResult.Fail : AclResult.Pass;
        if (r === AclResult.Fail) {
          and = AclResult.Fail;
          break;
        }
        if (r === AclResult.Miss) and = AclResult.Miss;
      }
      if (and === AclResult.Pass) {
        res = AclResult.Pass;
        break;
      }
      if (and === AclResult.Miss) res = AclResult.Miss;
    }
    if (this.unless && res !== AclResult.Miss) res = res === AclResult.Pass ? AclResult.Fail : AclResult.Pass;
    return res;
  }

  /** PASS only; MISS counts as not matching (rules without inspect-delay). */
  test(ctx: RuleContext): boolean {
    return this.eval(ctx) === AclResult.Pass;
  }
}

/** Named ACLs of one proxy: several `acl` lines with the same name are OR-ed. */
export class AclTable {
  private readonly named = new Map<string, CompiledAcl[]>();
  private readonly predefined = new Map<string, CompiledAcl>();

  constructor(private readonly env: CompileEnv) {}

  add(acl: CompiledAcl): void {
    const l = this.named.get(acl.name);
    if (l) l.push(acl);
    else this.named.set(acl.name, [acl]);
  }

  get(name: string): CompiledAcl | undefined {
    const l = this.named.get(name);
    if (l) return l.length === 1 ? l[0] : orAcl(name, l);
    let p = this.predefined.get(name);
    if (!p) {
      p = predefinedAcl(name, this.env);
      if (p) this.predefined.set(name, p);
    }
    return p;
  }
}

function orAcl(name: string, list: readonly CompiledAcl[]): CompiledAcl {
  return {
    name,
    test(ctx) {
      let res = AclResult.Fail;
      for (let i = 0; i < list.length; i++) {
        const r = list[i]!.test(ctx);
        if (r === AclResult.Pass) return r;
        if (r === AclResult.Miss) res = r;
      }
      return res;
    },
  };
}

export function compileCondition(c: ConditionModel, acls: AclTable, env: CompileEnv): Condition {
  const groups: Term[][] = [[]];
  let neg = false;
  const terms = c.terms;
  for (let i = 0; i < terms.length; i++) {
    let w = terms[i]!;
    if (w === '||' || w.toLowerCase() === 'or') {
      if (groups[groups.length - 1]!.length === 0) throw new RulesError(`missing ACL before '${w}'`);
      groups.push([]);
      continue;
    }
    while (w.startsWith('!')) {
      neg = !neg;
      w = w.slice(1);
    }
    if (w === '') continue;
    let acl: CompiledAcl | undefined;
    if (w === '{') {
      const end = terms.indexOf('}', i + 1);
      if (end < 0) throw new RulesError(`missing closing '}' in condition`);
      acl = compileAclWords('', terms.slice(i + 1, end), env);
      i = end;
    } else {
      acl = acls.get(w);
      if (!acl) throw new RulesError(`no such ACL : '${w}'`);
    }
    groups[groups.length - 1]!.push({ acl, neg });
    neg = false;
  }
  if (groups[groups.length - 1]!.length === 0 && groups.length > 1) throw new RulesError(`missing ACL after 'or'`);
  return new Condition(c.polarity === 'unless', groups);
}
