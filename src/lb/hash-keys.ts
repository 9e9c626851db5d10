/**
 * The hash of a request's balancing key, as HAProxy's get_server_sh/uh/ph/hh/rch (src/backend.c):
 * which bytes are hashed for `source`, `uri`, `url_param`, `hdr(name)` and `rdp-cookie`. Returns
 * -1 when the key is missing (the caller falls back to round-robin). Strings are latin1.
 */
import type { LbContext } from './algorithm.js';
import { fullHash, type HashFn } from './hash-functions.js';
import { sourceWords } from './source-address.js';

/** `expr`: `balance hash <expr>`, the value comes from the data plane (LbContext.sampleKey). */
export type KeyKind = 'source' | 'uri' | 'url_param' | 'hdr' | 'rdp-cookie' | 'expr';

export interface KeySpec {
  readonly kind: KeyKind;
  /** url_param name, header name (lower case), rdp cookie name. */
  readonly name: string;
  readonly fn: HashFn;
  readonly avalanche: boolean;
  /** uri: `len` (0 = none), `depth` (0 = none), `whole`, `path-only`. */
  readonly len: number;
  readonly depth: number;
  readonly whole: boolean;
  readonly pathOnly: boolean;
  /** url_param check_post; hdr use_domain_only. */
  readonly checkPost: boolean;
  readonly domainOnly: boolean;
}

const NONE = -1;

/** Hash of the key; `single` is HAProxy's "tot_used == 1" (skip hashing: 0). */
export function keyHash(k: KeySpec, ctx: LbContext | undefined, single: boolean): number {
  switch (k.kind) {
    case 'source':
      return sourceHash(k, ctx, single);
    case 'uri':
      return uriHash(k, ctx, single);
    case 'url_param':
      return paramHash(k, ctx);
    case 'hdr':
      return headerHash(k, ctx, single);
    case 'rdp-cookie':
      return rdpHash(k, ctx, single);
    case 'expr':
      return exprHash(k, ctx, single);
  }
}

function finish(k: KeySpec, h: number): number {
  return k.avalanche ? fullHash(h) : h;
}

function sourceHash(k: KeySpec, ctx: LbContext | undefined, single: boolean): number {
  const a = ctx?.srcAddr;
  if (a === undefined) return NONE;
  if (single) return 0;
  const h = sourceWords(a);
  if (h < 0) return NONE;
  return finish(k, h);
}

/** Start of the path in a request target (http_parse_path()), or -1 when it has none. */
function pathStart(u: string): number {
  if (u.charCodeAt(0) === 47) return 0;
  const sch = u.indexOf('://');
  if (sch <= 0) return -1;
  const slash = u.indexOf('/', sch + 3);
  return slash;
}

function uriHash(k: KeySpec, ctx: LbContext | undefined, single: boolean): number {
  const u = ctx?.uri;
  if (u === undefined) return NONE;
  if (single) return 0;
  let start = 0;
  let len = u.length;
  if (k.pathOnly) {
    const p = pathStart(u);
    if (p < 0) len = 0;
    else {
      start = p;
      len = u.length - p;
    }
  }
  if (k.len) len = Math.min(len, k.len);
  const stopAt = k.depth ? k.depth + 1 : 0;
  let slashes = 0;
  let end = start;
  while (len-- > 0) {
    const c = u.charCodeAt(end);
    if (c === 47) {
      slashes++;
      if (slashes === stopAt) break;
    } else if (c === 63 && !k.whole) break;
    end++;
  }
  return finish(k, k.fn(u, start, end));
}

/** Find `name=value` in `s` from `from`, parameters separated by '&'; hash the value. */
function findParam(k: KeySpec, s: string, from: number, post: boolean): number {
  const name = k.name;
  const plen = name.length;
  let params = from;
  let left = s.length - from;
  while (left > plen) {
    if (s.charCodeAt(params + plen) === 61 && s.startsWith(name, params)) {
      const start = params + plen + 1;
      let end = start;
      left -= plen + 1;
      while (left && s.charCodeAt(end) !== 38) {
        if (post && !isToken(s.charCodeAt(start))) {
          // HAProxy tests the value's first byte here (sic): not URL-encoded data is no parameter.
          if (isLws(s.charCodeAt(start))) break;
          return NONE;
        }
        left--;
        end++;
      }
      return finish(k, k.fn(s, start, end));
    }
    const amp = s.indexOf('&', params);
    if (amp < 0 || amp >= params + left) return NONE;
    left -= amp + 1 - params;
    params = amp + 1;
  }
  return NONE;
}

