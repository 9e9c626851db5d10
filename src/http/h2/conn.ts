/**
 * One HTTP/2 connection (RFC 9113), either side: frame parsing on raw Buffers, the connection
 * preface, SETTINGS (and their ACK), PING, GOAWAY, RST_STREAM, WINDOW_UPDATE, flow control in both
 * directions, stream states and the concurrency limit, HPACK header blocks with CONTINUATION.
 *
 * The connection does not own a socket: feed() takes received bytes, `write` sends frames, and an
 * owner (H2Owner) gets streams' headers, data and resets. Malformed input of any kind ends in a
 * stream error (RST_STREAM) or a connection error (GOAWAY, then onClose), never in a throw.
 */
import {
  DEFAULT_WINDOW,
  ErrorCode,
  Flag,
  FRAME_HEADER,
  FrameType,
  MAX_FRAME_SIZE,
  MAX_WINDOW,
  MIN_FRAME_SIZE,
  PREFACE,
  Setting,
  dataFrame,
  frameHeader,
  goawayFrame,
  pingFrame,
  rstFrame,
  settingsFrame,
  windowUpdateFrame,
} from './frame.js';
import { HpackDecoder, HpackEncoder, type H2Field } from './hpack.js';

export interface H2Settings {
  /** SETTINGS_HEADER_TABLE_SIZE we announce (tune.h2.header-table-size). */
  headerTableSize: number;
  /** SETTINGS_INITIAL_WINDOW_SIZE we announce (tune.h2.initial-window-size). */
  initialWindowSize: number;
  /** SETTINGS_MAX_CONCURRENT_STREAMS we announce and enforce (tune.h2.max-concurrent-streams). */
  maxConcurrentStreams: number;
  /** SETTINGS_MAX_FRAME_SIZE we announce (tune.h2.max-frame-size). */
  maxFrameSize: number;
  /** Largest decoded header list we accept (HAProxy: what fits a buffer, tune.bufsize). */
  maxHeaderListSize: number;
}

export const DEFAULT_H2_SETTINGS: H2Settings = {
  headerTableSize: 4096,
  initialWindowSize: 65535,
  maxConcurrentStreams: 100,
  maxFrameSize: 16384,
  maxHeaderListSize: 16384,
};

const enum St {
  Open,
  /** We sent END_STREAM. */
  HalfClosedLocal,
  /** The peer sent END_STREAM. */
  HalfClosedRemote,
  Closed,
}

/** A header block above this many bytes (all fragments) ends the connection (ENHANCE_YOUR_CALM). */
const MAX_BLOCK = 256 * 1024;
/** Queued DATA bytes per stream beyond which write() reports back-pressure. */
const STREAM_HIGH_WATER = 64 * 1024;

export class H2Stream {
  readonly id: number;
  state = St.Open;
  sendWindow: number;
  /** What the peer may still send before our next WINDOW_UPDATE. */
  recvWindow: number;
  /** Bytes the owner consumed and we have not given back yet. */
  recvUnacked = 0;
  /** Received headers (the first block); later blocks are trailers. */
  gotHeaders = false;
  /** DATA waiting for send window; END_STREAM (or trailers) after it. */
  readonly outQueue: Buffer[] = [];
  outQueued = 0;
  outEnd = false;
  outTrailers: H2Field[] | undefined;
  /** write() returned false: the owner waits for onStreamWritable. */
  blocked = false;
  /** Stream owner's object (the session or server-side exchange). */
  user: unknown;
  /** content-length announced by the peer (-1: none) and DATA bytes received. */
  expectLength = -1;
  recvBytes = 0;

  constructor(id: number, sendWindow: number, recvWindow: number) {
    this.id = id;
    this.sendWindow = sendWindow;
    this.recvWindow = recvWindow;
  }

  get localClosed(): boolean {
    return this.state === St.HalfClosedLocal || this.state === St.Closed;
  }

  get remoteClosed(): boolean {
    return this.state === St.HalfClosedRemote || this.state === St.Closed;
  }
}

