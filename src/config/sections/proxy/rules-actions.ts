/**
 * The actions each ruleset accepts (http-request, http-response, http-after-response,
 * tcp-request connection|session|content, tcp-response content), with the argument checks and
 * messages of HAProxy 2.6. An action's `check` gets the words between the action name and the
 * condition and returns how many it consumed; what is left must be `if`/`unless`.
 */

/** A bad action argument; the message is HAProxy's inner text. */
export class ActionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ActionError';
  }
}

export type ActionCheck = (args: readonly string[], action: string) => number;

export interface ActionSpec {
  /** `set-header`, or the stem of a parameterised action: `set-var` matches `set-var(txn.x)`. */
  readonly name: string;
  /** Matches `name(...)` / `nameN` forms (set-var(x), sc-inc-gpc0(1), track-sc1). */
  readonly prefix?: boolean;
  /** HAProxy's ACT_FLAG_FINAL: rules after an unconditional one never run. */
  readonly final?: boolean;
  /** Needs the backend capability (set-timeout). */
  readonly backendOnly?: boolean;
  readonly check?: ActionCheck;
}

const LOG_LEVELS = ['emerg', 'alert', 'crit', 'err', 'warning', 'notice', 'info', 'debug'];

/** Consume everything (arguments not checked further). */
const rest: ActionCheck = (a) => a.length;
const none: ActionCheck = () => 0;

function exactly(n: number, msg?: string): ActionCheck {
  return (a) => {
    if (a.length < n) throw new ActionError(msg ?? `expects exactly ${n} argument${n > 1 ? 's' : ''}`);
    return n;
  };
}

/** Exactly n, where extra words are an error of the action itself (HAProxy checks `*args[cur+n]`). */
function strictly(n: number, msg: string): ActionCheck {
  return (a) => {
    if (a.length !== n) throw new ActionError(msg);
    return n;
  };
}

function atLeast(n: number, msg: string): ActionCheck {
  return (a) => {
    if (a.length < n) throw new ActionError(msg);
    return a.length;
  };
}

/** Actions taking a sample expression (set-src, set-var(x), track-sc0 ...). */
const expr: ActionCheck = (a) => {
  if (a.length === 0) throw new ActionError('missing fetch method');
  return a.length;
};

/** `set-var(scope.name)`: the variable name must start with its scope. */
const setVar: ActionCheck = (a, action) => {
  const m = /^[a-z-]+\(([^,)]*)/.exec(action);
  const v = m?.[1] ?? '';
  if (!/^(proc|sess|txn|req|res|check)\./.test(v))
    throw new ActionError(
      `invalid variable name '${v}'. A variable name must be start by its scope. The scope can be 'proc', 'sess', 'txn', 'req', 'res' or 'check'`,
    );
  return action.startsWith('unset-var') ? 0 : expr(a, action);
};

/** deny / tarpit / return: `[deny_status|status N] [content-type T] [errorfile F|string S|...] [hdr N V]...` */
function replyArgs(statusKw: 'deny_status' | 'status'): ActionCheck {
  return (a) => {
    let i = 0;
    const known = new Set([statusKw, 'status', 'content-type', 'errorfile', 'errorfiles', 'file', 'lf-file', 'string', 'lf-string', 'hdr', 'default-errorfiles']);
    while (i < a.length && known.has(a[i]!)) {
      const k = a[i]!;
      if (k === 'default-errorfiles') {
        i++;
        continue;
      }
      if (k === statusKw || k === 'status') {
        const v = a[i + 1];
        if (v === undefined) throw new ActionError(`'status' expects <status_code> as argument`);
        const code = Number(v);
        if (!(code >= 200 && code <= 599)) throw new ActionError(`Unexpected status code '${v}'`);
        i += 2;
        continue;
      }
      if (k === 'hdr') {
        i += 3;
        continue;
      }
      i += 2;
    }
    return Math.min(i, a.length);
  };
}

const redirectKw = new Set(['code', 'prefix', 'location', 'scheme', 'set-cookie', 'clear-cookie', 'drop-query', 'ignore-empty', 'append-slash']);

