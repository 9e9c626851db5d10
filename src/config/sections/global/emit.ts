/**
 * Message helpers for global keywords, for the HAProxy message shapes the plain
 * `throw new ConfigError()` / `ctx.warn()` path cannot produce.
 */
import type { ParseContext } from '../../keyword.js';

export { alertContinue, alertTight, alertTightContinue, warnTight } from '../emit.js';

/** The warning given for a tuning keyword that means nothing in Node. */
export function warnIgnored(ctx: ParseContext, name: string): void {
  ctx.warn(`'${name}' has no effect in Switchyard (Node.js) and is ignored.`);
}
