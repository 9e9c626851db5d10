/**
 * `mode tcp`: a full-duplex byte tunnel between the client and one server. Each direction stops
 * reading when the other side's write buffer is full (backpressure); a FIN is forwarded as a
 * half-close; timeouts follow HAProxy (client/server, client-fin/server-fin after a FIN,
 * tunnel once connected when set).
 */
import type { Socket } from 'node:net';
import { connectServer } from '../net/connect.js';
import type { Listener } from '../net/listener.js';
import type { ConnAddrs } from '../net/proxy-protocol.js';
import type { Backend } from './backend.js';
import type { Frontend } from './frontend.js';
import type { Server } from './server.js';
import type { Session, SessionSet } from './session.js';
import type { StreamSink } from './stream-sink.js';
import { StreamInfo } from './stream.js';
import type { TermCause } from './term-state.js';

/** HAProxy waits this long before retrying a connection that failed at once. */
const TURNAROUND_MS = 1000;

export class TcpSession implements Session {
  private readonly client: Socket;
  private server: Socket | undefined;
  private readonly fe: Frontend;
  private be: Backend | undefined;
  private srv: Server | undefined;
  private readonly listener: Listener;
  private readonly sessions: SessionSet;
  private readonly addrs: ConnAddrs;
  readonly stream: StreamInfo;
  private pendingData: Buffer[] = [];
  private clientEnded = false;
  private serverEnded = false;
  private clientClosed = false;
  private serverClosed = false;
  private connected = false;
  private done = false;
  private connectTimer: NodeJS.Timeout | undefined;
  private retryTimer: NodeJS.Timeout | undefined;
  private retriesLeft = 0;

  constructor(
    client: Socket,
    fe: Frontend,
    listener: Listener,
    sessions: SessionSet,
    addrs: ConnAddrs,
    initial: Buffer | undefined,
    private readonly sink: StreamSink | undefined,
  ) {
    this.client = client;
    this.fe = fe;
    this.listener = listener;
    this.sessions = sessions;
    this.addrs = addrs;
    this.stream = new StreamInfo(fe.name, addrs.srcAddr, addrs.srcPort);
    if (initial && initial.length > 0) {
      this.pendingData.push(initial);
      this.stream.bytesIn += initial.length;
    }
    sessions.add(this);
    fe.total++;
    client.setNoDelay(true);
    client.on('data', this.onClientData);
    client.on('end', this.onClientEnd);
    client.on('close', this.onClientClose);
    client.on('error', this.onClientError);
    client.on('timeout', this.onClientTimeout);
    client.on('drain', this.onClientDrain);
    if (fe.timeoutClient > 0) client.setTimeout(fe.timeoutClient);
    this.start();
  }

  private start(): void {
    const be = this.fe.route();
    if (!be) {
      this.abort('P', 'R');
      return;
    }
    this.be = be;
    this.stream.backend = be.name;
    be.total++;
    be.cur++;
    this.retriesLeft = be.retries;
    this.client.resume();
    this.connect();
  }

  private connect(): void {
    const be = this.be!;
    const srv = this.srv && this.srv.usable() ? this.srv : be.lb.pick();
    if (!srv) {
      this.abort('S', 'C');
      return;
    }
    if (this.srv !== srv) {
      if (this.srv) this.srv.cur--;
      this.srv = srv;
      srv.cur++;
      srv.total++;
      this.stream.server = srv.name;
    }
    const s = connectServer(srv, this.client.localPort ?? 0, this.addrs);
    this.server = s;
    s.on('connect', this.onServerConnect);
    s.on('data', this.onServerData);
    s.on('end', this.onServerEnd);
    s.on('close', this.onServerClose);
    s.on('error', this.onServerError);
    s.on('timeout', this.onServerTimeout);
    s.on('drain', this.onServerDrain);
    if (be.timeoutConnect > 0) this.connectTimer = setTimeout(this.onConnectTimeout, be.timeoutConnect);
  }

  private readonly onConnectTimeout = (): void => {
    this.connectTimer = undefined;
    this.connectFailed(true);
  };

  /** A connection attempt failed: retry (after the turn-around delay unless it timed out) or give up. */
  private connectFailed(timedOut: boolean): void {
    if (this.connectTimer) clearTimeout(this.connectTimer);
    this.connectTimer = undefined;
    const s = this.server;
    this.server = undefined;
    if (s) {
      s.removeAllListeners();
      s.on('error', noop);
      s.destroy();
    }
    if (this.done) return;
    if (this.retriesLeft > 0) {
      this.retriesLeft--;
      this.stream.retries++;
      // option redispatch: the last retry may go to another server.
      if (this.retriesLeft === 0 && this.be!.redispatch) {
        if (this.srv) this.srv.cur--;
        this.srv = undefined;
      }
      this.retryTimer = setTimeout(this.onRetry, timedOut ? 0 : TURNAROUND_MS);
      return;
    }
    this.abort(timedOut ? 's' : 'S', 'C');
  }

