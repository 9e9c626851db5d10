/**
 * The process's stick tables behind the rules engine's StickHooks: `track-sc*` starts tracking an
 * entry in a slot (conn_cur/conn_cnt/conn_rate counted as HAProxy's stream_start_counters()), the
 * data plane reports each request, its status and its bytes, and the end of each stream and
 * session; `sc_*`, `src_*` and `table_*` read the counters.
 */
import { isIPv4 } from 'node:net';
import type { RuleContext } from '../rules/context.js';
import { toBin, toInt, toStr, type SampleValue } from '../rules/sample.js';
import type { StickHooks } from '../rules/world.js';
import type { StickEntry, StickTable } from './table.js';

/** One tracked slot of a context. */
interface Tracked {
  readonly table: StickTable;
  readonly entry: StickEntry;
  /** Tracked by tcp-request connection/session rules (lives as long as the connection). */
  readonly session: boolean;
}

const SLOTS = 3;

function slotsOf(ctx: RuleContext): Array<Tracked | undefined> {
  return ctx.stkctr as Array<Tracked | undefined>;
}

/** The key of a sample in a table of `t`'s type, or undefined when it does not convert. */
export function tableKey(t: StickTable, v: SampleValue): string | undefined {
  switch (t.type) {
    case 'ip': {
      const s = toStr(v);
      if (isIPv4(s)) return s;
      if (s.startsWith('::ffff:') && isIPv4(s.slice(7))) return s.slice(7);
      return undefined;
    }
    case 'ipv6': {
      const s = toStr(v);
      return isIPv4(s) ? `::ffff:${s}` : s.includes(':') ? s : undefined;
    }
    case 'integer': {
      const n = toInt(v);
      return n === undefined ? undefined : String(Math.trunc(n));
    }
    case 'string': {
      const s = toStr(v);
      return s.length > t.keyLen ? s.slice(0, t.keyLen) : s;
    }
    case 'binary': {
      const b = toBin(v);
      const k = Buffer.alloc(t.keyLen);
      b.copy(k, 0, 0, Math.min(b.length, t.keyLen));
      return k.toString('hex');
    }
  }
}

function rate(t: StickTable, dt: string, f: { read(now: number, p: number): number }, now: number): number | undefined {
  return t.has(dt) ? f.read(now, t.period(dt)) : undefined;
}

/** A counter of an entry as the sc_/src_/table_ fetch `name` reads it; undefined when not stored. */
function counter(t: StickTable, e: StickEntry | undefined, name: string, now: number): number | boolean | undefined {
  const z = e === undefined;
  switch (name) {
    case 'conn_cnt':
      return t.has('conn_cnt') ? (z ? 0 : e.connCnt) : undefined;
    case 'conn_cur':
      return t.has('conn_cur') ? (z ? 0 : e.connCur) : undefined;
    case 'conn_rate':
      return z ? (t.has('conn_rate') ? 0 : undefined) : rate(t, 'conn_rate', e.connRate, now);
    case 'sess_cnt':
      return t.has('sess_cnt') ? (z ? 0 : e.sessCnt) : undefined;
    case 'sess_rate':
      return z ? (t.has('sess_rate') ? 0 : undefined) : rate(t, 'sess_rate', e.sessRate, now);
    case 'http_req_cnt':
      return t.has('http_req_cnt') ? (z ? 0 : e.httpReqCnt) : undefined;
    case 'http_req_rate':
      return z ? (t.has('http_req_rate') ? 0 : undefined) : rate(t, 'http_req_rate', e.httpReqRate, now);
    case 'http_err_cnt':
      return t.has('http_err_cnt') ? (z ? 0 : e.httpErrCnt) : undefined;
    case 'http_err_rate':
      return z ? (t.has('http_err_rate') ? 0 : undefined) : rate(t, 'http_err_rate', e.httpErrRate, now);
    case 'http_fail_cnt':
      return t.has('http_fail_cnt') ? (z ? 0 : e.httpFailCnt) : undefined;
    case 'http_fail_rate':
      return z ? (t.has('http_fail_rate') ? 0 : undefined) : rate(t, 'http_fail_rate', e.httpFailRate, now);
    case 'kbytes_in':
    case 'bytes_in_cnt':
      return t.has('bytes_in_cnt') ? (z ? 0 : name === 'kbytes_in' ? Math.floor(e.bytesIn / 1024) : e.bytesIn) : undefined;
    case 'kbytes_out':
    case 'bytes_out_cnt':
      return t.has('bytes_out_cnt') ? (z ? 0 : name === 'kbytes_out' ? Math.floor(e.bytesOut / 1024) : e.bytesOut) : undefined;
    case 'bytes_in_rate':
      return z ? (t.has('bytes_in_rate') ? 0 : undefined) : rate(t, 'bytes_in_rate', e.bytesInRate, now);
    case 'bytes_out_rate':
      return z ? (t.has('bytes_out_rate') ? 0 : undefined) : rate(t, 'bytes_out_rate', e.bytesOutRate, now);
    case 'get_gpc0':
      return t.has('gpc0') ? (z ? 0 : e.gpc0) : undefined;
    case 'get_gpc1':
      return t.has('gpc1') ? (z ? 0 : e.gpc1) : undefined;
    case 'gpc0_rate':
      return z ? (t.has('gpc0_rate') ? 0 : undefined) : rate(t, 'gpc0_rate', e.gpc0Rate, now);
    case 'gpc1_rate':
      return z ? (t.has('gpc1_rate') ? 0 : undefined) : rate(t, 'gpc1_rate', e.gpc1Rate, now);
    case 'get_gpt0':
      return t.has('gpt0') ? (z ? 0 : e.gpt0) : undefined;
    case 'server_id':
      return t.has('server_id') ? (z ? 0 : e.serverId) : undefined;
    case 'trackers':
      return z ? 0 : e.refs;
    case 'tracked':
      return !z;
    case 'in_table':
      return !z;
    default:
      return undefined;
  }
}

