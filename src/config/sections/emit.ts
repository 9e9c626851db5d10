/**
 * Message shapes keyword parsers need beyond `throw new ConfigError()` and `ctx.warn()`:
 * HAProxy prints some messages as "parsing [file:line]: msg" (no space before the colon), and
 * some alerts leave the configuration valid.
 */
import type { ParseContext } from '../keyword.js';

/** An alert printed as "parsing [f:l]: msg"; `abort` stops reading (HAProxy's ERR_ABORT). */
export function alertTight(ctx: ParseContext, message: string, abort = false): void {
  ctx.diag.readerMessage('alert', message, ctx.st.place);
  if (abort) ctx.diag.abort(true);
}

/** A warning printed as "parsing [f:l]: msg". */
export function warnTight(ctx: ParseContext, message: string): void {
  ctx.diag.readerMessage('warning', message, ctx.st.place);
}

/** An alert that keeps the configuration valid ("... already specified. Continuing."). */
export function alertContinue(ctx: ParseContext, message: string): void {
  ctx.diag.alertNonFatal(message, ctx.st.place);
}

/** A non-fatal alert printed as "parsing [f:l]: msg". */
export function alertTightContinue(ctx: ParseContext, message: string): void {
  ctx.diag.alertNonFatal(message, ctx.st.place, 'tight');
}
