/** strerror() texts for the socket errors Node reports by code, as HAProxy prints them. */
const TEXTS: Record<string, string> = {
  ECONNREFUSED: 'Connection refused',
  ECONNRESET: 'Connection reset by peer',
  ETIMEDOUT: 'Connection timed out',
  EHOSTUNREACH: 'No route to host',
  ENETUNREACH: 'Network is unreachable',
  EPIPE: 'Broken pipe',
  EADDRNOTAVAIL: 'Cannot assign requested address',
  EADDRINUSE: 'Address already in use',
  EACCES: 'Permission denied',
  EPERM: 'Operation not permitted',
  ENOTFOUND: 'Name or service not known',
  EAI_AGAIN: 'Temporary failure in name resolution',
  EMFILE: 'Too many open files',
  ENFILE: 'Too many open files in system',
  ECONNABORTED: 'Software caused connection abort',
  EINVAL: 'Invalid argument',
};

export function strerror(code: string | undefined): string {
  if (!code) return '';
  return TEXTS[code] ?? code;
}

export function errCode(e: unknown): string | undefined {
  if (e && typeof e === 'object' && 'code' in e) {
    const c = (e as { code: unknown }).code;
    return typeof c === 'string' ? c : undefined;
  }
  return undefined;
}
