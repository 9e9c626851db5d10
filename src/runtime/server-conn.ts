/**
 * A connection to a server in HTTP mode. It serves one exchange at a time for its owner (an
 * HttpSession) and waits in its server's idle pool between exchanges. Socket events are routed to
 * the owner through one interface, so a connection moves between sessions without new closures.
 */
import { connectServer, readyEvent } from '../net/connect.js';
import { readPort, type ReadPort } from '../net/read-port.js';
import { openH2Stream } from './h2-back.js';
import type { StreamSocket } from './stream-socket.js';
import type { ConnAddrs } from '../net/proxy-protocol.js';
import type { Server } from './server.js';

export interface ServerConnOwner {
  onServerConnect(c: ServerConn): void;
  onServerData(c: ServerConn, chunk: Buffer): void;
  onServerEnd(c: ServerConn): void;
  onServerClose(c: ServerConn): void;
  onServerTimeout(c: ServerConn): void;
  onServerDrain(c: ServerConn): void;
}

export class ServerConn {
  /** The server connection, or one stream of a shared HTTP/2 connection (`proto h2`). */
  readonly socket: StreamSocket;
  /**
   * Reads of this connection: each chunk is a slice of a reused buffer, valid during
   * onServerData only unless the owner calls `port.keep()`.
   */
  readonly port: ReadPort;
  readonly srv: Server;
  owner: ServerConnOwner | undefined;
  connected = false;
  closed = false;
  /** Exchanges served so far. */
  uses = 0;
  /**
   * Never shared with another client session (HAProxy's CO_FL_PRIVATE): it carries a PROXY header
   * with one client's address, or the backend says `http-reuse never`.
   */
  readonly private_: boolean;

  constructor(
    srv: Server,
    localPort: number,
    addrs: ConnAddrs,
    owner: ServerConnOwner,
    timeoutServer: number,
    privateConn = false,
    sni?: string,
  ) {
    this.srv = srv;
    this.owner = owner;
    // A PROXY header, or a server name computed from the request, belongs to one client.
    this.private_ = privateConn || srv.sendProxy !== 0 || (srv.sniExpr !== undefined && srv.sniConst === undefined);
    const s: StreamSocket = srv.h2 ? openH2Stream(srv, localPort) : connectServer(srv, localPort, addrs, sni);
    this.socket = s;
    const p = readPort(s);
    p.sink = this.onData;
    this.port = p;
    s.on(readyEvent(s), this.onConnect);
    s.on('end', this.onEnd);
    s.on('close', this.onClose);
    s.on('error', noop);
    s.on('timeout', this.onTimeout);
    s.on('drain', this.onDrain);
    if (timeoutServer > 0) s.setTimeout(timeoutServer);
  }

  private readonly onConnect = (): void => {
    this.connected = true;
    this.owner?.onServerConnect(this);
  };

  private readonly onData = (chunk: Buffer): void => {
    const o = this.owner;
    if (o) o.onServerData(this, chunk);
    else this.destroy(); // bytes from an idle server: the connection cannot be reused
  };

  private readonly onEnd = (): void => {
    const o = this.owner;
    if (o) o.onServerEnd(this);
    else this.destroy();
  };

  private readonly onClose = (): void => {
    this.closed = true;
    this.port.close();
    const o = this.owner;
    if (o) {
      this.owner = undefined;
      o.onServerClose(this);
    } else {
      this.srv.removeIdle(this);
    }
  };

  private readonly onTimeout = (): void => {
    const o = this.owner;
    if (o) o.onServerTimeout(this);
    else this.destroy();
  };

  private readonly onDrain = (): void => {
    this.owner?.onServerDrain(this);
  };

  /** Close now; the owner is detached first so it gets no callback. */
  destroy(): void {
    this.owner = undefined;
    if (!this.closed) {
      this.closed = true;
      this.srv.removeIdle(this);
      this.socket.destroy();
    }
  }

  /**
   * Park in the server's idle pool; false when it cannot be kept (then it is closed). `bounded`:
   * the client session is over, so the pool keeps it only within the server's estimated need.
   */
  release(bounded = true): boolean {
    this.owner = undefined;
    if (this.closed || this.socket.destroyed || !this.srv.putIdle(this, bounded)) {
      this.destroy();
      return false;
    }
    return true;
  }
}

function noop(): void {}
