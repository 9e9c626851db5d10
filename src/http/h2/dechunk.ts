/**
 * Reads an HTTP/1 body coming from the h1 path (bytes it wrote) for HTTP/2 DATA frames: chunked
 * framing removed, trailers collected. Input was produced by our own serializer or passed through
 * ChunkedParser already, so errors are simply reported (the stream is then reset).
 */
import type { H2Field } from './hpack.js';

const enum S { Size, SizeLine, Data, DataCrLf, Trailers, Done, Error }

export class Dechunker {
  private state = S.Size;
  private size = 0;
  private left = 0;
  private line = '';
  readonly trailers: H2Field[] = [];

  get done(): boolean {
    return this.state === S.Done;
  }

  get failed(): boolean {
    return this.state === S.Error;
  }

  /** Payload slices of `buf` from `from`; returns how many bytes of `buf` were consumed. */
  push(buf: Buffer, from: number, out: Buffer[]): number {
    let p = from;
    const len = buf.length;
    while (p < len && this.state !== S.Done && this.state !== S.Error) {
      switch (this.state) {
        case S.Size: {
          const c = buf[p]!;
          const h = c >= 48 && c <= 57 ? c - 48 : c >= 97 && c <= 102 ? c - 87 : c >= 65 && c <= 70 ? c - 55 : -1;
          if (h >= 0) {
            this.size = this.size * 16 + h;
            if (this.size > 2 ** 52) this.state = S.Error;
            p++;
          } else this.state = S.SizeLine;
          break;
        }
        case S.SizeLine: {
          const nl = buf.indexOf(10, p);
          if (nl < 0) return len;
          p = nl + 1;
          if (this.size === 0) {
            this.state = S.Trailers;
            this.line = '';
          } else {
            this.left = this.size;
            this.state = S.Data;
          }
          break;
        }
        case S.Data: {
          const n = Math.min(this.left, len - p);
          out.push(buf.subarray(p, p + n));
          p += n;
          this.left -= n;
          if (this.left === 0) this.state = S.DataCrLf;
          break;
        }
        case S.DataCrLf: {
          const c = buf[p++]!;
          if (c === 10) {
            this.state = S.Size;
            this.size = 0;
          } else if (c !== 13) this.state = S.Error;
          break;
        }
        case S.Trailers: {
          const nl = buf.indexOf(10, p);
          const end = nl < 0 ? len : nl;
          this.line += buf.toString('latin1', p, end);
          if (this.line.length > 65536) {
            this.state = S.Error;
            break;
          }
          if (nl < 0) return len;
          p = nl + 1;
          const l = this.line.endsWith('\r') ? this.line.slice(0, -1) : this.line;
          this.line = '';
          if (l === '') {
            this.state = S.Done;
            break;
          }
          const colon = l.indexOf(':');
          if (colon <= 0) {
            this.state = S.Error;
            break;
          }
          this.trailers.push({ name: l.slice(0, colon).trim().toLowerCase(), value: l.slice(colon + 1).trim() });
          break;
        }
        default:
          break;
      }
    }
    return p - from;
  }
}
