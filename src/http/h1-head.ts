import type { HeadResult, HeaderField, ParseLimits, RequestHead } from './types.js';

export function parseHead(buf: Buffer, limits: ParseLimits): HeadResult<RequestHead> {
  const end = buf.indexOf('\r\n\r\n');
  if (end < 0) {
    if (buf.length > limits.maxHeadSize) return { kind: 'error', error: { status: 400, reason: 'head too large', offset: buf.length } };
    return { kind: 'incomplete' };
  }
  const text = buf.toString('latin1', 0, end);
  const lines = text.split('\r\n');
  const rl = (lines[0] ?? '').split(' ');
  if (rl.length !== 3) return { kind: 'error', error: { status: 400, reason: 'bad request line', offset: 0 } };
  const version = rl[2] === 'HTTP/1.1' ? 11 : 10;
  const headers: HeaderField[] = [];
  let clen = -1;
  let chunked = false;
  for (let i = 1; i < lines.length; i++) {
    const l = lines[i] as string;
    const c = l.indexOf(':');
    if (c <= 0) return { kind: 'error', error: { status: 400, reason: 'bad header', offset: 0 } };
    const name = l.slice(0, c);
    const value = l.slice(c + 1).trim();
    const lname = name.toLowerCase();
    headers.push({ name, lname, value });
    if (lname === 'content-length') clen = Number(value);
    if (lname === 'transfer-encoding' && value.toLowerCase().endsWith('chunked')) chunked = true;
  }
  return {
    kind: 'head',
    head: {
      method: rl[0] as string, target: rl[1] as string, version, headers,
      framing: chunked ? { kind: 'chunked' } : clen > 0 ? { kind: 'length', length: clen } : { kind: 'none' },
      keepAlive: version === 11, expectContinue: false, headLength: end + 4,
    },
  };
}
