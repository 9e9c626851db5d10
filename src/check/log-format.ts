/**
 * The small part of HAProxy's log-format language health checks need: literal text and
 * %[fetch,conv,...] with the fetches res.payload(off,len), var(name), str(text), date() and the
 * converters cut_crlf, ltrim(c), rtrim(c), hex, htonl, lower, upper. Compiled once to a function.
 */

export interface LfContext {
  /** Bytes received by the check so far. */
  readonly payload: Buffer;
  /** Preset check variables (check.username, check.smtp_cmd ...). */
  readonly vars: ReadonlyMap<string, Buffer | number>;
}

type Value = Buffer | number;
export type LfFunction = (ctx: LfContext) => Buffer;

function fetch(name: string, args: string[], ctx: LfContext): Value | undefined {
  switch (name) {
    case 'res.payload':
    case 'req.payload': {
      const off = Number(args[0] ?? 0);
      const len = Number(args[1] ?? 0);
      if (off > ctx.payload.length) return undefined;
      return len === 0 ? ctx.payload.subarray(off) : ctx.payload.subarray(off, off + len);
    }
    case 'var':
      return ctx.vars.get(args[0] ?? '');
    case 'str':
      return Buffer.from(args[0] ?? '', 'latin1');
    case 'date':
      return Math.floor(Date.now() / 1000);
    default:
      return undefined;
  }
}

function toBuf(v: Value): Buffer {
  return typeof v === 'number' ? Buffer.from(String(v), 'latin1') : v;
}

function convert(name: string, args: string[], v: Value): Value | undefined {
  switch (name) {
    case 'cut_crlf': {
      const b = toBuf(v);
      let i = 0;
      while (i < b.length && b[i] !== 0x0d && b[i] !== 0x0a) i++;
      return b.subarray(0, i);
    }
    case 'ltrim':
    case 'rtrim': {
      const b = toBuf(v);
      const set = new Set(Buffer.from(args[0] ?? '', 'latin1'));
      let s = 0;
      let e = b.length;
      if (name === 'ltrim') while (s < e && set.has(b[s]!)) s++;
      else while (e > s && set.has(b[e - 1]!)) e--;
      return b.subarray(s, e);
    }
    case 'hex':
      return Buffer.from(toBuf(v).toString('hex').toUpperCase(), 'latin1');
    case 'htonl': {
      const out = Buffer.alloc(4);
      out.writeUInt32BE((typeof v === 'number' ? v : Number(v.toString('latin1'))) >>> 0);
      return out;
    }
    case 'lower':
      return Buffer.from(toBuf(v).toString('latin1').toLowerCase(), 'latin1');
    case 'upper':
      return Buffer.from(toBuf(v).toString('latin1').toUpperCase(), 'latin1');
    default:
      return undefined;
  }
}

/** Split "name(a,b)" into its name and arguments (quotes around an argument are removed). */
function call(text: string): { name: string; args: string[] } {
  const p = text.indexOf('(');
  if (p < 0 || !text.endsWith(')')) return { name: text.trim(), args: [] };
  const inner = text.slice(p + 1, -1);
  const args = inner === '' ? [] : splitTop(inner, ',').map((a) => a.trim().replace(/^'(.*)'$/s, '$1').replace(/^"(.*)"$/s, '$1'));
  return { name: text.slice(0, p).trim(), args };
}

/** Split on a separator outside parentheses and quotes. */
function splitTop(s: string, sep: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let q = '';
  let cur = '';
  for (const ch of s) {
    if (q) {
      if (ch === q) q = '';
    } else if (ch === "'" || ch === '"') q = ch;
    else if (ch === '(') depth++;
    else if (ch === ')') depth--;
    else if (ch === sep && depth === 0) {
      out.push(cur);
      cur = '';
      continue;
    }
    cur += ch;
  }
  out.push(cur);
  return out;
}

/** Compile a log-format string. Unknown fetches or converters produce nothing, as a missing sample. */
export function compileLogFormat(fmt: string): LfFunction {
  const parts: Array<Buffer | { fetch: { name: string; args: string[] }; convs: Array<{ name: string; args: string[] }> }> = [];
  let lit = '';
  for (let i = 0; i < fmt.length; ) {
    if (fmt.startsWith('%[', i)) {
      let depth = 0;
      let j = i + 2;
      for (; j < fmt.length; j++) {
        if (fmt[j] === '(') depth++;
        else if (fmt[j] === ')') depth--;
        else if (fmt[j] === ']' && depth === 0) break;
      }
      if (lit) parts.push(Buffer.from(lit, 'latin1'));
      lit = '';
      const [f, ...convs] = splitTop(fmt.slice(i + 2, j), ',');
      parts.push({ fetch: call(f ?? ''), convs: convs.map(call) });
      i = j + 1;
    } else if (fmt.startsWith('%%', i)) {
      lit += '%';
      i += 2;
    } else {
      lit += fmt[i];
      i++;
    }
  }
  if (lit) parts.push(Buffer.from(lit, 'latin1'));
  return (ctx) => {
    const out: Buffer[] = [];
    for (const p of parts) {
      if (Buffer.isBuffer(p)) {
        out.push(p);
        continue;
      }
      let v = fetch(p.fetch.name, p.fetch.args, ctx);
      for (const c of p.convs) if (v !== undefined) v = convert(c.name, c.args, v);
      if (v !== undefined) out.push(toBuf(v));
    }
    return Buffer.concat(out);
  };
}

/** HAProxy's parse_binary(): a hex string to bytes (odd length or bad digit: undefined). */
export function parseHex(s: string): Buffer | undefined {
  if (s.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(s)) return undefined;
  return Buffer.from(s, 'hex');
}
