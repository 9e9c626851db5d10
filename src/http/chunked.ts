/**
 * Chunked transfer-coding framing, as HAProxy 2.6 reads it (h1_parse_chunk_size, h1_skip_chunk_crlf,
 * trailers parsed like headers): `1*HEXDIG *(SP/HT) [';' ext] CRLF`, at most 13 hex digits (< 2^52),
 * CRLF or bare LF after the data, trailers with header syntax. The parser never copies body bytes: push()
 * says how many bytes of the given buffer belong to the message, and the caller forwards that slice.
 */
import type { HttpError } from './types.js';
import { CR, HT, LF, SP } from './chars.js';
import { FieldScan } from './h1-fields.js';

const enum S { Size, SizeWs, Ext, SizeLf, Data, DataCr, DataLf, Trailers, Done, Error }

const HEX = new Int8Array(256).fill(-1);
for (let i = 0; i < 10; i++) HEX[48 + i] = i;
for (let i = 0; i < 6; i++) {
  HEX[65 + i] = 10 + i;
  HEX[97 + i] = 10 + i;
}
const MAX_CHUNK = 2 ** 52;
const trailerScan = new FieldScan();

export class ChunkedParser {
  private state = S.Size;
  private size = 0;
  private digits = 0;
  private remaining = 0;
  private trailers: Buffer | null = null;
  /** Payload bytes seen so far (chunk data only). */
  bodyBytes = 0;
  /** Set when the message is malformed; HAProxy answers 400 (request) or 502 (response). */
  error: HttpError | null = null;

  /** @param maxTrailers bytes the trailer block may take (HAProxy: it must fit the buffer). */
  constructor(private readonly maxTrailers = 15360, private readonly errorStatus: 400 | 502 = 400) {}

  /** The last chunk and the trailers were read: the message is complete. */
  get done(): boolean {
    return this.state === S.Done;
  }

  /**
   * Feeds `buf` from `offset`. Returns how many bytes from `offset` belong to this message (all of them
   * unless the message ends inside `buf`), or -1 on a framing error (see `error`).
   */
  push(buf: Buffer, offset = 0): number {
    const len = buf.length;
    let p = offset;
    while (p < len) {
      switch (this.state) {
        case S.Data: {
          const n = Math.min(this.remaining, len - p);
          this.remaining -= n;
          this.bodyBytes += n;
          p += n;
          if (this.remaining === 0) this.state = S.DataCr;
          break;
        }
        case S.Size: {
          const c = buf[p] as number;
          const h = HEX[c] as number;
          if (h >= 0) {
            this.size = this.size * 16 + h;
            this.digits++;
            if (this.size >= MAX_CHUNK) return this.fail(p, 'chunk size too large');
            p++;
            break;
          }
          if (this.digits === 0) return this.fail(p, 'invalid chunk size');
          this.state = S.SizeWs;
          break;
        }
        case S.SizeWs: {
          const c = buf[p] as number;
          if (c === SP || c === HT) p++;
          else if (c === 59) {
            this.state = S.Ext;
            p++;
          } else if (c === CR) {
            this.state = S.SizeLf;
            p++;
          } else if (c === LF) {
            p++;
            this.endOfSize();
          } else return this.fail(p, 'invalid character after chunk size');
          break;
        }
        case S.Ext: {
          // extension bytes run to the next CR or LF
          while (p < len) {
            const c = buf[p] as number;
            if (c === CR || c === LF) break;
            p++;
          }
          if (p < len) this.state = S.SizeWs;
          break;
        }
        case S.SizeLf:
          if (buf[p] !== LF) return this.fail(p, 'CR not followed by LF after chunk size');
          p++;
          this.endOfSize();
          break;
        case S.DataCr: {
          const c = buf[p] as number;
          if (c === CR) {
            this.state = S.DataLf;
            p++;
          } else if (c === LF) {
            this.state = S.Size;
            p++;
          } else return this.fail(p, 'missing CRLF after chunk data');
          break;
        }
        case S.DataLf:
          if (buf[p] !== LF) return this.fail(p, 'missing LF after chunk data');
          p++;
          this.state = S.Size;
          break;
        case S.Trailers:
          return this.pushTrailers(buf, offset, p);
        case S.Done:
          return p - offset;
        default:
          return -1;
      }
    }
    return p - offset;
  }

  private endOfSize(): void {
    if (this.size === 0) {
      this.state = S.Trailers;
      this.trailers = null;
      return;
    }
    this.remaining = this.size;
    this.size = 0;
    this.digits = 0;
    this.state = S.Data;
  }

  private pushTrailers(buf: Buffer, offset: number, p: number): number {
    const len = buf.length;
    // fast path: no trailers, the block is a lone CRLF / LF
    if (this.trailers === null) {
      const c = buf[p] as number;
      if (c === LF) return this.finish(p + 1 - offset);
      if (c === CR && p + 1 < len) {
        if (buf[p + 1] === LF) return this.finish(p + 2 - offset);
        return this.fail(p + 1, 'CR not followed by LF after last chunk');
      }
    }
    const before = this.trailers === null ? 0 : this.trailers.length;
    const acc = this.trailers === null ? buf.subarray(p) : Buffer.concat([this.trailers, buf.subarray(p)]);
    const end = trailerScan.scan(acc, 0);
    if (end === -2) return this.fail(p, `invalid trailers: ${trailerScan.errReason}`);
    if (end === -1) {
      if (acc.length > this.maxTrailers) return this.fail(p, 'trailers too large');
      this.trailers = Buffer.from(acc); // keep a copy: the caller's buffer may be reused
      return len - offset;
    }
    this.trailers = null;
    return this.finish(p - offset + (end - before));
  }

  private finish(consumed: number): number {
    this.state = S.Done;
    return consumed;
  }

  private fail(offset: number, reason: string): number {
    this.state = S.Error;
    this.error = { status: this.errorStatus, reason, offset };
    return -1;
  }
}

/** Content-Length framing: counts down the bytes of the body. */
export class LengthCounter {
  remaining: number;
  constructor(length: number) {
    this.remaining = length;
  }
  get done(): boolean {
    return this.remaining === 0;
  }
  /** How many bytes of `buf` from `offset` belong to the body. */
  push(buf: Buffer, offset = 0): number {
    const n = Math.min(this.remaining, buf.length - offset);
    this.remaining -= n;
    return n;
  }
}
