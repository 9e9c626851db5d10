import type { Place } from '../diagnostics.js';
import type { BindModel } from './bind.js';
import type { AclModel, ConditionModel, RuleModel, SwitchingRuleModel } from './rule.js';
import type { ServerModel, ServerSettings } from './server.js';

/** Proxy capabilities, as HAProxy's PR_CAP_*: a keyword's `cap` says where it is allowed. */
export const CAP_FE = 1;
export const CAP_BE = 2;
export const CAP_DEF = 4;
export const CAP_ALL = CAP_FE | CAP_BE | CAP_DEF;
export const CAP_FE_DEF = CAP_FE | CAP_DEF;
export const CAP_BE_DEF = CAP_BE | CAP_DEF;

export type ProxyKind = 'defaults' | 'frontend' | 'backend' | 'listen';
export type ProxyMode = 'tcp' | 'http' | 'health';

export function capOf(kind: ProxyKind): number {
  switch (kind) {
    case 'defaults':
      return CAP_ALL | CAP_DEF;
    case 'frontend':
      return CAP_FE;
    case 'backend':
      return CAP_BE;
    case 'listen':
      return CAP_FE | CAP_BE;
  }
}

export const TIMEOUT_NAMES = [
  'client',
  'client-fin',
  'server',
  'server-fin',
  'connect',
  'queue',
  'tunnel',
  'http-request',
  'http-keep-alive',
  'check',
  'tarpit',
] as const;
export type TimeoutName = (typeof TIMEOUT_NAMES)[number];

/** `option NAME [args]` as set (or unset with `no option NAME`). */
export interface OptionState {
  readonly enabled: boolean;
  readonly args: readonly string[];
  readonly place: Place;
  /** Typed arguments of options that take some (forwardfor, httpchk, redispatch, mysql-check ...). */
  readonly params?: Readonly<Record<string, string | number | boolean>>;
}

export interface BalanceModel {
  readonly algorithm: string;
  /** Algorithm parameters: header name, url_param name, random draws, rdp cookie name... */
  readonly params: readonly string[];
  /** Modifiers after the algorithm: `len 8`, `depth 2`, `whole`, `check_post`, `use_domain_only`... */
  readonly options: Record<string, string | number | boolean>;
}

export interface HashTypeModel {
  readonly method: 'map-based' | 'consistent';
  readonly fn: 'sdbm' | 'djb2' | 'wt6' | 'crc32' | 'none';
  readonly avalanche: boolean;
}

export interface CookieModel {
  readonly name: string;
  readonly mode?: 'rewrite' | 'insert' | 'prefix';
  readonly indirect: boolean;
  readonly nocache: boolean;
  readonly postonly: boolean;
  readonly preserve: boolean;
  readonly httponly: boolean;
  readonly secure: boolean;
  readonly domains: string[];
  readonly maxidle?: number;
  readonly maxlife?: number;
  readonly dynamic: boolean;
  readonly attrs: string[];
}

export interface StickTableModel {
  readonly place: Place;
  readonly type: 'ip' | 'ipv6' | 'integer' | 'string' | 'binary';
  readonly len?: number;
  readonly size: number;
  readonly expire?: number;
  readonly nopurge: boolean;
  readonly peers?: string;
  readonly srvkey?: string;
  /** `store` data types with their optional period: `http_req_rate(10s)` -> ['http_req_rate', 10000]. */
  readonly store: Array<{ type: string; period?: number; count?: number }>;
}

export interface StickRuleModel {
  readonly place: Place;
  readonly kind: 'on' | 'match' | 'store-request' | 'store-response';
  readonly expr: string;
  readonly table?: string;
  readonly cond?: ConditionModel;
}

export interface LogTargetModel {
  readonly place: Place;
  /** `global` refers to the global section's targets. */
  readonly global?: boolean;
  readonly target?: string;
  readonly len?: number;
  readonly format?: string;
  readonly sample?: string;
  readonly facility?: string;
  readonly level?: string;
  readonly minlevel?: string;
}

export interface StatsModel {
  enabled?: boolean;
  uri?: string;
  realm?: string;
  auth: Array<{ user: string; password: string }>;
  refresh?: number;
  admin: ConditionModel[];
  hideVersion?: boolean;
  showLegends?: boolean;
  showNode?: string | true;
  showDesc?: string;
  scope: string[];
  httpRequest: RuleModel[];
  bindProcess?: string;
}

export interface CaptureModel {
  readonly place: Place;
  readonly direction: 'request' | 'response';
  readonly what: 'header' | 'cookie';
  readonly name: string;
  readonly len: number;
}

export interface MonitorModel {
  uri?: string;
  net: string[];
  fail: ConditionModel[];
}

