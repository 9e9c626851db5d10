/**
 * Socket reads into a reused buffer (net.Socket's `onread` option) instead of the fresh 64 KiB
 * Buffer Node allocates, registers and later sweeps for every read.
 *
 * A read reaches the port's `sink` as a slice of the port's buffer, valid only during that call.
 * A sink that lets a slice outlive the call (keeps it, or writes it and the write stays queued)
 * calls `keep()`: the next read then goes into another buffer and the old one belongs to whoever
 * holds the slice (the garbage collector frees it). `forward()` writes a slice and marks it kept
 * when the write did not complete at once. Buffers come from a small free list and go back to it
 * when the socket closes (`close()`), so a new connection costs no buffer allocation either.
 *
 * Sockets built elsewhere (without `onread`, e.g. TLS later) get a port fed by 'data' events, with
 * the same interface: `keep()` is then a no-op, as Node allocates each chunk anyway.
 */
import type { Socket } from 'node:net';

export type ReadSink = (chunk: Buffer) => void;

/** Read size: Node's own (libuv's suggested size for a stream read). */
const READ_SIZE = 64 * 1024;
/** Free buffers kept for new connections (each 64 KiB). */
const POOL_MAX = 64;
const pool: Buffer[] = [];

function takeBuffer(): Buffer {
  return pool.pop() ?? Buffer.allocUnsafeSlow(READ_SIZE);
}

const PORT = Symbol('switchyard.readPort');
/** A socket or anything socket-like that emits 'data' (an HTTP/2 stream, a TLS socket). */
interface Readable {
  on(event: 'data', listener: (chunk: Buffer) => void): unknown;
}
interface PortSocket extends Readable {
  [PORT]?: ReadPort;
}

export class ReadPort {
  /** Where the socket reads next; never referenced by anything else between reads. */
  private buf: Buffer | undefined;
  private kept = false;
  sink: ReadSink = dropChunk;
  /** Pass as the `onread` option of the socket this port reads for. */
  readonly onread: { buffer: () => Buffer; callback: (n: number, b: Buffer) => boolean };

  constructor() {
    this.onread = { buffer: this.nextBuffer, callback: this.onRead };
  }

  private readonly nextBuffer = (): Buffer => {
    let b = this.buf;
    if (b === undefined) b = this.buf = takeBuffer();
    return b;
  };

  private readonly onRead = (n: number, b: Buffer): boolean => {
    this.kept = false;
    this.sink(n === b.length ? b : b.subarray(0, n));
    if (this.kept) {
      // A slice of `b` lives on: read the next bytes elsewhere.
      this.kept = false;
      if (this.buf === b) this.buf = undefined;
    }
    return true;
  };

  /** For 'data' events (sockets without `onread`). */
  readonly onData = (chunk: Buffer): void => {
    this.sink(chunk);
  };

  /** The chunk being delivered outlives this call: do not read into its buffer again. */
  keep(): void {
    this.kept = true;
  }

  /** The socket is closed (or will not read again): its buffer can serve another connection. */
  close(): void {
    const b = this.buf;
    this.buf = undefined;
    this.sink = dropChunk;
    if (b !== undefined && pool.length < POOL_MAX) pool.push(b);
  }

  /** Bind to a socket built with `this.onread`. */
  bindTo(socket: Readable): void {
    (socket as PortSocket)[PORT] = this;
  }
}

/** The port a socket reads through: its own when built with one, else one fed by 'data' events. */
export function readPort(socket: Readable): ReadPort {
  const s = socket as PortSocket;
  let p = s[PORT];
  if (p === undefined) {
    p = new ReadPort();
    s[PORT] = p;
    socket.on('data', p.onData);
  }
  return p;
}

/**
 * Write `chunk` (read through `from`) to `to`; the result is write()'s (false: over the
 * high-water mark, wait for 'drain'). A write that left bytes queued marks the chunk kept.
 */
export function forward(to: Socket, chunk: Buffer, from: ReadPort): boolean {
  const ok = to.write(chunk);
  if (to.writableLength > 0) from.keep();
  return ok;
}

function dropChunk(): void {}
