/**
 * `mode tcp`: a full-duplex byte tunnel between the client and one server. Each direction stops
 * reading when the other side's write buffer is full (backpressure); a FIN is forwarded as a
 * half-close; timeouts follow HAProxy (client/server, client-fin/server-fin after a FIN,
 * tunnel once connected when set).
 */
import type { Socket } from 'node:net';
import { connectServer, readyEvent } from '../net/connect.js';
import { forward, readPort, type ReadPort } from '../net/read-port.js';
import { QUEUED, NOT_DIRECT, writeDirect } from '../net/direct-write.js';
import type { Listener } from '../net/listener.js';
import type { ConnAddrs } from '../net/proxy-protocol.js';
import type { Backend } from './backend.js';
import type { Frontend } from './frontend.js';
import type { QueueWaiter, Server } from './server.js';
import { LbFacts } from './lb-facts.js';
import { QUEUE_FULL, SERVER_QUEUE, BACKEND_QUEUE, USE_SERVER } from '../lb/assign.js';
import type { Pending } from '../lb/queue.js';
import { type Session, type SessionSet, type SessionView, sessionView } from './session.js';
import type { StreamSink } from './stream-sink.js';
import { StreamInfo } from './stream.js';
import { accountStream } from '../stats/account.js';
import type { TermCause } from './term-state.js';
import type { RuleContext } from '../rules/context.js';
import { connRuleContext } from './rule-context.js';
import { Verdict } from '../rules/proxy-rules.js';

export class TcpSession implements Session, QueueWaiter {
  private readonly client: Socket;
  private server: Socket | undefined;
  /** Reads of each side: slices of a reused buffer, kept (copy-free) only when they must outlive the read. */
  private readonly clientPort: ReadPort;
  private serverPort: ReadPort | undefined;
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
  /** Failed connection attempts so far. */
  private failures = 0;
  /** Connection facts for the load-balancing algorithm (source, destination, payload). */
  private readonly lbFacts: LbFacts;
  /** Waiting for a server slot, with its `timeout queue`. */
  private pending: Pending<QueueWaiter> | undefined;
  private queueTimer: NodeJS.Timeout | undefined;
  /** The server a redispatch leaves. */
  private redispatchFrom: Server | undefined;
  /** tcp-request content rules are waiting for data (inspect-delay). */
  private inspecting = false;
  private inspectTimer: NodeJS.Timeout | undefined;
  private readonly rc: RuleContext;
  /** tcp-response content rules are waiting for the server's data (its bytes so far). */
  private resInspecting: Buffer[] | undefined;
  private resInspectTimer: NodeJS.Timeout | undefined;

  constructor(
    client: Socket,
    fe: Frontend,
    listener: Listener,
    sessions: SessionSet,
    addrs: ConnAddrs,
    initial: Buffer | undefined,
    private readonly sink: StreamSink | undefined,
    /** The context tcp-request connection rules ran on (tracked counters carry over). */
    prior?: RuleContext,
  ) {
    this.client = client;
    this.fe = fe;
    this.listener = listener;
    this.sessions = sessions;
    this.addrs = addrs;
    this.lbFacts = new LbFacts(addrs);
    this.lbFacts.keyFn = () => this.be?.hashKey(this.rc);
    this.stream = new StreamInfo(fe.name, addrs.srcAddr, addrs.srcPort);
    this.stream.dstAddr = addrs.dstAddr;
    this.stream.dstPort = addrs.dstPort;
    this.stream.feC = fe.counters;
    this.stream.liC = listener.counters;
    this.rc = connRuleContext(fe, listener, addrs, prior);
    this.stream.rules = this.rc;
    if (initial && initial.length > 0) {
      this.pendingData.push(initial);
      this.stream.bytesIn += initial.length;
    }
    sessions.add(this);
    fe.total++;
    client.setNoDelay(true);
    const cp = readPort(client);
    cp.sink = this.onClientData;
    this.clientPort = cp;
    client.on('end', this.onClientEnd);
    client.on('close', this.onClientClose);
    client.on('error', this.onClientError);
    client.on('timeout', this.onClientTimeout);
    client.on('drain', this.onClientDrain);
    if (fe.timeoutClient > 0) client.setTimeout(fe.timeoutClient);
    this.start();
  }