/** Check `location|prefix|scheme <to> [code N] [options]` (redirect rules and `http-request redirect`). */
export const redirectArgs: ActionCheck = (a) => {
  let type: string | undefined;
  for (let i = 0; i < a.length; i++) {
    const w = a[i]!;
    if (!redirectKw.has(w))
      throw new ActionError(
        `expects 'code', 'prefix', 'location', 'scheme', 'set-cookie', 'clear-cookie', 'drop-query', 'ignore-empty' or 'append-slash' (was '${w}')`,
      );
    if (w === 'location' || w === 'prefix' || w === 'scheme') {
      if (a[i + 1] === undefined) throw new ActionError(`missing argument for '${w}'`);
      type = w;
      i++;
    } else if (w === 'code') {
      const v = a[i + 1];
      if (v === undefined) throw new ActionError(`missing HTTP code`);
      if (!['301', '302', '303', '307', '308'].includes(v))
        throw new ActionError(`'code': unsupported HTTP code '${v}' (must be one of 301, 302, 303, 307 or 308)`);
      i++;
    } else if (w === 'set-cookie' || w === 'clear-cookie') {
      if (a[i + 1] === undefined) throw new ActionError(`missing argument for '${w}'`);
      i++;
    }
  }
  if (type === undefined) throw new ActionError(`redirection type expected ('prefix', 'location', or 'scheme')`);
  return a.length;
};

const logLevel: ActionCheck = (a) => {
  const msg = `expects exactly 1 argument (log level name or 'silent')`;
  if (a.length < 1 || (a[0] !== 'silent' && !LOG_LEVELS.includes(a[0]!))) throw new ActionError(msg);
  return 1;
};

const capture: ActionCheck = (a) => {
  const msg = `expects <expression> [ 'len' <length> | id <idx> ]`;
  if (a.length < 3 || (a[1] !== 'len' && a[1] !== 'id')) throw new ActionError(msg);
  return 3;
};

const setStatus: ActionCheck = (a) => {
  if (a.length < 1) throw new ActionError(`expects 1 argument: <status>; or 3 arguments: <status> reason <fmt>`);
  const n = Number(a[0]);
  if (!Number.isInteger(n) || n < 100 || n > 999) throw new ActionError('expects an integer status code between 100 and 999');
  return a[1] === 'reason' ? 3 : 1;
};

const auth: ActionCheck = (a) => {
  if (a[0] === 'realm') {
    if (a[1] === undefined) throw new ActionError('missing realm value.\n');
    return 2;
  }
  return 0;
};

const waitForBody: ActionCheck = (a) => {
  if (a[0] !== 'time' || a[1] === undefined) throw new ActionError('expects time <time> [ at-least <bytes> ]');
  return a[2] === 'at-least' ? 4 : 2;
};

const SERVICES = new Set(['prometheus-exporter']);
const useService: ActionCheck = (a) => {
  const s = a[0] ?? '';
  if (!SERVICES.has(s)) throw new ActionError(`'${s}' unknown service name.`);
  return 1;
};

const fmt1 = strictly(1, 'expects exactly 1 argument <format>');

/** Actions shared by several rulesets (registered by the same HAProxy modules). */
const common: Record<string, ActionSpec> = {
  'set-var': { name: 'set-var', prefix: true, check: setVar },
  'set-var-fmt': { name: 'set-var-fmt', prefix: true, check: setVar },
  'unset-var': { name: 'unset-var', prefix: true, check: setVar },
  'sc-inc-gpc': { name: 'sc-inc-gpc', prefix: true, check: rest },
  'sc-inc-gpc0': { name: 'sc-inc-gpc0', prefix: true, check: rest },
  'sc-inc-gpc1': { name: 'sc-inc-gpc1', prefix: true, check: rest },
  'sc-set-gpt': { name: 'sc-set-gpt', prefix: true, check: rest },
  'sc-set-gpt0': { name: 'sc-set-gpt0', prefix: true, check: rest },
  'set-src': { name: 'set-src', check: expr },
  'set-dst': { name: 'set-dst', check: expr },
  'set-src-port': { name: 'set-src-port', check: expr },
  'set-dst-port': { name: 'set-dst-port', check: expr },
  'set-mark': { name: 'set-mark', check: rest },
  'set-tos': { name: 'set-tos', check: rest },
  'silent-drop': { name: 'silent-drop', check: none },
  'set-log-level': { name: 'set-log-level', check: logLevel },
  'set-nice': { name: 'set-nice', check: exactly(1, 'expects exactly 1 argument (integer value)') },
  'ot-group': { name: 'ot-group', check: rest },
  'send-spoe-group': { name: 'send-spoe-group', check: rest },
  'do-resolve': { name: 'do-resolve', prefix: true, check: rest },
  'set-priority-class': { name: 'set-priority-class', check: expr },
  'set-priority-offset': { name: 'set-priority-offset', check: expr },
  'use-service': { name: 'use-service', check: useService },
  'track-sc': { name: 'track-sc', prefix: true, check: expr },
  'capture': { name: 'capture', check: capture },
};

