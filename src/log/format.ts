/**
 * Log-format strings compiled once, at load time, into one function per stream (HAProxy's
 * sess_build_logline()): every `%var` becomes a closure over the StreamInfo, `%[expr]` a compiled
 * sample expression read from the stream's rule context, literal text stays text and runs of
 * spaces become separators that collapse around variables that print nothing (%hr without
 * captures), as HAProxy's LOG_FMT_SEPARATOR does.
 *
 * Flags (`%{+Q}r`, `%{+X}ci`, `%{+E}[expr]`, `%{+Q}o` for every later variable) follow log.c:
 * Q quotes, X prints addresses/ports/dates in hex, E escapes '"' '\' ']' in text.
 */
import { hostname } from 'node:os';
import { RulesError, type CompileEnv } from '../rules/compile-env.js';
import type { RuleContext } from '../rules/context.js';
import { compileExpr } from '../rules/expr.js';
import { plainAddr } from '../rules/fetch/conn.js';
import { tokenizeLogFormat, unknownVarMessage } from '../rules/logformat.js';
import { toStr } from '../rules/sample.js';
import type { StreamInfo } from '../runtime/stream.js';
import { gmtDate, localDate, logDate } from './dates.js';
import { encodeWith, escapeText, HDR_MAP, URL_MAP } from './encode.js';

export type LineFn = (st: StreamInfo) => string;

const OPT_QUOTE = 1;
const OPT_HEX = 2;
const OPT_ESC = 4;
const OPT_MANDATORY = 8;

const HOST = hostname();
/** HAProxy's global request counter (%rt) and per-line counter (%lc). */
let reqCounter = 0;

/** A compiled node: the text it prints, or undefined when it prints nothing (separators then collapse). */
type Node = ((st: StreamInfo) => string | undefined) | typeof SEP;
const SEP = 0;

function parseFlags(flags: string, base: number): number {
  let o = base;
  for (const f of flags.split(',')) {
    const add = f.startsWith('+');
    const name = f.slice(1);
    const bit = name === 'Q' ? OPT_QUOTE : name === 'X' ? OPT_HEX : name === 'E' ? OPT_ESC : name === 'M' ? OPT_MANDATORY : 0;
    if (bit === 0 || (!add && !f.startsWith('-'))) continue;
    o = add ? o | bit : o & ~bit;
  }
  return o;
}

/** lf_text(): quoted when Q, escaped when E, '-' for nothing (unless quoted: `""`). */
function text(v: string | undefined, o: number): string {
  const q = (o & OPT_QUOTE) !== 0;
  if (v === undefined || v === '') return q ? '""' : '-';
  const s = (o & OPT_ESC) !== 0 ? escapeText(v) : v;
  return q ? `"${s}"` : s;
}

function hexAddr(a: string | undefined): string | undefined {
  if (a === undefined) return undefined;
  const p = plainAddr(a) ?? a;
  if (/^\d+\.\d+\.\d+\.\d+$/.test(p)) return p.split('.').map((x) => Number(x).toString(16).toUpperCase().padStart(2, '0')).join('');
  return undefined;
}

const addrText = (a: string | undefined): string | undefined => (a === undefined ? undefined : (plainAddr(a) ?? a));
const port = (p: number | undefined, o: number): string =>
  p === undefined ? text(undefined, o) : (o & OPT_HEX) !== 0 ? p.toString(16).toUpperCase().padStart(4, '0') : String(p);

/** t_request - Ti - Th etc. exactly as sess_build_logline() derives them. */
const idleHs = (st: StreamInfo): number => (st.tIdle >= 0 ? st.tIdle + st.tHandshake : 0);
const tR = (st: StreamInfo): number => (st.tRequest >= 0 ? st.tRequest - st.tIdle - st.tHandshake : -1);
const tW = (st: StreamInfo): number => (st.tQueue >= 0 ? st.tQueue - st.tRequest : -1);
const tC = (st: StreamInfo): number => (st.tConnect >= 0 ? st.tConnect - st.tQueue : -1);
const tr = (st: StreamInfo): number => (st.tResponse >= 0 ? st.tResponse - st.tConnect : -1);

/** Request line parts: method, URI, version (HAProxy prints <BADREQ> without a request). */
function reqParts(st: StreamInfo): [string, string, string] | undefined {
  const l = st.requestLine;
  if (l === '') return undefined;
  const a = l.indexOf(' ');
  const b = l.lastIndexOf(' ');
  if (a < 0 || b <= a) return [l, '', ''];
  return [l.slice(0, a), l.slice(a + 1, b), l.slice(b + 1)];
}