export interface H2Owner {
  /** A header block (headers, or trailers when `s.gotHeaders` was already set) arrived on `s`. */
  onHeaders(s: H2Stream, fields: H2Field[], endStream: boolean, trailers: boolean): void;
  onData(s: H2Stream, data: Buffer, endStream: boolean): void;
  /** The stream ended abnormally: reset by the peer, refused, or the connection failed. */
  onReset(s: H2Stream, code: number): void;
  /** Queued data of `s` went out after it reported back-pressure. */
  onWritable(s: H2Stream): void;
  /** The peer sent GOAWAY. */
  onGoaway(lastStream: number, code: number): void;
  /** The connection is over (error sent or received, or closed after GOAWAY): close the transport. */
  onClose(code: number, reason: string): void;
  /** The peer's first SETTINGS arrived (the connection is usable). */
  onReady?(): void;
  /** A stream closed normally (both sides ended). */
  onStreamClosed?(s: H2Stream): void;
}

export class H2Conn {
  readonly isServer: boolean;
  private readonly local: H2Settings;
  private readonly owner: H2Owner;
  private readonly write: (b: Buffer) => boolean;
  readonly decoder: HpackDecoder;
  readonly encoder = new HpackEncoder();
  readonly streams = new Map<number, H2Stream>();

  // Peer settings.
  peerMaxStreams = Infinity;
  private peerInitialWindow = DEFAULT_WINDOW;
  private peerMaxFrame = MIN_FRAME_SIZE;

  private sendWindow = DEFAULT_WINDOW;
  private recvWindow = DEFAULT_WINDOW;
  private recvUnacked = 0;
  /** Highest stream id the peer opened; next id we open. */
  lastPeerStream = 0;
  private nextOwnStream: number;
  /** Streams opened by the peer / by us that are not closed. */
  peerActive = 0;
  ownActive = 0;

  private inBuf: Buffer | undefined;
  private prefaceLeft: number;
  private gotSettings = false;
  /** Header block being collected (HEADERS + CONTINUATION). */
  private blockStream = 0;
  private blockParts: Buffer[] = [];
  private blockBytes = 0;
  private blockEnd = false;
  private blockNew = false;
  /** We sent GOAWAY (graceful: lastStream kept; error: closed). */
  goawaySent = false;
  goawayReceived = false;
  closed = false;
  /** Streams with queued data waiting for connection window. */
  private readonly waiting = new Set<H2Stream>();
  /** Frames received in total (bounded-work checks in tests). */
  frames = 0;

  constructor(isServer: boolean, local: H2Settings, owner: H2Owner, write: (b: Buffer) => boolean) {
    this.isServer = isServer;
    this.local = local;
    this.owner = owner;
    this.write = write;
    this.decoder = new HpackDecoder(local.headerTableSize);
    this.nextOwnStream = isServer ? 2 : 1;
    this.prefaceLeft = isServer ? PREFACE.length : 0;
  }

  /** Sends our preface (client: magic + SETTINGS; server: SETTINGS) and opens the connection window. */
  start(): void {
    const l = this.local;
    const s: [number, number][] = [
      [Setting.HEADER_TABLE_SIZE, l.headerTableSize],
      [Setting.INITIAL_WINDOW_SIZE, l.initialWindowSize],
      [Setting.MAX_CONCURRENT_STREAMS, l.maxConcurrentStreams],
      [Setting.MAX_FRAME_SIZE, l.maxFrameSize],
    ];
    if (!this.isServer) s.unshift([Setting.ENABLE_PUSH, 0]);
    const out: Buffer[] = [];
    if (!this.isServer) out.push(PREFACE);
    out.push(settingsFrame(s));
    // The connection window is not a setting: open it with a WINDOW_UPDATE (HAProxy does the same).
    const want = Math.max(l.initialWindowSize, DEFAULT_WINDOW) * 16;
    const inc = Math.min(MAX_WINDOW, want) - DEFAULT_WINDOW;
    if (inc > 0) {
      out.push(windowUpdateFrame(0, inc));
      this.recvWindow += inc;
    }
    this.write(Buffer.concat(out));
  }

  // ---- input ------------------------------------------------------------------------------

