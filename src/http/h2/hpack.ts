/**
 * HPACK (RFC 7541): header block decoder and encoder with the static and dynamic tables.
 *
 * The decoder never throws on input: every malformed block (index 0 or past the tables, the
 * CVE-2018-14645 case; an integer or string running past the block; bad Huffman; a table size
 * update above the limit we announced or after a field) returns an error string, which the
 * connection turns into a COMPRESSION_ERROR connection error (RFC 9113 4.3).
 */
import { huffmanDecode, huffmanEncode, huffmanLength } from './huffman.js';
import { STATIC_COUNT, STATIC_NAME, STATIC_PAIR, STATIC_TABLE } from './hpack-static.js';

/** A decoded header: names are as received (HTTP/2 requires lower case; the caller checks). */
export interface H2Field {
  name: string;
  value: string;
}

const ENTRY_OVERHEAD = 32;
/** Integers beyond this are refused (nothing in a header block can be that large). */
const MAX_INT = 2 ** 28;

/** The dynamic table shared by both directions' code: newest entry has dynamic index 1. */
class DynamicTable {
  private names: string[] = [];
  private values: string[] = [];
  /** Index in the arrays of the oldest live entry. */
  private head = 0;
  size = 0;
  maxSize: number;
  /** Entries inserted since the start (absolute ids for the encoder's lookups). */
  inserted = 0;
  onEvict: ((id: number, name: string, value: string) => void) | undefined;

  constructor(maxSize: number) {
    this.maxSize = maxSize;
  }

  get length(): number {
    return this.names.length - this.head;
  }

  /** Entry at dynamic index `i` (1 = newest); caller checks the range. */
  name(i: number): string {
    return this.names[this.names.length - i]!;
  }

  value(i: number): string {
    return this.values[this.values.length - i]!;
  }

  add(name: string, value: string): void {
    const sz = name.length + value.length + ENTRY_OVERHEAD;
    if (sz > this.maxSize) {
      // RFC 7541 4.4: an entry larger than the table empties it and is not added.
      while (this.length > 0) this.evict();
      this.inserted++;
      return;
    }
    while (this.size + sz > this.maxSize) this.evict();
    this.names.push(name);
    this.values.push(value);
    this.size += sz;
    this.inserted++;
  }

  resize(max: number): void {
    this.maxSize = max;
    while (this.size > max) this.evict();
  }

  private evict(): void {
    const h = this.head;
    const n = this.names[h]!;
    const v = this.values[h]!;
    this.size -= n.length + v.length + ENTRY_OVERHEAD;
    // The oldest live entry's absolute id.
    const id = this.inserted - this.length;
    this.head++;
    if (this.onEvict) this.onEvict(id, n, v);
    if (this.head > 64 && this.head * 2 > this.names.length) {
      this.names = this.names.slice(this.head);
      this.values = this.values.slice(this.head);
      this.head = 0;
    }
  }
}

export type DecodeResult = { ok: true; fields: H2Field[]; tooLarge: boolean } | { ok: false; error: string };

export class HpackDecoder {
  private readonly table: DynamicTable;
  /** The SETTINGS_HEADER_TABLE_SIZE we announced: size updates above it are errors. */
  private limit: number;
  private pos = 0;

  constructor(limit = 4096) {
    this.limit = limit;
    this.table = new DynamicTable(limit);
  }

  get tableSize(): number {
    return this.table.size;
  }

  get tableEntries(): number {
    return this.table.length;
  }