function captures(list: Array<string | undefined> | undefined, o: number): string | undefined {
  if (list === undefined) return undefined;
  let s = '{';
  for (let i = 0; i < list.length; i++) {
    if (i > 0) s += '|';
    const v = list[i];
    if (v !== undefined) s += encodeWith(v, HDR_MAP);
  }
  s += '}';
  return (o & OPT_QUOTE) !== 0 ? `"${s}"` : s;
}

function captureList(list: Array<string | undefined> | undefined, o: number): string | undefined {
  if (list === undefined) return undefined;
  const q = (o & OPT_QUOTE) !== 0;
  return list.map((v) => (v !== undefined ? (q ? `"${encodeWith(v, HDR_MAP)}"` : encodeWith(v, HDR_MAP)) : q ? '""' : '-')).join(' ');
}

/** Builders of the variables of HAProxy 2.6 (doc 8.2.4), by name; `o` is the node's options. */
const VARS: Record<string, (o: number) => (st: StreamInfo) => string | undefined> = {
  o: () => () => undefined,
  ci: (o) => (st) => ((o & OPT_HEX) !== 0 ? hexAddr(st.srcAddr) ?? text(undefined, o) : text(addrText(st.srcAddr), o)),
  cp: (o) => (st) => port(st.srcPort, o),
  fi: (o) => (st) => ((o & OPT_HEX) !== 0 ? hexAddr(st.dstAddr) ?? text(undefined, o) : text(addrText(st.dstAddr), o)),
  fp: (o) => (st) => port(st.dstPort, o),
  bi: (o) => () => text(undefined, o),
  bp: (o) => () => text(undefined, o),
  si: (o) => (st) => ((o & OPT_HEX) !== 0 ? hexAddr(st.srvAddr) ?? text(undefined, o) : text(addrText(st.srvAddr), o)),
  sp: (o) => (st) => port(st.srvPort, o),
  t: () => (st) => logDate(st.acceptTime),
  tr: () => (st) => logDate(st.acceptTime + idleHs(st)),
  T: () => (st) => gmtDate(st.acceptTime),
  trg: () => (st) => gmtDate(st.acceptTime + idleHs(st)),
  Tl: () => (st) => localDate(st.acceptTime),
  trl: () => (st) => localDate(st.acceptTime + idleHs(st)),
  Ts: (o) => (st) => {
    const s = Math.floor(st.acceptTime / 1000);
    return (o & OPT_HEX) !== 0 ? s.toString(16).toUpperCase().padStart(4, '0') : String(s);
  },
  ms: (o) => (st) => {
    const m = st.acceptTime % 1000;
    return (o & OPT_HEX) !== 0 ? m.toString(16).toUpperCase().padStart(2, '0') : String(m).padStart(3, '0');
  },
  f: (o) => (st) => text(st.frontend, o),
  ft: (o) => (st) => ((o & OPT_QUOTE) !== 0 ? `"${st.frontend}"` : st.frontend),
  b: (o) => (st) => text(st.backend || st.frontend, o),
  s: (o) => (st) => text(st.server, o),
  Th: () => (st) => String(st.tHandshake),
  Ti: () => (st) => String(st.tIdle),
  TR: () => (st) => String(tR(st)),
  Tq: () => (st) => String(st.tRequest),
  Tw: () => (st) => String(tW(st)),
  Tc: () => (st) => String(tC(st)),
  Tr: () => (st) => String(tr(st)),
  Td: () => (st) => {
    if (st.mode === 'http') return String(st.tResponse >= 0 ? st.tClose - st.tResponse : -1);
    return String(st.tConnect >= 0 ? st.tClose - st.tConnect : -1);
  },
  Ta: () => (st) => String(st.tClose - idleHs(st)),
  Tt: () => (st) => String(st.tClose),
  Tu: () => (st) => String(st.tClose - (st.tIdle >= 0 ? st.tIdle : 0)),
  ST: () => (st) => String(st.status),
  // HAProxy's HTX sizes in HTTP (see src/stats/htx.ts), the wire bytes in TCP.
  B: () => (st) => String(st.bytesOut + st.statsOutAdj),
  U: () => (st) => String(st.bytesIn + st.statsInAdj),
  CC: (o) => (st) => text(st.cliCookie, o),
  CS: (o) => (st) => text(st.srvCookie, o),
  ts: () => (st) => st.termCause + st.termPhase,
  tsc: () => (st) => st.termState,
  ac: () => (st) => String(st.actConn),
  fc: () => (st) => String(st.feConn),
  bc: () => (st) => String(st.beConn),
  sc: () => (st) => String(st.srvConn),
  rc: () => (st) => (st.redispatched ? '+' : '') + String(st.retries),
  sq: () => (st) => String(st.srvQueuePos),
  bq: () => (st) => String(st.beQueuePos),
  hr: (o) => (st) => captures(st.reqCaptures, o),
  hs: (o) => (st) => captures(st.resCaptures, o),
  hrl: (o) => (st) => captureList(st.reqCaptures, o),
  hsl: (o) => (st) => captureList(st.resCaptures, o),
  r: (o) => (st) => {
    const s = st.requestLine === '' ? '<BADREQ>' : encodeWith(st.requestLine, URL_MAP);
    return (o & OPT_QUOTE) !== 0 ? `"${s}"` : s;
  },
  HM: (o) => (st) => text(reqParts(st)?.[0] ?? '<BADREQ>', o),
  HU: (o) => (st) => text(encodeWith(reqParts(st)?.[1] ?? '<BADREQ>', URL_MAP), o),
  HP: (o) => (st) => {
    const u = reqParts(st)?.[1];
    if (u === undefined) return text('<BADREQ>', o);
    const q = u.indexOf('?');
    return text(encodeWith(q < 0 ? u : u.slice(0, q), URL_MAP), o);
  },
  HPO: (o) => (st) => {
    const u = reqParts(st)?.[1];
    if (u === undefined) return text('<BADREQ>', o);
    let path = u;
    const m = /^[A-Za-z][A-Za-z0-9+.-]*:\/\/[^/]*/.exec(path);
    if (m) path = path.slice(m[0].length) || '/';
    const q = path.indexOf('?');
    return text(encodeWith(q < 0 ? path : path.slice(0, q), URL_MAP), o);
  },
  HQ: (o) => (st) => {
    const u = reqParts(st)?.[1];
    const q = u === undefined ? -1 : u.indexOf('?');
    return text(q < 0 ? undefined : encodeWith(u!.slice(q), URL_MAP), o);
  },
  HV: (o) => (st) => text(reqParts(st)?.[2] ?? '<BADREQ>', o),
  H: (o) => () => text(HOST, o),
  ID: (o) => (st) => text(st.rules?.uniqueId, o),
  pid: () => () => String(process.pid),
  rt: () => () => String(reqCounter++),
  lc: () => () => String(reqCounter),
  sslc: (o) => () => text(undefined, o),
  sslv: (o) => () => text(undefined, o),
};

