/**
 * Writing a chunk straight to a socket's handle (libuv), past net.Socket's Writable machinery
 * (write -> _write -> writeOrBuffer -> _writeGeneric -> afterWrite on the next tick), which costs
 * more user time than the write itself on small chunks. Used only when the socket's own stream
 * has nothing queued, so the order of bytes is kept: libuv queues later writes (and the shutdown of
 * end()) behind a write it could not finish at once.
 *
 * The result says what happened: WRITTEN (in the kernel), QUEUED (libuv holds the chunk and calls
 * `done` when it is written: the caller must not reuse the chunk's memory and should stop reading
 * its source until then, as the socket will not emit 'drain' for it), or NOT_DIRECT (the socket
 * cannot take it this way: connecting, data queued, no handle, or Node without the binding; use
 * socket.write()).
 */
import type { Socket } from 'node:net';

export const WRITTEN = 0;
export const QUEUED = 1;
export const NOT_DIRECT = 2;
export type DirectResult = typeof WRITTEN | typeof QUEUED | typeof NOT_DIRECT;

interface WriteReq {
  handle: StreamHandle;
  oncomplete: (status: number) => void;
  async: boolean;
  buffer: Buffer | undefined;
  done: (() => void) | undefined;
  socket: Socket | SocketLike | undefined;
}
interface StreamHandle {
  writeBuffer(req: WriteReq, chunk: Buffer): number;
}
interface StreamWrapBinding {
  WriteWrap: new () => WriteReq;
  streamBaseState: Int32Array;
  kLastWriteWasAsync: number;
}
interface InternalSocket {
  _handle: StreamHandle | null | undefined;
  connecting: boolean;
  _unrefTimer(): void;
}

/** What writeDirect() needs to tell whether a socket-like object is a net.Socket it can write to. */
export interface SocketLike {
  readonly destroyed: boolean;
  readonly writableLength?: number;
  readonly writable?: boolean;
  write(data: Buffer): unknown;
  destroy(): unknown;
}

const binding = loadBinding();

function loadBinding(): StreamWrapBinding | undefined {
  try {
    const b = (process as unknown as { binding(name: string): unknown }).binding('stream_wrap') as Partial<StreamWrapBinding>;
    if (typeof b.WriteWrap === 'function' && b.streamBaseState instanceof Int32Array && typeof b.kLastWriteWasAsync === 'number') {
      return b as StreamWrapBinding;
    }
  } catch {
    /* not available: every write goes through socket.write() */
  }
  return undefined;
}

function onComplete(this: WriteReq, status: number): void {
  const done = this.done;
  const s = this.socket;
  this.buffer = undefined;
  this.done = undefined;
  this.socket = undefined;
  if (status < 0 && s !== undefined && !s.destroyed) s.destroy();
  if (done !== undefined) done();
}

/**
 * `s` may be any socket-like object (an HTTP/2 stream): without a stream handle it is NOT_DIRECT.
 */
export function writeDirect(s: Socket | SocketLike, chunk: Buffer, done: () => void): DirectResult {
  const b = binding;
  const is = s as unknown as InternalSocket;
  const h = is._handle;
  if (b === undefined || h == null || is.connecting || s.destroyed || s.writableLength !== 0 || s.writable !== true) return NOT_DIRECT;
  // Writes count as activity for the socket's timeout, as through socket.write().
  is._unrefTimer();
  const req = new b.WriteWrap();
  req.handle = h;
  req.oncomplete = onComplete;
  req.async = false;
  req.buffer = undefined;
  req.done = undefined;
  req.socket = undefined;
  const err = h.writeBuffer(req, chunk);
  if (err !== 0) {
    // The connection is broken (EPIPE, ECONNRESET): close it; its 'close' ends the session.
    s.destroy();
    return WRITTEN;
  }
  if (b.streamBaseState[b.kLastWriteWasAsync] === 0) return WRITTEN;
  req.buffer = chunk; // keeps the memory alive while libuv writes from it
  req.done = done;
  req.socket = s;
  return QUEUED;
}

/** Write a buffer nobody else refers to (a serialized head, a reply): straight to the handle when possible. */
export function writeOwned(s: Socket | SocketLike, buf: Buffer): void {
  if (writeDirect(s, buf, noop) === NOT_DIRECT) s.write(buf);
}

function noop(): void {}