  /**
   * Decodes one complete header block. `maxListSize`: RFC 9113 header list size (sum of
   * name + value + 32); past it decoding goes on (the table must stay in step) and `tooLarge` is set.
   */
  decode(buf: Buffer, start: number, end: number, maxListSize = Infinity): DecodeResult {
    const fields: H2Field[] = [];
    let listSize = 0;
    let sawField = false;
    this.pos = start;
    const t = this.table;
    while (this.pos < end) {
      const b = buf[this.pos]!;
      let name: string;
      let value: string;
      if (b & 0x80) {
        // Indexed header field.
        const idx = this.int(buf, end, 7);
        if (idx < 0) return fail('truncated integer');
        const f = this.entry(idx);
        if (!f) return fail(`index ${idx} out of range`);
        name = f[0];
        value = f[1];
      } else if ((b & 0xe0) === 0x20) {
        // Dynamic table size update: only before the first field of a block.
        if (sawField) return fail('table size update after a field');
        const sz = this.int(buf, end, 5);
        if (sz < 0) return fail('truncated integer');
        if (sz > this.limit) return fail(`table size update ${sz} above ${this.limit}`);
        t.resize(sz);
        continue;
      } else {
        // Literal: with incremental indexing (01), without indexing (0000), never indexed (0001).
        const incremental = (b & 0xc0) === 0x40;
        const idx = this.int(buf, end, incremental ? 6 : 4);
        if (idx < 0) return fail('truncated integer');
        if (idx === 0) {
          const n = this.str(buf, end);
          if (n === null) return fail('bad name string');
          name = n;
        } else {
          const f = this.entry(idx);
          if (!f) return fail(`name index ${idx} out of range`);
          name = f[0];
        }
        const v = this.str(buf, end);
        if (v === null) return fail('bad value string');
        value = v;
        if (incremental) t.add(name, value);
      }
      sawField = true;
      listSize += name.length + value.length + ENTRY_OVERHEAD;
      if (listSize <= maxListSize) fields.push({ name, value });
    }
    return { ok: true, fields, tooLarge: listSize > maxListSize };
  }

  /** Lower the limit we accept (after our SETTINGS ack); the table shrinks at the peer's next update. */
  setLimit(limit: number): void {
    this.limit = limit;
  }

  private entry(idx: number): readonly [string, string] | undefined {
    if (idx <= 0) return undefined;
    if (idx <= STATIC_COUNT) return STATIC_TABLE[idx];
    const d = idx - STATIC_COUNT;
    if (d > this.table.length) return undefined;
    return [this.table.name(d), this.table.value(d)];
  }

  /** An N-bit prefix integer at this.pos (RFC 7541 5.1), or -1 when truncated or too large. */
  private int(buf: Buffer, end: number, n: number): number {
    const mask = (1 << n) - 1;
    let v = buf[this.pos++]! & mask;
    if (v < mask) return v;
    let m = 0;
    for (;;) {
      if (this.pos >= end) return -1;
      const b = buf[this.pos++]!;
      v += (b & 0x7f) * 2 ** m;
      m += 7;
      if (v > MAX_INT) return -1;
      if ((b & 0x80) === 0) return v;
    }
  }

  /** A string literal at this.pos, or null when it runs past the block or its Huffman code is bad. */
  private str(buf: Buffer, end: number): string | null {
    if (this.pos >= end) return null;
    const huff = (buf[this.pos]! & 0x80) !== 0;
    const len = this.int(buf, end, 7);
    if (len < 0 || this.pos + len > end) return null;
    const s = huff ? huffmanDecode(buf, this.pos, len) : buf.toString('latin1', this.pos, this.pos + len);
    this.pos += len;
    return s;
  }
}

function fail(error: string): DecodeResult {
  return { ok: false, error };
}

/** Headers that are never put in a table (RFC 7541 7.1.3: secrets; HAProxy does the same for these). */
const NEVER_INDEX = new Set(['authorization', 'proxy-authorization', 'cookie', 'set-cookie']);
/** Headers whose values change on every message: literal without indexing. */
const NO_INDEX = new Set([':path', 'content-length', 'date', 'etag', 'last-modified', 'expires', 'age', 'location', 'if-modified-since', 'if-none-match', 'range', 'content-range', 'referer', 'x-request-id']);

export class HpackEncoder {
  private readonly table: DynamicTable;
  /** "name\0value" -> absolute id of its newest entry; name -> absolute id. */
  private readonly pairs = new Map<string, number>();
  private readonly names = new Map<string, number>();
  /** A size update to send at the start of the next block. */
  private pendingMin = -1;
  private pendingSize = -1;
  private out = Buffer.allocUnsafe(4096);
  private pos = 0;

