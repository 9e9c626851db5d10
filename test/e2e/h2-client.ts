/**
 * A raw HTTP/2 client for the e2e tests: exact frames out (built with src/http/h2/frame.ts and the
 * HPACK encoder), every frame in recorded and decoded, bounded waits.
 */
import { connect, type Socket } from 'node:net';
import { FRAME_HEADER, PREFACE, frame, settingsFrame } from '../../src/http/h2/frame.js';
import { HpackDecoder, HpackEncoder, type H2Field } from '../../src/http/h2/hpack.js';

export interface Frame {
  type: number;
  flags: number;
  stream: number;
  payload: Buffer;
  /** HEADERS decoded (the test client never splits blocks across CONTINUATION on receive). */
  fields?: H2Field[];
}

export const T = { DATA: 0, HEADERS: 1, RST: 3, SETTINGS: 4, PING: 6, GOAWAY: 7, WINDOW_UPDATE: 8, CONTINUATION: 9 } as const;

export class H2Client {
  readonly sock: Socket;
  readonly frames: Frame[] = [];
  readonly enc = new HpackEncoder();
  readonly dec = new HpackDecoder();
  closed = false;
  private buf = Buffer.alloc(0);
  private waiters: Array<() => void> = [];

  private constructor(sock: Socket) {
    this.sock = sock;
    sock.on('data', (d: Buffer) => {
      this.buf = Buffer.concat([this.buf, d]);
      while (this.buf.length >= FRAME_HEADER) {
        const len = this.buf.readUIntBE(0, 3);
        if (this.buf.length < FRAME_HEADER + len) break;
        const f: Frame = { type: this.buf[3]!, flags: this.buf[4]!, stream: this.buf.readUInt32BE(5) & 0x7fffffff, payload: Buffer.from(this.buf.subarray(9, 9 + len)) };
        if (f.type === T.HEADERS) {
          let p = 0;
          let end = f.payload.length;
          if (f.flags & 0x8) {
            end -= f.payload[0]!;
            p = 1;
          }
          if (f.flags & 0x20) p += 5;
          const r = this.dec.decode(f.payload, p, end);
          if (r.ok) f.fields = r.fields;
        }
        this.frames.push(f);
        this.buf = this.buf.subarray(9 + len);
      }
      this.wake();
    });
    sock.on('close', () => {
      this.closed = true;
      this.wake();
    });
    sock.on('error', () => undefined);
  }

  static async open(port: number, opts: { preface?: boolean; settings?: [number, number][] } = {}): Promise<H2Client> {
    const sock = connect(port, '127.0.0.1');
    await new Promise<void>((res, rej) => {
      sock.once('connect', () => res());
      sock.once('error', rej);
    });
    const c = new H2Client(sock);
    if (opts.preface !== false) sock.write(Buffer.concat([PREFACE, settingsFrame(opts.settings ?? [])]));
    return c;
  }

  private wake(): void {
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f();
  }

  send(b: Buffer): void {
    if (!this.sock.destroyed) this.sock.write(b);
  }

  /** HEADERS with `fields` (END_HEADERS, END_STREAM when `end`). */
  headers(stream: number, fields: H2Field[], end: boolean): void {
    this.send(frame(T.HEADERS, 0x4 | (end ? 1 : 0), stream, this.enc.encode(fields)));
  }

  data(stream: number, payload: string | Buffer, end: boolean): void {
    this.send(frame(T.DATA, end ? 1 : 0, stream, Buffer.isBuffer(payload) ? payload : Buffer.from(payload)));
  }

  /** Waits until `pred` holds over the frames received (or the connection closed), at most `ms`. */
  async until(pred: (fs: Frame[]) => boolean, ms = 5000): Promise<boolean> {
    const deadline = Date.now() + ms;
    while (!pred(this.frames)) {
      if (this.closed || Date.now() > deadline) return pred(this.frames);
      await new Promise<void>((res) => {
        const t = setTimeout(res, Math.max(1, deadline - Date.now()));
        this.waiters.push(() => {
          clearTimeout(t);
          res();
        });
      });
    }
    return true;
  }

  /** The stream's response: status, headers, body, trailers, reset code (-1 none). */
  response(stream: number): { status: number; headers: H2Field[]; body: string; trailers: H2Field[] | undefined; rst: number; ended: boolean } {
    let status = -1;
    let headers: H2Field[] = [];
    let trailers: H2Field[] | undefined;
    let body = '';
    let rst = -1;
    let ended = false;
    for (const f of this.frames) {
      if (f.stream !== stream) continue;
      if (f.type === T.HEADERS && f.fields) {
        const st = f.fields.find((x) => x.name === ':status');
        if (st && Number(st.value) >= 200) {
          status = Number(st.value);
          headers = f.fields;
        } else if (!st) trailers = f.fields;
      }
      if (f.type === T.DATA) body += f.payload.toString('latin1');
      if (f.type === T.RST) rst = f.payload.readUInt32BE(0);
      if ((f.type === T.DATA || f.type === T.HEADERS) && f.flags & 1) ended = true;
    }
    return { status, headers, body, trailers, rst, ended };
  }

  streamDone(stream: number): (fs: Frame[]) => boolean {
    return (fs) => fs.some((f) => f.stream === stream && (f.type === T.RST || ((f.type === T.DATA || f.type === T.HEADERS) && (f.flags & 1) !== 0)));
  }

  goaway(): { last: number; code: number } | undefined {
    const g = this.frames.find((f) => f.type === T.GOAWAY);
    return g ? { last: g.payload.readUInt32BE(0) & 0x7fffffff, code: g.payload.readUInt32BE(4) } : undefined;
  }

  close(): void {
    this.sock.destroy();
  }
}

export function req(path: string, extra: H2Field[] = [], method = 'GET', authority = 'localhost'): H2Field[] {
  return [{ name: ':method', value: method }, { name: ':scheme', value: 'http' }, { name: ':path', value: path }, { name: ':authority', value: authority }, ...extra];
}