/** The names of the log-format variables (for the rules' own table and docs). */
export const LOG_VARIABLES: readonly string[] = Object.keys(VARS);

/**
 * Compile a log-format string. Unknown variables are refused with HAProxy's message; `%[expr]`
 * goes through the rules compiler (with the proxy's ACLs, maps and userlists in `env`).
 */
export function compileLogLine(format: string, env: CompileEnv): LineFn {
  const nodes: Node[] = [];
  let defaults = OPT_MANDATORY;
  for (const n of tokenizeLogFormat(format)) {
    if (n.t === 'sep') {
      nodes.push(SEP);
      continue;
    }
    if (n.t === 'text') {
      const s = n.s;
      nodes.push(() => s);
      continue;
    }
    const o = parseFlags(n.flags, defaults);
    if (n.t === 'expr') {
      const expr = compileExpr(n.src, env);
      nodes.push((st) => {
        const rc: RuleContext | undefined = st.rules;
        const v = rc === undefined ? undefined : expr.one(rc);
        return text(v === undefined ? undefined : toStr(v), o);
      });
      continue;
    }
    const mk = VARS[n.name];
    if (mk === undefined) throw new RulesError(unknownVarMessage(n.name));
    if (n.name === 'o') {
      defaults = o;
      continue;
    }
    nodes.push(mk(o));
  }
  return render(nodes);
}

function render(nodes: readonly Node[]): LineFn {
  const n = nodes.length;
  return (st) => {
    let out = '';
    let lastSpace = true;
    for (let i = 0; i < n; i++) {
      const nd = nodes[i]!;
      if (nd === SEP) {
        if (!lastSpace) {
          out += ' ';
          lastSpace = true;
        }
        continue;
      }
      const v = nd(st);
      if (v === undefined) continue;
      out += v;
      lastSpace = false;
    }
    return out;
  };
}