  constructor(maxSize = 4096) {
    this.table = new DynamicTable(maxSize);
    this.table.onEvict = (id, n, v) => {
      const k = `${n}\0${v}`;
      if (this.pairs.get(k) === id) this.pairs.delete(k);
      if (this.names.get(n) === id) this.names.delete(n);
    };
  }

  /** The peer's SETTINGS_HEADER_TABLE_SIZE: our table never exceeds it (or 4096). */
  setPeerLimit(limit: number): void {
    const sz = Math.min(limit, 4096);
    if (sz === this.table.maxSize) return;
    this.table.resize(sz);
    // RFC 7541 4.2: the smallest size since the last block, then the final one.
    this.pendingMin = this.pendingMin < 0 ? sz : Math.min(this.pendingMin, sz);
    this.pendingSize = sz;
  }

  /** One header block for `fields` (names must already be lower case). */
  encode(fields: readonly H2Field[]): Buffer {
    this.pos = 0;
    if (this.pendingSize >= 0) {
      this.ensure(12);
      if (this.pendingMin < this.pendingSize) this.int(this.pendingMin, 5, 0x20);
      this.int(this.pendingSize, 5, 0x20);
      this.pendingSize = -1;
      this.pendingMin = -1;
    }
    for (let i = 0; i < fields.length; i++) {
      const f = fields[i]!;
      this.field(f.name, f.value);
    }
    return Buffer.from(this.out.subarray(0, this.pos));
  }

  private field(name: string, value: string): void {
    const key = `${name}\0${value}`;
    const st = STATIC_PAIR.get(key);
    if (st !== undefined) {
      this.ensure(6);
      this.int(st, 7, 0x80);
      return;
    }
    const t = this.table;
    const dyn = this.pairs.get(key);
    if (dyn !== undefined) {
      this.ensure(6);
      this.int(STATIC_COUNT + (t.inserted - dyn), 7, 0x80);
      return;
    }
    let nameIdx = STATIC_NAME.get(name) ?? 0;
    if (nameIdx === 0) {
      const dn = this.names.get(name);
      if (dn !== undefined) nameIdx = STATIC_COUNT + (t.inserted - dn);
    }
    const never = NEVER_INDEX.has(name);
    const index = !never && !NO_INDEX.has(name) && name.length + value.length + 32 <= t.maxSize / 2;
    this.ensure(12 + name.length + value.length);
    if (index) this.int(nameIdx, 6, 0x40);
    else this.int(nameIdx, 4, never ? 0x10 : 0x00);
    if (nameIdx === 0) this.str(name);
    this.str(value);
    if (index) {
      t.add(name, value);
      const id = t.inserted - 1;
      if (t.length > 0 && t.name(1) === name && t.value(1) === value) {
        this.pairs.set(key, id);
        this.names.set(name, id);
      }
    }
  }

  private ensure(n: number): void {
    if (this.pos + n <= this.out.length) return;
    const b = Buffer.allocUnsafe(Math.max(this.out.length * 2, this.pos + n));
    this.out.copy(b, 0, 0, this.pos);
    this.out = b;
  }

  private int(v: number, n: number, flags: number): void {
    const mask = (1 << n) - 1;
    const o = this.out;
    if (v < mask) {
      o[this.pos++] = flags | v;
      return;
    }
    o[this.pos++] = flags | mask;
    v -= mask;
    while (v >= 128) {
      o[this.pos++] = (v % 128) | 0x80;
      v = Math.floor(v / 128);
    }
    o[this.pos++] = v;
  }

  private str(s: string): void {
    const raw = Buffer.from(s, 'latin1');
    const hl = huffmanLength(raw);
    if (hl < raw.length) {
      this.ensure(6 + hl);
      this.int(hl, 7, 0x80);
      this.pos = huffmanEncode(raw, this.out, this.pos);
    } else {
      this.ensure(6 + raw.length);
      this.int(raw.length, 7, 0);
      raw.copy(this.out, this.pos);
      this.pos += raw.length;
    }
  }
}
