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
  other: Record<string, string[]>;
}

export interface GlobalModel {
  daemon?: boolean;
  masterWorker?: boolean;
  masterWorkerNoExitOnFailure?: boolean;
  maxconn?: number;
  maxconnrate?: number;
  maxsessrate?: number;
  maxsslconn?: number;
  maxsslrate?: number;
  maxpipes?: number;
  ulimitN?: number;
  nbthread?: number;
  nbproc?: number;
  pidfile?: string;
  user?: string;
  group?: string;
  uid?: number;
  gid?: number;
  chroot?: string;
  node?: string;
  description?: string;
  hardStopAfter?: number;
  gracePeriod?: number;
  spreadChecks?: number;
  maxSpreadChecks?: number;
  logs: LogTargetModel[];
  logTag?: string;
  logSendHostname?: string | true;
  statsSockets: StatsSocketModel[];
  statsTimeout?: number;
  statsMaxconn?: number;
  caBase?: string;
  crtBase?: string;
  sslDefaultBindOptions: string[];
  sslDefaultBindCiphers?: string;
  sslDefaultBindCiphersuites?: string;
  sslDefaultBindCurves?: string;
  sslDefaultServerOptions: string[];
  sslDefaultServerCiphers?: string;
  sslDefaultServerCiphersuites?: string;
  sslDhParamFile?: string;
  sslServerVerify?: 'none' | 'required';
  tuneSslDefaultDhParam?: number;
  /** tune.* values as written, name -> argument. */
  tune: Record<string, string>;
  setenv: Array<{ name: string; value: string; place: Place }>;
  externalCheck?: boolean;
  insecureForkWanted?: boolean;
  insecureSetuidWanted?: boolean;
  quiet?: boolean;
  zeroWarning?: boolean;
  strictLimits?: boolean;
  noQuic?: boolean;
  busyPolling?: boolean;
  noSplice?: boolean;
  noEpoll?: boolean;
  noPoll?: boolean;
  /** Any other global keyword kept as written. */
  other: Record<string, string[][]>;
}

export function newGlobal(): GlobalModel {
  return {
    logs: [],
    statsSockets: [],
    sslDefaultBindOptions: [],
    sslDefaultServerOptions: [],
    tune: {},
    setenv: [],
    other: {},
  };
}
