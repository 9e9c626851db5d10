/** HTTP request fetches: method, URI parts, headers, cookies, body, authentication, captures. */
import type { RuleContext } from '../context.js';
import { parseRequestHead } from '../../http/h1-request.js';
import { RulesError } from '../compile-env.js';
import { strToInt32, type SampleValue } from '../sample.js';
import { queryParam, targetAuthority } from '../uri.js';
import { argInt, simple, type Fetch, type FetchBuilder } from './types.js';
import { cookieValues, headerCount, headerOcc, headerValues } from './headers.js';
import { sdbmFull } from '../conv/hash.js';
import { parseIPv4 } from '../ip.js';

function hostOf(ctx: RuleContext): string | undefined {
  return ctx.reqHeader('host');
}

/** hdr(name[,occ]) / fhdr(name[,occ]) over request (`res` false) or response headers. */
export function headerFetch(res: boolean, split: boolean): FetchBuilder {
  return (args) => {
    const lname = (args[0] ?? '').toLowerCase();
    const occ = argInt(args, 1, 0);
    const heads = res ? (c: RuleContext) => c.resHeaders() : (c: RuleContext) => c.reqHeaders();
    // Reused by every call: an ACL reads the values at once and keeps none (no array per test).
    const scratch: string[] = [];
    const f: Fetch = {
      type: 'str',
      one: (c) => headerOcc(heads(c), lname, split, occ === 0 ? -1 : occ),
      all: (c) => {
        if (occ !== 0) {
          const v = headerOcc(heads(c), lname, split, occ);
          return v === undefined ? undefined : [v];
        }
        const v = headerValues(heads(c), lname, split, scratch);
        return v.length === 0 ? undefined : v;
      },
    };
    return f;
  };
}

export function headerCountFetch(res: boolean, split: boolean): FetchBuilder {
  return (args) => {
    const lname = (args[0] ?? '').toLowerCase();
    return { type: 'sint', one: (c) => headerCount(res ? c.resHeaders() : c.reqHeaders(), lname, split) };
  };
}

/** hdr_val: the header's value as an integer. */
export function headerValFetch(res: boolean): FetchBuilder {
  return (args, env) => {
    const h = headerFetch(res, true)(args, env);
    // As HAProxy (strl2ic): a 32-bit wrapping parse; no digit at all is 0.
    const conv = (v: SampleValue): number | undefined => strToInt32(String(v));
    return {
      type: 'sint',
      one: (c) => {
        const v = h.one(c);
        return v === undefined ? undefined : conv(v);
      },
      all: (c) => {
        const v = h.all!(c);
        if (!v) return undefined;
        const out: number[] = [];
        for (const x of v) {
          const n = conv(x);
          if (n !== undefined) out.push(n);
        }
        return out;
      },
    };
  };
}

export function headerIpFetch(res: boolean): FetchBuilder {
  return (args, env) => {
    const h = headerFetch(res, true)(args, env);
    const ip = (v: SampleValue | undefined): string | undefined => {
      if (v === undefined) return undefined;
      const s = String(v).trim();
      return parseIPv4(s) !== undefined || s.includes(':') ? s : undefined;
    };
    return {
      type: 'ipv4',
      one: (c) => ip(h.one(c)),
      all: (c) => (h.all!(c) ?? []).map(ip).filter((x): x is string => x !== undefined),
    };
  };
}

/** req.cook(name) / res.cook(name): the last occurrence for samples, every one for ACLs. */
export function cookieFetch(res: boolean): FetchBuilder {
  return (args) => {
    const name = args[0] ?? '';
    const hdr = res ? 'set-cookie' : 'cookie';
    return {
      type: 'str',
      one: (c) => {
        const v = cookieValues(res ? c.resHeaders() : c.reqHeaders(), hdr, name);
        return name === '' ? v[0] : v[v.length - 1];
      },
      all: (c) => {
        const v = cookieValues(res ? c.resHeaders() : c.reqHeaders(), hdr, name);
        return v.length === 0 ? undefined : v;
      },
    };
  };
}

export function cookieCountFetch(res: boolean): FetchBuilder {
  return (args) => {
    const name = args[0] ?? '';
    return { type: 'sint', one: (c) => cookieValues(res ? c.resHeaders() : c.reqHeaders(), res ? 'set-cookie' : 'cookie', name).length };
  };
}

export function cookieValFetch(res: boolean): FetchBuilder {
  return (args, env) => {
    const f = cookieFetch(res)(args, env);
    const n = (v: SampleValue | undefined): number | undefined => {
      if (v === undefined) return undefined;
      const x = parseInt(String(v), 10);
      return Number.isNaN(x) ? undefined : x;
    };
    return { type: 'sint', one: (c) => n(f.one(c)), all: (c) => (f.all!(c) ?? []).map(n).filter((x): x is number => x !== undefined) };
  };
}

