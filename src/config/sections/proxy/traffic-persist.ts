/**
 * Persistence: `cookie`, `stick-table`, `stick on|match|store-request|store-response`.
 * Messages are HAProxy 2.6's (cfg_parse_listen() and stick_table.c parse_stick_table()).
 */
import { ConfigError } from '../../diagnostics.js';
import type { Keyword, ParseContext } from '../../keyword.js';
import { CAP_BE, type CookieModel, type ProxyModel, type StickTableModel } from '../../model/proxy.js';
import { splitCondition } from '../../model/rule.js';
import { parseSize, parseTime, TIMER_MAX_MS, UnitError } from '../../units.js';
import { alertTight, refuseInDefaults, warnIfNotCap, warnTight } from './traffic-cap.js';

type K = Keyword<ProxyModel>;
const present = (s: string | undefined): s is string => s !== undefined && s !== '';

/** Thrown after a tight ("parsing [f:l]: ") alert was already emitted: stop parsing the line. */
class Reported extends Error {}

function tightFail(ctx: ParseContext, msg: string): never {
  alertTight(ctx, msg);
  throw new Reported();
}

/** A time in seconds for cookie maxidle/maxlife, with HAProxy's messages. */
function cookieSeconds(ctx: ParseContext, opt: string, v: string): number {
  try {
    const ms = parseTime(v, 1000);
    if (ms / 1000 > TIMER_MAX_MS)
      tightFail(ctx, `timer overflow in argument <${v}> to <${opt}>, maximum value is 2147483647 s (~68 years).`);
    return Math.floor(ms / 1000);
  } catch (e) {
    if (e instanceof UnitError) {
      if (e.message === 'timer overflow')
        tightFail(ctx, `timer overflow in argument <${v}> to <${opt}>, maximum value is 2147483647 s (~68 years).`);
      const m = /'(.)'/.exec(e.message);
      tightFail(ctx, `unexpected character '${m?.[1] ?? v[0] ?? ''}' in argument to <${opt}>.`);
    }
    throw e;
  }
}

const COOKIE_FLAGS = ['indirect', 'nocache', 'postonly', 'preserve', 'httponly', 'secure', 'dynamic'] as const;
const COOKIE_MODES = ['rewrite', 'insert', 'prefix'] as const;

function parseCookie(p: ProxyModel, args: readonly string[], ctx: ParseContext): void {
  warnIfNotCap(p, CAP_BE, 'cookie', ctx);
  if (!present(args[1])) throw new ConfigError(`'cookie' expects <cookie_name> as argument.`);
  const flags = new Set<string>();
  const modes = new Set<string>();
  const domains: string[] = [];
  const attrs: string[] = [];
  let maxidle: number | undefined;
  let maxlife: number | undefined;
  for (let i = 2; present(args[i]); i++) {
    const w = args[i]!;
    const v = args[i + 1];
    if ((COOKIE_MODES as readonly string[]).includes(w)) modes.add(w);
    else if (w === 'dynamic') {
      warnIfNotCap(p, CAP_BE, 'dynamic', ctx);
      flags.add(w);
    } else if ((COOKIE_FLAGS as readonly string[]).includes(w)) flags.add(w);
    else if (w === 'domain') {
      if (!present(v)) tightFail(ctx, `'domain' expects <domain> as argument.`);
      if (!v.includes('.'))
        warnTight(ctx, `domain '${v}' contains no embedded dot, this configuration may not work properly (see RFC6265#5.2.3).`);
      const bad = [...v].find((c) => !/[A-Za-z0-9_.-]/.test(c));
      if (bad !== undefined) tightFail(ctx, `character '${bad}' is not permitted in domain name '${v}'.`);
      domains.push(v);
      i++;
    } else if (w === 'maxidle' || w === 'maxlife') {
      if (!present(v))
        tightFail(ctx, `'${w}' expects <${w === 'maxidle' ? 'idletime' : 'lifetime'}> in seconds as argument.`);
      if (w === 'maxidle') maxidle = cookieSeconds(ctx, w, v);
      else maxlife = cookieSeconds(ctx, w, v);
      i++;
    } else if (w === 'attr') {
      if (!present(v)) tightFail(ctx, `'attr' expects <value> as argument.`);
      for (const c of v) {
        const code = c.charCodeAt(0);
        if (code < 32 || code === 127 || c === ';')
          tightFail(ctx, `character '%x${code.toString(16).toUpperCase().padStart(2, '0')}' is not permitted in attribute value.`);
      }
      attrs.push(v);
      i++;
    } else {
      throw new ConfigError(
        `'cookie' supports 'rewrite', 'insert', 'prefix', 'indirect', 'nocache', 'postonly', 'domain', 'maxidle', 'dynamic', 'maxlife' and 'attr' options.`,
      );
    }
  }
  let bad = false;
  if (modes.has('rewrite') && flags.has('indirect')) {
    ctx.alert(`cookie 'rewrite' and 'indirect' modes are incompatible.`);
    bad = true;
  }
  if (modes.size > 1) {
    ctx.alert(`cookie 'rewrite', 'insert' and 'prefix' modes are incompatible.`);
    bad = true;
  }
  if (flags.has('preserve') && !modes.has('insert') && !flags.has('indirect')) {
    ctx.alert(`cookie 'preserve' requires at least 'insert' or 'indirect'.`);
    bad = true;
  }
  const mode = [...modes][0] as CookieModel['mode'];
  const cookie: CookieModel = {
    name: args[1],
    ...(mode ? { mode } : {}),
    indirect: flags.has('indirect'),
    nocache: flags.has('nocache'),
    postonly: flags.has('postonly'),
    preserve: flags.has('preserve'),
    httponly: flags.has('httponly'),
    secure: flags.has('secure'),
    domains,
    ...(maxidle !== undefined ? { maxidle } : {}),
    ...(maxlife !== undefined ? { maxlife } : {}),
    dynamic: flags.has('dynamic'),
    attrs,
  };
  if (!bad) p.cookie = cookie;
}