  private start(): void {
    const fr = this.fe.rules;
    if (fr !== undefined && fr.tcpContent.length > 0) {
      // Hold the client's first bytes until the content rules decide (or inspect-delay ends).
      this.inspecting = true;
      if (fr.inspectDelay > 0) this.inspectTimer = setTimeout(this.onInspectTimeout, fr.inspectDelay);
      this.client.resume();
      this.inspect(fr.inspectDelay === 0);
      return;
    }
    this.route();
  }

  private readonly onInspectTimeout = (): void => {
    this.inspectTimer = undefined;
    if (this.inspecting && !this.done) this.inspect(true);
  };

  /** Run tcp-request content rules on what arrived so far; `final`: no more waiting. */
  private inspect(final: boolean): void {
    const fr = this.fe.rules!;
    const rc = this.rc;
    const pd = this.pendingData;
    rc.payload = pd.length === 0 ? undefined : pd.length === 1 ? pd[0] : Buffer.concat(pd);
    const v = fr.runTcpContent(rc, final);
    if (v === Verdict.Wait) return;
    this.inspecting = false;
    if (this.inspectTimer) clearTimeout(this.inspectTimer);
    this.inspectTimer = undefined;
    if (v === Verdict.Done) {
      this.abort('P', 'R');
      return;
    }
    this.route();
  }

  private route(): void {
    const be = this.fe.route(this.rc);
    if (!be) {
      this.abort('P', 'R');
      return;
    }
    this.be = be;
    this.stream.backend = be.name;
    this.stream.beC = be.counters;
    this.rc.beName = be.name;
    this.rc.backend = this.fe.world.proxy(be.name);
    const br = be.rules;
    if (br !== undefined && br !== this.fe.rules && br.tcpContent.length > 0 && br.runTcpContent(this.rc, true) === Verdict.Done) {
      this.abort('P', 'R');
      return;
    }
    be.enter();
    this.retriesLeft = be.retries;
    this.client.resume();
    this.assignServer(undefined);
  }

  /** Choose a server (assign_server_and_queue()): connect now, wait in a queue, or give up. */
  private assignServer(avoid: Server | undefined): void {
    const be = this.be!;
    const facts = this.lbFacts;
    facts.setPayload(this.pendingData);
    const direct = avoid === undefined ? be.directServer(this.rc) : undefined;
    const result = direct !== undefined ? be.assignDirect(direct, this) : be.assign(facts, this, avoid);
    const chosen = be.assigned;
    if (avoid) be.countRetry(avoid, chosen);
    switch (result) {
      case USE_SERVER:
        this.useServer(chosen!);
        this.connect();
        return;
      case SERVER_QUEUE:
      case BACKEND_QUEUE:
        this.pending = be.pending;
        if (result === SERVER_QUEUE) this.stream.srvQueuePos = chosen ? chosen.queue.length : 0;
        else this.stream.beQueuePos = be.queue.length;
        if (be.timeoutQueue > 0) this.queueTimer = setTimeout(this.onQueueTimeout, be.timeoutQueue);
        return;
      default:
        this.abort(result === QUEUE_FULL ? 's' : 'S', result === QUEUE_FULL ? 'Q' : 'C');
    }
  }

  private useServer(srv: Server): void {
    this.srv = srv;
    const st = this.stream;
    st.server = srv.name;
    st.srvAddr = srv.unixPath ?? srv.host;
    st.srvPort = srv.port;
    st.tQueue = Date.now() - st.acceptTime;
    st.srvC = srv.counters;
  }

  /** A queued connection got a slot on `srv` (srv.cur already counts it). */
  onSlot(srv: Server): void {
    this.pending = undefined;
    if (this.queueTimer) clearTimeout(this.queueTimer);
    this.queueTimer = undefined;
    if (this.done) {
      this.be?.release(srv);
      return;
    }
    this.useServer(srv);
    this.connect();
  }

  requeue(): void {
    this.pending = undefined;
    if (this.queueTimer) clearTimeout(this.queueTimer);
    this.queueTimer = undefined;
    if (this.done) return;
    this.assignServer(undefined);
  }

  shutdownOn(srv: Server, cause: 'D' | 'U'): void {
    if (this.done || this.srv !== srv || this.pending) return;
    if (this.stream.termCause === '-') this.stream.setTerm(cause, this.connected ? 'D' : 'C');
    this.kill();
  }

