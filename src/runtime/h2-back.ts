/**
 * HTTP/2 towards servers (`server ... proto h2`): a few H2Conn connections per server, each carrying
 * many streams. The h1 session path talks to a BackStream exactly as to a server socket: it writes
 * an HTTP/1.1 request (translated to HEADERS/DATA here) and reads an HTTP/1.1 response (translated
 * from the server's HEADERS/DATA). A connection takes new streams up to the server's
 * SETTINGS_MAX_CONCURRENT_STREAMS; beyond it another connection opens.
 */
import { corkedWriter } from '../net/corked-write.js';
import type { Socket } from 'node:net';
import { H2Conn, type H2Owner, type H2Stream } from '../http/h2/conn.js';
import { Dechunker } from '../http/h2/dechunk.js';
import { ErrorCode } from '../http/h2/frame.js';
import type { H2Field } from '../http/h2/hpack.js';
import { h1RequestToH2, h2ResponseToH1, trailersToH1 } from '../http/h2/translate.js';
import { parseRequestHead } from '../http/h1-request.js';
import { connectServer } from '../net/connect.js';
import { readPort } from '../net/read-port.js';
import { h2Tune } from './h2-tune.js';
import type { Server } from './server.js';
import { EMPTY, VirtualSocket } from './stream-socket.js';

const links = new WeakMap<Server, H2Link[]>();
/** Streams that may wait for a connection that is still being set up. */
const MAX_WAITING = 100;
/** An h2 connection without streams closes after this long. */
const IDLE_MS = 30_000;

/** A stream towards an h2 server for one exchange of the h1 path (ServerConn's socket). */
export function openH2Stream(srv: Server, localPort: number): BackStream {
  let list = links.get(srv);
  if (!list) {
    list = [];
    links.set(srv, list);
  }
  let link: H2Link | undefined;
  for (const l of list) {
    if (l.accepts()) {
      link = l;
      break;
    }
  }
  if (!link) {
    link = new H2Link(srv, localPort, list);
    list.push(link);
  }
  const b = new BackStream(link);
  b.localPort = localPort;
  link.take(b);
  return b;
}

/** Close every idle h2 server connection (stop). */
export function closeH2Links(srv: Server): void {
  const list = links.get(srv);
  if (list) for (const l of [...list]) l.closeIfIdle();
}

class H2Link implements H2Owner {
  private readonly socket: Socket;
  /** Frames written in one tick leave in one writev (src/net/corked-write.ts). */
  private readonly write: (b: Buffer) => boolean;
  readonly conn: H2Conn;
  private readonly list: H2Link[];
  private ready = false;
  private dead = false;
  private readonly waiting: BackStream[] = [];
  private idleTimer: NodeJS.Timeout | undefined;
  private congested = new Set<BackStream>();

  constructor(srv: Server, localPort: number, list: H2Link[]) {
    this.list = list;
    const s = connectServer(srv, localPort, undefined);
    this.socket = s;
    this.write = corkedWriter(s);
    this.conn = new H2Conn(false, h2Tune, this, this.write);
    s.on('connect', () => {
      s.setNoDelay(true);
      this.conn.start();
    });
    // Frames may outlive a read (split frames, DATA handed to streams): every read is kept.
    const port = readPort(s);
    port.sink = (d) => {
      port.keep();
      this.conn.feed(d);
    };
    s.on('close', () => this.gone());
    s.on('end', () => this.gone());
    s.on('error', noop);
    s.on('drain', () => {
      const all = [...this.congested];
      this.congested.clear();
      for (const b of all) b.drained();
    });
  }

  get writable(): boolean {
    return !this.socket.writableNeedDrain;
  }

  noteCongested(b: BackStream): void {
    this.congested.add(b);
  }

  /** Room for one more stream (open now, or waiting for the connection to be ready). */
  accepts(): boolean {
    if (this.dead) return false;
    if (!this.ready) return this.waiting.length < MAX_WAITING;
    return this.conn.canOpen;
  }

  take(b: BackStream): void {
    this.clearIdle();
    if (!this.ready) {
      this.waiting.push(b);
      return;
    }
    const s = this.conn.openStream();
    if (!s) b.failed();
    else b.attach(s);
  }

  drop(b: BackStream): void {
    const i = this.waiting.indexOf(b);
    if (i >= 0) this.waiting.splice(i, 1);
  }

  onReady(): void {
    this.ready = true;
    const w = this.waiting.splice(0);
    for (const b of w) {
      const s = this.conn.openStream();
      if (s) b.attach(s);
      else b.failed();
    }
  }

