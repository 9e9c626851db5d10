/**
 * Finds where a chunked body ends without copying it: the data plane forwards the bytes unchanged
 * (chunk framing included) and only needs to know how many of them belong to this message.
 * A byte-level state machine that resumes across socket reads.
 * TODO(http): switch to the shared chunked parser in src/http/ once it settles.
 */

const enum St {
  Size,
  SizeExt,
  SizeLf,
  Data,
  DataCr,
  DataLf,
  TrailerStart,
  TrailerLine,
  TrailerLf,
  LastLf,
  Done,
}

export type ChunkScan =
  /** All of buf[from..] belongs to the body, more is needed. */
  | -1
  /** A framing error. */
  | -2
  /** Otherwise: the offset just past the end of the body. */
  | number;

export class ChunkTracker {
  private st = St.Size;
  private remaining = 0;
  private sizeDigits = 0;

  reset(): void {
    this.st = St.Size;
    this.remaining = 0;
    this.sizeDigits = 0;
  }

  get done(): boolean {
    return this.st === St.Done;
  }

  /** Scan buf from `from`; returns -1 (need more), -2 (error) or the end offset of the body. */
  scan(buf: Buffer, from: number): ChunkScan {
    let i = from;
    const n = buf.length;
    while (i < n) {
      switch (this.st) {
        case St.Data: {
          const take = Math.min(this.remaining, n - i);
          i += take;
          this.remaining -= take;
          if (this.remaining === 0) this.st = St.DataCr;
          continue;
        }
        case St.Size: {
          const c = buf[i]!;
          const v = hexVal(c);
          if (v >= 0) {
            if (this.sizeDigits >= 13) return -2;
            this.remaining = this.remaining * 16 + v;
            this.sizeDigits++;
          } else if (this.sizeDigits === 0) {
            return -2;
          } else if (c === 0x0d) {
            this.st = St.SizeLf;
          } else if (c === 0x3b || c === 0x20 || c === 0x09) {
            this.st = St.SizeExt;
          } else {
            return -2;
          }
          break;
        }
        case St.SizeExt: {
          const c = buf[i]!;
          if (c === 0x0d) this.st = St.SizeLf;
          else if (c === 0x0a || c === 0) return -2;
          break;
        }
        case St.SizeLf:
          if (buf[i] !== 0x0a) return -2;
          this.sizeDigits = 0;
          this.st = this.remaining === 0 ? St.TrailerStart : St.Data;
          break;
        case St.DataCr:
          if (buf[i] !== 0x0d) return -2;
          this.st = St.DataLf;
          break;
        case St.DataLf:
          if (buf[i] !== 0x0a) return -2;
          this.st = St.Size;
          break;
        case St.TrailerStart:
          if (buf[i] === 0x0d) this.st = St.LastLf;
          else this.st = St.TrailerLine;
          break;
        case St.TrailerLine:
          if (buf[i] === 0x0d) this.st = St.TrailerLf;
          break;
        case St.TrailerLf:
          if (buf[i] !== 0x0a) return -2;
          this.st = St.TrailerStart;
          break;
        case St.LastLf:
          if (buf[i] !== 0x0a) return -2;
          this.st = St.Done;
          return i + 1;
        case St.Done:
          return i;
      }
      i++;
    }
    return -1;
  }
}

function hexVal(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x61 && c <= 0x66) return c - 0x57;
  if (c >= 0x41 && c <= 0x46) return c - 0x37;
  return -1;
}