  feed(chunk: Buffer): void {
    if (this.closed) return;
    let buf = this.inBuf ? Buffer.concat([this.inBuf, chunk]) : chunk;
    this.inBuf = undefined;
    let p = 0;
    if (this.prefaceLeft > 0) {
      const off = PREFACE.length - this.prefaceLeft;
      const n = Math.min(this.prefaceLeft, buf.length);
      if (buf.compare(PREFACE, off, off + n, 0, n) !== 0) {
        this.fail(ErrorCode.PROTOCOL_ERROR, 'bad connection preface');
        return;
      }
      this.prefaceLeft -= n;
      p = n;
    }
    const max = this.local.maxFrameSize;
    while (!this.closed && buf.length - p >= FRAME_HEADER) {
      const len = (buf[p]! << 16) | (buf[p + 1]! << 8) | buf[p + 2]!;
      if (len > max) {
        this.fail(ErrorCode.FRAME_SIZE_ERROR, `frame of ${len} bytes`);
        return;
      }
      if (buf.length - p < FRAME_HEADER + len) break;
      const type = buf[p + 3]!;
      const flags = buf[p + 4]!;
      const sid = buf.readUInt32BE(p + 5) & 0x7fffffff;
      const start = p + FRAME_HEADER;
      p = start + len;
      this.frames++;
      this.frame(type, flags, sid, buf, start, p);
    }
    if (!this.closed && p < buf.length) this.inBuf = p === 0 ? buf : Buffer.from(buf.subarray(p));
  }

  private frame(type: number, flags: number, sid: number, b: Buffer, start: number, end: number): void {
    const len = end - start;
    if (!this.gotSettings) {
      // RFC 9113 3.4: the peer's preface ends with a SETTINGS frame.
      if (type !== FrameType.SETTINGS || (flags & Flag.ACK) !== 0) {
        this.fail(ErrorCode.PROTOCOL_ERROR, 'first frame is not SETTINGS');
        return;
      }
    }
    if (this.blockStream !== 0 && (type !== FrameType.CONTINUATION || sid !== this.blockStream)) {
      this.fail(ErrorCode.PROTOCOL_ERROR, 'header block interrupted');
      return;
    }
    switch (type) {
      case FrameType.DATA:
        return this.onDataFrame(flags, sid, b, start, end);
      case FrameType.HEADERS:
        return this.onHeadersFrame(flags, sid, b, start, end);
      case FrameType.PRIORITY:
        if (sid === 0) return this.fail(ErrorCode.PROTOCOL_ERROR, 'PRIORITY on stream 0');
        if (len !== 5) return this.streamError(sid, ErrorCode.FRAME_SIZE_ERROR);
        if ((b.readUInt32BE(start) & 0x7fffffff) === sid) return this.streamError(sid, ErrorCode.PROTOCOL_ERROR);
        return;
      case FrameType.RST_STREAM:
        return this.onRst(sid, b, start, len);
      case FrameType.SETTINGS:
        return this.onSettings(flags, sid, b, start, len);
      case FrameType.PUSH_PROMISE:
        return this.fail(ErrorCode.PROTOCOL_ERROR, 'PUSH_PROMISE (push is disabled)');
      case FrameType.PING:
        if (sid !== 0) return this.fail(ErrorCode.PROTOCOL_ERROR, 'PING on a stream');
        if (len !== 8) return this.fail(ErrorCode.FRAME_SIZE_ERROR, 'PING size');
        if ((flags & Flag.ACK) === 0) this.write(pingFrame(true, b.subarray(start, end)));
        return;
      case FrameType.GOAWAY:
        return this.onGoawayFrame(sid, b, start, len);
      case FrameType.WINDOW_UPDATE:
        return this.onWindowUpdate(sid, b, start, len);
      case FrameType.CONTINUATION:
        if (this.blockStream === 0) return this.fail(ErrorCode.PROTOCOL_ERROR, 'CONTINUATION without HEADERS');
        return this.addFragment(b, start, end, (flags & Flag.END_HEADERS) !== 0);
      default:
        return; // unknown frame types are ignored (RFC 9113 4.1)
    }
  }

  /** Payload bounds without padding, or -1 when the padding is invalid. */
  private unpad(flags: number, b: Buffer, start: number, end: number): number {
    if ((flags & Flag.PADDED) === 0) return end;
    if (end - start < 1) return -1;
    const pad = b[start]!;
    if (pad >= end - start) return -1;
    return end - pad;
  }

  private isIdle(sid: number): boolean {
    // Peer-initiated ids are odd on a server, even on a client.
    const peerParity = this.isServer ? 1 : 0;
    if ((sid & 1) === peerParity) return sid > this.lastPeerStream;
    return sid >= this.nextOwnStream;
  }

