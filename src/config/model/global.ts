import type { Place } from '../diagnostics.js';
import type { LogTargetModel } from './proxy.js';

export interface StatsSocketModel {
  readonly place: Place;
  readonly address: string;
  level?: 'user' | 'operator' | 'admin';
  mode?: number;
  uid?: number;
  gid?: number;
  user?: string;
  group?: string;
  exposeFdListeners?: boolean;
  severityOutput?: 'none' | 'number' | 'string';
  /** Other bind options as written, keyword -> arguments. */
  other: Record<string, string[]>;
}

/** `cpu-map [auto:]<process>[/<thread>] <cpu-set>...`. */
export interface CpuMapModel {
  readonly place: Place;
  readonly auto: boolean;
  readonly process: string;
  readonly thread?: string;
  readonly cpus: string[];
}

/** `unix-bind [prefix P] [mode M] [user U] [uid N] [group G] [gid N]`. */
export interface UnixBindModel {
  prefix?: string;
  mode?: number;
  uid?: number;
  gid?: number;
  user?: string;
  group?: string;
}

/** `set-var` / `set-var-fmt` in global: a process-wide variable computed at startup. */
export interface GlobalVarModel {
  readonly place: Place;
  readonly name: string;
  /** A sample expression (`set-var`) or a log-format string (`set-var-fmt`). */
  readonly expr: string;
  readonly fmt: boolean;
}

export interface GlobalModel {
  daemon?: boolean;
  masterWorker?: boolean;
  masterWorkerNoExitOnFailure?: boolean;
  mworkerMaxReloads?: number;
  maxconn?: number;
  maxconnrate?: number;
  maxsessrate?: number;
  maxsslconn?: number;
  maxsslrate?: number;
  maxcomprate?: number;
  maxcompcpuusage?: number;
  maxzlibmem?: number;
  maxpipes?: number;
  ulimitN?: number;
  fdHardLimit?: number;
  nbthread?: number;
  threadGroups?: number;
  /** `thread-group <n> <threads>` lines as written. */
  threadGroupDefs: Array<{ group: number; threads: string[]; place: Place }>;
  cpuMaps: CpuMapModel[];
  numaCpuMapping?: boolean;
  pidfile?: string;
  user?: string;
  group?: string;
  uid?: number;
  gid?: number;
  chroot?: string;
  node?: string;
  description?: string;
  localpeer?: string;
  clusterSecret?: string;
  hardStopAfter?: number;
  gracePeriod?: number;
  closeSpreadTime?: number;
  spreadChecks?: number;
  maxSpreadChecks?: number;
  logs: LogTargetModel[];
  logTag?: string;
  logSendHostname?: string | true;
  statsSockets: StatsSocketModel[];
  statsTimeout?: number;
  statsMaxconn?: number;
  statsBindProcess?: string;
  caBase?: string;
  crtBase?: string;
  defaultPath?: { mode: 'current' | 'config' | 'parent' | 'origin'; path?: string };
  sslDefaultBindOptions: string[];
  sslDefaultBindCiphers?: string;
  sslDefaultBindCiphersuites?: string;
  sslDefaultBindCurves?: string;
  sslDefaultServerOptions: string[];
  sslDefaultServerCiphers?: string;
  sslDefaultServerCiphersuites?: string;
  sslDhParamFile?: string;
  sslServerVerify?: 'none' | 'required';
  sslModeAsync?: boolean;
  sslLoadExtraFiles?: string[];
  sslLoadExtraDelExt?: boolean;
  sslSkipSelfIssuedCa?: boolean;
  sslProvider?: string[];
  sslProviderPath?: string;
  sslPropquery?: string;
  issuersChainPath?: string;
  httpclientResolversId?: string;
  httpclientResolversPrefer?: 'ipv4' | 'ipv6';
  httpclientSslCaFile?: string;
  httpclientSslVerify?: 'none' | 'required';
  serverStateBase?: string;
  serverStateFile?: string;
  /** `h1-case-adjust <from> <to>`: lower-case name -> name as sent. */
  h1CaseAdjust: Record<string, string>;
  h1CaseAdjustFile?: string;
  h1AcceptPayloadWithAnyMethod?: boolean;
  h2WorkaroundBogusWebsocketClients?: boolean;
  pp2NeverSendLocal?: boolean;
  unixBind: UnixBindModel;
  vars: GlobalVarModel[];
  profilingTasks?: 'on' | 'off' | 'auto';
  tuneSslDefaultDhParam?: number;
  /** tune.* values after validation, name -> value (numbers in bytes/ms/counts; on/off as booleans). */
  tune: Record<string, number | boolean | string>;
  setenv: Array<{ name: string; value: string; place: Place }>;
  exposeExperimentalDirectives?: boolean;
  externalCheck?: boolean;
  insecureForkWanted?: boolean;
  insecureSetuidWanted?: boolean;
  quiet?: boolean;
  zeroWarning?: boolean;
  strictLimits?: boolean;
  setDumpable?: boolean;
  noMemoryTrimming?: boolean;
  noQuic?: boolean;
  busyPolling?: boolean;
  noSplice?: boolean;
  noEpoll?: boolean;
  noPoll?: boolean;
  noKqueue?: boolean;
  noEvports?: boolean;
  noGetaddrinfo?: boolean;
  noReuseport?: boolean;
  /** Any other global keyword kept as written. */
  other: Record<string, string[][]>;
}

export function newGlobal(): GlobalModel {
  return {
    threadGroupDefs: [],
    cpuMaps: [],
    logs: [],
    statsSockets: [],
    sslDefaultBindOptions: [],
    sslDefaultServerOptions: [],
    h1CaseAdjust: {},
    unixBind: {},
    vars: [],
    tune: {},
    setenv: [],
    other: {},
  };
}