/** gpc0/gpc1 increments and clears (the fetches `sc_inc_gpc0` ..., the actions `sc-inc-gpc0`). */
function modify(t: StickTable, e: StickEntry, name: string, now: number): number | undefined {
  switch (name) {
    case 'inc_gpc0':
      if (!t.has('gpc0') && !t.has('gpc0_rate')) return undefined;
      if (t.has('gpc0_rate')) e.gpc0Rate.add(now, t.period('gpc0_rate'), 1);
      return ++e.gpc0;
    case 'inc_gpc1':
      if (!t.has('gpc1') && !t.has('gpc1_rate')) return undefined;
      if (t.has('gpc1_rate')) e.gpc1Rate.add(now, t.period('gpc1_rate'), 1);
      return ++e.gpc1;
    case 'clr_gpc0': {
      if (!t.has('gpc0')) return undefined;
      const v = e.gpc0;
      e.gpc0 = 0;
      return v;
    }
    case 'clr_gpc1': {
      if (!t.has('gpc1')) return undefined;
      const v = e.gpc1;
      e.gpc1 = 0;
      return v;
    }
    default:
      return undefined;
  }
}

export class StickTables implements StickHooks {
  constructor(private readonly tables: ReadonlyMap<string, StickTable>) {}

  table(name: string): StickTable | undefined {
    return this.tables.get(name);
  }

  track(ctx: RuleContext, slot: number, key: SampleValue, table: string, session = false): void {
    const t = this.tables.get(table);
    if (!t || slot < 0 || slot >= SLOTS) return;
    const k = tableKey(t, key);
    if (k === undefined) return;
    const now = Date.now();
    const e = t.get(k, now);
    if (!e) return;
    const slots = slotsOf(ctx);
    if (slots[slot]) return;
    e.refs++;
    slots[slot] = { table: t, entry: e, session };
    // stream_start_counters()
    e.connCur++;
    e.connCnt++;
    if (t.has('conn_rate')) e.connRate.add(now, t.period('conn_rate'), 1);
    if (session) {
      e.sessCnt++;
      if (t.has('sess_rate')) e.sessRate.add(now, t.period('sess_rate'), 1);
    }
    t.touch(e, now);
    // Tracked while a request is being processed (http-request): this request counts.
    if (ctx.req !== undefined && ctx.reqCounted) this.countRequest(t, e, now);
  }

  private countRequest(t: StickTable, e: StickEntry, now: number): void {
    e.httpReqCnt++;
    if (t.has('http_req_rate')) e.httpReqRate.add(now, t.period('http_req_rate'), 1);
  }

