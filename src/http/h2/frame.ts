/** HTTP/2 frame layout and constants (RFC 9113 sections 4, 6, 7). Builders write raw Buffers. */

export const PREFACE = Buffer.from('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n', 'latin1');
export const FRAME_HEADER = 9;

export const enum FrameType {
  DATA = 0,
  HEADERS = 1,
  PRIORITY = 2,
  RST_STREAM = 3,
  SETTINGS = 4,
  PUSH_PROMISE = 5,
  PING = 6,
  GOAWAY = 7,
  WINDOW_UPDATE = 8,
  CONTINUATION = 9,
}

export const enum Flag {
  END_STREAM = 0x1,
  ACK = 0x1,
  END_HEADERS = 0x4,
  PADDED = 0x8,
  PRIORITY = 0x20,
}

export const enum ErrorCode {
  NO_ERROR = 0x0,
  PROTOCOL_ERROR = 0x1,
  INTERNAL_ERROR = 0x2,
  FLOW_CONTROL_ERROR = 0x3,
  SETTINGS_TIMEOUT = 0x4,
  STREAM_CLOSED = 0x5,
  FRAME_SIZE_ERROR = 0x6,
  REFUSED_STREAM = 0x7,
  CANCEL = 0x8,
  COMPRESSION_ERROR = 0x9,
  CONNECT_ERROR = 0xa,
  ENHANCE_YOUR_CALM = 0xb,
  INADEQUATE_SECURITY = 0xc,
  HTTP_1_1_REQUIRED = 0xd,
}

export const enum Setting {
  HEADER_TABLE_SIZE = 0x1,
  ENABLE_PUSH = 0x2,
  MAX_CONCURRENT_STREAMS = 0x3,
  INITIAL_WINDOW_SIZE = 0x4,
  MAX_FRAME_SIZE = 0x5,
}

export const DEFAULT_WINDOW = 65535;
export const MAX_WINDOW = 0x7fffffff;
export const MIN_FRAME_SIZE = 16384;
export const MAX_FRAME_SIZE = 16777215;

export function frameHeader(out: Buffer, pos: number, length: number, type: number, flags: number, stream: number): void {
  out[pos] = (length >>> 16) & 0xff;
  out[pos + 1] = (length >>> 8) & 0xff;
  out[pos + 2] = length & 0xff;
  out[pos + 3] = type;
  out[pos + 4] = flags;
  out.writeUInt32BE(stream & 0x7fffffff, pos + 5);
}

/** One frame with `payload` (copied after its header). */
export function frame(type: number, flags: number, stream: number, payload?: Buffer): Buffer {
  const len = payload ? payload.length : 0;
  const b = Buffer.allocUnsafe(FRAME_HEADER + len);
  frameHeader(b, 0, len, type, flags, stream);
  if (payload) payload.copy(b, FRAME_HEADER);
  return b;
}

export function settingsFrame(values: readonly (readonly [number, number])[]): Buffer {
  const b = Buffer.allocUnsafe(FRAME_HEADER + 6 * values.length);
  frameHeader(b, 0, 6 * values.length, FrameType.SETTINGS, 0, 0);
  let p = FRAME_HEADER;
  for (const [id, v] of values) {
    b.writeUInt16BE(id, p);
    b.writeUInt32BE(v >>> 0, p + 2);
    p += 6;
  }
  return b;
}

export function rstFrame(stream: number, code: number): Buffer {
  const b = Buffer.allocUnsafe(FRAME_HEADER + 4);
  frameHeader(b, 0, 4, FrameType.RST_STREAM, 0, stream);
  b.writeUInt32BE(code >>> 0, FRAME_HEADER);
  return b;
}

export function windowUpdateFrame(stream: number, increment: number): Buffer {
  const b = Buffer.allocUnsafe(FRAME_HEADER + 4);
  frameHeader(b, 0, 4, FrameType.WINDOW_UPDATE, 0, stream);
  b.writeUInt32BE(increment & 0x7fffffff, FRAME_HEADER);
  return b;
}

export function goawayFrame(lastStream: number, code: number, debug?: string): Buffer {
  const d = debug ? Buffer.from(debug, 'latin1') : undefined;
  const len = 8 + (d ? d.length : 0);
  const b = Buffer.allocUnsafe(FRAME_HEADER + len);
  frameHeader(b, 0, len, FrameType.GOAWAY, 0, 0);
  b.writeUInt32BE(lastStream & 0x7fffffff, FRAME_HEADER);
  b.writeUInt32BE(code >>> 0, FRAME_HEADER + 4);
  if (d) d.copy(b, FRAME_HEADER + 8);
  return b;
}

export function pingFrame(ack: boolean, data: Buffer): Buffer {
  const b = Buffer.allocUnsafe(FRAME_HEADER + 8);
  frameHeader(b, 0, 8, FrameType.PING, ack ? Flag.ACK : 0, 0);
  data.copy(b, FRAME_HEADER, 0, 8);
  return b;
}

/** DATA frame header and payload in one buffer. */
export function dataFrame(stream: number, data: Buffer, start: number, end: number, endStream: boolean): Buffer {
  const len = end - start;
  const b = Buffer.allocUnsafe(FRAME_HEADER + len);
  frameHeader(b, 0, len, FrameType.DATA, endStream ? Flag.END_STREAM : 0, stream);
  data.copy(b, FRAME_HEADER, start, end);
  return b;
}