  private readonly onQueueTimeout = (): void => {
    this.queueTimer = undefined;
    const p = this.pending;
    if (!p || this.done) return;
    this.pending = undefined;
    this.be?.leaveQueue(p);
    this.abort('s', 'Q');
  };

  private connect(): void {
    const be = this.be!;
    const srv = this.srv!;
    const s = connectServer(srv, this.client.localPort ?? 0, this.addrs, srv.tls ? srv.sniFor(this.rc) : undefined);
    srv.counters.session(Date.now(), srv.cur);
    srv.counters.connects++;
    be.counters.connects++;
    this.server = s;
    const sp = readPort(s);
    sp.sink = this.onServerData;
    this.serverPort = sp;
    s.on(readyEvent(s), this.onServerConnect);
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
    this.srv?.observe?.('l4-err');
    const be = this.be!;
    const prev = this.srv!;
    if (this.retriesLeft > 0) {
      this.retriesLeft--;
      this.failures++;
      this.stream.retries++;
      if (be.retryElsewhere(prev, this.failures)) {
        // option redispatch: free the slot and choose again, avoiding this server.
        this.srv = undefined;
        be.release(prev);
        this.redispatchFrom = prev;
        const wait = timedOut ? 0 : be.turnAround(true);
        if (wait > 0) this.retryTimer = setTimeout(this.onRedispatch, wait);
        else this.onRedispatch();
        return;
      }
      be.countRetry(prev, prev);
      this.retryTimer = setTimeout(this.onRetry, timedOut ? 0 : be.turnAround(false));
      return;
    }
    this.abort(timedOut ? 's' : 'S', 'C');
  }

  private readonly onRedispatch = (): void => {
    this.retryTimer = undefined;
    const prev = this.redispatchFrom;
    this.redispatchFrom = undefined;
    this.stream.redispatched = true;
    if (!this.done) this.assignServer(prev);
  };

  private readonly onRetry = (): void => {
    this.retryTimer = undefined;
    if (!this.done) this.connect();
  };

  private readonly onServerConnect = (): void => {
    if (this.connectTimer) clearTimeout(this.connectTimer);
    this.connectTimer = undefined;
    this.connected = true;
    this.stream.tConnect = Date.now() - this.stream.acceptTime;
    this.srv?.observe?.('l4-ok');
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
    const br = be.rules;
    if (br !== undefined && br.tcpResponse.length > 0) {
      this.resInspecting = [];
      if (br.resInspectDelay > 0) this.resInspectTimer = setTimeout(this.onResInspectTimeout, br.resInspectDelay);
    }
    if (this.clientEnded) this.shutServer();
  };

  private readonly onResInspectTimeout = (): void => {
    this.resInspectTimer = undefined;
    if (this.resInspecting && !this.done) this.inspectResponse(true);
  };

  /** tcp-response content rules on the server's bytes so far; `final`: no more waiting. */
  private inspectResponse(final: boolean): void {
    const br = this.be!.rules!;
    const held = this.resInspecting!;
    const rc = this.rc;
    rc.resBody = held.length === 0 ? undefined : held.length === 1 ? held[0] : Buffer.concat(held);
    const v = br.runTcpResponse(rc, final);
    if (v === Verdict.Wait) return;
    this.resInspecting = undefined;
    if (this.resInspectTimer) clearTimeout(this.resInspectTimer);
    const stick = this.fe.world.stick;
    if (stick !== undefined) {
      stick.onBytes?.(this.rc, this.stream.bytesIn, this.stream.bytesOut);
      stick.endStream?.(this.rc);
      stick.endSession?.(this.rc);
    }
    this.resInspectTimer = undefined;
    if (v === Verdict.Done) {
      // reject / close: both sides are closed, nothing of the response is forwarded.
      this.stream.setTerm('P', 'D');
      this.kill();
      return;
    }
    for (const b of held) {
      this.stream.bytesOut += b.length;
      this.client.write(b);
    }
    if (rc.closeServer) {
      this.server?.destroy();
      this.client.end();
      return;
    }
    if (this.serverEnded) this.client.end();
  }

