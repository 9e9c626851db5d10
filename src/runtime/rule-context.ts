/** The RuleContext of a client connection: a new one, or the one tcp-request connection rules used. */
import type { RuleContext } from '../rules/context.js';
import type { BindModel } from '../config/model/bind.js';
import type { ConnFacts, Frontend } from './frontend.js';

export function connRuleContext(fe: Frontend, listener: { readonly bind: BindModel }, a: ConnFacts, prior: RuleContext | undefined): RuleContext {
  if (prior === undefined) return fe.newRuleContext(a, listener.bind);
  // A PROXY header may have replaced the addresses since the connection rules ran.
  prior.src = a.srcAddr;
  prior.srcPort = a.srcPort ?? 0;
  prior.dst = a.dstAddr;
  prior.dstPort = a.dstPort ?? 0;
  return prior;
}
