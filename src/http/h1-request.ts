/** HTTP/1 request head parser (first version; hardened below). */
import type { HeadResult, ParseLimits, RequestHead } from './types.js';
import { DEFAULT_LIMITS } from './types.js';
import { parseHead } from './h1-head.js';

export function parseRequestHead(buf: Buffer, limits: ParseLimits = DEFAULT_LIMITS): HeadResult<RequestHead> {
  return parseHead(buf, limits);
}