function pick(...names: string[]): ActionSpec[] {
  return names.map((n) => common[n]!);
}

const httpHeaderActions: ActionSpec[] = [
  { name: 'add-header', check: exactly(2) },
  { name: 'set-header', check: exactly(2) },
  { name: 'del-header', check: atLeast(1, 'expects at least 1 argument') },
  { name: 'replace-header', check: exactly(3) },
  { name: 'replace-value', check: exactly(3) },
];

const httpMapActions: ActionSpec[] = [
  { name: 'add-acl', prefix: true, check: rest },
  { name: 'del-acl', prefix: true, check: rest },
  { name: 'del-map', prefix: true, check: rest },
  { name: 'set-map', prefix: true, check: rest },
];

export interface RulesetSpec {
  /** `http-request`, `tcp-request content` ... */
  readonly name: string;
  readonly actions: readonly ActionSpec[];
  /** HAProxy's list of expected actions, printed when an unknown one is used. */
  readonly expects: string;
}

const HTTP_REQ_EXPECTS =
  "'wait-for-handshake', 'ot-group', 'set-log-level', 'set-nice', 'use-service', 'sc-inc-gpc(*)', 'sc-inc-gpc0(*)', 'sc-inc-gpc1(*)', 'sc-set-gpt(*)', 'sc-set-gpt0(*)', 'send-spoe-group', 'do-resolve(*)', 'cache-use', 'add-acl(*)', 'add-header', 'allow', 'auth', 'capture', 'del-acl(*)', 'del-header', 'del-map(*)', 'deny', 'disable-l7-retry', 'early-hint', 'normalize-uri', 'redirect', 'reject', 'replace-header', 'replace-path', 'replace-pathq', 'replace-uri', 'replace-value', 'return', 'set-header', 'set-map(*)', 'set-method', 'set-path', 'set-pathq', 'set-query', 'set-uri', 'strict-mode', 'tarpit', 'track-sc(*)', 'set-timeout', 'wait-for-body', 'set-var-fmt(*)', 'set-var(*)', 'unset-var(*)', 'set-dst', 'set-dst-port', 'set-mark', 'set-src', 'set-src-port', 'set-tos', 'silent-drop', 'set-priority-class', 'set-priority-offset', ";
const HTTP_RES_EXPECTS =
  "'ot-group', 'set-log-level', 'set-nice', 'sc-inc-gpc(*)', 'sc-inc-gpc0(*)', 'sc-inc-gpc1(*)', 'sc-set-gpt(*)', 'sc-set-gpt0(*)', 'send-spoe-group', 'cache-store', 'add-acl(*)', 'add-header', 'allow', 'capture', 'del-acl(*)', 'del-header', 'del-map(*)', 'deny', 'redirect', 'replace-header', 'replace-value', 'return', 'set-header', 'set-map(*)', 'set-status', 'strict-mode', 'track-sc(*)', 'wait-for-body', 'set-var-fmt(*)', 'set-var(*)', 'unset-var(*)', 'set-mark', 'set-tos', 'silent-drop', ";
const HTTP_AFTER_EXPECTS =
  "'ot-group', 'add-header', 'allow', 'capture', 'del-header', 'replace-header', 'replace-value', 'set-header', 'set-status', 'strict-mode', 'set-var-fmt(*)', 'set-var(*)', 'unset-var(*)', ";
const TCP_BUILTIN = "'accept', 'reject', 'capture', 'expect-proxy', 'expect-netscaler-cip', 'track-sc0' ... 'track-sc2', ";
const TCP_L4_EXPECTS =
  TCP_BUILTIN +
  "'sc-inc-gpc(*)', 'sc-inc-gpc0(*)', 'sc-inc-gpc1(*)', 'sc-set-gpt(*)', 'sc-set-gpt0(*)', 'set-var-fmt(*)', 'set-var(*)', 'unset-var(*)', 'set-dst', 'set-dst-port', 'set-mark', 'set-src', 'set-src-port', 'set-tos', 'silent-drop'";