  private onDataFrame(flags: number, sid: number, b: Buffer, start: number, end: number): void {
    const len = end - start;
    if (sid === 0) return this.fail(ErrorCode.PROTOCOL_ERROR, 'DATA on stream 0');
    if (this.isIdle(sid)) return this.fail(ErrorCode.PROTOCOL_ERROR, 'DATA on an idle stream');
    this.recvWindow -= len;
    if (this.recvWindow < 0) return this.fail(ErrorCode.FLOW_CONTROL_ERROR, 'connection window exceeded');
    // The connection window comes back at once: each stream's own window bounds what is buffered.
    this.giveBackConn(len);
    const dEnd = this.unpad(flags, b, start, end);
    if (dEnd < 0) return this.fail(ErrorCode.PROTOCOL_ERROR, 'bad DATA padding');
    const s = this.streams.get(sid);
    if (!s || s.remoteClosed) {
      this.streamError(sid, ErrorCode.STREAM_CLOSED);
      return;
    }
    if (!s.gotHeaders) return this.streamError(sid, ErrorCode.PROTOCOL_ERROR);
    s.recvWindow -= len;
    if (s.recvWindow < 0) return this.streamError(sid, ErrorCode.FLOW_CONTROL_ERROR);
    const dStart = (flags & Flag.PADDED) !== 0 ? start + 1 : start;
    // Padding is given back to the stream at once; data when the owner consumed it.
    const padding = len - (dEnd - dStart);
    if (padding > 0) this.consumed(s, padding);
    const endStream = (flags & Flag.END_STREAM) !== 0;
    s.recvBytes += dEnd - dStart;
    if (s.expectLength >= 0 && (s.recvBytes > s.expectLength || (endStream && s.recvBytes !== s.expectLength))) {
      // RFC 9113 8.1.1: DATA that does not add up to content-length is malformed.
      return this.streamError(sid, ErrorCode.PROTOCOL_ERROR);
    }
    if (endStream) this.remoteEnded(s);
    if (dEnd > dStart || endStream) this.owner.onData(s, b.subarray(dStart, dEnd), endStream);
    if (endStream) this.maybeClosed(s);
  }

  private onHeadersFrame(flags: number, sid: number, b: Buffer, start: number, end: number): void {
    if (sid === 0) return this.fail(ErrorCode.PROTOCOL_ERROR, 'HEADERS on stream 0');
    let p = start;
    const dEnd = this.unpad(flags, b, start, end);
    if (dEnd < 0) return this.fail(ErrorCode.PROTOCOL_ERROR, 'bad HEADERS padding');
    if ((flags & Flag.PADDED) !== 0) p++;
    if ((flags & Flag.PRIORITY) !== 0) {
      if (dEnd - p < 5) return this.fail(ErrorCode.FRAME_SIZE_ERROR, 'HEADERS priority');
      p += 5;
    }
    const peerParity = this.isServer ? 1 : 0;
    const s = this.streams.get(sid);
    if (!s) {
      if ((sid & 1) !== peerParity) {
        // A HEADERS on one of our ids that is not open (closed or never opened).
        if (sid >= this.nextOwnStream) return this.fail(ErrorCode.PROTOCOL_ERROR, 'HEADERS on an idle stream');
        return this.fail(ErrorCode.STREAM_CLOSED, 'HEADERS on a closed stream');
      }
      if (sid <= this.lastPeerStream) return this.fail(ErrorCode.STREAM_CLOSED, 'HEADERS on a closed stream');
      if (!this.isServer) return this.fail(ErrorCode.PROTOCOL_ERROR, 'server opened a stream');
      this.lastPeerStream = sid;
      this.blockNew = true;
    } else {
      if (s.remoteClosed) return this.fail(ErrorCode.STREAM_CLOSED, 'HEADERS after END_STREAM');
      this.blockNew = false;
      if (s.gotHeaders && (flags & Flag.END_STREAM) === 0) {
        // Trailers must end the stream (RFC 9113 8.1).
        this.blockStream = sid;
        this.blockEnd = false;
        this.blockBytes = 0;
        this.blockParts = [];
        this.blockBad = true;
        return this.addFragment(b, p, dEnd, (flags & Flag.END_HEADERS) !== 0);
      }
    }
    this.blockStream = sid;
    this.blockEnd = (flags & Flag.END_STREAM) !== 0;
    this.blockBytes = 0;
    this.blockParts = [];
    // A stream depending on itself is a stream error; its block is still decoded (HPACK state).
    this.blockBad = (flags & Flag.PRIORITY) !== 0 && (b.readUInt32BE((flags & Flag.PADDED) !== 0 ? start + 1 : start) & 0x7fffffff) === sid;
    this.addFragment(b, p, dEnd, (flags & Flag.END_HEADERS) !== 0);
  }