export interface ProxyModel {
  readonly kind: ProxyKind;
  readonly name: string;
  readonly place: Place;
  /** CAP_FE | CAP_BE | CAP_DEF */
  readonly cap: number;
  /** Name of the defaults section it inherited from ('' for anonymous), or undefined for none. */
  defaultsFrom?: string;
  mode: ProxyMode;
  disabled: boolean;
  id?: number;
  description?: string;
  maxconn?: number;
  backlog?: number;
  fullconn?: number;
  rateLimitSessions?: number;
  retries?: number;
  retryOn?: string[];
  timeouts: Partial<Record<TimeoutName, number>>;
  options: Record<string, OptionState>;
  binds: BindModel[];
  servers: ServerModel[];
  defaultServer: ServerSettings;
  serverTemplates: Array<{ place: Place; prefix: string; range: [number, number]; fqdn: string }>;
  balance?: BalanceModel;
  hashType?: HashTypeModel;
  hashBalanceFactor?: number;
  httpReuse?: 'never' | 'safe' | 'aggressive' | 'always';
  /** `max-session-srv-conns`: idle private server connections one client session keeps. */
  maxSessionSrvConns?: number;
  acls: AclModel[];
  /** Rule lists keyed by ruleset: 'http-request', 'http-response', 'tcp-request connection', ... */
  rules: Record<string, RuleModel[]>;
  useBackends: SwitchingRuleModel[];
  useServers: SwitchingRuleModel[];
  defaultBackend?: { name: string; place: Place };
  logs: LogTargetModel[];
  noLog?: boolean;
  logFormat?: string;
  logFormatSd?: string;
  errorLogFormat?: string;
  logTag?: string;
  uniqueIdFormat?: string;
  uniqueIdHeader?: string;
  captures: CaptureModel[];
  errorfiles: Record<number, string>;
  errorfilesFrom: Array<{ name: string; codes: number[]; place: Place }>;
  errorloc: Record<number, { code: 302 | 303; url: string }>;
  cookie?: CookieModel;
  stickTable?: StickTableModel;
  stickRules: StickRuleModel[];
  stats: StatsModel;
  monitor: MonitorModel;
  compression?: { algos: string[]; types: string[]; offload: boolean };
  filters: Array<{ place: Place; name: string; args: string[] }>;
  cacheUse?: string[];
  dispatch?: string;
  source?: string;
  /** `source <addr> [usesrc ...] [interface ...]` in full. */
  connSource?: { addr: string; usesrc?: string; interface?: string };
  /** `persist rdp-cookie[(name)]`: the cookie name. */
  persistRdpCookie?: string;
  externalCheck?: { command?: string; path?: string };
  httpCheck: RuleModel[];
  tcpCheck: RuleModel[];
  /** Rules/observability fields (src/config/sections/proxy/rules*.ts, obs*.ts). */
  tcpRequestInspectDelay?: number;
  tcpResponseInspectDelay?: number;
  /** `declare capture request|response len N` slots. */
  declaredCaptures?: Array<{ place: Place; direction: 'request' | 'response'; len: number }>;
  /** `http-error status N ...` replies. */
  httpErrorReplies?: Array<{ place: Place; status: number; args: string[] }>;
  emailAlert?: { from?: string; mailers?: string; myhostname?: string; level?: string; to?: string };
  maxKeepAliveQueue?: number;
  serverStateFileName?: string;
  loadServerStateFromFile?: 'global' | 'local' | 'none';
  httpSendNameHeader?: string;
  /** Place of the last log-format / option httplog line, for HAProxy's messages about it. */
  logFormatPlace?: Place;
  /** Any proxy keyword Switchyard keeps as written (keyword -> list of argument lists). */
  other: Record<string, string[][]>;
}

export function newStats(): StatsModel {
  return { auth: [], admin: [], scope: [], httpRequest: [] };
}

export function newProxy(kind: ProxyKind, name: string, place: Place): ProxyModel {
  return {
    kind,
    name,
    place,
    cap: capOf(kind),
    mode: 'tcp',
    disabled: false,
    timeouts: {},
    options: {},
    binds: [],
    servers: [],
    defaultServer: { other: {} },
    serverTemplates: [],
    acls: [],
    rules: {},
    useBackends: [],
    useServers: [],
    logs: [],
    captures: [],
    errorfiles: {},
    errorfilesFrom: [],
    errorloc: {},
    stickRules: [],
    stats: newStats(),
    monitor: { net: [], fail: [] },
    filters: [],
    httpCheck: [],
    tcpCheck: [],
    other: {},
  };
}

/** Is option `name` on for this proxy? */
export function optionOn(p: ProxyModel, name: string): boolean {
  return p.options[name]?.enabled === true;
}