const TCP_CONTENT_EXPECTS =
  TCP_BUILTIN +
  "'ot-group', 'set-log-level', 'set-nice', 'switch-mode', 'use-service', 'sc-inc-gpc(*)', 'sc-inc-gpc0(*)', 'sc-inc-gpc1(*)', 'sc-set-gpt(*)', 'sc-set-gpt0(*)', 'send-spoe-group', 'do-resolve(*)', 'set-var-fmt(*)', 'set-var(*)', 'unset-var(*)', 'set-src', 'set-src-port', 'set-dst', 'set-dst-port', 'set-mark', 'set-tos', 'silent-drop', 'set-priority-class', 'set-priority-offset'";
const TCP_RES_EXPECTS =
  "'accept', 'close', 'reject', 'ot-group', 'set-log-level', 'set-nice', 'sc-inc-gpc(*)', 'sc-inc-gpc0(*)', 'sc-inc-gpc1(*)', 'sc-set-gpt(*)', 'sc-set-gpt0(*)', 'send-spoe-group', 'set-var-fmt(*)', 'set-var(*)', 'unset-var(*)', 'set-mark', 'set-tos', 'silent-drop'";

const HTTP_REQUEST: RulesetSpec = {
  name: 'http-request',
  expects: HTTP_REQ_EXPECTS,
  actions: [
    { name: 'allow', final: true, check: none },
    { name: 'deny', final: true, check: replyArgs('deny_status') },
    { name: 'tarpit', final: true, check: replyArgs('deny_status') },
    { name: 'reject', check: none },
    { name: 'redirect', final: true, check: redirectArgs },
    { name: 'return', final: true, check: replyArgs('status') },
    { name: 'auth', final: true, check: auth },
    ...httpHeaderActions,
    ...httpMapActions,
    { name: 'set-path', check: fmt1 },
    { name: 'set-pathq', check: fmt1 },
    { name: 'set-query', check: fmt1 },
    { name: 'set-uri', check: fmt1 },
    { name: 'set-method', check: fmt1 },
    { name: 'replace-path', check: strictly(2, 'expects exactly 2 arguments <match-regex> and <replace-format>') },
    { name: 'replace-pathq', check: strictly(2, 'expects exactly 2 arguments <match-regex> and <replace-format>') },
    { name: 'replace-uri', check: strictly(2, 'expects exactly 2 arguments <match-regex> and <replace-format>') },
    { name: 'cache-use', check: exactly(1, 'expects a cache name') },
    { name: 'early-hint', check: exactly(2) },
    { name: 'normalize-uri', check: rest },
    { name: 'set-timeout', backendOnly: true, check: exactly(2) },
    { name: 'wait-for-body', check: waitForBody },
    { name: 'wait-for-handshake', check: none },
    { name: 'disable-l7-retry', check: none },
    { name: 'strict-mode', check: rest },
    ...pick('set-var', 'set-var-fmt', 'unset-var', 'sc-inc-gpc', 'sc-inc-gpc0', 'sc-inc-gpc1', 'sc-set-gpt', 'sc-set-gpt0'),
    ...pick('set-src', 'set-dst', 'set-src-port', 'set-dst-port', 'set-mark', 'set-tos', 'silent-drop', 'set-log-level'),
    ...pick('set-nice', 'ot-group', 'send-spoe-group', 'do-resolve', 'set-priority-class', 'set-priority-offset'),
    ...pick('use-service', 'track-sc', 'capture'),
  ],
};

const HTTP_RESPONSE: RulesetSpec = {
  name: 'http-response',
  expects: HTTP_RES_EXPECTS,
  actions: [
    { name: 'allow', final: true, check: none },
    { name: 'deny', final: true, check: replyArgs('deny_status') },
    { name: 'redirect', final: true, check: redirectArgs },
    { name: 'return', final: true, check: replyArgs('status') },
    ...httpHeaderActions,
    ...httpMapActions,
    { name: 'set-status', check: setStatus },
    { name: 'cache-store', check: exactly(1, 'expects a cache name') },
    { name: 'wait-for-body', check: waitForBody },
    { name: 'strict-mode', check: rest },
    { name: 'capture', check: rest },
    ...pick('set-var', 'set-var-fmt', 'unset-var', 'sc-inc-gpc', 'sc-inc-gpc0', 'sc-inc-gpc1', 'sc-set-gpt', 'sc-set-gpt0'),
    ...pick('set-mark', 'set-tos', 'silent-drop', 'set-log-level', 'set-nice', 'ot-group', 'send-spoe-group', 'track-sc'),
  ],
};

