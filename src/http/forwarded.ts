/**
 * `option forwardfor [except NET] [header NAME] [if-none]` and `option originalto [except NET] [header NAME]`:
 * HAProxy 2.6 appends a new header after the existing ones (it never merges into an existing X-Forwarded-For);
 * with if-none nothing is added when the header is already present; `except` skips matching sources.
 */
import type { HeaderField } from './types.js';

export interface ForwardForOptions {
  /** default X-Forwarded-For */
  header?: string;
  ifNone?: boolean;
  /** `except NET`: returns true for addresses that get no header */
  except?: (address: string) => boolean;
}

function hasHeader(headers: readonly HeaderField[], lname: string): boolean {
  for (let i = 0; i < headers.length; i++) if ((headers[i] as HeaderField).lname === lname) return true;
  return false;
}

/** IPv4-mapped IPv6 sources are written as IPv4, as HAProxy does for v4 clients accepted on v6 sockets. */
function plainAddress(address: string): string {
  return address.startsWith('::ffff:') && address.includes('.') ? address.slice(7) : address;
}

/** The X-Forwarded-For field to append for client `source`, or null when none is due. */
export function forwardedFor(headers: readonly HeaderField[], source: string, opts: ForwardForOptions = {}): HeaderField | null {
  const name = opts.header ?? 'X-Forwarded-For';
  const lname = name.toLowerCase();
  const addr = plainAddress(source);
  if (opts.except?.(addr)) return null;
  if (opts.ifNone && hasHeader(headers, lname)) return null;
  return { name, lname, value: addr };
}

/** The X-Original-To field (the address the client connected to), or null. */
export function originalTo(destination: string, opts: { header?: string; except?: (address: string) => boolean } = {}): HeaderField | null {
  const name = opts.header ?? 'X-Original-To';
  const addr = plainAddress(destination);
  if (opts.except?.(addr)) return null;
  return { name, lname: name.toLowerCase(), value: addr };
}
