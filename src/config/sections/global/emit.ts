/**
 * Message helpers for global keywords, for the HAProxy message shapes the plain
 * `throw new ConfigError()` / `ctx.warn()` path cannot produce.
 */
import type { ParseContext } from '../../keyword.js';

/**
 * A non-fatal alert: HAProxy prints [ALERT] but the configuration stays valid (ERR_ALERT without
 * ERR_FATAL, e.g. "'maxconn' already specified. Continuing."). Diagnostics counts every alert as an
 * error, so the count is taken back here.
 * TODO(lead): replace with a Diagnostics method for non-fatal alerts when there is one.
 */
export function alertContinue(ctx: ParseContext, message: string): void {
  ctx.diag.alert(message, ctx.st.place);
  ctx.diag.alerts--;
}

/** "parsing [file:line]: message" (no space before the colon), as a few global keywords print. */
export function tightText(ctx: ParseContext, message: string): string {
  const pl = ctx.st.place;
  return `parsing [${pl.file}:${pl.line}]: ${message}`;
}

/** A fatal alert printed as "parsing [file:line]: message". */
export function alertTight(ctx: ParseContext, message: string): void {
  ctx.diag.alert(tightText(ctx, message));
}

/** A non-fatal alert printed as "parsing [file:line]: message". */
export function alertTightContinue(ctx: ParseContext, message: string): void {
  ctx.diag.alert(tightText(ctx, message));
  ctx.diag.alerts--;
}

/** A warning printed as "parsing [file:line]: message". */
export function warnTight(ctx: ParseContext, message: string): void {
  ctx.diag.warning(tightText(ctx, message));
}

/** The warning given for a tuning keyword that means nothing in Node. */
export function warnIgnored(ctx: ParseContext, name: string): void {
  ctx.warn(`'${name}' has no effect in Switchyard (Node.js) and is ignored.`);
}