const HTTP_AFTER_RESPONSE: RulesetSpec = {
  name: 'http-after-response',
  expects: HTTP_AFTER_EXPECTS,
  actions: [
    { name: 'allow', final: true, check: none },
    ...httpHeaderActions,
    { name: 'set-status', check: setStatus },
    { name: 'strict-mode', check: rest },
    { name: 'capture', check: rest },
    ...pick('set-var', 'set-var-fmt', 'unset-var', 'ot-group'),
  ],
};

/** Actions of the tcp rulesets that HAProxy parses itself (not registered keywords). */
const tcpBuiltins: ActionSpec[] = [
  { name: 'accept', final: true, check: none },
  { name: 'reject', final: true, check: none },
];

const TCP_L4_COMMON = pick(
  'sc-inc-gpc', 'sc-inc-gpc0', 'sc-inc-gpc1', 'sc-set-gpt', 'sc-set-gpt0', 'set-var', 'set-var-fmt', 'unset-var',
  'set-dst', 'set-dst-port', 'set-mark', 'set-src', 'set-src-port', 'set-tos', 'silent-drop',
);

const TCP_CONNECTION: RulesetSpec = {
  name: 'tcp-request connection',
  expects: TCP_L4_EXPECTS,
  actions: [...tcpBuiltins, ...TCP_L4_COMMON],
};

const TCP_SESSION: RulesetSpec = {
  name: 'tcp-request session',
  expects: TCP_L4_EXPECTS,
  actions: [...tcpBuiltins, ...TCP_L4_COMMON],
};

const TCP_CONTENT: RulesetSpec = {
  name: 'tcp-request content',
  expects: TCP_CONTENT_EXPECTS,
  actions: [
    ...tcpBuiltins,
    ...TCP_L4_COMMON,
    ...pick('set-log-level', 'set-nice', 'ot-group', 'send-spoe-group', 'do-resolve', 'set-priority-class', 'set-priority-offset', 'use-service'),
    { name: 'switch-mode', check: rest },
  ],
};

const TCP_RESPONSE: RulesetSpec = {
  name: 'tcp-response content',
  expects: TCP_RES_EXPECTS,
  actions: [
    ...tcpBuiltins,
    { name: 'close', final: true, check: none },
    ...pick('sc-inc-gpc', 'sc-inc-gpc0', 'sc-inc-gpc1', 'sc-set-gpt', 'sc-set-gpt0', 'set-var', 'set-var-fmt', 'unset-var'),
    ...pick('set-log-level', 'set-nice', 'ot-group', 'send-spoe-group', 'set-mark', 'set-tos', 'silent-drop'),
  ],
};

export const RULESETS: Readonly<Record<string, RulesetSpec>> = {
  'http-request': HTTP_REQUEST,
  'http-response': HTTP_RESPONSE,
  'http-after-response': HTTP_AFTER_RESPONSE,
  'tcp-request connection': TCP_CONNECTION,
  'tcp-request session': TCP_SESSION,
  'tcp-request content': TCP_CONTENT,
  'tcp-response content': TCP_RESPONSE,
};

/** Find the action spec an action word refers to (`set-var(txn.x)` -> set-var). */
export function findAction(rs: RulesetSpec, word: string): ActionSpec | undefined {
  const exact = rs.actions.find((a) => !a.prefix && a.name === word);
  if (exact) return exact;
  // Longest stem first: `sc-inc-gpc0(1)` must not be taken as `sc-inc-gpc`.
  const stems = rs.actions.filter((a) => a.prefix).sort((x, y) => y.name.length - x.name.length);
  return stems.find((a) => word.startsWith(`${a.name}(`) || (a.name === 'track-sc' && /^track-sc\d+$/.test(word)));
}

/** Action names offered for "did you mean". */
export function actionNames(rs: RulesetSpec): string[] {
  return rs.actions.map((a) => a.name);
}
