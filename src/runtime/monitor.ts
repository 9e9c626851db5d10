/**
 * `monitor-uri` and `monitor fail`: a frontend answers requests for its monitor URI itself, before
 * any http-request rule, with HAProxy's 200 page, or its 503 page when a `monitor fail` condition
 * holds (e.g. `monitor fail if { nbsrv(be) lt 1 }`). As HAProxy 2.6 (http_wait_for_request): a URI
 * starting with '/' matches the path (with its query) of origin- or absolute-form targets, any
 * other the whole target.
 */
import type { ProxyModel } from '../config/model/proxy.js';
import { AclResult } from '../rules/acl.js';
import type { Condition } from '../rules/condition.js';
import type { RuleContext } from '../rules/context.js';
import type { ProxyRules } from '../rules/proxy-rules.js';
import { pathStart } from '../rules/uri.js';

export class Monitor {
  constructor(
    readonly uri: string,
    private readonly fail: readonly Condition[],
  ) {}

  matches(target: string): boolean {
    if (target === this.uri) return true;
    if (this.uri.charCodeAt(0) !== 47 /* / */) return false;
    const p = pathStart(target);
    return p >= 0 && target.length - p === this.uri.length && target.endsWith(this.uri);
  }

  /** 0 when `target` is not the monitor URI, else the status to answer. */
  answer(target: string, ctx: RuleContext): 0 | 200 | 503 {
    if (!this.matches(target)) return 0;
    for (const c of this.fail) {
      // acl_pass() then the polarity: a MISS counts as not matching, so `unless` fails on it.
      const r = c.eval(ctx);
      if (r === AclResult.Pass || (c.unless && r === AclResult.Miss)) return 503;
    }
    return 200;
  }
}

/** The monitor of an HTTP frontend with `monitor-uri`, its conditions compiled by its rules. */
export function compileMonitor(p: ProxyModel, rules: ProxyRules | undefined): Monitor | undefined {
  const uri = p.monitor.uri;
  if (uri === undefined || p.mode !== 'http' || !rules) return undefined;
  return new Monitor(
    uri,
    p.monitor.fail.map((c) => rules.condition(c)),
  );
}