const urlParam: FetchBuilder = (args) => {
  const name = args[0] ?? '';
  const delim = args[1] === undefined || args[1] === '' ? undefined : args[1];
  const q = (c: RuleContext): string | undefined => {
    const req = c.req;
    if (!req) return undefined;
    if (delim === undefined) return c.query();
    const t = req.target;
    const i = t.indexOf('?');
    const j = t.indexOf(delim);
    const k = i < 0 ? j : j < 0 ? i : Math.min(i, j);
    return k < 0 ? undefined : t.slice(k + 1);
  };
  return {
    type: 'str',
    one: (c) => {
      const s = q(c);
      return s === undefined ? undefined : queryParam(s, name, delim);
    },
    all: (c) => {
      const s = q(c);
      if (s === undefined) return undefined;
      const out: string[] = [];
      queryParam(s, name, delim, out);
      return out.length ? out : undefined;
    },
  };
};

const urlParamVal: FetchBuilder = (args, env) => {
  const f = urlParam(args, env);
  return {
    type: 'sint',
    one: (c) => {
      const v = f.one(c);
      if (v === undefined) return undefined;
      const n = parseInt(String(v), 10);
      return Number.isNaN(n) ? undefined : n;
    },
  };
};

function base(c: RuleContext, withQuery: boolean): string | undefined {
  const host = hostOf(c);
  const p = withQuery ? c.pathq() : c.path();
  if (p === undefined) return undefined;
  return (host ?? '') + p;
}

/** req.body_param(name): application/x-www-form-urlencoded parameters of the body. */
const bodyParam: FetchBuilder = (args) => {
  const name = args[0] ?? '';
  return {
    type: 'bin',
    one: (c) => (c.reqBody ? queryParam(c.reqBody.toString('latin1'), name, undefined) : undefined),
    all: (c) => {
      if (!c.reqBody) return undefined;
      const out: string[] = [];
      queryParam(c.reqBody.toString('latin1'), name, undefined, out);
      return out.length ? out : undefined;
    },
  };
};

/** Basic credentials of the Authorization header: [user, pass], or undefined. */
export function basicCredentials(c: RuleContext): readonly [string, string] | undefined {
  const a = c.reqHeader('authorization');
  if (a === undefined) return undefined;
  const sp = a.indexOf(' ');
  if (sp < 0 || a.slice(0, sp).toLowerCase() !== 'basic') return undefined;
  const dec = Buffer.from(a.slice(sp + 1).trim(), 'base64').toString('latin1');
  const colon = dec.indexOf(':');
  if (colon < 0) return undefined;
  return [dec.slice(0, colon), dec.slice(colon + 1)];
}

const httpAuth: FetchBuilder = (args, env) => {
  const ul = env.userlists.get(args[0] ?? '');
  if (!ul) throw new RulesError(`unable to find userlist '${args[0] ?? ''}'`);
  return {
    type: 'bool',
    one: (c) => {
      const cr = basicCredentials(c);
      return cr !== undefined && ul.check(cr[0], cr[1]);
    },
  };
};

/** http_auth_group(L): the groups of the authenticated user (an ACL matches group names). */
const httpAuthGroup: FetchBuilder = (args, env) => {
  const ul = env.userlists.get(args[0] ?? '');
  if (!ul) throw new RulesError(`unable to find userlist '${args[0] ?? ''}'`);
  const groups = (c: RuleContext): string[] | undefined => {
    const cr = basicCredentials(c);
    if (!cr || !ul.check(cr[0], cr[1])) return undefined;
    return ul.groupsOf(cr[0]);
  };
  return {
    type: 'str',
    one: (c) => {
      const cr = basicCredentials(c);
      return cr && ul.check(cr[0], cr[1]) ? cr[0] : undefined;
    },
    all: groups,
  };
};

function authType(c: RuleContext): string | undefined {
  const a = c.reqHeader('authorization');
  if (a === undefined) return undefined;
  const sp = a.indexOf(' ');
  return sp < 0 ? a : a.slice(0, sp);
}

function captureFetch(res: boolean): FetchBuilder {
  return (args) => {
    const idx = argInt(args, 0, 0);
    return { type: 'str', one: (c) => (res ? c.resCaptures[idx] : c.reqCaptures[idx]) };
  };
}

function reqVer(c: RuleContext): string | undefined {
  return c.req ? (c.req.version === 11 ? '1.1' : '1.0') : undefined;
}

function urlIp(c: RuleContext): string | undefined {
  if (!c.req) return undefined;
  const a = targetAuthority(c.req.target);
  const host = a.replace(/:\d+$/, '');
  return parseIPv4(host) !== undefined ? host : undefined;
}

function urlPort(c: RuleContext): number | undefined {
  if (!c.req) return undefined;
  const a = targetAuthority(c.req.target);
  const m = /:(\d+)$/.exec(a);
  return m ? Number(m[1]) : a === '' ? undefined : 80;
}

