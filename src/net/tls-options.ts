/**
 * TLS settings as HAProxy combines them: `ssl-default-bind-*` / `ssl-default-server-*` in global,
 * then the bind or server line, then (for termination) a crt-list line's options; turned into
 * node:tls secure-context options.
 */
import { constants } from 'node:crypto';
import { DEFAULT_CIPHERS, type SecureVersion } from 'node:tls';

const VERSIONS = ['SSLv3', 'TLSv1.0', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3'] as const;
const NODE_VERSION: Record<string, SecureVersion> = {
  SSLv3: 'TLSv1',
  'TLSv1.0': 'TLSv1',
  'TLSv1.1': 'TLSv1.1',
  'TLSv1.2': 'TLSv1.2',
  'TLSv1.3': 'TLSv1.3',
};
const FLAG_VERSION: Record<string, string> = {
  sslv3: 'SSLv3',
  tlsv10: 'TLSv1.0',
  tlsv11: 'TLSv1.1',
  tlsv12: 'TLSv1.2',
  tlsv13: 'TLSv1.3',
};

/** The version-related options of a line, in HAProxy's words. */
export interface VersionOptions {
  min?: string;
  max?: string;
  /** `no-tlsv11` ... as version names. */
  readonly disabled: Set<string>;
  /** `force-tlsv12` ... */
  force?: string;
  noTickets: boolean;
  preferClientCiphers: boolean;
}

export function emptyVersionOptions(): VersionOptions {
  return { disabled: new Set(), noTickets: false, preferClientCiphers: false };
}

/** Apply a list of words as `ssl-default-*-options` holds them (`no-tlsv10`, `ssl-min-ver`, `TLSv1.2`...). */
export function applyOptionWords(o: VersionOptions, words: readonly string[]): void {
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    if (w === 'ssl-min-ver') o.min = words[++i];
    else if (w === 'ssl-max-ver') o.max = words[++i];
    else if (w === 'no-tls-tickets') o.noTickets = true;
    else if (w === 'prefer-client-ciphers') o.preferClientCiphers = true;
    else if (w.startsWith('no-') && FLAG_VERSION[w.slice(3)]) o.disabled.add(FLAG_VERSION[w.slice(3)]!);
    else if (w.startsWith('force-') && FLAG_VERSION[w.slice(6)]) o.force = FLAG_VERSION[w.slice(6)];
  }
}

/**
 * The version range node:tls gets. As HAProxy 2.6: `force-*` pins one version; `ssl-min-ver` /
 * `ssl-max-ver` bound the range (default minimum TLSv1.2); `no-*` flags cut versions from the ends.
 */
export function versionRange(o: VersionOptions): { minVersion: SecureVersion; maxVersion: SecureVersion } {
  let lo: number;
  let hi: number;
  if (o.force) {
    lo = hi = VERSIONS.indexOf(o.force as (typeof VERSIONS)[number]);
  } else {
    lo = o.min ? VERSIONS.indexOf(o.min as (typeof VERSIONS)[number]) : 3;
    hi = o.max ? VERSIONS.indexOf(o.max as (typeof VERSIONS)[number]) : 4;
    if (lo < 0) lo = 3;
    if (hi < 0) hi = 4;
    if (!o.min && !o.max && o.disabled.size > 0) lo = 0;
    while (lo < hi && o.disabled.has(VERSIONS[lo]!)) lo++;
    while (hi > lo && o.disabled.has(VERSIONS[hi]!)) hi--;
    if (lo > hi) hi = lo;
  }
  return { minVersion: NODE_VERSION[VERSIONS[lo]!]!, maxVersion: NODE_VERSION[VERSIONS[hi]!]! };
}

const DEFAULT_LIST = DEFAULT_CIPHERS.split(':');
const DEFAULT_TLS13 = DEFAULT_LIST.filter((c) => c.startsWith('TLS_')).join(':');
const DEFAULT_TLS12 = DEFAULT_LIST.filter((c) => !c.startsWith('TLS_')).join(':');

/**
 * node:tls takes TLS 1.2 ciphers and TLS 1.3 suites in one `ciphers` string (and drops TLS 1.3 when
 * the string has no suite); HAProxy keeps them apart. Undefined when neither is set (defaults).
 */
export function nodeCiphers(ciphers: string | undefined, suites: string | undefined): string | undefined {
  if (ciphers === undefined && suites === undefined) return undefined;
  return `${suites ?? DEFAULT_TLS13}:${ciphers ?? DEFAULT_TLS12}`;
}

export function secureOptions(o: VersionOptions): number {
  let v = 0;
  if (o.noTickets) v |= constants.SSL_OP_NO_TICKET;
  return v;
}
