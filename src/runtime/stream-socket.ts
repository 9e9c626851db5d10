/**
 * What the HTTP/1 session path needs of a connection, on either side. A net.Socket is one; an
 * HTTP/2 stream presents itself the same way (FrontStream, BackStream), so every stream of a
 * multiplexed connection goes through the same request path: rules, backend, lb, server, response.
 */
export interface StreamSocket {
  readonly destroyed: boolean;
  readonly localPort?: number | undefined;
  /** Bytes written and not yet handed to the kernel (net.Socket); absent: a write may keep its buffer. */
  readonly writableLength?: number;
  write(data: Buffer): boolean;
  end(): unknown;
  destroy(): unknown;
  destroySoon(): void;
  pause(): unknown;
  resume(): unknown;
  setTimeout(ms: number): unknown;
  setNoDelay(on: boolean): unknown;
  cork(): void;
  uncork(): void;
  on(event: string, listener: (arg: Buffer) => void): unknown;
}

type Handler = (arg: Buffer) => void;

/** Event plumbing shared by the HTTP/2 stream sockets: one listener per event, a timeout timer. */
export abstract class VirtualSocket implements StreamSocket {
  destroyed = false;
  localPort: number | undefined;
  protected hData: Handler | undefined;
  protected hEnd: Handler | undefined;
  protected hClose: Handler | undefined;
  protected hDrain: Handler | undefined;
  protected hTimeout: Handler | undefined;
  protected hConnect: Handler | undefined;
  private timer: NodeJS.Timeout | undefined;
  private timeoutMs = 0;
  protected closeEmitted = false;

  on(event: string, listener: Handler): this {
    switch (event) {
      case 'data':
        this.hData = listener;
        break;
      case 'end':
        this.hEnd = listener;
        break;
      case 'close':
        this.hClose = listener;
        break;
      case 'drain':
        this.hDrain = listener;
        break;
      case 'timeout':
        this.hTimeout = listener;
        break;
      case 'connect':
        this.hConnect = listener;
        break;
      default:
        break;
    }
    return this;
  }

  setTimeout(ms: number): this {
    this.timeoutMs = ms;
    if (ms <= 0) {
      if (this.timer) clearTimeout(this.timer);
      this.timer = undefined;
      return this;
    }
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(this.onTimer, ms);
    return this;
  }

  /** Activity: the idle timeout starts again. */
  protected touch(): void {
    if (this.timer) this.timer.refresh();
  }

  private readonly onTimer = (): void => {
    this.timer = undefined;
    if (this.destroyed) return;
    const h = this.hTimeout;
    if (h) h(EMPTY);
    // As a net.Socket: the timeout fires once per idle period, again after more idleness.
    if (!this.destroyed && this.timeoutMs > 0 && !this.timer) this.timer = setTimeout(this.onTimer, this.timeoutMs);
  };

  setNoDelay(): this {
    return this;
  }

  cork(): void {}
  uncork(): void {}

  destroySoon(): void {
    this.end();
  }

  /** 'close' once, after the current call stack (as a net.Socket does). */
  protected emitClose(): void {
    if (this.closeEmitted) return;
    this.closeEmitted = true;
    this.destroyed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    setImmediate(this.fireClose);
  }

  private readonly fireClose = (): void => {
    const h = this.hClose;
    if (h) h(EMPTY);
  };

  protected stopTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  abstract write(data: Buffer): boolean;
  abstract end(): this;
  abstract destroy(): this;
  abstract pause(): this;
  abstract resume(): this;
}

export const EMPTY = Buffer.alloc(0);
