/** Helpers for the observability keywords (re-exported from rules-common, plus argument checks). */
import { ConfigError } from '../../diagnostics.js';

export {
  alertTight,
  notInDefaults,
  proxyTypeStr,
  warnIfMisplaced,
  warnIfNotCap,
  warnTight,
} from './rules-common.js';

/** HAProxy's alertif_too_many_args(n): "'kw' cannot handle unexpected argument 'x'." */
export function noNewArgs(args: readonly string[], n: number): void {
  if (args.length > n + 1) throw new ConfigError(`'${args[0]}' cannot handle unexpected argument '${args[n + 1]}'.`);
}