function paramHash(k: KeySpec, ctx: LbContext | undefined): number {
  const u = ctx?.uri;
  if (u === undefined) return NONE;
  const q = u.indexOf('?');
  let h = q >= 0 ? findParam(k, u, q + 1, false) : NONE;
  if (h < 0 && k.checkPost && ctx!.method === 'POST') {
    const body = ctx!.body?.();
    if (body !== undefined) h = findParam(k, body, 0, true);
  }
  return h;
}

function isLws(c: number): boolean {
  return c === 32 || c === 9 || c === 13 || c === 10;
}

/** HTTP token characters (RFC 7230 tchar). */
function isToken(c: number): boolean {
  if (c >= 48 && c <= 57) return true;
  if ((c | 32) >= 97 && (c | 32) <= 122) return true;
  return c === 33 || (c >= 35 && c <= 39) || c === 42 || c === 43 || c === 45 || c === 46 || c === 94 || c === 95 || c === 96 || c === 124 || c === 126;
}

function headerHash(k: KeySpec, ctx: LbContext | undefined, single: boolean): number {
  if (single) return 0;
  const v = ctx?.header?.(k.name);
  if (v === undefined) return NONE;
  // The first comma-separated value (commas inside quotes do not count), without surrounding blanks.
  let start = 0;
  const n = v.length;
  while (start < n && (v.charCodeAt(start) === 32 || v.charCodeAt(start) === 9)) start++;
  let end = start;
  let quoted = false;
  while (end < n) {
    const c = v.charCodeAt(end);
    if (quoted) {
      if (c === 92) end++;
      else if (c === 34) quoted = false;
    } else if (c === 34) quoted = true;
    else if (c === 44) break;
    end++;
  }
  if (end > n) end = n;
  while (end > start && (v.charCodeAt(end - 1) === 32 || v.charCodeAt(end - 1) === 9)) end--;
  if (end === start) return NONE;
  if (!k.domainOnly) return finish(k, k.fn(v, start, end));
  // use_domain_only: from the end, skip the TLD, hash up to the previous dot.
  let len = end - start;
  let p = end;
  let stop = end;
  let dohash = false;
  while (len) {
    if (dohash) {
      if (v.charCodeAt(p - 1) === 46) break;
    } else if (p < end && v.charCodeAt(p) === 46) {
      stop = p;
      dohash = true;
    }
    p--;
    len--;
  }
  return finish(k, k.fn(v, p, stop));
}

function exprHash(k: KeySpec, ctx: LbContext | undefined, single: boolean): number {
  if (single) return 0;
  const v = ctx?.sampleKey?.();
  if (v === undefined) return NONE;
  return finish(k, k.fn(v, 0, v.length));
}

function rdpHash(k: KeySpec, ctx: LbContext | undefined, single: boolean): number {
  const b = ctx?.payload?.();
  if (!b) return NONE;
  const v = rdpCookie(b, k.name);
  if (v === undefined || v.length === 0) return NONE;
  if (single) return 0;
  return finish(k, k.fn(v, 0, v.length));
}

/** The value of RDP cookie `name` in a connection request (fetch_rdp_cookie_name()). */
export function rdpCookie(b: Buffer, name: string): string | undefined {
  let left = b.length;
  if (left <= 11) return undefined;
  let p = 11; // TPKT + length + X.224 header
  left -= 11;
  if (left <= 7 || b.toString('latin1', p, p + 7).toLowerCase() !== 'cookie:') return undefined;
  p += 7;
  left -= 7;
  while (left > 0 && b[p] === 32) {
    p++;
    left--;
  }
  const clen = name.length;
  if (clen) {
    if (left <= clen || b[p + clen] !== 61) return undefined;
    if (b.toString('latin1', p, p + clen).toLowerCase() !== name.toLowerCase()) return undefined;
    p += clen + 1;
    left -= clen + 1;
  } else {
    while (left > 0 && b[p] !== 61) {
      if (b[p] === 13 || b[p] === 10) return undefined;
      p++;
      left--;
    }
    if (left < 1) return undefined;
    p++;
    left--;
  }
  const start = p;
  while (left > 0 && b[p] !== 13) {
    p++;
    left--;
  }
  if (left < 2 || b[p] !== 13 || b[p + 1] !== 10) return undefined;
  return b.toString('latin1', start, p);
}
