/**
 * HTTP/2 from clients (`bind ... proto h2`, prior knowledge; ALPN h2 over TLS): one H2Conn on the
 * client connection, and for every stream an HttpSession over a FrontStream. The stream hands the
 * session an HTTP/1.1 request (translated by src/http/h2/translate.ts) and turns the session's
 * HTTP/1.1 response back into HEADERS/DATA, so streams take the very path h1 requests take.
 */
import { corkedWriter } from '../net/corked-write.js';
import { readPort } from '../net/read-port.js';
import type { Socket } from 'node:net';
import { H2Conn, type H2Owner, type H2Stream } from '../http/h2/conn.js';
import { Dechunker } from '../http/h2/dechunk.js';
import { ErrorCode } from '../http/h2/frame.js';
import type { H2Field } from '../http/h2/hpack.js';
import { h1ResponseToH2, h2RequestToH1, trailersToH1 } from '../http/h2/translate.js';
import { parseResponseHead } from '../http/h1-response.js';
import { DEFAULT_LIMITS } from '../http/types.js';
import type { Listener } from '../net/listener.js';
import type { ConnAddrs } from '../net/proxy-protocol.js';
import type { AcceptContext } from './accept.js';
import type { Frontend } from './frontend.js';
import { h2Tune } from './h2-tune.js';
import { HttpSession } from './http-session.js';
import type { Session } from './session.js';
import { EMPTY, VirtualSocket } from './stream-socket.js';
import type { RuleContext, TlsFacts } from '../rules/context.js';
import { ALPN_SESSIONS } from '../net/tls-server.js';

// Binds with `alpn h2` select this session once the TLS handshake negotiated h2.
ALPN_SESSIONS.add('h2');

const CRLF = Buffer.from('\r\n');
const LAST_CHUNK = Buffer.from('0\r\n\r\n');

export class H2FrontSession implements Session, H2Owner {
  private readonly client: Socket;
  private readonly fe: Frontend;
  private readonly listener: Listener;
  private readonly ctx: AcceptContext;
  private readonly addrs: ConnAddrs;
  readonly conn: H2Conn;
  /** Streams started so far (the first one is the connection's first request for http-reuse). */
  private started = 0;
  private done = false;
  /** Streams whose write() got false because the client socket is congested. */
  private readonly congested = new Set<FrontStream>();
  private idleTimer: NodeJS.Timeout | undefined;
  private readonly stub: Pick<Listener, 'bind' | 'release' | 'counters'>;

  /** `tls`: the TLS facts of the client connection, seen by every stream's rules. */
  constructor(
    client: Socket,
    fe: Frontend,
    listener: Listener,
    ctx: AcceptContext,
    addrs: ConnAddrs,
    initial: Buffer | undefined,
    private readonly tls?: TlsFacts,
  ) {
    this.client = client;
    this.write = corkedWriter(client);
    this.fe = fe;
    this.listener = listener;
    this.ctx = ctx;
    this.addrs = addrs;
    this.stub = { bind: listener.bind, counters: listener.counters, release: noop };
    this.conn = new H2Conn(true, h2Tune, this, this.write);
    ctx.sessions.add(this);
    fe.total++;
    client.setNoDelay(true);
    // The HTTP/2 connection may keep parts of what it reads (frames split across reads, DATA
    // handed to streams): every read is kept, so the next one goes into another buffer.
    const port = readPort(client);
    port.sink = (chunk) => {
      port.keep();
      this.onSocketData(chunk);
    };
    client.on('end', this.onEnd);
    client.on('close', this.onSocketClose);
    client.on('error', noop);
    client.on('drain', this.onDrain);
    this.conn.start();
    this.armIdle();
    if (initial && initial.length > 0) this.conn.feed(initial);
    if (!this.done) client.resume();
  }

  /** Frames written in one tick leave in one writev (src/net/corked-write.ts). */
  private readonly write: (b: Buffer) => boolean;

  /** Each stream's rules see the connection's TLS facts (a context per stream, as each has its own session). */
  private tlsContext(): RuleContext | undefined {
    if (this.tls === undefined) return undefined;
    const rc = this.fe.newRuleContext(this.addrs, this.listener.bind);
    rc.tls = this.tls;
    return rc;
  }