  /** A new HTTP request: counted on every entry tracked at that time (stream_inc_http_req_ctr()). */
  onRequest(ctx: RuleContext): void {
    ctx.reqCounted = true;
    const slots = slotsOf(ctx);
    if (slots.length === 0) return;
    const now = Date.now();
    for (const s of slots) if (s) this.countRequest(s.table, s.entry, now);
  }

  /** The status of the response: 4xx counts as an HTTP error, 5xx but 501/505 as a failure. */
  onStatus(ctx: RuleContext, status: number): void {
    const slots = slotsOf(ctx);
    if (slots.length === 0) return;
    const err = status >= 400 && status < 500;
    const fail = status >= 500 && status !== 501 && status !== 505;
    if (!err && !fail) return;
    const now = Date.now();
    for (const s of slots) {
      if (!s) continue;
      const { table: t, entry: e } = s;
      if (err) {
        e.httpErrCnt++;
        if (t.has('http_err_rate')) e.httpErrRate.add(now, t.period('http_err_rate'), 1);
      } else {
        e.httpFailCnt++;
        if (t.has('http_fail_rate')) e.httpFailRate.add(now, t.period('http_fail_rate'), 1);
      }
    }
  }

  /** Bytes of a stream (client to server, server to client). */
  onBytes(ctx: RuleContext, bytesIn: number, bytesOut: number): void {
    const slots = slotsOf(ctx);
    if (slots.length === 0) return;
    const now = Date.now();
    for (const s of slots) {
      if (!s) continue;
      const { table: t, entry: e } = s;
      e.bytesIn += bytesIn;
      e.bytesOut += bytesOut;
      if (t.has('bytes_in_rate')) e.bytesInRate.add(now, t.period('bytes_in_rate'), bytesIn);
      if (t.has('bytes_out_rate')) e.bytesOutRate.add(now, t.period('bytes_out_rate'), bytesOut);
    }
  }

  /** End of a stream (one HTTP request): entries tracked for it are released. */
  endStream(ctx: RuleContext): void {
    ctx.reqCounted = false;
    const slots = slotsOf(ctx);
    if (slots.length === 0) return;
    for (let i = 0; i < slots.length; i++) {
      const s = slots[i];
      if (!s || s.session) continue;
      this.untrack(ctx, i, s);
    }
  }

  /** End of the client connection: everything is released. */
  endSession(ctx: RuleContext): void {
    const slots = slotsOf(ctx);
    for (let i = 0; i < slots.length; i++) {
      const s = slots[i];
      if (s) this.untrack(ctx, i, s);
    }
  }

  private untrack(ctx: RuleContext, i: number, s: Tracked): void {
    const now = Date.now();
    if (s.entry.connCur > 0) s.entry.connCur--;
    s.table.touch(s.entry, now);
    s.table.release(s.entry, now);
    slotsOf(ctx)[i] = undefined;
    ctx.tracked[i] = undefined;
  }

  fetch(ctx: RuleContext, name: string, slot: number | undefined, key: SampleValue | undefined, table: string | undefined): number | boolean | undefined {
    const now = Date.now();
    if (name === 'table_cnt' || name === 'table_avl') {
      const t = table ? this.tables.get(table) : undefined;
      if (!t) return undefined;
      const n = t.count(now);
      return name === 'table_cnt' ? n : t.size - n;
    }
    let t: StickTable | undefined;
    let e: StickEntry | undefined;
    if (slot !== undefined) {
      const s = slotsOf(ctx)[slot];
      if (name === 'tracked') return s !== undefined;
      if (!s) return undefined;
      t = s.table;
      e = s.entry;
      if (table !== undefined && table !== t.name) {
        t = this.tables.get(table);
        if (!t) return undefined;
        e = t.lookup(s.entry.key, now);
      }
    } else {
      t = table ? this.tables.get(table) : undefined;
      if (!t || key === undefined) return undefined;
      const k = tableKey(t, key);
      if (k === undefined) return undefined;
      e = /^(inc|clr)_gpc[01]$/.test(name) ? t.get(k, now) : t.lookup(k, now);
    }
    if (/^(inc|clr)_gpc[01]$/.test(name)) return e ? modify(t, e, name, now) : undefined;
    return counter(t, e, name, now);
  }

  /** `sc-set-gpt0(slot) value`. */
  setGpt0(ctx: RuleContext, slot: number, value: number): void {
    const s = slotsOf(ctx)[slot];
    if (s && s.table.has('gpt0')) s.entry.gpt0 = value;
  }
}
