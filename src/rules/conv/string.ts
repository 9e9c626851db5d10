/** String converters: case, length, slicing, fields and words, regsub, encodings, JSON, host/port. */
import { RulesError } from '../compile-env.js';
import { toBin, toStr, type SampleValue } from '../sample.js';
import { needInt, plain, type ConvBuilder } from './types.js';
import { parseVarName } from '../fetch/misc.js';

/** field(index,delims[,count]) / word(index,delims[,count]): 1-based, negative from the end. */
function pieces(words: boolean): ConvBuilder {
  return (args) => {
    const name = words ? 'word' : 'field';
    const index = needInt(args[0], name);
    const delims = args[1] ?? '';
    if (delims === '') throw new RulesError(`converter '${name}' expects delimiters`);
    const count = needInt(args[2], name, 1);
    if (index === 0) throw new RulesError(`converter '${name}': index must not be 0`);
    const set = new Set(delims);
    return {
      out: 'str',
      fn: (v) => {
        const s = toStr(v);
        let parts: string[] = [];
        let cur = '';
        for (const c of s) {
          if (set.has(c)) {
            parts.push(cur);
            cur = '';
          } else cur += c;
        }
        parts.push(cur);
        if (words) parts = parts.filter((p) => p !== '');
        const joiner = delims[0]!;
        const n = parts.length;
        let start = index > 0 ? index - 1 : n + index;
        if (start < 0 || start >= n) return '';
        let end = count === 0 ? (index > 0 ? n : start + 1) : start + count;
        if (index < 0 && count !== 0) {
          end = start + 1;
          start = Math.max(0, start - count + 1);
        }
        if (index < 0 && count === 0) start = 0;
        return parts.slice(start, Math.min(end, n)).join(joiner);
      },
    };
  };
}

/** regsub(regex,subst[,flags]): PCRE-style `\1` references in `subst`. */
const regsub: ConvBuilder = (args) => {
  const flags = args[2] ?? '';
  if (/[^ig]/.test(flags)) throw new RulesError(`invalid regex flag '${flags}', only 'i' and 'g' are supported`);
  let re: RegExp;
  try {
    re = new RegExp(args[0] ?? '', flags);
  } catch (e) {
    throw new RulesError(`invalid regex '${args[0] ?? ''}': ${(e as Error).message}`);
  }
  const subst = (args[1] ?? '').replace(/\$/g, '$$$$').replace(/\\([0-9])/g, '$$$1');
  return { out: 'str', fn: (v) => toStr(v).replace(re, subst) };
};

const URL_SAFE = /[A-Za-z0-9\-._~]/;

function urlEnc(s: string): string {
  let o = '';
  for (const b of Buffer.from(s, 'utf8')) {
    const c = String.fromCharCode(b);
    o += URL_SAFE.test(c) ? c : '%' + b.toString(16).toUpperCase().padStart(2, '0');
  }
  return o;
}

export function urlDecode(s: string, inForm: boolean): string | undefined {
  const out: number[] = [];
  let q = inForm;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 63 /* ? */) q = true;
    if (c === 37 /* % */) {
      const h = s.slice(i + 1, i + 3);
      if (!/^[0-9a-fA-F]{2}$/.test(h)) return undefined;
      out.push(parseInt(h, 16));
      i += 2;
    } else if (c === 43 /* + */ && q) out.push(32);
    else out.push(c & 0xff);
  }
  return Buffer.from(out).toString('latin1');
}

/** HAProxy's json converter (ascii mode by default, 'utf8' / 'utf8s' / 'utf8p' / 'utf8ps' keep UTF-8). */
const json: ConvBuilder = (args) => {
  const mode = args[0] ?? 'ascii';
  if (!['ascii', 'utf8', 'utf8s', 'utf8p', 'utf8ps'].includes(mode)) throw new RulesError(`Unexpected input code type. Allowed value are 'ascii', 'utf8', 'utf8s', 'utf8p' and 'utf8ps'`);
  const utf8 = mode !== 'ascii';
  return {
    out: 'str',
    fn: (v) => {
      const s = utf8 ? Buffer.from(toStr(v), 'latin1').toString('utf8') : toStr(v);
      let o = '';
      for (const ch of s) {
        const c = ch.codePointAt(0)!;
        if (ch === '"') o += '\\"';
        else if (ch === '\\') o += '\\\\';
        else if (ch === '/') o += '\\/';
        else if (ch === '\b') o += '\\b';
        else if (ch === '\f') o += '\\f';
        else if (ch === '\r') o += '\\r';
        else if (ch === '\n') o += '\\n';
        else if (ch === '\t') o += '\\t';
        else if (c < 0x20 || c > 0x7e) {
          if (utf8 && c > 0x7e) o += ch;
          else o += '\\u' + c.toString(16).padStart(4, '0');
        } else o += ch;
      }
      return utf8 ? Buffer.from(o, 'utf8').toString('latin1') : o;
    },
  };
};

/** host_only / port_only on a Host header value (IPv6 in brackets kept together). */
function splitHostPort(s: string): [string, string | undefined] {
  if (s.startsWith('[')) {
    const e = s.indexOf(']');
    if (e < 0) return [s, undefined];
    const rest = s.slice(e + 1);
    return [s.slice(0, e + 1), rest.startsWith(':') ? rest.slice(1) : undefined];
  }
  const c = s.lastIndexOf(':');
  return c < 0 ? [s, undefined] : [s.slice(0, c), s.slice(c + 1)];
}

const concat: ConvBuilder = (args) => {
  const pre = args[0] ?? '';
  const varName = args[1];
  const post = args[2] ?? '';
  const ref = varName ? parseVarName(varName) : undefined;
  return {
    out: 'str',
    fn: (v, ctx) => {
      let mid = '';
      if (ref) {
        const x = ctx.getVar(ref.scope, ref.name);
        if (x !== undefined) mid = toStr(x);
      }
      return toStr(v) + pre + mid + post;
    },
  };
};

