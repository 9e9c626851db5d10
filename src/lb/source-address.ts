/**
 * The source-address hash input, as HAProxy's get_server_sh(): the address's 32-bit words in host
 * order, XORed together (one word for IPv4, four for IPv6). Parsed from text without allocating.
 */

const groups = new Uint16Array(8);

function parseV4(s: string, start: number, end: number): number {
  let v = 0;
  let part = 0;
  let digits = 0;
  let dots = 0;
  for (let i = start; i < end; i++) {
    const c = s.charCodeAt(i);
    if (c === 46) {
      if (!digits || ++dots > 3) return -1;
      v = v * 256 + part;
      part = 0;
      digits = 0;
    } else if (c >= 48 && c <= 57) {
      part = part * 10 + (c - 48);
      if (part > 255 || ++digits > 3) return -1;
    } else return -1;
  }
  if (dots !== 3 || !digits) return -1;
  return (v * 256 + part) >>> 0;
}

function hexVal(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 97 && c <= 102) return c - 87;
  if (c >= 65 && c <= 70) return c - 55;
  return -1;
}

/** Fill `groups` from an IPv6 text; false when it is not one. */
function parseV6(s: string): boolean {
  let end = s.length;
  const pct = s.indexOf('%');
  if (pct >= 0) end = pct;
  groups.fill(0);
  let n = 0;
  let gap = -1;
  let i = 0;
  if (s.charCodeAt(0) === 58) {
    if (s.charCodeAt(1) !== 58) return false;
    gap = 0;
    i = 2;
  }
  while (i < end) {
    if (n >= 8) return false;
    // Embedded IPv4 in the last 32 bits.
    let j = i;
    let v = 0;
    let d = 0;
    while (j < end) {
      const h = hexVal(s.charCodeAt(j));
      if (h < 0) break;
      v = v * 16 + h;
      j++;
      d++;
    }
    if (j < end && s.charCodeAt(j) === 46) {
      const v4 = parseV4(s, i, end);
      if (v4 < 0 || n > 6) return false;
      groups[n++] = v4 >>> 16;
      groups[n++] = v4 & 0xffff;
      i = end;
      break;
    }
    if (!d || d > 4) return false;
    groups[n++] = v;
    i = j;
    if (i >= end) break;
    if (s.charCodeAt(i) !== 58) return false;
    i++;
    if (s.charCodeAt(i) === 58) {
      if (gap >= 0) return false;
      gap = n;
      i++;
    } else if (i >= end) return false;
  }
  if (gap >= 0) {
    const tail = n - gap;
    for (let k = 0; k < tail; k++) groups[7 - k] = groups[n - 1 - k]!;
    for (let k = gap; k < 8 - tail; k++) groups[k] = 0;
  } else if (n !== 8) return false;
  return true;
}

/** The XOR of the address's words, or -1 when `addr` is not an IP address. */
export function sourceWords(addr: string): number {
  if (addr.indexOf(':') < 0) return parseV4(addr, 0, addr.length);
  if (!parseV6(addr)) return -1;
  let h = 0;
  for (let k = 0; k < 8; k += 2) h ^= (groups[k]! << 16) | groups[k + 1]!;
  return h >>> 0;
}
