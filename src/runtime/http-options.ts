/** HTTP behaviour options of a proxy, resolved once from `option ...` lines. */
import { optionOn, type ProxyModel } from '../config/model/proxy.js';

/** HAProxy's connection modes: keep-alive both sides, close the server side, close both sides. */
export type HttpConnMode = 'keep-alive' | 'server-close' | 'close';

export function httpConnMode(p: ProxyModel): HttpConnMode {
  if (optionOn(p, 'httpclose')) return 'close';
  if (optionOn(p, 'http-server-close')) return 'server-close';
  return 'keep-alive';
}

/** The most restrictive of the frontend's and the backend's modes wins. */
export function combineConnModes(a: HttpConnMode, b: HttpConnMode): HttpConnMode {
  if (a === 'close' || b === 'close') return 'close';
  if (a === 'server-close' || b === 'server-close') return 'server-close';
  return 'keep-alive';
}

/** `option forwardfor [except <network>] [header <name>] [if-none]` */
export interface ForwardFor {
  /** Header name as sent. */
  readonly header: string;
  readonly lheader: string;
  readonly ifNone: boolean;
  /** Returns true when the source address is excepted. */
  readonly except: ((addr: string) => boolean) | undefined;
}

export function forwardFor(p: ProxyModel): ForwardFor | undefined {
  const o = p.options['forwardfor'];
  if (!o?.enabled) return undefined;
  let header = 'X-Forwarded-For';
  let ifNone = false;
  let except: ForwardFor['except'];
  const a = o.args;
  for (let i = 0; i < a.length; i++) {
    const w = a[i]!;
    if (w === 'header' && a[i + 1] !== undefined) header = a[++i]!;
    else if (w === 'if-none') ifNone = true;
    else if (w === 'except' && a[i + 1] !== undefined) except = networkMatcher(a[++i]!);
  }
  return { header, lheader: header.toLowerCase(), ifNone, except };
}

/** A matcher for an IPv4/IPv6 network written `addr[/bits]` or `addr/mask`. */
export function networkMatcher(text: string): (addr: string) => boolean {
  const [net, bitsText] = text.split('/');
  const base = parseIp(net ?? '');
  if (!base) return () => false;
  let bits = base.length * 8;
  if (bitsText !== undefined) {
    const m = parseIp(bitsText);
    bits = m ? maskBits(m) : Number(bitsText);
  }
  return (addr: string) => {
    let a = parseIp(addr);
    if (!a) return false;
    if (a.length === 16 && base.length === 4 && isMapped(a)) a = a.subarray(12);
    if (a.length !== base.length) return false;
    for (let i = 0, left = bits; left > 0 && i < a.length; i++, left -= 8) {
      const mask = left >= 8 ? 0xff : (0xff << (8 - left)) & 0xff;
      if ((a[i]! & mask) !== (base[i]! & mask)) return false;
    }
    return true;
  };
}

function isMapped(a: Uint8Array): boolean {
  for (let i = 0; i < 10; i++) if (a[i] !== 0) return false;
  return a[10] === 0xff && a[11] === 0xff;
}

function maskBits(m: Uint8Array): number {
  let n = 0;
  for (const b of m) for (let k = 7; k >= 0; k--) if (b & (1 << k)) n++;
  return n;
}

/** Parse an IPv4 or IPv6 literal into bytes (undefined if not one). */
export function parseIp(s: string): Uint8Array | undefined {
  if (/^\d+\.\d+\.\d+\.\d+$/.test(s)) {
    const p = s.split('.').map(Number);
    if (p.some((x) => x > 255)) return undefined;
    return Uint8Array.from(p);
  }
  if (!s.includes(':')) return undefined;
  let v4tail: number[] = [];
  let t = s;
  const lastColon = t.lastIndexOf(':');
  if (t.slice(lastColon + 1).includes('.')) {
    const v4 = parseIp(t.slice(lastColon + 1));
    if (!v4) return undefined;
    v4tail = [...v4];
    t = t.slice(0, lastColon) + ':0:0';
  }
  const halves = t.split('::');
  if (halves.length > 2) return undefined;
  const head = halves[0] ? halves[0].split(':') : [];
  const tail = halves.length === 2 && halves[1] ? halves[1].split(':') : [];
  const missing = 8 - head.length - tail.length;
  if (missing < 0 || (halves.length === 1 && missing !== 0)) return undefined;
  const groups = [...head, ...new Array<string>(missing).fill('0'), ...tail];
  const out = new Uint8Array(16);
  for (let i = 0; i < 8; i++) {
    const g = groups[i]!;
    if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return undefined;
    const v = parseInt(g, 16);
    out[i * 2] = v >> 8;
    out[i * 2 + 1] = v & 0xff;
  }
  if (v4tail.length === 4) out.set(v4tail, 12);
  return out;
}