function trim(left: boolean): ConvBuilder {
  return (args) => {
    const set = new Set(args[0] ?? '');
    return {
      out: 'str',
      fn: (v) => {
        const s = toStr(v);
        let a = 0;
        let b = s.length;
        if (left) while (a < b && set.has(s[a]!)) a++;
        else while (b > a && set.has(s[b - 1]!)) b--;
        return s.slice(a, b);
      },
    };
  };
}

function b64url(b: Buffer): string {
  return b.toString('base64').replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export const STRING_CONVERTERS: Record<string, ConvBuilder> = {
  lower: plain('str', (v) => toStr(v).toLowerCase()),
  upper: plain('str', (v) => toStr(v).toUpperCase()),
  length: plain('sint', (v) => (Buffer.isBuffer(v) ? v.length : toStr(v).length)),
  bytes: (args) => {
    const off = needInt(args[0], 'bytes');
    const len = args[1] === undefined || args[1] === '' ? undefined : needInt(args[1], 'bytes');
    return {
      out: 'bin',
      fn: (v) => {
        const b = toBin(v);
        if (off >= b.length) return undefined;
        return b.subarray(off, len === undefined ? b.length : Math.min(b.length, off + len));
      },
    };
  },
  field: pieces(false),
  word: pieces(true),
  regsub,
  concat,
  ltrim: trim(true),
  rtrim: trim(false),
  cut_crlf: plain('str', (v) => {
    const s = toStr(v);
    const i = s.search(/[\r\n]/);
    return i < 0 ? s : s.slice(0, i);
  }),
  url_enc: (args) => {
    if (args[0] !== undefined && args[0] !== 'query') throw new RulesError(`url_enc: unexpected encoding type '${args[0]}'`);
    return { out: 'str', fn: (v) => urlEnc(toStr(v)) };
  },
  url_dec: (args) => {
    const inForm = args[0] !== undefined && args[0] !== '' && args[0] !== '0';
    return { out: 'str', fn: (v) => urlDecode(toStr(v), inForm) };
  },
  base64: plain('str', (v) => toBin(v).toString('base64')),
  b64dec: plain('bin', (v) => Buffer.from(toStr(v), 'base64')),
  ub64enc: plain('str', (v) => b64url(toBin(v))),
  ub64dec: plain('bin', (v) => Buffer.from(toStr(v).replace(/-/g, '+').replace(/_/g, '/'), 'base64')),
  hex: plain('str', (v) => toBin(v).toString('hex').toUpperCase()),
  hex2i: plain('sint', (v) => {
    const n = parseInt(toStr(v), 16);
    return Number.isNaN(n) ? 0 : n;
  }),
  be2dec: (args) => {
    const sep = args[0] ?? '';
    const chunk = needInt(args[1], 'be2dec');
    const trunc = args[2] !== undefined && args[2] !== '' && args[2] !== '0';
    return {
      out: 'str',
      fn: (v) => {
        const b = toBin(v);
        const out: string[] = [];
        for (let i = 0; i + (trunc ? chunk : 1) <= b.length; i += chunk) {
          let n = 0;
          for (let k = i; k < Math.min(i + chunk, b.length); k++) n = n * 256 + b[k]!;
          out.push(String(n));
        }
        return out.join(sep);
      },
    };
  },
  be2hex: (args) => {
    const sep = args[0] ?? '';
    const chunk = args[1] ? needInt(args[1], 'be2hex') : 1;
    return {
      out: 'str',
      fn: (v) => {
        const h = toBin(v).toString('hex').toUpperCase();
        const out: string[] = [];
        for (let i = 0; i < h.length; i += chunk * 2) out.push(h.slice(i, i + chunk * 2));
        return out.join(sep);
      },
    };
  },
  json,
  host_only: plain('str', (v) => splitHostPort(toStr(v))[0]),
  port_only: plain('sint', (v) => {
    // As HAProxy: no port is 0.
    const p = splitHostPort(toStr(v))[1];
    return p === undefined ? 0 : Number(p) || 0;
  }),
  strcmp: (args) => {
    const ref = parseVarName(args[0] ?? '');
    return {
      out: 'sint',
      fn: (v, ctx) => {
        const x = ctx.getVar(ref.scope, ref.name);
        if (x === undefined) return undefined;
        const a = toStr(v);
        const b = toStr(x);
        return a < b ? -1 : a > b ? 1 : 0;
      },
    };
  },
  secure_memcmp: (args) => {
    const ref = parseVarName(args[0] ?? '');
    return {
      out: 'bool',
      fn: (v, ctx) => {
        const x = ctx.getVar(ref.scope, ref.name);
        return x !== undefined && toBin(v).equals(toBin(x));
      },
    };
  },
  language: (args) => {
    const list = (args[0] ?? '').split(';').filter((x) => x);
    const dflt = args[1];
    return {
      out: 'str',
      fn: (v) => {
        const wanted = toStr(v)
          .split(',')
          .map((x) => {
            const [tag, ...params] = x.trim().split(';');
            const q = params.map((p) => /^\s*q=([\d.]+)/.exec(p)?.[1]).find((p) => p !== undefined);
            return { tag: (tag ?? '').trim(), q: q === undefined ? 1 : Number(q) };
          })
          .filter((x) => x.q > 0)
          .sort((a, b) => b.q - a.q);
        for (const w of wanted) for (const l of list) if (l === w.tag || (w.tag === '*' && l)) return l;
        return dflt;
      },
    };
  },
};

export type { SampleValue };