  onHeaders(s: H2Stream, fields: H2Field[], endStream: boolean, trailers: boolean): void {
    (s.user as BackStream | undefined)?.headers(fields, endStream, trailers);
  }

  onData(s: H2Stream, data: Buffer, endStream: boolean): void {
    const b = s.user as BackStream | undefined;
    if (b) b.data(data, endStream);
    else this.conn.consumed(s, data.length);
  }

  onReset(s: H2Stream): void {
    (s.user as BackStream | undefined)?.reset();
  }

  onWritable(s: H2Stream): void {
    (s.user as BackStream | undefined)?.drained();
  }

  onGoaway(): void {
    this.unlist();
  }

  onStreamClosed(): void {
    this.maybeIdle();
  }

  onClose(): void {
    this.gone();
  }

  maybeIdle(): void {
    if (this.dead || this.conn.streams.size > 0 || this.waiting.length > 0) return;
    if (this.idleTimer) this.idleTimer.refresh();
    else {
      this.idleTimer = setTimeout(() => this.closeIfIdle(), IDLE_MS);
      this.idleTimer.unref();
    }
  }

  private clearIdle(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = undefined;
  }

  closeIfIdle(): void {
    if (this.conn.streams.size > 0 || this.waiting.length > 0) return;
    this.conn.goaway();
    this.gone();
  }

  private unlist(): void {
    const i = this.list.indexOf(this);
    if (i >= 0) this.list.splice(i, 1);
  }

  private gone(): void {
    if (this.dead) return;
    this.dead = true;
    this.clearIdle();
    this.unlist();
    this.conn.closeAll(ErrorCode.CANCEL, 'server connection closed');
    for (const b of this.waiting.splice(0)) b.failed();
    if (!this.socket.destroyed) this.socket.destroy();
  }
}

const enum Req { Head, Body, Done }

export class BackStream extends VirtualSocket {
  private readonly link: H2Link;
  private s: H2Stream | undefined;
  private pending: Buffer[] | undefined = [];
  private req = Req.Head;
  private headBuf: Buffer | undefined;
  private method = 'GET';
  private reqLeft = 0;
  private reqChunks: Dechunker | undefined;
  private respChunked = false;
  private respDone = false;
  private paused = false;
  private held: Array<[Buffer, boolean]> | undefined;
  private wantDrain = false;

  constructor(link: H2Link) {
    super();
    this.link = link;
  }

  attach(s: H2Stream): void {
    if (this.destroyed) {
      this.link.conn.reset(s, ErrorCode.CANCEL);
      return;
    }
    this.s = s;
    s.user = this;
    // Possibly still inside ServerConn's constructor: 'connect' comes once its handlers are set.
    queueMicrotask(this.connected);
    const p = this.pending;
    this.pending = undefined;
    if (p) for (const b of p) this.write(b);
  }

  private readonly connected = (): void => {
    if (!this.destroyed) this.hConnect?.(EMPTY);
  };

  /** No stream could be opened: seen as a failed connection (retries, 503). */
  failed(): void {
    this.emitClose();
  }

  // ---- request (session -> server) ----------------------------------------------------------

  write(data: Buffer): boolean {
    if (this.destroyed) return true;
    if (this.pending) {
      this.pending.push(data);
      return true;
    }
    this.touch();
    const conn = this.link.conn;
    const s = this.s!;
    if (this.req === Req.Head) {
      const buf = this.headBuf ? Buffer.concat([this.headBuf, data]) : data;
      const r = parseRequestHead(buf);
      if (r.kind === 'incomplete') {
        this.headBuf = buf;
        return true;
      }
      this.headBuf = undefined;
      if (r.kind === 'error') {
        conn.reset(s, ErrorCode.INTERNAL_ERROR);
        this.emitClose();
        return true;
      }
      const head = r.head;
      this.method = head.method;
      const f = head.framing;
      const fields = h1RequestToH2(head, 'http');
      if (f.kind === 'none' || (f.kind === 'length' && f.length === 0)) {
        conn.sendHeaders(s, fields, true);
        this.req = Req.Done;
        return true;
      }
      conn.sendHeaders(s, fields, false);
      this.req = Req.Body;
      if (f.kind === 'length') this.reqLeft = f.length;
      else if (f.kind === 'chunked') {
        this.reqLeft = -2;
        this.reqChunks = new Dechunker();
      } else this.reqLeft = -1;
      if (head.headLength >= buf.length) return true;
      return this.bodyOut(buf.subarray(head.headLength));
    }
    if (this.req === Req.Body) return this.bodyOut(data);
    return true;
  }

