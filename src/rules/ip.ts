/**
 * IP addresses for matching: IPv4 as a 32-bit unsigned number, IPv6 as 16 bytes, and a binary
 * prefix tree (one per family) holding `addr/len` networks for `-m ip` ACLs and `map_ip` maps.
 * IPv4-mapped IPv6 addresses (::ffff:a.b.c.d, what a dual-stack socket reports) match IPv4 networks.
 */
import { isIPv4, isIPv6 } from 'node:net';

export function parseIPv4(s: string): number | undefined {
  const parts = s.split('.');
  if (parts.length !== 4) return undefined;
  let n = 0;
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p)) return undefined;
    const b = Number(p);
    if (b > 255) return undefined;
    n = n * 256 + b;
  }
  return n;
}

export function ipv4ToString(n: number): string {
  return `${(n >>> 24) & 255}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`;
}

/** 16 bytes, or undefined. Accepts an embedded IPv4 tail (::ffff:1.2.3.4). */
export function parseIPv6(s: string): Uint8Array | undefined {
  if (!isIPv6(s)) return undefined;
  let text = s;
  const pct = text.indexOf('%');
  if (pct >= 0) text = text.slice(0, pct);
  const out = new Uint8Array(16);
  let tail: number[] = [];
  const lastColon = text.lastIndexOf(':');
  const v4 = text.slice(lastColon + 1);
  if (v4.includes('.')) {
    const n = parseIPv4(v4);
    if (n === undefined) return undefined;
    text = text.slice(0, lastColon + 1) + '0:0';
    tail = [(n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255];
  }
  const halves = text.split('::');
  const head = halves[0] ? halves[0].split(':') : [];
  const rest = halves.length > 1 && halves[1] ? halves[1].split(':') : [];
  const groups = [...head, ...new Array<string>(8 - head.length - rest.length).fill('0'), ...rest];
  if (groups.length !== 8) return undefined;
  for (let i = 0; i < 8; i++) {
    const g = parseInt(groups[i]!, 16);
    out[i * 2] = (g >> 8) & 255;
    out[i * 2 + 1] = g & 255;
  }
  if (tail.length === 4) out.set(tail, 12);
  return out;
}

/** The IPv4 inside an IPv4-mapped IPv6 address, if it is one. */
export function mappedIPv4(b: Uint8Array): number | undefined {
  for (let i = 0; i < 10; i++) if (b[i] !== 0) return undefined;
  if (b[10] !== 0xff || b[11] !== 0xff) return undefined;
  return ((b[12]! << 24) >>> 0) + (b[13]! << 16) + (b[14]! << 8) + b[15]!;
}

export { ipv6ToString } from '../net/ip-text.js';

/** A parsed address: family 4 with `v4`, or family 6 with `v6`. */
export type IpAddr = { family: 4; v4: number } | { family: 6; v6: Uint8Array };

export function parseIp(s: string): IpAddr | undefined {
  if (isIPv4(s)) {
    const v4 = parseIPv4(s);
    return v4 === undefined ? undefined : { family: 4, v4 };
  }
  const v6 = parseIPv6(s);
  return v6 ? { family: 6, v6 } : undefined;
}

/**
 * A network `addr[/len]` or `addr/dotted-mask` as pattern files write it. Returns the family, the
 * bytes (4 or 16) and the prefix length, or undefined.
 */
export function parseNetwork(s: string): { bytes: Uint8Array; len: number } | undefined {
  const slash = s.indexOf('/');
  const a = slash < 0 ? s : s.slice(0, slash);
  const m = slash < 0 ? undefined : s.slice(slash + 1);
  const v4 = parseIPv4(a);
  if (v4 !== undefined) {
    let len = 32;
    if (m !== undefined) {
      if (/^\d+$/.test(m)) len = Number(m);
      else {
        const mk = parseIPv4(m);
        if (mk === undefined) return undefined;
        len = 0;
        while (len < 32 && ((mk >>> (31 - len)) & 1) === 1) len++;
      }
      if (len > 32) return undefined;
    }
    const bytes = new Uint8Array([(v4 >>> 24) & 255, (v4 >>> 16) & 255, (v4 >>> 8) & 255, v4 & 255]);
    return { bytes, len };
  }
  const v6 = parseIPv6(a);
  if (!v6) return undefined;
  let len = 128;
  if (m !== undefined) {
    if (!/^\d+$/.test(m)) return undefined;
    len = Number(m);
    if (len > 128) return undefined;
  }
  return { bytes: v6, len };
}

/** A binary trie over address bits; each node may end a network carrying a value (longest match wins). */
export class PrefixTree<V> {
  private zero: Int32Array = new Int32Array(64).fill(-1);
  private one: Int32Array = new Int32Array(64).fill(-1);
  private readonly values: Array<V | undefined> = [undefined];
  private readonly terminal: boolean[] = [false];
  private count = 1;
  size = 0;

  private grow(): void {
    const n = this.zero.length * 2;
    const z = new Int32Array(n).fill(-1);
    const o = new Int32Array(n).fill(-1);
    z.set(this.zero);
    o.set(this.one);
    this.zero = z;
    this.one = o;
  }

  /** Insert `bytes/len`; the first value inserted for a network is kept (file order). */
  insert(bytes: Uint8Array, len: number, value: V): void {
    let node = 0;
    for (let i = 0; i < len; i++) {
      const bit = (bytes[i >> 3]! >> (7 - (i & 7))) & 1;
      const arr = bit ? this.one : this.zero;
      let next = arr[node]!;
      if (next < 0) {
        if (this.count >= this.zero.length) this.grow();
        next = this.count++;
        (bit ? this.one : this.zero)[node] = next;
        this.values.push(undefined);
        this.terminal.push(false);
      }
      node = next;
    }
    if (!this.terminal[node]) {
      this.terminal[node] = true;
      this.values[node] = value;
      this.size++;
    }
  }

  /** Longest-prefix match over `nbits` bits of `bytes`. */
  lookup(bytes: Uint8Array, nbits: number): { value: V } | undefined {
    let node = 0;
    let found = this.terminal[0] ? 0 : -1;
    for (let i = 0; i < nbits; i++) {
      const bit = (bytes[i >> 3]! >> (7 - (i & 7))) & 1;
      const next = (bit ? this.one : this.zero)[node]!;
      if (next < 0) break;
      node = next;
      if (this.terminal[node]) found = node;
    }
    return found < 0 ? undefined : { value: this.values[found] as V };
  }

  /** Longest-prefix match of an IPv4 number. */
  lookup4(v4: number): { value: V } | undefined {
    if (this.size === 0) return undefined;
    let node = 0;
    let found = this.terminal[0] ? 0 : -1;
    for (let i = 0; i < 32; i++) {
      const bit = (v4 >>> (31 - i)) & 1;
      const next = (bit ? this.one : this.zero)[node]!;
      if (next < 0) break;
      node = next;
      if (this.terminal[node]) found = node;
    }
    return found < 0 ? undefined : { value: this.values[found] as V };
  }
}

/** IPv4 and IPv6 networks with values, matched as HAProxy's pattern trees do. */
export class IpTable<V> {
  readonly v4 = new PrefixTree<V>();
  readonly v6 = new PrefixTree<V>();

  /** false when `net` is not an address or network. */
  add(net: string, value: V): boolean {
    const n = parseNetwork(net);
    if (!n) return false;
    if (n.bytes.length === 4) this.v4.insert(n.bytes, n.len, value);
    else this.v6.insert(n.bytes, n.len, value);
    return true;
  }

  lookup(addr: string): { value: V } | undefined {
    const v4 = parseIPv4(addr);
    if (v4 !== undefined) {
      const r = this.v4.lookup4(v4);
      if (r || this.v6.size === 0) return r;
      const mapped = new Uint8Array(16);
      mapped[10] = 0xff;
      mapped[11] = 0xff;
      mapped[12] = (v4 >>> 24) & 255;
      mapped[13] = (v4 >>> 16) & 255;
      mapped[14] = (v4 >>> 8) & 255;
      mapped[15] = v4 & 255;
      return this.v6.lookup(mapped, 128);
    }
    const v6 = parseIPv6(addr);
    if (!v6) return undefined;
    const r = this.v6.lookup(v6, 128);
    if (r) return r;
    const m = mappedIPv4(v6);
    return m === undefined ? undefined : this.v4.lookup4(m);
  }
}
