/**
 * One stick table (`stick-table type ... size ... expire ... store ...`): entries by key, the data
 * types the table stores, expiry of entries nobody tracks, and the size limit (oldest idle entry
 * evicted first, as HAProxy's stktable_trash_oldest()).
 */
import type { StickTableModel } from '../config/model/proxy.js';
import { FreqCtr } from './freq.js';

/** Counters an entry can hold (HAProxy's STKTABLE_DT_*), with their rate period when stored. */
export class StickEntry {
  refs = 0;
  expireAt = 0;
  connCnt = 0;
  connCur = 0;
  sessCnt = 0;
  httpReqCnt = 0;
  httpErrCnt = 0;
  httpFailCnt = 0;
  bytesIn = 0;
  bytesOut = 0;
  gpc0 = 0;
  gpc1 = 0;
  gpt0 = 0;
  serverId = 0;
  readonly connRate = new FreqCtr();
  readonly sessRate = new FreqCtr();
  readonly httpReqRate = new FreqCtr();
  readonly httpErrRate = new FreqCtr();
  readonly httpFailRate = new FreqCtr();
  readonly bytesInRate = new FreqCtr();
  readonly bytesOutRate = new FreqCtr();
  readonly gpc0Rate = new FreqCtr();
  readonly gpc1Rate = new FreqCtr();
  constructor(readonly key: string) {}
}

export class StickTable {
  readonly name: string;
  readonly type: StickTableModel['type'];
  readonly size: number;
  readonly expire: number;
  readonly keyLen: number;
  /** Stored data types -> rate period in ms (0 for counters). */
  readonly stores = new Map<string, number>();
  private readonly entries = new Map<string, StickEntry>();

  constructor(name: string, m: StickTableModel) {
    this.name = name;
    this.type = m.type;
    this.size = m.size;
    this.expire = m.expire ?? 0;
    this.keyLen = m.len ?? 32;
    for (const s of m.store) this.stores.set(s.type, s.period ?? 0);
  }

  has(dt: string): boolean {
    return this.stores.has(dt);
  }

  period(dt: string): number {
    return this.stores.get(dt) ?? 0;
  }

  /** The entry of `key`, or undefined (an expired idle entry is dropped). */
  lookup(key: string, now: number): StickEntry | undefined {
    const e = this.entries.get(key);
    if (e && e.refs === 0 && this.expire > 0 && e.expireAt <= now) {
      this.entries.delete(key);
      return undefined;
    }
    return e;
  }

  /** The entry of `key`, created when missing; undefined when the table is full of tracked entries. */
  get(key: string, now: number): StickEntry | undefined {
    const e = this.lookup(key, now);
    if (e) return e;
    if (this.entries.size >= this.size && !this.evict(now)) return undefined;
    const n = new StickEntry(key);
    this.touch(n, now);
    this.entries.set(key, n);
    return n;
  }

  touch(e: StickEntry, now: number): void {
    if (this.expire > 0) e.expireAt = now + this.expire;
  }

  /** Drop expired idle entries, else the oldest idle one; false when every entry is tracked. */
  private evict(now: number): boolean {
    let freed = false;
    for (const [k, e] of this.entries) {
      if (e.refs === 0 && this.expire > 0 && e.expireAt <= now) {
        this.entries.delete(k);
        freed = true;
      }
    }
    if (freed) return true;
    for (const [k, e] of this.entries) {
      if (e.refs === 0) {
        this.entries.delete(k);
        return true;
      }
    }
    return false;
  }

  /** Live entries (`table_cnt`). */
  count(now: number): number {
    for (const [k, e] of this.entries) if (e.refs === 0 && this.expire > 0 && e.expireAt <= now) this.entries.delete(k);
    return this.entries.size;
  }

  /** Idle entries may be released: expire them once nothing tracks them. */
  release(e: StickEntry, now: number): void {
    if (e.refs > 0) e.refs--;
    if (e.refs === 0 && this.expire === 0) return;
    if (e.refs === 0 && e.expireAt <= now) this.entries.delete(e.key);
  }
}