  /** The block in progress is decoded for HPACK's sake, then the stream gets PROTOCOL_ERROR. */
  private blockBad = false;

  private addFragment(b: Buffer, start: number, end: number, last: boolean): void {
    this.blockBytes += end - start;
    if (this.blockBytes > MAX_BLOCK) return this.fail(ErrorCode.ENHANCE_YOUR_CALM, 'header block too large');
    const sid = this.blockStream;
    if (last && this.blockParts.length === 0) {
      this.blockStream = 0;
      return this.headerBlock(sid, b, start, end);
    }
    this.blockParts.push(Buffer.from(b.subarray(start, end)));
    if (!last) return;
    this.blockStream = 0;
    const all = Buffer.concat(this.blockParts);
    this.blockParts = [];
    this.headerBlock(sid, all, 0, all.length);
  }

  private headerBlock(sid: number, b: Buffer, start: number, end: number): void {
    const r = this.decoder.decode(b, start, end, this.local.maxHeaderListSize);
    if (!r.ok) return this.fail(ErrorCode.COMPRESSION_ERROR, `HPACK: ${r.error}`);
    const endStream = this.blockEnd;
    if (this.blockNew) {
      // A new stream opened by the peer.
      if (this.goawaySent || this.peerActive >= this.local.maxConcurrentStreams) {
        this.write(rstFrame(sid, ErrorCode.REFUSED_STREAM));
        return;
      }
      if (this.blockBad || r.tooLarge) {
        this.write(rstFrame(sid, ErrorCode.PROTOCOL_ERROR));
        return;
      }
      const s = new H2Stream(sid, this.peerInitialWindow, this.local.initialWindowSize);
      this.streams.set(sid, s);
      this.peerActive++;
      s.gotHeaders = true;
      if (endStream) this.remoteEnded(s);
      this.owner.onHeaders(s, r.fields, endStream, false);
      if (endStream) this.maybeClosed(s);
      return;
    }
    const s = this.streams.get(sid);
    if (!s) return;
    if (this.blockBad || r.tooLarge) return this.streamError(sid, ErrorCode.PROTOCOL_ERROR);
    const trailers = s.gotHeaders;
    if (trailers && s.expectLength >= 0 && s.recvBytes !== s.expectLength) return this.streamError(sid, ErrorCode.PROTOCOL_ERROR);
    s.gotHeaders = true;
    if (endStream) this.remoteEnded(s);
    this.owner.onHeaders(s, r.fields, endStream, trailers);
    if (endStream) this.maybeClosed(s);
  }

  private onRst(sid: number, b: Buffer, start: number, len: number): void {
    if (len !== 4) return this.fail(ErrorCode.FRAME_SIZE_ERROR, 'RST_STREAM size');
    if (sid === 0) return this.fail(ErrorCode.PROTOCOL_ERROR, 'RST_STREAM on stream 0');
    if (this.isIdle(sid)) return this.fail(ErrorCode.PROTOCOL_ERROR, 'RST_STREAM on an idle stream');
    const s = this.streams.get(sid);
    if (!s) return;
    const code = b.readUInt32BE(start);
    this.drop(s);
    this.owner.onReset(s, code);
  }

