/**
 * The first TLS record of a connection, read before the handshake starts (HAProxy chooses the
 * certificate in its ClientHello callback the same way): the server name and whether the client
 * accepts ECDSA signatures. Bounded: one record of at most 16 kB + header.
 */

export type HelloPeek =
  | { readonly kind: 'incomplete' }
  /** Not a TLS ClientHello we can read: let the TLS stack answer it (with an alert). */
  | { readonly kind: 'other' }
  | { readonly kind: 'hello'; readonly sni: string | undefined; readonly ecdsa: boolean };

const INCOMPLETE: HelloPeek = { kind: 'incomplete' };
const OTHER: HelloPeek = { kind: 'other' };
export const MAX_HELLO_RECORD = 16384 + 2048 + 5;

export function peekHello(b: Buffer): HelloPeek {
  if (b.length < 5) return b.length > 0 && b[0] !== 0x16 ? OTHER : INCOMPLETE;
  if (b[0] !== 0x16 || b[1] !== 3) return OTHER;
  const len = b.readUInt16BE(3);
  if (len === 0 || len > 16384 + 2048) return OTHER;
  if (b.length < 5 + len) return INCOMPLETE;
  const r = b.subarray(5, 5 + len);
  if (r[0] !== 1 || r.length < 4) return OTHER;
  let sni: string | undefined;
  let ecdsa = false;
  try {
    // handshake header (4) | version (2) | random (32) | session id | ciphers | compression | extensions
    let p = 4 + 2 + 32;
    p += 1 + r[p]!;
    const cl = r.readUInt16BE(p);
    // ECDSA certificates need a TLS 1.3 suite or an ECDHE-ECDSA one (0xC0xx / 0xCCA9) on offer.
    let ecCipher = false;
    for (let i = p + 2; i + 1 < p + 2 + cl && i + 1 < r.length; i += 2) {
      const a = r[i]!;
      const b = r[i + 1]!;
      if (a === 0x13 || (a === 0xcc && b === 0xa9) || (a === 0xc0 && ((b >= 0x06 && b <= 0x0a) || b === 0x23 || b === 0x24 || b === 0x2b || b === 0x2c || (b >= 0xac && b <= 0xaf)))) ecCipher = true;
    }
    p += 2 + cl;
    p += 1 + r[p]!;
    if (p + 2 > r.length) return { kind: 'hello', sni, ecdsa: true };
    const end = Math.min(r.length, p + 2 + r.readUInt16BE(p));
    p += 2;
    let sawSigalgs = false;
    while (p + 4 <= end) {
      const type = r.readUInt16BE(p);
      const elen = r.readUInt16BE(p + 2);
      const e = r.subarray(p + 4, Math.min(end, p + 4 + elen));
      p += 4 + elen;
      if (type === 0 && e.length >= 5 && e[2] === 0) {
        const n = e.readUInt16BE(3);
        sni = e.subarray(5, 5 + n).toString('latin1').toLowerCase();
      } else if (type === 13 && e.length >= 2) {
        sawSigalgs = true;
        const n = Math.min(e.length, 2 + e.readUInt16BE(0));
        for (let i = 2; i + 1 < n; i += 2) if (e[i + 1] === 3 || e[i] === 0x08 && (e[i + 1] === 7 || e[i + 1] === 8)) {
          // 0x0?03: ecdsa_*; 0x0807/0x0808: ed25519/ed448 (EC keys too).
          if (e[i + 1] === 3) ecdsa = true;
        }
      }
    }
    if (!sawSigalgs) ecdsa = true;
    if (!ecCipher) ecdsa = false;
  } catch {
    return { kind: 'hello', sni, ecdsa: true };
  }
  return { kind: 'hello', sni, ecdsa };
}
