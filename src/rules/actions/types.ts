/** Compiled rule actions and what running one tells the ruleset runner. */
import type { ProxyModel } from '../../config/model/proxy.js';
import type { CompileEnv } from '../compile-env.js';
import type { RuleContext } from '../context.js';

export const enum Verdict {
  /** Go on with the next rule. */
  Continue = 0,
  /** allow / accept: stop this ruleset, go on with the next stage. */
  Stop = 1,
  /** A final answer is set in ctx.reply (deny, redirect, return, auth, tarpit, reject). */
  Done = 2,
  /** A condition needs more data (tcp-request content within inspect-delay): call again later. */
  Wait = 3,
}

export interface Action {
  run(ctx: RuleContext): Verdict;
}

export interface ActionEnv extends CompileEnv {
  /** The ruleset: 'http-request', 'http-response', 'tcp-request content' ... */
  readonly ruleset: string;
  readonly proxyModel: ProxyModel;
  /** Next free capture slot per direction (http-request capture ... len N allocates one). */
  readonly captureSlots: { req: number; res: number };
}

/** A compiled action; `words` are the action word followed by its arguments. */
export type ActionBuilder = (action: string, args: readonly string[], env: ActionEnv) => Action;

export const CONTINUE: Action = { run: () => Verdict.Continue };
export const STOP: Action = { run: () => Verdict.Stop };
