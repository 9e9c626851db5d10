/**
 * A compiled check ruleset, as HAProxy 2.6 runs every check kind (tcpcheck.c): a list of connect,
 * send and expect steps plus the protocol it belongs to, which decides the wording of errors.
 */
import type { LfFunction } from './log-format.js';
import type { CheckStatusName } from './status.js';

/** TCPCHK_RULES_*_CHK: `default` is a plain `check` without any check option. */
export type CheckProto = 'default' | 'tcp' | 'http' | 'redis' | 'ssl3' | 'smtp' | 'pgsql' | 'mysql' | 'ldap' | 'spop' | 'agent';

export interface ConnectRule {
  readonly kind: 'connect';
  index: number;
  comment?: string;
  readonly port?: number;
  readonly addr?: { host: string; port?: number };
  readonly sendProxy: boolean;
  readonly ssl: boolean;
  readonly sni?: string;
  readonly alpn?: string;
  readonly linger: boolean;
  /** `default`: use the server's check settings (check-send-proxy, check-ssl ...). */
  readonly useDefaults: boolean;
  /** Added by the configuration checks, not written by the user. */
  readonly implicit: boolean;
}

export interface HttpSend {
  readonly meth?: string;
  readonly uri?: string;
  readonly ver?: string;
  readonly hdrs: ReadonlyArray<readonly [string, string]>;
  readonly body?: string;
}

export interface SendRule {
  readonly kind: 'send';
  index: number;
  comment?: string;
  readonly data: { type: 'bytes'; bytes: Buffer } | { type: 'lf'; fmt: LfFunction; binary: boolean } | { type: 'http'; http: HttpSend };
  /** The implicit request of an `option httpchk` line (merged with a later `http-check send`). */
  readonly fromOption?: boolean;
}

/** What an expect rule looks for. */
export type ExpectMatch =
  | { type: 'string'; data: Buffer }
  | { type: 'binary'; data: Buffer }
  | { type: 'rstring'; re: RegExp }
  | { type: 'rbinary'; re: RegExp }
  | { type: 'string-lf' | 'binary-lf'; fmt: LfFunction }
  | { type: 'status'; codes: Array<[number, number]> }
  | { type: 'rstatus'; re: RegExp }
  | { type: 'hdr'; name: HdrPattern; value?: HdrPattern; full: boolean }
  | { type: 'body'; data: string }
  | { type: 'rbody'; re: RegExp }
  | { type: 'body-lf'; fmt: LfFunction }
  | { type: 'custom'; fn: CustomExpect };

export interface HdrPattern {
  readonly method: 'str' | 'beg' | 'end' | 'sub' | 'reg';
  readonly text: string;
  readonly re?: RegExp;
}

/** Outcome of a custom expect: wait for more data, go on to the next rule, or stop with a result. */
export type CustomResult =
  | { readonly kind: 'wait' }
  | { readonly kind: 'continue' }
  | { readonly kind: 'done'; readonly status: CheckStatusName; readonly desc: string; readonly code: number; readonly stop: boolean; readonly raw?: string };

export type CustomExpect = (buf: Buffer, lastRead: boolean, rule: ExpectRule, isLast: boolean) => CustomResult;

export interface ExpectRule {
  readonly kind: 'expect';
  index: number;
  comment?: string;
  readonly match: ExpectMatch;
  readonly inverse: boolean;
  readonly minRecv: number;
  readonly okStatus?: CheckStatusName;
  readonly errStatus?: CheckStatusName;
  readonly toutStatus?: CheckStatusName;
  readonly onSuccess?: LfFunction;
  readonly onError?: LfFunction;
  /** `status-code <expr>`: the check code taken from the reply. */
  readonly statusCode?: LfFunction;
  /** First inverse expect of the chain this rule is in (where a wait resumes). */
  head?: ExpectRule;
}

export type CheckRule = ConnectRule | SendRule | ExpectRule;

export interface Ruleset {
  readonly proto: CheckProto;
  readonly rules: CheckRule[];
  /** Preset variables (check.username, check.smtp_cmd, check.agent_string ...). */
  readonly vars: Map<string, Buffer | number>;
  /** `http-check disable-on-404`. */
  readonly disableOn404: boolean;
  /** `http-check send-state`. */
  readonly sendState: boolean;
}

/** tcpcheck_get_step_id(): 0 for the implicit first connect, else index + 1. */
export function stepId(r: CheckRule | undefined): number {
  if (!r) return 1;
  if (r.index === 0 && r.kind === 'connect' && r.implicit) return 0;
  return r.index + 1;
}

export function connectRule(o: Partial<ConnectRule> = {}): ConnectRule {
  return { kind: 'connect', index: 0, sendProxy: false, ssl: false, linger: false, useDefaults: false, implicit: false, ...o };
}

export function expectRule(match: ExpectMatch, o: Partial<ExpectRule> = {}): ExpectRule {
  return { kind: 'expect', index: 0, match, inverse: false, minRecv: -1, ...o };
}