  /** The client socket can take more (false: streams must wait for 'drain'). */
  get writable(): boolean {
    return !this.client.writableNeedDrain;
  }

  noteCongested(s: FrontStream): void {
    this.congested.add(s);
  }

  private readonly onDrain = (): void => {
    if (this.congested.size === 0) return;
    const all = [...this.congested];
    this.congested.clear();
    for (const s of all) s.drained();
  };

  private readonly onSocketData = (chunk: Buffer): void => {
    this.conn.feed(chunk);
    if (this.conn.streams.size > 0) this.clearIdle();
  };

  private readonly onEnd = (): void => {
    // The client closed its side: streams in progress are cancelled (HAProxy does the same).
    this.conn.closeAll(ErrorCode.CANCEL, 'client closed');
  };

  private readonly onSocketClose = (): void => {
    this.conn.closeAll(ErrorCode.CANCEL, 'client connection closed');
    this.finish();
  };

  // ---- idle connection ----------------------------------------------------------------------

  private armIdle(): void {
    const ms = this.fe.timeoutHttpKeepAlive > 0 ? this.fe.timeoutHttpKeepAlive : this.fe.timeoutClient;
    if (ms <= 0 || this.done) return;
    if (this.idleTimer) this.idleTimer.refresh();
    else this.idleTimer = setTimeout(this.onIdle, ms);
  }

  private clearIdle(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = undefined;
  }

  private readonly onIdle = (): void => {
    this.idleTimer = undefined;
    if (this.done || this.conn.streams.size > 0) return;
    this.conn.goaway();
  };

  // ---- H2Owner ------------------------------------------------------------------------------

  onHeaders(s: H2Stream, fields: H2Field[], endStream: boolean, trailers: boolean): void {
    if (trailers) {
      const fs = s.user as FrontStream | undefined;
      if (fs) fs.trailers(fields);
      return;
    }
    const r = h2RequestToH1(fields, endStream);
    if (!r.ok) {
      // A malformed request is a stream error (RFC 9113 8.1.1).
      this.conn.reset(s, ErrorCode.PROTOCOL_ERROR);
      return;
    }
    s.expectLength = r.contentLength;
    const fs = new FrontStream(this, s, r.method, r.chunked, r.connect);
    fs.localPort = this.client.localPort;
    s.user = fs;
    this.clearIdle();
    const prior = this.started++ > 0 ? 1 : 0;
    new HttpSession(fs, this.fe, this.stub, this.ctx, this.addrs, r.head, prior, this.tlsContext());
    if (endStream) fs.body(EMPTY, true);
  }

  onData(s: H2Stream, data: Buffer, endStream: boolean): void {
    const fs = s.user as FrontStream | undefined;
    if (fs) fs.body(data, endStream);
    else this.conn.consumed(s, data.length);
  }

  onReset(s: H2Stream): void {
    const fs = s.user as FrontStream | undefined;
    if (fs) fs.aborted();
  }

  onWritable(s: H2Stream): void {
    const fs = s.user as FrontStream | undefined;
    if (fs) fs.drained();
  }

  onGoaway(): void {}

  onStreamClosed(s: H2Stream): void {
    const fs = s.user as FrontStream | undefined;
    if (fs) fs.closed();
    if (this.conn.streams.size === 0) this.armIdle();
  }

  onClose(): void {
    if (this.client.destroyed) {
      this.finish();
      return;
    }
    this.client.end();
    this.client.destroySoon();
  }

  /** A stream finished on our side without the peer's END_STREAM (it stays half-open otherwise). */
  streamDone(s: H2Stream): void {
    if (this.conn.streams.size === 0) this.armIdle();
    void s;
  }

  // ---- Session ------------------------------------------------------------------------------

  softStop(): void {
    // Graceful GOAWAY: streams in progress finish, the connection closes after the last one.
    this.conn.goaway();
  }

  shutdownOn(): void {
    /* Each stream's HttpSession is in the session set itself and ends its own server stream. */
  }

  kill(): void {
    this.conn.closeAll(ErrorCode.CANCEL, 'killed');
    this.client.destroy();
    this.finish();
  }

  private finish(): void {
    if (this.done) return;
    this.done = true;
    this.clearIdle();
    if (!this.client.destroyed) this.client.destroy();
    this.listener.release();
    this.ctx.sessions.delete(this);
  }
}

