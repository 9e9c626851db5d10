/**
 * crypt(3) for userlist `password` hashes: SHA-512 ($6$), SHA-256 ($5$) and MD5 ($1$) crypt, the
 * glibc schemes HAProxy's Debian build verifies. Written on node:crypto (no maintained crypt(3)
 * package exists for Node without a native build); checked against `openssl passwd -1/-5/-6`.
 */
import { createHash, timingSafeEqual } from 'node:crypto';

const ITOA = './0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

function to64(v: number, n: number): string {
  let s = '';
  let w = v;
  for (let i = 0; i < n; i++) {
    s += ITOA[w & 0x3f];
    w >>>= 6;
  }
  return s;
}

function repeatTo(src: Buffer, len: number): Buffer {
  const out = Buffer.alloc(len);
  for (let i = 0; i < len; i += src.length) src.copy(out, i, 0, Math.min(src.length, len - i));
  return out;
}

const SHA512_ORDER: ReadonlyArray<readonly [number, number, number]> = [
  [0, 21, 42], [22, 43, 1], [44, 2, 23], [3, 24, 45], [25, 46, 4], [47, 5, 26], [6, 27, 48],
  [28, 49, 7], [50, 8, 29], [9, 30, 51], [31, 52, 10], [53, 11, 32], [12, 33, 54], [34, 55, 13],
  [56, 14, 35], [15, 36, 57], [37, 58, 16], [59, 17, 38], [18, 39, 60], [40, 61, 19], [62, 20, 41],
];
const SHA256_ORDER: ReadonlyArray<readonly [number, number, number]> = [
  [0, 10, 20], [21, 1, 11], [12, 22, 2], [3, 13, 23], [24, 4, 14], [15, 25, 5], [6, 16, 26],
  [27, 7, 17], [18, 28, 8], [9, 19, 29],
];

function shaCrypt(alg: 'sha256' | 'sha512', pw: Buffer, setting: string): string | undefined {
  const id = alg === 'sha512' ? '6' : '5';
  let rest = setting.slice(3);
  let rounds = 5000;
  let custom = false;
  const rm = /^rounds=(\d+)\$/.exec(rest);
  if (rm) {
    rounds = Math.min(999999999, Math.max(1000, Number(rm[1])));
    custom = true;
    rest = rest.slice(rm[0].length);
  }
  const d = rest.indexOf('$');
  const salt = Buffer.from((d < 0 ? rest : rest.slice(0, d)).slice(0, 16), 'latin1');
  const H = (): ReturnType<typeof createHash> => createHash(alg);
  const B = H().update(pw).update(salt).update(pw).digest();
  const a = H().update(pw).update(salt);
  a.update(repeatTo(B, pw.length));
  for (let n = pw.length; n > 0; n >>>= 1) a.update(n & 1 ? B : pw);
  let C = a.digest();
  const dp = H();
  for (let i = 0; i < pw.length; i++) dp.update(pw);
  const P = repeatTo(dp.digest(), pw.length);
  const ds = H();
  for (let i = 0; i < 16 + C[0]!; i++) ds.update(salt);
  const S = repeatTo(ds.digest(), salt.length);
  for (let i = 0; i < rounds; i++) {
    const h = H();
    h.update(i & 1 ? P : C);
    if (i % 3) h.update(S);
    if (i % 7) h.update(P);
    h.update(i & 1 ? C : P);
    C = h.digest();
  }
  let out = '';
  const order = alg === 'sha512' ? SHA512_ORDER : SHA256_ORDER;
  for (const [x, y, z] of order) out += to64((C[x]! << 16) | (C[y]! << 8) | C[z]!, 4);
  out += alg === 'sha512' ? to64(C[63]!, 2) : to64((C[31]! << 8) | C[30]!, 3);
  return `$${id}$${custom ? `rounds=${rounds}$` : ''}${salt.toString('latin1')}$${out}`;
}

function md5Crypt(pw: Buffer, setting: string): string {
  let rest = setting.slice(3);
  const d = rest.indexOf('$');
  rest = (d < 0 ? rest : rest.slice(0, d)).slice(0, 8);
  const salt = Buffer.from(rest, 'latin1');
  const md5 = (): ReturnType<typeof createHash> => createHash('md5');
  let fin = md5().update(pw).update(salt).update(pw).digest();
  const ctx = md5().update(pw).update('$1$').update(salt);
  for (let pl = pw.length; pl > 0; pl -= 16) ctx.update(fin.subarray(0, Math.min(pl, 16)));
  for (let i = pw.length; i; i >>>= 1) ctx.update(i & 1 ? Buffer.from([0]) : pw.subarray(0, 1));
  fin = ctx.digest();
  for (let i = 0; i < 1000; i++) {
    const c = md5();
    c.update(i & 1 ? pw : fin);
    if (i % 3) c.update(salt);
    if (i % 7) c.update(pw);
    c.update(i & 1 ? fin : pw);
    fin = c.digest();
  }
  const f = fin;
  const out =
    to64((f[0]! << 16) | (f[6]! << 8) | f[12]!, 4) +
    to64((f[1]! << 16) | (f[7]! << 8) | f[13]!, 4) +
    to64((f[2]! << 16) | (f[8]! << 8) | f[14]!, 4) +
    to64((f[3]! << 16) | (f[9]! << 8) | f[15]!, 4) +
    to64((f[4]! << 16) | (f[10]! << 8) | f[5]!, 4) +
    to64(f[11]!, 2);
  return `$1$${rest}$${out}`;
}

/** crypt(password, setting) for $1$, $5$ and $6$ settings; undefined for other schemes. */
export function crypt(password: string, setting: string): string | undefined {
  const pw = Buffer.from(password, 'latin1');
  if (setting.startsWith('$6$')) return shaCrypt('sha512', pw, setting);
  if (setting.startsWith('$5$')) return shaCrypt('sha256', pw, setting);
  if (setting.startsWith('$1$')) return md5Crypt(pw, setting);
  return undefined;
}

/** Does `password` hash to `hash`? Unknown schemes never match. */
export function cryptMatches(password: string, hash: string): boolean {
  const h = crypt(password, hash);
  if (h === undefined || h.length !== hash.length) return false;
  return timingSafeEqual(Buffer.from(h, 'latin1'), Buffer.from(hash, 'latin1'));
}

/** Schemes crypt() supports, for load-time warnings. */
export function cryptSupported(hash: string): boolean {
  return /^\$[156]\$/.test(hash);
}