const EMPTY = Buffer.alloc(0);

/** In tcp mode, whether the bytes so far start a valid HTTP/1 request head (waiting while incomplete). */
function protoHttp(c: RuleContext): boolean | undefined {
  if (c.req !== undefined) return true;
  const p = c.payload;
  if (p === undefined || p.length === 0) {
    if (!c.payloadFinal) c.mayChange = true;
    return c.payloadFinal ? false : undefined;
  }
  const r = parseRequestHead(p);
  if (r.kind === 'incomplete') {
    if (!c.payloadFinal) {
      c.mayChange = true;
      return undefined;
    }
    return false;
  }
  return r.kind === 'head';
}

export const HTTP_REQ_FETCHES: Record<string, FetchBuilder> = {
  method: simple('meth', (c) => c.req?.method),
  'capture.req.method': simple('str', (c) => c.req?.method),
  path: simple('str', (c) => c.path()),
  pathq: simple('str', (c) => c.pathq()),
  query: simple('str', (c) => c.query()),
  url: simple('str', (c) => c.req?.target),
  'capture.req.uri': simple('str', (c) => c.req?.target),
  'capture.req.ver': simple('str', (c) => (c.req ? `HTTP/${reqVer(c)}` : undefined)),
  url_ip: simple('ipv4', urlIp),
  url_port: simple('sint', urlPort),
  base: simple('str', (c) => base(c, false)),
  baseq: simple('str', (c) => base(c, true)),
  base32: simple('sint', (c) => {
    const b = base(c, false);
    return b === undefined ? undefined : sdbmFull(b);
  }),
  url32: simple('sint', (c) => {
    const h = hostOf(c);
    return c.req ? sdbmFull((h ?? '') + c.req.target) : undefined;
  }),
  url_param: urlParam,
  urlp: urlParam,
  urlp_val: urlParamVal,
  'req.hdr': headerFetch(false, true),
  hdr: headerFetch(false, true),
  'req.fhdr': headerFetch(false, false),
  'req.hdr_cnt': headerCountFetch(false, true),
  hdr_cnt: headerCountFetch(false, true),
  'req.fhdr_cnt': headerCountFetch(false, false),
  'req.hdr_val': headerValFetch(false),
  hdr_val: headerValFetch(false),
  'req.hdr_ip': headerIpFetch(false),
  hdr_ip: headerIpFetch(false),
  'req.hdr_names': (args) => {
    const d = args[0] ?? ',';
    return { type: 'str', one: (c) => (c.req ? c.req.headers.map((h) => h.lname).join(d) : undefined) };
  },
  'req.hdrs': simple('bin', (c) => (c.req ? c.req.headers.map((h) => `${h.name}: ${h.value}\r\n`).join('') + '\r\n' : undefined)),
  'req.cook': cookieFetch(false),
  cook: cookieFetch(false),
  cookie: cookieFetch(false),
  'req.cook_cnt': cookieCountFetch(false),
  cook_cnt: cookieCountFetch(false),
  'req.cook_val': cookieValFetch(false),
  cook_val: cookieValFetch(false),
  // A request without a body has an empty one (HAProxy answers '' and 0).
  'req.body': simple('bin', (c) => c.reqBody ?? (c.req?.framing.kind === 'none' ? EMPTY : undefined)),
  'req.body_len': simple('sint', (c) => c.reqBody?.length ?? (c.req?.framing.kind === 'none' ? 0 : undefined)),
  'req.body_size': simple('sint', (c) => {
    const f = c.req?.framing;
    return f?.kind === 'length' ? f.length : f?.kind === 'none' ? 0 : c.reqBody?.length;
  }),
  'req.body_param': bodyParam,
  'req.ver': simple('str', reqVer),
  req_ver: simple('str', reqVer),
  'req.proto_http': simple('bool', protoHttp),
  req_proto_http: simple('bool', protoHttp),
  http_first_req: simple('bool', (c) => c.reqCount === 1),
  http_auth: httpAuth,
  http_auth_group: httpAuthGroup,
  http_auth_type: simple('str', authType),
  http_auth_user: simple('str', (c) => basicCredentials(c)?.[0]),
  http_auth_pass: simple('str', (c) => basicCredentials(c)?.[1]),
  http_auth_bearer: (args) => {
    const h = (args[0] ?? 'authorization').toLowerCase();
    return {
      type: 'str',
      one: (c) => {
        const a = c.reqHeader(h);
        if (a === undefined) return undefined;
        const sp = a.indexOf(' ');
        return sp > 0 && a.slice(0, sp).toLowerCase() === 'bearer' ? a.slice(sp + 1).trim() : undefined;
      },
    };
  },
  'capture.req.hdr': captureFetch(false),
  'capture.res.hdr': captureFetch(true),
};