const enum Resp { Head, Body, Done }

/** One client stream as the HttpSession sees its client connection. */
class FrontStream extends VirtualSocket {
  private readonly owner: H2FrontSession;
  private readonly s: H2Stream;
  private readonly method: string;
  private readonly chunked: boolean;
  private readonly connect: boolean;
  private paused = false;
  /** Request body received while paused. */
  private held: Buffer[] | undefined;
  private heldEnd = false;
  private reqEnded = false;
  private reset = false;
  // Response side.
  private resp = Resp.Head;
  private headBuf: Buffer | undefined;
  /** Body bytes left (>= 0), until close (-1), chunked (-2), tunnel (-3). */
  private left = 0;
  private dechunk: Dechunker | undefined;
  private wantDrain = false;

  constructor(owner: H2FrontSession, s: H2Stream, method: string, chunked: boolean, connect: boolean) {
    super();
    this.owner = owner;
    this.s = s;
    this.method = method;
    this.chunked = chunked;
    this.connect = connect;
  }

  // ---- request body (client -> session) -----------------------------------------------------

  body(data: Buffer, end: boolean): void {
    if (this.destroyed || this.reqEnded) return;
    this.touch();
    if (this.paused) {
      (this.held ??= []).push(data);
      if (end) this.heldEnd = true;
      return;
    }
    this.deliver(data, end);
  }

  private deliver(data: Buffer, end: boolean): void {
    const h = this.hData;
    if (data.length > 0 && h) {
      if (this.chunked) h(Buffer.concat([Buffer.from(data.length.toString(16) + '\r\n'), data, CRLF]));
      else h(data);
      this.owner.conn.consumed(this.s, data.length);
    }
    if (end && !this.reqEnded) {
      this.reqEnded = true;
      if (this.chunked && h) h(LAST_CHUNK);
      else if (this.connect && this.hEnd) this.hEnd(EMPTY);
    }
  }

  trailers(fields: H2Field[]): void {
    if (this.destroyed || this.reqEnded) return;
    const t = trailersToH1(fields);
    const h = this.hData;
    if (t === null || !this.chunked) {
      if (t === null) this.owner.conn.reset(this.s, ErrorCode.PROTOCOL_ERROR);
      // Trailers on a content-length body have no HTTP/1 form: dropped, the body ends.
      if (t === null) this.aborted();
      else this.body(EMPTY, true);
      return;
    }
    if (this.paused) {
      (this.held ??= []).push(Buffer.from('0\r\n' + t + '\r\n', 'latin1'));
      this.heldEnd = true;
      return;
    }
    this.reqEnded = true;
    if (h) h(Buffer.from('0\r\n' + t + '\r\n', 'latin1'));
  }

  pause(): this {
    this.paused = true;
    return this;
  }

  resume(): this {
    if (!this.paused) return this;
    this.paused = false;
    const held = this.held;
    this.held = undefined;
    if (held) {
      for (let i = 0; i < held.length; i++) {
        if (this.paused) {
          const rest = held.slice(i);
          this.held = this.held ? rest.concat(this.held) : rest;
          return this;
        }
        const b = held[i]!;
        // Pre-framed trailers go as they are.
        if (this.heldEnd && i === held.length - 1 && this.chunked && b.length >= 3 && b[0] === 48 && b[1] === 13) {
          this.reqEnded = true;
          this.hData?.(b);
          this.held = undefined;
          return this;
        }
        this.deliver(b, false);
      }
    }
    if (this.heldEnd && !this.paused) {
      this.heldEnd = false;
      this.deliver(EMPTY, true);
    }
    return this;
  }

  // ---- response (session -> client) ---------------------------------------------------------