  private onSettings(flags: number, sid: number, b: Buffer, start: number, len: number): void {
    if (sid !== 0) return this.fail(ErrorCode.PROTOCOL_ERROR, 'SETTINGS on a stream');
    if ((flags & Flag.ACK) !== 0) {
      if (len !== 0) return this.fail(ErrorCode.FRAME_SIZE_ERROR, 'SETTINGS ACK with a payload');
      return;
    }
    if (len % 6 !== 0) return this.fail(ErrorCode.FRAME_SIZE_ERROR, 'SETTINGS size');
    for (let p = start; p < start + len; p += 6) {
      const id = b.readUInt16BE(p);
      const v = b.readUInt32BE(p + 2);
      switch (id) {
        case Setting.HEADER_TABLE_SIZE:
          this.encoder.setPeerLimit(v);
          break;
        case Setting.ENABLE_PUSH:
          if (v > 1 || (!this.isServer && v !== 0)) return this.fail(ErrorCode.PROTOCOL_ERROR, 'SETTINGS_ENABLE_PUSH');
          break;
        case Setting.MAX_CONCURRENT_STREAMS:
          this.peerMaxStreams = v;
          break;
        case Setting.INITIAL_WINDOW_SIZE: {
          if (v > MAX_WINDOW) return this.fail(ErrorCode.FLOW_CONTROL_ERROR, 'SETTINGS_INITIAL_WINDOW_SIZE');
          const delta = v - this.peerInitialWindow;
          this.peerInitialWindow = v;
          for (const s of this.streams.values()) {
            s.sendWindow += delta;
            if (s.sendWindow > MAX_WINDOW) return this.fail(ErrorCode.FLOW_CONTROL_ERROR, 'stream window overflow');
          }
          break;
        }
        case Setting.MAX_FRAME_SIZE:
          if (v < MIN_FRAME_SIZE || v > MAX_FRAME_SIZE) return this.fail(ErrorCode.PROTOCOL_ERROR, 'SETTINGS_MAX_FRAME_SIZE');
          this.peerMaxFrame = v;
          break;
        default:
          break; // unknown settings are ignored
      }
    }
    this.write(settingsAck);
    const first = !this.gotSettings;
    this.gotSettings = true;
    if (first) this.owner.onReady?.();
    this.flushAll();
  }

  private onGoawayFrame(sid: number, b: Buffer, start: number, len: number): void {
    if (sid !== 0) return this.fail(ErrorCode.PROTOCOL_ERROR, 'GOAWAY on a stream');
    if (len < 8) return this.fail(ErrorCode.FRAME_SIZE_ERROR, 'GOAWAY size');
    const last = b.readUInt32BE(start) & 0x7fffffff;
    const code = b.readUInt32BE(start + 4);
    this.goawayReceived = true;
    // Our streams above `last` were not processed: they may be retried elsewhere.
    for (const s of [...this.streams.values()]) {
      const ours = (s.id & 1) === (this.isServer ? 0 : 1);
      if (ours && s.id > last) {
        this.drop(s);
        this.owner.onReset(s, ErrorCode.REFUSED_STREAM);
      }
    }
    this.owner.onGoaway(last, code);
    if (code !== ErrorCode.NO_ERROR) {
      this.closeAll(code, `GOAWAY received (${code})`);
      return;
    }
    this.maybeFinish();
  }

  private onWindowUpdate(sid: number, b: Buffer, start: number, len: number): void {
    if (len !== 4) return this.fail(ErrorCode.FRAME_SIZE_ERROR, 'WINDOW_UPDATE size');
    const inc = b.readUInt32BE(start) & 0x7fffffff;
    if (sid === 0) {
      if (inc === 0) return this.fail(ErrorCode.PROTOCOL_ERROR, 'WINDOW_UPDATE of 0');
      this.sendWindow += inc;
      if (this.sendWindow > MAX_WINDOW) return this.fail(ErrorCode.FLOW_CONTROL_ERROR, 'connection window overflow');
      this.flushAll();
      return;
    }
    if (this.isIdle(sid)) return this.fail(ErrorCode.PROTOCOL_ERROR, 'WINDOW_UPDATE on an idle stream');
    const s = this.streams.get(sid);
    if (!s) return;
    if (inc === 0) return this.streamError(sid, ErrorCode.PROTOCOL_ERROR);
    s.sendWindow += inc;
    if (s.sendWindow > MAX_WINDOW) return this.streamError(sid, ErrorCode.FLOW_CONTROL_ERROR);
    this.flush(s);
  }

  // ---- flow control (receive side) ----------------------------------------------------------

  private giveBackConn(n: number): void {
    this.recvUnacked += n;
    if (this.recvUnacked >= 16384 || this.recvWindow < DEFAULT_WINDOW) {
      this.write(windowUpdateFrame(0, this.recvUnacked));
      this.recvWindow += this.recvUnacked;
      this.recvUnacked = 0;
    }
  }

