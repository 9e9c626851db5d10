/** Helpers shared by the non-proxy sections. */
import type { ParseContext } from '../../keyword.js';

/** "parsing [file:line]: message" (no space before the colon), as these sections often print. */
export function tight(ctx: ParseContext, message: string): string {
  return `parsing [${ctx.st.place.file}:${ctx.st.place.line}]: ${message}`;
}

export function alertTight(ctx: ParseContext, message: string): void {
  ctx.diag.alert(tight(ctx, message));
}

export function warnTight(ctx: ParseContext, message: string): void {
  ctx.diag.warning(tight(ctx, message));
}