  private bodyOut(data: Buffer): boolean {
    const conn = this.link.conn;
    const s = this.s!;
    let ok = true;
    if (this.reqLeft >= 0) {
      const n = Math.min(this.reqLeft, data.length);
      this.reqLeft -= n;
      const end = this.reqLeft === 0;
      if (end) this.req = Req.Done;
      ok = conn.sendData(s, n === data.length ? data : data.subarray(0, n), end);
    } else if (this.reqLeft === -2) {
      const d = this.reqChunks!;
      const parts: Buffer[] = [];
      d.push(data, 0, parts);
      if (d.failed) {
        conn.reset(s, ErrorCode.INTERNAL_ERROR);
        this.emitClose();
        return true;
      }
      for (const p of parts) ok = conn.sendData(s, p, false) && ok;
      if (d.done) {
        this.req = Req.Done;
        if (d.trailers.length > 0) conn.sendTrailers(s, d.trailers);
        else conn.sendData(s, undefined, true);
      }
    } else ok = conn.sendData(s, data, false);
    if (!this.link.writable) {
      this.link.noteCongested(this);
      ok = false;
    }
    if (!ok) this.wantDrain = true;
    return ok;
  }

  drained(): void {
    if (!this.wantDrain || this.destroyed) return;
    this.wantDrain = false;
    this.hDrain?.(EMPTY);
  }

  end(): this {
    // A request body delimited by the client's close ends here.
    if (this.s && this.req === Req.Body && this.reqLeft === -1) {
      this.req = Req.Done;
      this.link.conn.sendData(this.s, undefined, true);
    }
    return this;
  }

  destroy(): this {
    if (this.destroyed) return this;
    if (this.s && !(this.respDone && this.req === Req.Done)) this.link.conn.reset(this.s, ErrorCode.CANCEL);
    if (!this.s) this.link.drop(this);
    this.emitClose();
    this.link.maybeIdle();
    return this;
  }

  // ---- response (server -> session) ---------------------------------------------------------

  headers(fields: H2Field[], endStream: boolean, trailers: boolean): void {
    if (this.destroyed) return;
    this.touch();
    if (trailers) {
      const t = trailersToH1(fields);
      if (this.respChunked) this.emitData(Buffer.from('0\r\n' + (t ?? '') + '\r\n', 'latin1'), true);
      else this.emitData(EMPTY, true);
      return;
    }
    const r = h2ResponseToH1(fields, endStream, this.method);
    if (!r.ok) {
      // An invalid response: the session answers 502 (the server is gone before a response).
      this.link.conn.reset(this.s!, ErrorCode.PROTOCOL_ERROR);
      this.emitClose();
      return;
    }
    if (r.interim) {
      this.emitData(r.head, false);
      return;
    }
    this.respChunked = !r.noBody && r.contentLength < 0 && !endStream;
    if (this.s) this.s.expectLength = r.noBody ? -1 : r.contentLength;
    this.emitData(r.head, endStream || r.noBody);
  }

  data(d: Buffer, end: boolean): void {
    if (this.destroyed) return;
    this.touch();
    if (this.respChunked) {
      const parts: Buffer[] = [];
      if (d.length > 0) parts.push(Buffer.from(d.length.toString(16) + '\r\n'), d, Buffer.from('\r\n'));
      if (end) parts.push(Buffer.from('0\r\n\r\n'));
      this.emitData(parts.length === 1 ? parts[0]! : Buffer.concat(parts), end, d.length);
    } else this.emitData(d, end, d.length);
  }

  /** Hands bytes to the session (held while it paused us); `credit`: DATA bytes to give back. */
  private emitData(b: Buffer, last: boolean, credit = 0): void {
    if (this.paused) {
      (this.held ??= []).push([b, last]);
      if (credit > 0) this.creditLater += credit;
      return;
    }
    if (last) {
      this.respDone = true;
      // The session sees a finished connection: it is not put in the idle pool.
      this.destroyed = true;
    }
    if (b.length > 0 || last) this.hData?.(b);
    if (credit > 0 && this.s) this.link.conn.consumed(this.s, credit);
    if (last) {
      this.closeEmitted = false;
      this.emitClose();
      this.link.maybeIdle();
    }
  }

  private creditLater = 0;

  /** The server reset the stream, or its connection failed. */
  reset(): void {
    if (this.respDone) return;
    this.emitClose();
  }

  pause(): this {
    this.paused = true;
    return this;
  }

  resume(): this {
    if (!this.paused) return this;
    this.paused = false;
    const h = this.held;
    this.held = undefined;
    if (h) for (const [b, last] of h) this.emitData(b, last);
    if (this.creditLater > 0 && this.s) {
      this.link.conn.consumed(this.s, this.creditLater);
      this.creditLater = 0;
    }
    return this;
  }
}

function noop(): void {}