  /** The owner passed on `n` bytes of `s`'s data: the peer may send that much more. */
  consumed(s: H2Stream, n: number): void {
    if (s.remoteClosed || this.closed || n <= 0) return;
    s.recvUnacked += n;
    if (s.recvUnacked * 2 >= this.local.initialWindowSize || s.recvUnacked >= 16384) {
      this.write(windowUpdateFrame(s.id, s.recvUnacked));
      s.recvWindow += s.recvUnacked;
      s.recvUnacked = 0;
    }
  }

  // ---- output -----------------------------------------------------------------------------

  /** Opens a stream of ours (client side), or undefined when the peer's limit or a GOAWAY forbids. */
  openStream(): H2Stream | undefined {
    if (this.closed || this.goawayReceived || this.goawaySent || this.ownActive >= this.peerMaxStreams) return undefined;
    if (this.nextOwnStream > MAX_WINDOW) return undefined;
    const s = new H2Stream(this.nextOwnStream, this.peerInitialWindow, this.local.initialWindowSize);
    this.nextOwnStream += 2;
    this.streams.set(s.id, s);
    this.ownActive++;
    return s;
  }

  /** Whether another stream can be opened now. */
  get canOpen(): boolean {
    return !this.closed && !this.goawayReceived && !this.goawaySent && this.ownActive < this.peerMaxStreams && this.nextOwnStream <= MAX_WINDOW;
  }

  sendHeaders(s: H2Stream, fields: readonly H2Field[], endStream: boolean): void {
    if (this.closed || s.localClosed || s.state === St.Closed) return;
    const block = this.encoder.encode(fields);
    const max = this.peerMaxFrame;
    const parts: Buffer[] = [];
    let p = 0;
    let first = true;
    do {
      const n = Math.min(max, block.length - p);
      const last = p + n >= block.length;
      const h = Buffer.allocUnsafe(FRAME_HEADER);
      const flags = (last ? Flag.END_HEADERS : 0) | (first && endStream ? Flag.END_STREAM : 0);
      frameHeader(h, 0, n, first ? FrameType.HEADERS : FrameType.CONTINUATION, flags, s.id);
      parts.push(h, block.subarray(p, p + n));
      p += n;
      first = false;
    } while (p < block.length);
    this.write(Buffer.concat(parts));
    if (endStream) this.localEnded(s);
  }

  /**
   * Queues DATA on `s` (sent as windows allow); END_STREAM with the last bytes when `end`.
   * Returns false when the caller should wait for onWritable before writing more.
   */
  sendData(s: H2Stream, data: Buffer | undefined, end: boolean): boolean {
    if (this.closed || s.localClosed || s.outEnd) return true;
    if (data && data.length > 0) {
      s.outQueue.push(data);
      s.outQueued += data.length;
    }
    if (end) s.outEnd = true;
    this.flush(s);
    if (s.outQueued > STREAM_HIGH_WATER) {
      s.blocked = true;
      return false;
    }
    return true;
  }

  /** Trailers after the queued data, ending the stream. */
  sendTrailers(s: H2Stream, fields: H2Field[]): void {
    if (this.closed || s.localClosed || s.outEnd) return;
    s.outTrailers = fields;
    s.outEnd = true;
    this.flush(s);
  }

  private flush(s: H2Stream): void {
    if (this.closed || s.state === St.Closed || s.localClosed) return;
    while (s.outQueued > 0) {
      const room = Math.min(s.sendWindow, this.sendWindow, this.peerMaxFrame);
      if (room <= 0) {
        if (this.sendWindow <= 0) this.waiting.add(s);
        break;
      }
      const head = s.outQueue[0]!;
      const n = Math.min(room, head.length);
      const last = n === head.length && s.outQueue.length === 1;
      const endNow = last && s.outEnd && s.outTrailers === undefined;
      this.write(dataFrame(s.id, head, 0, n, endNow));
      s.sendWindow -= n;
      this.sendWindow -= n;
      s.outQueued -= n;
      if (n === head.length) s.outQueue.shift();
      else s.outQueue[0] = head.subarray(n);
      if (endNow) {
        this.localEnded(s);
        return;
      }
    }
    if (s.outQueued === 0) {
      this.waiting.delete(s);
      if (s.outEnd && !s.localClosed) {
        const t = s.outTrailers;
        if (t !== undefined) {
          s.outTrailers = undefined;
          this.sendHeaders(s, t, true);
        } else {
          const h = Buffer.allocUnsafe(FRAME_HEADER);
          frameHeader(h, 0, 0, FrameType.DATA, Flag.END_STREAM, s.id);
          this.write(h);
          this.localEnded(s);
        }
        return;
      }
    }
    if (s.blocked && s.outQueued <= STREAM_HIGH_WATER / 2 && this.streams.has(s.id)) {
      s.blocked = false;
      this.owner.onWritable(s);
    }
  }

