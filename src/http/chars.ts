/** Byte classes of HAProxy's HTTP/1 parser (src/h1.c, http.h char classes). */

/** tchar: "!#$%&'*+-.^_`|~" DIGIT ALPHA (HTTP_IS_TOKEN). 2 marks an upper-case letter. */
export const TOKEN = new Uint8Array(256);
/** Request-target bytes HAProxy 2.6 accepts: 33..126 except '#'. */
export const URI_OK = new Uint8Array(256);
/** Version token bytes (letters, digits, '.', '/'). */
export const VER_OK = new Uint8Array(256);

for (let c = 0; c < 256; c++) {
  const alpha = (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
  const digit = c >= 48 && c <= 57;
  if (alpha || digit || "!#$%&'*+-.^_`|~".includes(String.fromCharCode(c))) TOKEN[c] = c >= 65 && c <= 90 ? 2 : 1;
  if (c >= 33 && c <= 126 && c !== 35) URI_OK[c] = 1;
  if (alpha || digit || c === 46 || c === 47) VER_OK[c] = 1;
}

export const CR = 13;
export const LF = 10;
export const SP = 32;
export const HT = 9;

interface Latin1Buffer {
  latin1Slice(start: number, end: number): string;
}

/** Buffer#latin1Slice (fast native slice to a one-byte string); untyped in @types/node. */
export function latin1(buf: Buffer, start: number, end: number): string {
  return (buf as unknown as Latin1Buffer).latin1Slice(start, end);
}

/** HTTP_IS_LWS: SP, HT, CR, LF. */
export function isLws(c: number): boolean {
  return c === SP || c === HT || c === CR || c === LF;
}

