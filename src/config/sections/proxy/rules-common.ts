/**
 * Helpers shared by the rule and observability keywords: HAProxy's proxy naming in messages,
 * capability warnings, "not allowed in defaults" errors, rule-order warnings and messages HAProxy
 * prints without the usual "parsing [f:l] : " spacing.
 */
import { ConfigError } from '../../diagnostics.js';
import type { ParseContext } from '../../keyword.js';
import { CAP_BE, CAP_FE, type ProxyModel } from '../../model/proxy.js';
import type { RuleModel } from '../../model/rule.js';

/** HAProxy's proxy_type_str(): 'frontend', 'backend', or 'proxy' (listen and defaults). */
export function proxyTypeStr(p: ProxyModel): string {
  if (p.kind === 'frontend') return 'frontend';
  if (p.kind === 'backend') return 'backend';
  return 'proxy';
}

/**
 * HAProxy's warnifnotcap(): a keyword meant for another side of the proxy is ignored with a warning.
 * Returns true when the warning was given.
 */
export function warnIfNotCap(p: ProxyModel, cap: number, kw: string, ctx: ParseContext, hint = ''): boolean {
  if ((p.cap & cap) !== 0) return false;
  const need = cap & CAP_FE ? 'frontend' : 'backend';
  ctx.warn(`'${kw}' ignored because ${proxyTypeStr(p)} '${p.name}' has no ${need} capability.${hint}`);
  return true;
}

export function notInDefaults(p: ProxyModel, kw: string): void {
  if (p.kind === 'defaults') throw new ConfigError(`'${kw}' not allowed in 'defaults' section.`);
}

export function notInAnonymousDefaults(p: ProxyModel, kw: string): void {
  if (p.kind === 'defaults' && p.name === '') throw new ConfigError(`'${kw}' not allowed in anonymous 'defaults' section.`);
}

export { alertTight, warnTight } from '../emit.js';

/**
 * Rules written in this proxy's own section. A proxy starts as a copy of its defaults section, whose
 * rules are evaluated first but are not "its" rules for HAProxy's order and final-action warnings.
 */
export function ownRules(p: ProxyModel, ruleset: string): RuleModel[] {
  return (p.rules[ruleset] ?? []).filter((r) => r.place.file === p.place.file && r.place.line > p.place.line);
}

export function addRule(p: ProxyModel, r: RuleModel): void {
  (p.rules[r.ruleset] ??= []).push(r);
}

/**
 * Rule kinds in evaluation order; a rule written after a later kind still runs before it, and
 * HAProxy warns about it (warnif_misplaced_*).
 */
const ORDER: ReadonlyArray<{ label: string; has: (p: ProxyModel) => boolean }> = [
  { label: "a 'tcp-request connection'", has: (p) => ownRules(p, 'tcp-request connection').length > 0 },
  { label: "a 'tcp-request session'", has: (p) => ownRules(p, 'tcp-request session').length > 0 },
  { label: "a 'tcp-request content'", has: (p) => ownRules(p, 'tcp-request content').length > 0 },
  { label: "a 'monitor fail'", has: (p) => p.monitor.fail.length > 0 },
  { label: "an 'http-request'", has: (p) => ownRules(p, 'http-request').length > 0 },
  { label: "a 'redirect'", has: (p) => ownRules(p, 'redirect').length > 0 },
  { label: "a 'use_backend'", has: (p) => p.useBackends.length > 0 },
  { label: "a 'use-server'", has: (p) => p.useServers.length > 0 },
];

export type RuleKind = 'tcp-request connection' | 'tcp-request session' | 'tcp-request content' | 'monitor fail' | 'http-request' | 'redirect';

const RANK: Record<RuleKind, number> = {
  'tcp-request connection': 0,
  'tcp-request session': 1,
  'tcp-request content': 2,
  'monitor fail': 3,
  'http-request': 4,
  redirect: 5,
};

/** Warn when a rule of `kind` is written after a rule kind evaluated later (first one found only). */
export function warnIfMisplaced(p: ProxyModel, kind: RuleKind, label: string, ctx: ParseContext): void {
  for (let i = RANK[kind] + 1; i < ORDER.length; i++) {
    const o = ORDER[i]!;
    if (o.has(p)) {
      ctx.warn(`a '${label}' rule placed after ${o.label} rule will still be processed before.`);
      return;
    }
  }
}

export { CAP_BE, CAP_FE };