  private readonly onRetry = (): void => {
    this.retryTimer = undefined;
    if (!this.done) this.connect();
  };

  private readonly onServerConnect = (): void => {
    if (this.connectTimer) clearTimeout(this.connectTimer);
    this.connectTimer = undefined;
    this.connected = true;
    this.stream.tConnect = Date.now() - this.stream.acceptTime;
    const s = this.server!;
    const be = this.be!;
    if (be.timeoutTunnel > 0) {
      s.setTimeout(be.timeoutTunnel);
      this.client.setTimeout(be.timeoutTunnel);
    } else if (be.timeoutServer > 0) {
      s.setTimeout(be.timeoutServer);
    }
    for (const b of this.pendingData) s.write(b);
    this.pendingData = [];
    if (this.clientEnded) this.shutServer();
  };

  private readonly onClientData = (chunk: Buffer): void => {
    this.stream.bytesIn += chunk.length;
    const s = this.server;
    if (!this.connected || !s) {
      this.pendingData.push(chunk);
      if (this.pendingData.length > 16) this.client.pause();
      return;
    }
    if (!s.write(chunk)) this.client.pause();
  };

  private readonly onServerData = (chunk: Buffer): void => {
    this.stream.bytesOut += chunk.length;
    if (!this.client.write(chunk)) this.server!.pause();
  };

  private readonly onServerDrain = (): void => {
    if (!this.clientEnded) this.client.resume();
  };

  private readonly onClientDrain = (): void => {
    if (!this.serverEnded) this.server?.resume();
  };

  private readonly onClientEnd = (): void => {
    this.clientEnded = true;
    if (this.fe.timeoutClientFin > 0) this.client.setTimeout(this.fe.timeoutClientFin);
    if (this.connected) this.shutServer();
    else if (!this.server && !this.retryTimer) this.finish();
  };

  private shutServer(): void {
    const s = this.server;
    if (!s) return;
    s.end();
    const be = this.be!;
    if (be.timeoutServerFin > 0) s.setTimeout(be.timeoutServerFin);
  }

  private readonly onServerEnd = (): void => {
    this.serverEnded = true;
    const be = this.be!;
    if (be.timeoutServerFin > 0) this.server?.setTimeout(be.timeoutServerFin);
    if (this.fe.timeoutClientFin > 0) this.client.setTimeout(this.fe.timeoutClientFin);
    this.client.end();
  };

  private readonly onClientClose = (): void => {
    this.clientClosed = true;
    if (!this.connected) {
      if (!this.done) this.stream.setTerm('C', 'C');
      this.finish();
      return;
    }
    if (!this.clientEnded || !this.serverEnded) {
      // The client went away before both directions were done.
      if (!this.done) this.stream.setTerm('C', this.connected ? 'D' : 'C');
    }
    this.server?.destroy();
    if (!this.server || this.serverClosed) this.finish();
  };

  private readonly onServerClose = (): void => {
    if (!this.connected) {
      if (!this.done && this.server) this.connectFailed(false);
      return;
    }
    this.serverClosed = true;
    if (!this.serverEnded && !this.done) this.stream.setTerm('S', 'D');
    if (!this.clientClosed) {
      if (this.serverEnded) this.client.end();
      else this.client.destroy();
    }
    if (this.clientClosed) this.finish();
  };

  private readonly onClientError = (): void => {
    this.stream.setTerm('C', this.connected ? 'D' : 'C');
  };

  private readonly onServerError = (): void => {
    if (this.connected) this.stream.setTerm('S', 'D');
  };

  private readonly onClientTimeout = (): void => {
    this.stream.setTerm('c', 'D');
    this.kill();
  };

  private readonly onServerTimeout = (): void => {
    this.stream.setTerm('s', 'D');
    this.kill();
  };

  /** Close the client without a server (no server, connection failed, no backend). */
  private abort(cause: TermCause, phase: 'C' | 'R'): void {
    this.stream.setTerm(cause, phase);
    this.client.destroy();
    this.finish();
  }

  softStop(): void {
    /* TCP sessions run to their end during a soft stop, as HAProxy. */
  }

  kill(): void {
    if (this.stream.termCause === '-') this.stream.setTerm('K', this.connected ? 'D' : 'C');
    this.client.destroy();
    this.server?.destroy();
    this.finish();
  }

  private finish(): void {
    if (this.done) return;
    this.done = true;
    if (this.connectTimer) clearTimeout(this.connectTimer);
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.stream.tClose = Date.now() - this.stream.acceptTime;
    this.sink?.(this.stream);
    if (this.srv) this.srv.cur--;
    if (this.be) this.be.cur--;
    if (!this.client.destroyed) this.client.destroy();
    if (this.server && !this.server.destroyed) this.server.destroy();
    this.listener.release();
    this.sessions.delete(this);
  }
}

function noop(): void {}