  write(data: Buffer): boolean {
    if (this.destroyed || this.reset) return true;
    this.touch();
    const conn = this.owner.conn;
    if (this.resp === Resp.Head) {
      let buf = this.headBuf ? Buffer.concat([this.headBuf, data]) : data;
      this.headBuf = undefined;
      for (;;) {
        const r = parseResponseHead(buf, this.method, DEFAULT_LIMITS, false);
        if (r.kind === 'incomplete') {
          this.headBuf = buf;
          return true;
        }
        if (r.kind === 'error') {
          this.fail();
          return true;
        }
        const head = r.head;
        const rest = head.headLength < buf.length ? buf.subarray(head.headLength) : undefined;
        if (head.status >= 100 && head.status < 200) {
          if (head.status !== 101) conn.sendHeaders(this.s, h1ResponseToH2(head), false);
          if (!rest) return true;
          buf = rest;
          continue;
        }
        const f = head.framing;
        const fields = h1ResponseToH2(head);
        if (f.kind === 'none' || (f.kind === 'length' && f.length === 0)) {
          conn.sendHeaders(this.s, fields, true);
          this.finishResponse();
          return true;
        }
        conn.sendHeaders(this.s, fields, false);
        this.resp = Resp.Body;
        if (f.kind === 'length') this.left = f.length;
        else if (f.kind === 'chunked') {
          this.left = -2;
          this.dechunk = new Dechunker();
        } else this.left = this.connect ? -3 : -1;
        if (!rest) return true;
        return this.bodyOut(rest);
      }
    }
    if (this.resp === Resp.Body) return this.bodyOut(data);
    return true;
  }

  private bodyOut(data: Buffer): boolean {
    const conn = this.owner.conn;
    let ok: boolean;
    if (this.left >= 0) {
      const n = Math.min(this.left, data.length);
      this.left -= n;
      const end = this.left === 0;
      if (end) this.resp = Resp.Done;
      ok = conn.sendData(this.s, n === data.length ? data : data.subarray(0, n), end);
      if (end) this.finishResponse();
    } else if (this.left === -2) {
      const d = this.dechunk!;
      const parts: Buffer[] = [];
      d.push(data, 0, parts);
      if (d.failed) {
        this.fail();
        return true;
      }
      ok = true;
      for (let i = 0; i < parts.length; i++) ok = conn.sendData(this.s, parts[i], false) && ok;
      if (d.done) {
        if (d.trailers.length > 0) conn.sendTrailers(this.s, d.trailers);
        else conn.sendData(this.s, undefined, true);
        this.finishResponse();
      }
    } else {
      ok = conn.sendData(this.s, data, false);
    }
    if (!this.owner.writable) {
      this.owner.noteCongested(this);
      ok = false;
    }
    if (!ok) this.wantDrain = true;
    return ok;
  }

  private finishResponse(): void {
    this.resp = Resp.Done;
    // The request may still be open (the server answered early): HAProxy then resets it.
    if (!this.s.remoteClosed && !this.connect) {
      this.owner.conn.reset(this.s, ErrorCode.NO_ERROR);
      this.closed();
    }
  }

  drained(): void {
    if (!this.wantDrain || this.destroyed) return;
    this.wantDrain = false;
    this.hDrain?.(EMPTY);
  }

  /** The session ends its side (after its response, or to give up). */
  end(): this {
    if (this.destroyed) return this;
    if (this.resp === Resp.Body && this.left < 0 && this.left !== -2) {
      // Close-delimited or tunnel: the end of the body.
      this.owner.conn.sendData(this.s, undefined, true);
      this.resp = Resp.Done;
    } else if (this.resp !== Resp.Done) {
      this.fail();
      return this;
    }
    if (this.s.remoteClosed) this.emitClose();
    else if (this.connect) {
      // A tunnel half-closed by the server: the client's side may still send.
    } else this.emitClose();
    return this;
  }

  /** The session gives up on the stream. */
  destroy(): this {
    if (this.destroyed) return this;
    if (this.resp !== Resp.Done) this.fail();
    else this.emitClose();
    return this;
  }

  private fail(): void {
    if (!this.reset) {
      this.reset = true;
      // A response that could not be completed: the stream is reset (HAProxy sends INTERNAL_ERROR or CANCEL).
      this.owner.conn.reset(this.s, this.resp === Resp.Head ? ErrorCode.INTERNAL_ERROR : ErrorCode.CANCEL);
    }
    this.emitClose();
  }

  /** The client reset the stream or the connection failed. */
  aborted(): void {
    this.reset = true;
    this.emitClose();
  }

  /** Both sides ended normally. */
  closed(): void {
    this.owner.streamDone(this.s);
  }
}

function noop(): void {}