  private flushAll(): void {
    if (this.sendWindow <= 0) return;
    for (const s of [...this.waiting]) {
      this.waiting.delete(s);
      this.flush(s);
      if (this.sendWindow <= 0) break;
    }
    for (const s of this.streams.values()) if (s.outQueued > 0 && s.sendWindow > 0) this.flush(s);
  }

  /** Resets `s` (we give up on it). */
  reset(s: H2Stream, code: number): void {
    if (s.state === St.Closed || this.closed) return;
    this.write(rstFrame(s.id, code));
    this.drop(s);
  }

  private streamError(sid: number, code: number): void {
    this.write(rstFrame(sid, code));
    const s = this.streams.get(sid);
    if (s) {
      this.drop(s);
      this.owner.onReset(s, code);
    }
  }

  private remoteEnded(s: H2Stream): void {
    s.state = s.state === St.HalfClosedLocal ? St.Closed : St.HalfClosedRemote;
  }

  private localEnded(s: H2Stream): void {
    s.state = s.state === St.HalfClosedRemote ? St.Closed : St.HalfClosedLocal;
    s.outQueue.length = 0;
    s.outQueued = 0;
    this.maybeClosed(s);
  }

  private maybeClosed(s: H2Stream): void {
    if (s.state !== St.Closed || !this.streams.has(s.id)) return;
    this.drop(s);
    this.owner.onStreamClosed?.(s);
  }

  /** Forget a stream (closed or reset). */
  private drop(s: H2Stream): void {
    s.state = St.Closed;
    s.outQueue.length = 0;
    s.outQueued = 0;
    this.waiting.delete(s);
    if (!this.streams.delete(s.id)) return;
    const ours = (s.id & 1) === (this.isServer ? 0 : 1);
    if (ours) this.ownActive--;
    else this.peerActive--;
    this.maybeFinish();
  }

  // ---- connection end ---------------------------------------------------------------------

  /** Graceful GOAWAY (soft stop): streams in progress finish, new ones are refused, then close. */
  goaway(code = ErrorCode.NO_ERROR): void {
    if (this.closed || this.goawaySent) return;
    this.goawaySent = true;
    this.write(goawayFrame(this.lastPeerStream, code));
    this.maybeFinish();
  }

  private maybeFinish(): void {
    if (this.closed) return;
    if ((this.goawaySent || this.goawayReceived) && this.streams.size === 0) {
      this.closed = true;
      this.owner.onClose(ErrorCode.NO_ERROR, 'GOAWAY, no stream left');
    }
  }

  /** Connection error: GOAWAY with `code`, every stream reset, the owner closes the transport. */
  fail(code: number, reason: string): void {
    if (this.closed) return;
    if (!this.goawaySent || code !== ErrorCode.NO_ERROR) this.write(goawayFrame(this.lastPeerStream, code, reason));
    this.goawaySent = true;
    this.closeAll(code, reason);
  }

  /** The transport is gone or the connection failed: every stream is reset. */
  closeAll(code: number, reason: string): void {
    if (this.closed) return;
    this.closed = true;
    this.inBuf = undefined;
    const all = [...this.streams.values()];
    this.streams.clear();
    this.peerActive = 0;
    this.ownActive = 0;
    for (const s of all) {
      s.state = St.Closed;
      this.owner.onReset(s, code === ErrorCode.NO_ERROR ? ErrorCode.CANCEL : code);
    }
    this.owner.onClose(code, reason);
  }
}

const settingsAck = (() => {
  const b = Buffer.allocUnsafe(FRAME_HEADER);
  frameHeader(b, 0, 0, FrameType.SETTINGS, Flag.ACK, 0);
  return b;
})();