  private readonly onClientData = (chunk: Buffer): void => {
    this.stream.bytesIn += chunk.length;
    if (this.inspecting) {
      this.clientPort.keep();
      this.pendingData.push(chunk);
      if (this.pendingData.length > 64) this.client.pause();
      this.inspect(false);
      return;
    }
    const s = this.server;
    if (!this.connected || !s) {
      this.clientPort.keep();
      this.pendingData.push(chunk);
      if (this.pendingData.length > 16) this.client.pause();
      return;
    }
    // Straight to the server's handle; a chunk libuv could not write at once is kept until written.
    const r = writeDirect(s, chunk, this.onServerFlushed);
    if (r === QUEUED) {
      this.clientPort.keep();
      this.client.pause();
    } else if (r === NOT_DIRECT && !forward(s, chunk, this.clientPort)) this.client.pause();
  };

  private readonly onServerData = (chunk: Buffer): void => {
    const held = this.resInspecting;
    if (held) {
      this.serverPort!.keep();
      held.push(chunk);
      this.inspectResponse(false);
      return;
    }
    this.stream.bytesOut += chunk.length;
    const r = writeDirect(this.client, chunk, this.onClientFlushed);
    if (r === QUEUED) {
      this.serverPort!.keep();
      this.server!.pause();
    } else if (r === NOT_DIRECT && !forward(this.client, chunk, this.serverPort!)) this.server!.pause();
  };

  /** A direct write to the server that libuv had queued is done (as 'drain' after socket.write). */
  private readonly onServerFlushed = (): void => {
    if (!this.clientEnded && !this.done) this.client.resume();
  };

  private readonly onClientFlushed = (): void => {
    if (!this.serverEnded && !this.done) this.server?.resume();
  };

  private readonly onServerDrain = (): void => {
    if (!this.clientEnded) this.client.resume();
  };

  private readonly onClientDrain = (): void => {
    if (!this.serverEnded) this.server?.resume();
  };

  private readonly onClientEnd = (): void => {
    this.clientEnded = true;
    if (this.inspecting) this.inspect(true);
    if (this.done) return;
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
    if (this.resInspecting) {
      this.inspectResponse(true);
      if (this.done || this.resInspecting) return;
    }
    const be = this.be!;
    if (be.timeoutServerFin > 0) this.server?.setTimeout(be.timeoutServerFin);
    if (this.fe.timeoutClientFin > 0) this.client.setTimeout(this.fe.timeoutClientFin);
    this.client.end();
  };

  private readonly onClientClose = (): void => {
    this.clientClosed = true;
    this.clientPort.close();
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
    this.serverPort?.close();
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
  private abort(cause: TermCause, phase: 'C' | 'R' | 'Q'): void {
    this.stream.setTerm(cause, phase);
    this.client.destroy();
    this.finish();
  }

  softStop(): void {
    /* TCP sessions run to their end during a soft stop, as HAProxy. */
  }

  view(): SessionView {
    return sessionView(this.fe, this.be, this.srv, this.addrs);
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
    if (this.inspectTimer) clearTimeout(this.inspectTimer);
    if (this.resInspectTimer) clearTimeout(this.resInspectTimer);
    const stick = this.fe.world.stick;
    if (stick !== undefined) {
      stick.onBytes?.(this.rc, this.stream.bytesIn, this.stream.bytesOut);
      stick.endStream?.(this.rc);
      stick.endSession?.(this.rc);
    }
    const st = this.stream;
    const now = Date.now();
    st.tClose = now - st.acceptTime;
    accountStream(st, false, now);
    if (this.sink) {
      const fe = this.fe;
      st.actConn = fe.globalGate?.cur ?? fe.gate.cur;
      st.feConn = fe.gate.cur;
      // As HAProxy logs them: this stream's backend and server slots are already released.
      st.beConn = this.be ? this.be.cur - 1 : 0;
      st.srvConn = this.srv ? this.srv.cur - 1 : 0;
      this.sink(st);
    }
    if (this.queueTimer) clearTimeout(this.queueTimer);
    const be = this.be;
    if (be) {
      if (this.pending) be.leaveQueue(this.pending);
      this.pending = undefined;
      be.cur--;
      const srv = this.srv;
      this.srv = undefined;
      if (srv) be.release(srv);
    }
    if (!this.client.destroyed) this.client.destroy();
    if (this.server && !this.server.destroyed) this.server.destroy();
    this.listener.release();
    this.sessions.delete(this);
  }
}

function noop(): void {}
