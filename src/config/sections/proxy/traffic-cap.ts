/**
 * HAProxy's capability helpers for proxy keywords (cfgparse.c warnifnotcap() and friends).
 * A keyword used in a proxy without the needed side is a WARNING and the line is ignored,
 * unlike the generic `cap` check of the section handler, which is an error.
 */
import { ConfigError } from '../../diagnostics.js';
import type { ParseContext } from '../../keyword.js';
import { CAP_BE, CAP_DEF, CAP_FE, type ProxyModel } from '../../model/proxy.js';

/** HAProxy's proxy_type_str(): a listen section is a "proxy". */
export function proxyTypeStr(p: ProxyModel): string {
  if (p.kind === 'listen') return 'proxy';
  return p.kind;
}

/**
 * warnifnotcap(): when the proxy lacks every side of `cap`, warn
 * "'NAME' ignored because KIND 'ID' has no backend|frontend capability.EXTRA" and return true.
 */
export function warnIfNotCap(p: ProxyModel, cap: number, name: string, ctx: ParseContext, extra = ''): boolean {
  if (p.cap & CAP_DEF) return false;
  if ((p.cap & cap & (CAP_FE | CAP_BE)) !== 0) return false;
  const side = cap & CAP_BE ? 'backend' : 'frontend';
  ctx.warn(`'${name}' ignored because ${proxyTypeStr(p)} '${p.name}' has no ${side} capability.${extra}`);
  return true;
}

/** "'NAME' not allowed in 'defaults' section." */
export function refuseInDefaults(p: ProxyModel, name: string): void {
  if (p.kind === 'defaults') throw new ConfigError(`'${name}' not allowed in 'defaults' section.`);
}

export { alertTight, warnTight } from '../emit.js';

/** HAProxy's alertif_too_many_args_idx(maxarg, idx): words after args[idx + maxarg] are refused. */
export function tooManyArgs(args: readonly string[], maxarg: number, idx: number): void {
  const extra = args[idx + maxarg + 1];
  if (extra !== undefined) {
    const name = args.slice(0, idx + 1).join(' ');
    throw new ConfigError(`'${name}' cannot handle unexpected argument '${extra}'.`);
  }
}
