/**
 * Request-target vs Host rules of HAProxy 2.6 (h1_validate_connect_authority,
 * h1_validate_mismatch_authority, http_scheme_based_normalize), on strings.
 */

export interface UriParts {
  /** scheme including "://", or null (origin-form, '*', authority-form) */
  scheme: string | null;
  /** authority without userinfo, '' when none */
  authority: string;
  /** offset of the authority in the target and its end (to rewrite it) */
  authStart: number;
  authEnd: number;
}

function isAlpha(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}
function isAlnum(c: number): boolean {
  return isAlpha(c) || (c >= 48 && c <= 57);
}

/** http_parse_scheme + http_parse_authority(parser, no_userinfo=1). */
export function parseUri(uri: string): UriParts {
  const none: UriParts = { scheme: null, authority: '', authStart: 0, authEnd: 0 };
  const end = uri.length;
  if (end === 0) return none;
  const c0 = uri.charCodeAt(0);
  if (c0 === 47 || c0 === 42) return none; // '/' or '*': no scheme, no authority
  let start = 0;
  let scheme: string | null = null;
  if (isAlpha(c0)) {
    let p = 1;
    while (p < end) {
      const c = uri.charCodeAt(p);
      if (isAlnum(c) || c === 43 || c === 45 || c === 46) p++;
      else break;
    }
    if (p + 2 < end && uri.charCodeAt(p) === 58 && uri.charCodeAt(p + 1) === 47 && uri.charCodeAt(p + 2) === 47) {
      scheme = uri.slice(0, p + 3);
      start = p + 3;
    }
  }
  let p = start;
  let a = start;
  while (p < end && uri.charCodeAt(p) !== 47) {
    if (uri.charCodeAt(p++) === 64) a = p; // skip userinfo
  }
  return { scheme, authority: uri.slice(a, p), authStart: a, authEnd: p };
}

/** http_get_host_port: digits after the last ':' (may be ''), or null when there is no port. */
export function hostPort(host: string): string | null {
  let p = host.length;
  while (p > 0) {
    const c = host.charCodeAt(p - 1);
    if (c >= 48 && c <= 57) p--;
    else break;
  }
  if (p === 0 || host.charCodeAt(p - 1) !== 58) return null;
  return host.slice(p);
}

export function isDefaultPort(scheme: string | null, port: string): boolean {
  if (scheme === null) return port === '443' || port === '80';
  if (scheme === 'https://') return port === '443';
  return port === '80';
}

function eqi(a: string, b: string): boolean {
  return a.length === b.length && (a === b || a.toLowerCase() === b.toLowerCase());
}

/** CONNECT: 0 ok, -1 bad authority, -2 host mismatch. `host` is normalised (default port dropped). */
export function validateConnect(authority: string, host: string | null): { ret: 0 | -1 | -2; host: string | null } {
  const uport = hostPort(authority);
  if (!authority || !uport) return { ret: -1, host };
  const uhost = authority.slice(0, authority.length - uport.length - 1);
  if (host === null) return { ret: 0, host };
  const hport = hostPort(host);
  const hhost = hport !== null ? host.slice(0, host.length - hport.length - 1) : host;
  if (hport) {
    if (!eqi(hhost, uhost) || hport !== uport) return { ret: -2, host };
    if (isDefaultPort(null, uport)) return { ret: 0, host: hhost };
    return { ret: 0, host };
  }
  if (!isDefaultPort(null, uport) || !eqi(hhost, uhost)) return { ret: -2, host };
  return { ret: 0, host };
}

/** Non-CONNECT absolute-form whose authority differs from Host: true when HAProxy accepts it. */
export function authorityMatchesHost(scheme: string | null, authority: string, host: string): boolean {
  if (eqi(authority, host)) return true;
  if (scheme === null) return false;
  const uport = hostPort(authority);
  const uhost = uport !== null ? authority.slice(0, authority.length - uport.length - 1) : authority;
  const hport = hostPort(host);
  const hhost = hport !== null ? host.slice(0, host.length - hport.length - 1) : host;
  if (uport === null && hport === null) return false;
  if (uport !== null && !isDefaultPort(scheme, uport)) return false;
  if (hport !== null && !isDefaultPort(scheme, hport)) return false;
  return eqi(uhost, hhost);
}

/**
 * http_scheme_based_normalize: an absolute URI with the scheme's default port loses it, and so do Host
 * values carrying that default port. Returns null when nothing changes.
 */
export function normalizeDefaultPort(target: string, parts: UriParts): { target: string; stripHostPort: (h: string) => string } | null {
  if (parts.scheme === null) return null;
  const port = hostPort(parts.authority);
  if (port === null || !isDefaultPort(parts.scheme, port)) return null;
  const cut = parts.authEnd - port.length - 1;
  const scheme = parts.scheme;
  return {
    target: target.slice(0, cut) + target.slice(parts.authEnd),
    stripHostPort: (h: string): string => {
      const hp = hostPort(h);
      return hp !== null && isDefaultPort(scheme, hp) ? h.slice(0, h.length - hp.length - 1) : h;
    },
  };
}
