/** Every sample fetch Switchyard implements, by HAProxy name. */
import { SAMPLE_FETCHES } from '../../config/sections/proxy/rules-fetches.js';
import { CONN_FETCHES } from './conn.js';
import { HTTP_REQ_FETCHES } from './http-req.js';
import { HTTP_RES_FETCHES } from './http-res.js';
import { L4_FETCHES } from './l4.js';
import { MISC_FETCHES } from './misc.js';
import { PROXY_FETCHES } from './proxy.js';
import { stickFetch } from './stick.js';
import { TLS_FETCHES } from './tls.js';
import { simple, type FetchBuilder } from './types.js';
import { smpTypeOf } from '../sample.js';

const ALL: Record<string, FetchBuilder> = {
  ...CONN_FETCHES,
  ...PROXY_FETCHES,
  ...HTTP_REQ_FETCHES,
  ...HTTP_RES_FETCHES,
  ...L4_FETCHES,
  ...MISC_FETCHES,
  ...TLS_FETCHES,
};

/**
 * The builder for a fetch name. HAProxy fetches Switchyard does not compute (internal.*, cpu_*,
 * most ssl_* details) answer nothing: a rule using them simply does not match.
 */
export function fetchBuilder(name: string): FetchBuilder | undefined {
  const own = Object.prototype.hasOwnProperty.call(ALL, name) ? ALL[name] : undefined;
  if (own) return own;
  const st = stickFetch(name);
  if (st) return st;
  const info = SAMPLE_FETCHES.get(name);
  if (info) return simple(smpTypeOf(info.type), () => undefined);
  return undefined;
}

/** Names implemented with real behaviour (for documentation and tests). */
export function implementedFetches(): string[] {
  return Object.keys(ALL).sort();
}
