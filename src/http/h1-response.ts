/** HTTP/1 response head parser (first version; hardened below). */
import type { HeadResult, ParseLimits, ResponseHead } from './types.js';
import { DEFAULT_LIMITS } from './types.js';
import { parseHead } from './h1-head.js';

export function parseResponseHead(buf: Buffer, reqMethod: string, limits: ParseLimits = DEFAULT_LIMITS): HeadResult<ResponseHead> {
  const r = parseHead(buf, limits);
  if (r.kind !== 'head') return r.kind === 'error' ? { kind: 'error', error: { ...r.error, status: 502 } } : r;
  const h = r.head;
  const status = Number(h.target);
  const noBody = reqMethod === 'HEAD' || status < 200 || status === 204 || status === 304;
  return {
    kind: 'head',
    head: {
      version: h.method === 'HTTP/1.1' ? 11 : 10, status, reason: h.version === 11 ? 'HTTP/1.1' : '', headers: h.headers,
      framing: noBody ? { kind: 'none' } : h.framing.kind === 'none' ? { kind: 'close' } : h.framing,
      keepAlive: true, headLength: h.headLength,
    },
  };
}