/** Stick-table data types of HAProxy 2.6: name -> needs a period / takes an array size. */
export const STICK_DATA_TYPES: Readonly<Record<string, { period?: boolean; array?: boolean }>> = {
  server_id: {},
  gpt0: {},
  gpc0: {},
  gpc0_rate: { period: true },
  conn_cnt: {},
  conn_rate: { period: true },
  conn_cur: {},
  sess_cnt: {},
  sess_rate: { period: true },
  http_req_cnt: {},
  http_req_rate: { period: true },
  http_err_cnt: {},
  http_err_rate: { period: true },
  bytes_in_cnt: {},
  bytes_in_rate: { period: true },
  bytes_out_cnt: {},
  bytes_out_rate: { period: true },
  gpc1: {},
  gpc1_rate: { period: true },
  server_key: {},
  http_fail_cnt: {},
  http_fail_rate: { period: true },
  gpt: { array: true },
  gpc: { array: true },
  gpc_rate: { array: true, period: true },
};

const TABLE_TYPES = ['ip', 'ipv6', 'integer', 'string', 'binary'] as const;

/** Parse `stick-table` arguments (also used by `peers` sections' `table`). `what` prefixes messages. */
export function parseStickTable(args: readonly string[], from: number, ctx: ParseContext, what = 'stick-table'): StickTableModel {
  const fail = (m: string): never => {
    throw new ConfigError(`${what}: ${m}`);
  };
  let type: StickTableModel['type'] | undefined;
  let len: number | undefined;
  let size = 0;
  let expire: number | undefined;
  let nopurge = false;
  let peers: string | undefined;
  let srvkey: string | undefined;
  const store: Array<{ type: string; period?: number; count?: number }> = [];
  for (let i = from; present(args[i]); i++) {
    const w = args[i]!;
    const v = args[i + 1];
    if (w === 'size') {
      if (!present(v)) fail(`missing argument after '${w}'.`);
      try {
        size = parseSize(v);
      } catch {
        fail(`unexpected character '${v.replace(/^\d+/, '')[0] ?? ''}' in argument of '${w}'.`);
      }
      i++;
    } else if (w === 'peers') {
      if (!present(v)) fail(`missing argument after '${w}'.`);
      peers = v;
      i++;
    } else if (w === 'expire') {
      if (!present(v)) fail(`missing argument after '${w}'.`);
      try {
        expire = parseTime(v);
      } catch (e) {
        if (e instanceof UnitError && e.message === 'timer overflow') {
          alertTight(ctx, `${what}: timer overflow in argument <${v}> to <${w}>, maximum value is 2147483647 ms (~24.8 days).`);
          throw new Reported();
        }
        const m = e instanceof UnitError ? /'(.)'/.exec(e.message) : null;
        fail(`unexpected character '${m?.[1] ?? ''}' in argument of '${w}'.`);
      }
      i++;
    } else if (w === 'nopurge') {
      nopurge = true;
    } else if (w === 'type') {
      const t = TABLE_TYPES.find((x) => x === v);
      if (!t) fail(`unknown type '${v ?? ''}'.`);
      type = t;
      i++;
      if ((t === 'string' || t === 'binary') && args[i + 1] === 'len') {
        const lv = args[i + 2] ?? '';
        const n = /^\d+$/.test(lv) ? Number(lv) : 0;
        if (n <= 0) fail(`unknown type '${lv}'.`);
        len = n;
        i += 2;
      }
    } else if (w === 'store') {
      if (!present(v)) fail(`missing argument after '${w}'.`);
      for (const item of splitTopLevel(v)) {
        if (item === '') continue;
        const m = /^([^(]*)(?:\((.*)\))?$/.exec(item);
        const name = m?.[1] ?? item;
        const inner = m?.[2];
        const dt = STICK_DATA_TYPES[name];
        if (!dt) fail(`unknown store option '${name}'.`);
        const parts = inner === undefined ? [] : inner.split(',');
        const entry: { type: string; period?: number; count?: number } = { type: name };
        let k = 0;
        if (dt.array) {
          if (parts[k] === undefined || parts[k] === '') fail(`missing argument to store option '${name}'.`);
          const cnt = /^\d+$/.test(parts[k]!) ? Number(parts[k]) : -1;
          if (cnt < 1 || cnt > 100) fail(`array size is out of allowed range (1-100) for store option '${name}'.`);
          entry.count = cnt;
          k++;
        }
        if (dt.period) {
          if (parts[k] === undefined || parts[k] === '') fail(`missing argument to store option '${name}'.`);
          try {
            entry.period = parseTime(parts[k]!);
          } catch {
            fail(`error when processing store option '${name}'.`);
          }
          k++;
        }
        if (parts.length > k) fail(`unexpected argument to store option '${name}'.`);
        if (store.some((s) => s.type === name)) {
          warnTight(ctx, `${what}: store option '${name}' already enabled, ignored.`);
          continue;
        }
        store.push(entry);
      }
      i++;
    } else if (w === 'srvkey') {
      if (!present(v)) fail(`missing argument after '${w}'.`);
      if (v !== 'addr' && v !== 'name') throw new ConfigError(`${what} : unknown server key type '${v}'.`);
      srvkey = v;
      i++;
    } else {
      fail(`unknown argument '${w}'.`);
    }
  }
  if (!size) fail('missing size.');
  if (!type) fail('missing type.');
  return {
    place: ctx.st.place,
    type: type!,
    ...(len !== undefined ? { len } : {}),
    size,
    ...(expire !== undefined ? { expire } : {}),
    nopurge,
    ...(peers !== undefined ? { peers } : {}),
    ...(srvkey !== undefined ? { srvkey } : {}),
    store,
  };
}

/** Split on commas outside parentheses: `gpc_rate(2,10s),conn_cnt` -> two items. */
function splitTopLevel(text: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let cur = '';
  for (const c of text) {
    if (c === '(') depth++;
    else if (c === ')') depth--;
    if (c === ',' && depth === 0) {
      out.push(cur);
      cur = '';
    } else cur += c;
  }
  out.push(cur);
  return out;
}

/** Run a parser that may have reported its own tight-format alert. */
function guarded(fn: (p: ProxyModel, args: readonly string[], ctx: ParseContext) => void): K['parse'] {
  return (p, args, ctx) => {
    try {
      fn(p, args, ctx);
    } catch (e) {
      if (!(e instanceof Reported)) throw e;
    }
  };
}

const STICK_KINDS: Readonly<Record<string, 'on' | 'match' | 'store-request' | 'store-response'>> = {
  on: 'on',
  match: 'match',
  store: 'store-request',
  'store-request': 'store-request',
  'store-response': 'store-response',
};

export const PERSIST_KEYWORDS: K[] = [
  {
    name: 'cookie',
    help: 'cookie <name> [rewrite|insert|prefix] [indirect] [nocache] [postonly] [preserve] [httponly] [secure] [domain <d>]* [maxidle <t>] [maxlife <t>] [dynamic] [attr <a>]*',
    status: 'parsed-only',
    parse: guarded(parseCookie),
  },
  {
    name: 'stick-table',
    help: 'stick-table type <type> size <size> [expire <t>] [nopurge] [peers <p>] [srvkey addr|name] [store <data>,...]',
    status: 'supported',
    parse: guarded((p, args, ctx) => {
      if (p.kind === 'defaults') throw new ConfigError(`'stick-table' is not supported in 'defaults' section.`);
      if (p.stickTable)
        throw new ConfigError(
          `stick-table name '${p.name}' conflicts with table declared in ${p.kind === 'listen' ? 'proxy' : p.kind} '${p.name}' at ${p.stickTable.place.file}:${p.stickTable.place.line}.`,
        );
      p.stickTable = parseStickTable(args, 1, ctx);
    }),
  },
  {
    name: 'stick',
    help: 'stick on|match|store-request|store-response <pattern> [table <t>] [{if|unless} <cond>]',
    status: 'parsed-only',
    parse(p, args, ctx) {
      refuseInDefaults(p, 'stick');
      if (warnIfNotCap(p, CAP_BE, 'stick', ctx)) return;
      const kind = STICK_KINDS[args[1] ?? ''];
      if (!kind) throw new ConfigError(`'stick' expects 'on', 'match', or 'store'.`);
      if (!present(args[2])) throw new ConfigError(`'stick' expects a fetch method.`);
      const { args: words, cond } = splitCondition(args.slice(3));
      let table: string | undefined;
      let i = 0;
      if (words[0] === 'table') {
        table = words[1];
        i = 2;
      }
      if (words[i] !== undefined) throw new ConfigError(`'stick': unknown keyword '${words[i]}'.`);
      p.stickRules.push({ place: ctx.st.place, kind, expr: args[2], ...(table !== undefined ? { table } : {}), ...(cond ? { cond } : {}) });
    },
  },
];
