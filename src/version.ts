/** Switchyard's version and the HAProxy version whose behaviour it matches. */
export const SWITCHYARD_VERSION = '0.1.0';
export const HAPROXY_COMPAT_VERSION = '2.6.12';
export const RELEASE_DATE = '2026/11/22';
/** The version string in HAProxy's place: tools that parse `HAProxy version X` still find 2.6. */
export const VERSION_STRING = `${HAPROXY_COMPAT_VERSION}-switchyard-${SWITCHYARD_VERSION}`;

/**
 * HAProxy's build feature list as printed by `-vv` and tested by `.if feature(X)`.
 * '+' means present in Switchyard, '-' absent.
 */
export const FEATURES: ReadonlyArray<readonly [string, boolean]> = [
  ['51DEGREES', false],
  ['ACCEPT4', true],
  ['BACKTRACE', false],
  ['CLOSEFROM', false],
  ['CPU_AFFINITY', false],
  ['CRYPT_H', false],
  ['DEVICEATLAS', false],
  ['DL', false],
  ['ENGINE', false],
  ['EPOLL', true],
  ['EVPORTS', false],
  ['GETADDRINFO', true],
  ['KQUEUE', false],
  ['LIBCRYPT', false],
  ['LINUX_SPLICE', false],
  ['LINUX_TPROXY', false],
  ['LUA', false],
  ['MEMORY_PROFILING', false],
  ['NETFILTER', false],
  ['NS', false],
  ['OBSOLETE_LINKER', false],
  ['OPENSSL', true],
  ['OT', false],
  ['PCRE', false],
  ['PCRE2', false],
  ['PCRE2_JIT', false],
  ['PCRE_JIT', false],
  ['POLL', true],
  ['PRCTL', false],
  ['PROCCTL', false],
  ['PROMEX', true],
  ['QUIC', false],
  ['RT', true],
  ['SLZ', false],
  ['STATIC_PCRE', false],
  ['STATIC_PCRE2', false],
  ['SYSTEMD', true],
  ['TFO', false],
  ['THREAD', true],
  ['THREAD_DUMP', false],
  ['TPROXY', false],
  ['WURFL', false],
  ['ZLIB', true],
];

export const FEATURE_SET: ReadonlySet<string> = new Set(FEATURES.filter(([, on]) => on).map(([n]) => n));

export function featureList(): string {
  return FEATURES.map(([n, on]) => `${on ? '+' : '-'}${n}`).join(' ');
}
