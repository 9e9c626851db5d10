/**
 * `mode http` on one client connection: HTTP/1.1 with keep-alive, pipelining (requests are taken
 * one at a time and answered in order), bodies forwarded as slices (Content-Length or chunked),
 * 1xx interim responses (100-continue), Upgrade/CONNECT tunnels, server connections reused from
 * the server's idle pool (http-reuse safe by default), and HAProxy's replies when the proxy itself
 * must answer (503 no server, 502 bad response, 504 server timeout, 408 request timeout, 400...).
 *
 * One object per client connection; its handlers are bound once. Nothing is allocated per chunk.
 */
import { ChunkedParser } from '../http/chunked.js';
import { parseRequestHead } from '../http/h1-request.js';
import { parseResponseHead } from '../http/h1-response.js';
import { DEFAULT_LIMITS, type BodyFraming, type HeaderField, type RequestHead, type ResponseHead } from '../http/types.js';
import type { Listener } from '../net/listener.js';
import { readPort, type ReadPort } from '../net/read-port.js';
import { writeOwned } from '../net/direct-write.js';
import type { ConnAddrs } from '../net/proxy-protocol.js';
import type { AcceptContext } from './accept.js';
import type { Backend } from './backend.js';
import type { Frontend, HeaderCapture } from './frontend.js';
import { combineConnModes } from './http-options.js';
import { muxReply, streamReply } from './http-replies.js';
import { requestOut, responseOut } from './http-rewrite.js';
import { SessionConns } from './session-conns.js';
import { ServerConn, type ServerConnOwner } from './server-conn.js';
import type { QueueWaiter, Server } from './server.js';
import { LbFacts } from './lb-facts.js';
import { USE_SERVER, SERVER_QUEUE, BACKEND_QUEUE, QUEUE_FULL } from '../lb/assign.js';
import type { Pending } from '../lb/queue.js';
import { RETRY_EMPTY, RETRY_JUNK, RETRY_TIMEOUT } from '../lb/retry-on.js';
import { type Session, type SessionView, sessionView } from './session.js';
import type { StreamSocket } from './stream-socket.js';
import { StreamInfo } from './stream.js';
import { accountStream, countRequest } from '../stats/account.js';
import type { RuleContext } from '../rules/context.js';
import { connRuleContext } from './rule-context.js';
import { htxRequestHeadSize, htxResponseHeadSize, htxSizeOfRaw } from '../stats/htx.js';
import { prometheusReply, statsHead, type StatsReply, type StatsService } from '../stats/page/service.js';
import { Verdict, type ProxyRules } from '../rules/proxy-rules.js';
import { errorReply, replyBytes, replyFromHead, replyHead, type HttpReply } from '../rules/reply.js';
import type { TermCause, TermPhase } from './term-state.js';

const enum Phase {
  /** Waiting for (the rest of) a request head. */
  Head,
  /** A request is being forwarded or answered. */
  Exchange,
  /** Bytes flow both ways untouched (after 101 or CONNECT). */
  Tunnel,
  /** The client connection is closing. */
  Closing,
}

/** Body progress: remaining bytes (>= 0), chunked (-1), until close (-2). */
const BODY_CHUNKED = -1;
const BODY_CLOSE = -2;

/** Bodies up to this size that arrive with their head are copied into the head's buffer. */
const SMALL_BODY = 16 * 1024;
/** Stop reading pipelined requests beyond this many buffered bytes. */
const MAX_BUFFERED = 64 * 1024;
/** url_param check_post reads at most this much of a POST body before choosing a server. */
const MAX_LB_BODY = 16 * 1024;
/** Largest admin form read from a stats page POST. */
const MAX_STATS_POST = 16 * 1024;
/** retry-on (layer 7): a request is kept for replay when its body fits in this (bufsize - maxrewrite). */
const L7_RETRY_MAX = 15360;

export class HttpSession implements Session, ServerConnOwner, QueueWaiter {
  private readonly client: StreamSocket;
  /**
   * The client's reads: slices of a reused buffer. After each read, whatever still refers to it
   * (a partial head, pipelined bytes, held or kept body parts, a write left queued) makes the port
   * keep that buffer and read the next bytes into another (see keepsClientBytes()).
   */
  private readonly clientPort: ReadPort;
  private readonly fe: Frontend;
  private readonly listener: Pick<Listener, 'bind' | 'release' | 'counters'>;
  private readonly ctx: AcceptContext;
  private readonly addrs: ConnAddrs;
  private phase = Phase.Head;
  /** Client bytes not consumed yet (the start of the next request). */
  private inBuf: Buffer | undefined;
  private requests = 0;
  private clientEnded = false;
  private clientPaused = false;
  private done = false;
  private reqTimer: NodeJS.Timeout | undefined;
  private kaTimer: NodeJS.Timeout | undefined;
  private retryTimer: NodeJS.Timeout | undefined;
  private tarpitTimer: NodeJS.Timeout | undefined;
  /** What the rules engine sees of this connection and its current request (one per session). */
  private readonly rc: RuleContext;
  private connectTimer: NodeJS.Timeout | undefined;
  /** Waiting for the first byte of a request on a kept-alive connection. */
  private idleWait = false;
  /** parseHead() is on the stack (it loops over locally answered requests). */
  private inParse = false;

  // The exchange in progress.
  private stream: StreamInfo | undefined;
  private req: RequestHead | undefined;
  private be: Backend | undefined;
  private srv: Server | undefined;
  private conn: ServerConn | undefined;
  /** Last shared server connection this session used (http-reuse: preferred for its next request). */
  private ownConn: ServerConn | undefined;
  /** This session's idle private server connections (http-reuse never, send-proxy). */
  private privConns: SessionConns | undefined;
  private headOut: Buffer | undefined;
  private reqBodyLeft = 0;
  private reqDone = false;
  private reqChunks: ChunkedParser | undefined;
  private respBuf: Buffer | undefined;
  private resp: ResponseHead | undefined;
  private respBodyLeft = 0;
  private respDone = false;
  private respChunks: ChunkedParser | undefined;
  private clientKeepAlive = true;
  private serverKeepAlive = true;
  private retriesLeft = 0;
  /** Failed connection attempts of the current exchange. */
  private failures = 0;
  /** Request facts for the load-balancing algorithm (one per session). */
  private readonly lbFacts: LbFacts;
  /** Waiting for a server slot (server or backend queue), with its `timeout queue`. */
  private pending: Pending<QueueWaiter> | undefined;
  private queueTimer: NodeJS.Timeout | undefined;
  /** Request body bytes received before a server was assigned (queued, or check_post). */
  private heldBody: Buffer[] | undefined;
  /** The array heldBody usually is (reused: no allocation per request). */
  private readonly heldArr: Buffer[] = [];
  private heldBytes = 0;
  /** Waiting for the body before choosing a server (url_param check_post). */
  private awaitBody = 0;
  /** Request body sent so far, kept for a layer-7 retry (undefined: too big or not needed). */
  private l7Kept: Buffer[] | undefined;
  private l7Bytes = 0;
  private sentBody = false;
  /** An admin POST to the stats page waiting for its body. */
  private statsPost: { svc: StatsService; need: number; chunks: Buffer[]; got: number } | undefined;
  /** Start of the current stream: the accept, then the end of the previous exchange (HAProxy's accept_date). */
  private acceptAt = Date.now();
  /** When the first byte of the current request head arrived (-1: none yet). */
  private headAt = -1;
  /** Backend and server of the current stream, kept for its log line after the slot is released. */
  private logBe: Backend | undefined;
  private logSrv: Server | undefined;

  /**
   * `client`: the client connection, or one HTTP/2 stream (src/runtime/h2-front.ts) presenting its
   * request as HTTP/1.1; `priorRequests`: requests the connection already carried (http-reuse safe).
   */
  constructor(
    client: StreamSocket,
    fe: Frontend,
    listener: Pick<Listener, 'bind' | 'release' | 'counters'>,
    ctx: AcceptContext,
    addrs: ConnAddrs,
    initial: Buffer | undefined,
    priorRequests = 0,
    /** The context tcp-request connection rules ran on (tracked counters carry over). */
    prior?: RuleContext,
  ) {
    this.client = client;
    this.requests = priorRequests;
    this.fe = fe;
    this.listener = listener;
    this.ctx = ctx;
    this.addrs = addrs;
    this.lbFacts = new LbFacts(addrs);
    this.lbFacts.keyFn = () => this.be?.hashKey(this.rc);
    this.rc = connRuleContext(fe, listener, addrs, prior);
    ctx.sessions.add(this);
    fe.total++;
    client.setNoDelay(true);
    const cp = readPort(client);
    cp.sink = this.onClientData;
    this.clientPort = cp;
    client.on('end', this.onClientEnd);
    client.on('close', this.onClientClose);
    client.on('error', noop);
    client.on('timeout', this.onClientTimeout);
    client.on('drain', this.onClientDrain);
    if (fe.timeoutClient > 0) client.setTimeout(fe.timeoutClient);
    this.armRequestTimer();
    if (initial && initial.length > 0) {
      this.inBuf = initial;
      this.headAt = this.acceptAt;
      this.parseHead();
    }
    if (!this.done) client.resume();
  }

  // ---- timers -------------------------------------------------------------------------------

  private armRequestTimer(): void {
    const ms = this.fe.timeoutHttpRequest;
    if (ms <= 0) return;
    if (this.reqTimer) this.reqTimer.refresh();
    else this.reqTimer = setTimeout(this.onRequestTimeout, ms);
  }

  private armKeepAliveTimer(): void {
    const ms = this.fe.timeoutHttpKeepAlive;
    if (ms <= 0) return;
    if (this.kaTimer) this.kaTimer.refresh();
    else this.kaTimer = setTimeout(this.onKeepAliveTimeout, ms);
  }

  private readonly onRequestTimeout = (): void => {
    if (this.phase !== Phase.Head || this.done || this.idleWait) return;
    // A request head that did not complete in time: 408 and close (cR).
    const st = this.newStream();
    st.setTerm('c', 'R');
    this.replyAndClose(st, 408);
  };

  private readonly onKeepAliveTimeout = (): void => {
    if (this.phase !== Phase.Head || this.done || !this.idleWait) return;
    // Nothing arrived on a kept-alive connection: close silently.
    this.closeClient();
  };

  // ---- client side --------------------------------------------------------------------------

  private readonly onClientData = (chunk: Buffer): void => {
    this.clientBytes(chunk);
    if (this.keepsClientBytes()) this.clientPort.keep();
  };

  /** After a client read: does anything still refer to the bytes of that read? */
  private keepsClientBytes(): boolean {
    if (this.inBuf !== undefined) return true;
    const held = this.heldBody;
    if (held !== undefined && held.length > 0) return true;
    const kept = this.l7Kept;
    if (kept !== undefined && kept.length > 0) return true;
    const c = this.conn;
    return c !== undefined && (c.socket.writableLength ?? 1) > 0;
  }

  private clientBytes(chunk: Buffer): void {
    switch (this.phase) {
      case Phase.Head:
        if (this.headAt < 0) this.headAt = Date.now();
        if (this.idleWait) {
          this.idleWait = false;
          this.armRequestTimer();
        }
        this.inBuf = this.inBuf ? Buffer.concat([this.inBuf, chunk]) : chunk;
        this.parseHead();
        return;
      case Phase.Exchange:
        if (this.gather) this.gatherChunk(chunk);
        else if (this.statsPost) {
          this.statsPost.chunks.push(chunk);
          this.statsPost.got += chunk.length;
          this.statsPostCheck();
        } else if (this.heldBody) this.holdBody(chunk);
        else if (!this.reqDone) this.forwardRequestBody(chunk, 0);
        else this.bufferPipelined(chunk);
        return;
      case Phase.Tunnel:
        if (this.stream) this.stream.bytesIn += chunk.length;
        if (this.conn && !this.conn.socket.write(chunk)) this.pauseClient();
        return;
      case Phase.Closing:
        return;
    }
  }

  private bufferPipelined(chunk: Buffer): void {
    this.inBuf = this.inBuf ? Buffer.concat([this.inBuf, chunk]) : chunk;
    if (this.inBuf.length > MAX_BUFFERED) this.pauseClient();
  }

  private pauseClient(): void {
    if (!this.clientPaused) {
      this.clientPaused = true;
      this.client.pause();
    }
  }

  private resumeClient(): void {
    if (this.clientPaused) {
      this.clientPaused = false;
      this.client.resume();
    }
  }

  private readonly onClientDrain = (): void => {
    const c = this.conn;
    if (c && (this.phase === Phase.Exchange || this.phase === Phase.Tunnel)) c.socket.resume();
  };

  private readonly onClientEnd = (): void => {
    this.clientEnded = true;
    if (this.gather) this.gatherCheck(true);
    if (this.phase === Phase.Tunnel) {
      if (this.fe.timeoutClientFin > 0) this.client.setTimeout(this.fe.timeoutClientFin);
      this.conn?.socket.end();
      return;
    }
    if (this.phase === Phase.Head) {
      const partial = this.inBuf !== undefined && this.inBuf.length > 0;
      if (partial) {
        // The client gave up in the middle of a request head (CR, counted as HAProxy's 400).
        const st = this.newStream();
        st.setTerm('C', 'R');
        st.status = 400;
        this.endStream(st);
      } else this.emptyConnection();
      this.closeClient();
      return;
    }
    if (this.phase === Phase.Exchange && !this.reqDone) {
      if (this.reqBodyLeft === BODY_CLOSE) {
        this.reqDone = true;
        this.conn?.socket.end();
        return;
      }
      // Aborted while sending its request body.
      this.stream?.setTerm('C', 'D');
      this.abortExchange();
      return;
    }
    if (this.pending && this.be?.abortOnClose) {
      // option abortonclose: a client that gave up while its request waits in a queue is not served.
      this.stream?.setTerm('C', 'Q');
      this.abortExchange();
      return;
    }
    // Request complete: finish the response, then close (HAProxy keeps serving a half-closed client).
    this.clientKeepAlive = false;
  };

  private readonly onClientClose = (): void => {
    this.clientPort.close();
    if (this.done) return;
    if (this.phase === Phase.Exchange || this.phase === Phase.Tunnel) {
      const st = this.stream;
      if (st && !this.respDone) st.setTerm('C', this.resp ? 'D' : this.conn?.connected ? 'H' : 'C');
      this.abortExchange();
      return;
    }
    if (this.phase === Phase.Head) this.emptyConnection();
    this.finish();
  };

  /**
   * A connection closed before sending a single byte: HAProxy 2.6 counts it as a bad request
   * (400, CR--: ereq, req_tot, hrsp_4xx) unless `option http-ignore-probes`.
   */
  private emptyConnection(): void {
    if (this.requests > 0 || this.stream !== undefined || this.headAt >= 0 || this.fe.ignoreProbes) return;
    // Counted only: HAProxy also logs it (unless dontlognull); that is the log module's call.
    const st = this.newStream();
    st.setTerm('C', 'R');
    st.status = 400;
    const now = Date.now();
    st.tClose = now - st.acceptTime;
    accountStream(st, true, now);
  }

  private readonly onClientTimeout = (): void => {
    if (this.done) return;
    if (this.phase === Phase.Closing) {
      this.client.destroy();
      return;
    }
    if (this.phase === Phase.Tunnel) {
      this.stream?.setTerm('c', 'D');
      this.abortExchange();
      return;
    }
    if (this.phase !== Phase.Exchange) return; // head phase: http-request / keep-alive timers decide
    // Waiting for the server is not the client's fault; a stalled body upload or download is.
    if (this.reqDone && !this.resp) return;
    this.stream?.setTerm('c', 'D');
    this.abortExchange();
  };

  // ---- request ------------------------------------------------------------------------------

  private parseHead(): void {
    // Loop only for requests answered locally without a server (e.g. 503); others continue from callbacks.
    this.inParse = true;
    while (this.phase === Phase.Head && !this.done) {
      const buf = this.inBuf;
      if (!buf || buf.length === 0) break;
      const r = parseRequestHead(buf);
      if (r.kind === 'incomplete') break;
      if (r.kind === 'error') {
        const st = this.newStream();
        st.setTerm('P', 'R');
        this.replyAndClose(st, r.error.status);
        break;
      }
      this.startExchange(r.head, buf);
    }
    this.inParse = false;
  }

  private newStream(): StreamInfo {
    const at = this.acceptAt;
    const st = new StreamInfo(this.fe.name, this.addrs.srcAddr, this.addrs.srcPort, at);
    st.mode = 'http';
    st.dstAddr = this.addrs.dstAddr;
    st.dstPort = this.addrs.dstPort;
    st.reqIndex = this.requests;
    st.tIdle = (this.headAt >= 0 ? this.headAt : Date.now()) - at;
    st.rules = this.rc;
    const fe = this.fe;
    if (fe.reqCaptures !== undefined) st.reqCaptures = new Array<string | undefined>(fe.reqCaptures.length).fill(undefined);
    if (fe.resCaptures !== undefined) st.resCaptures = new Array<string | undefined>(fe.resCaptures.length).fill(undefined);
    this.logBe = undefined;
    this.logSrv = undefined;
    st.feC = this.fe.counters;
    st.liC = this.listener.counters;
    countRequest(st);
    this.stream = st;
    return st;
  }

  private startExchange(head: RequestHead, buf: Buffer): void {
    this.requests++;
    const st = this.newStream();
    st.tRequest = Date.now() - st.acceptTime;
    if (this.ctx.streamEnd) {
      st.requestLine = `${head.method} ${head.rawTarget ?? head.target} HTTP/1.${head.version === 11 ? 1 : 0}`;
      const caps = this.fe.reqCaptures;
      if (caps !== undefined) st.reqCaptures = captureHeaders(head.headers, caps);
    }
    this.req = head;
    this.phase = Phase.Exchange;
    this.resp = undefined;
    this.respBuf = undefined;
    this.respDone = false;
    this.reqDone = false;
    this.sentBody = false;
    const framing = head.framing;
    this.reqBodyLeft = bodyLeft(framing);
    if (this.reqBodyLeft === BODY_CHUNKED) this.reqChunks = new ChunkedParser(15360, 400);
    const rest = head.headLength < buf.length ? buf.subarray(head.headLength) : undefined;
    this.inBuf = undefined;
    st.statsInAdj = htxRequestHeadSize(head);

    const rc = this.rc;
    rc.beginRequest(head);
    this.fe.world.stick?.onRequest?.(rc);
    const mon = this.fe.monitor?.answer(head.target, rc);
    if (mon) {
      // monitor-uri: answered here (200, or 503 when a `monitor fail` condition holds).
      st.setTerm('L', 'R');
      this.fe.counters.intercepted++;
      st.dontLog = true;
      this.localReply(st, mon, rest);
      return;
    }
    const bw = this.fe.rules?.bodyWait;
    if (bw !== undefined && this.reqBodyLeft !== 0) {
      this.startGather(head, st, rest, bw.timeMs, bw.atLeast);
      return;
    }
    this.routeExchange(head, st, rest);
  }

  /** Request rules, the backend, then a server (the request head is in, and the body rules wait for). */
  private routeExchange(head: RequestHead, st: StreamInfo, rest: Buffer | undefined): void {
    const rc = this.rc;
    const framing = head.framing;
    const fr = this.fe.rules;
    if (fr !== undefined && this.requestRules(fr, st, rest)) return;
    if (this.fe.stats !== undefined && this.statsRequest(this.fe.stats, st, head, rest)) return;
    const be = this.fe.route(rc);
    if (!be) {
      st.setTerm('P', 'R');
      this.localReply(st, 503, rest);
      return;
    }
    rc.beName = be.name;
    rc.backend = this.fe.world.proxy(be.name);
    const br = be.rules;
    if (br !== undefined && br !== fr && this.requestRules(br, st, rest)) return;
    if (be.stats !== undefined && be.stats !== this.fe.stats && this.statsRequest(be.stats, st, head, rest)) return;
    this.be = be;
    this.logBe = be;
    st.backend = be.name;
    st.beC = be.counters;
    be.enter();
    const mode = combineConnModes(this.fe.connMode, be.connMode);
    this.clientKeepAlive = head.keepAlive && mode !== 'close' && !this.ctx.stopping && !this.clientEnded;
    // As HAProxy, the server side keeps its own mode whatever the client asked.
    this.serverKeepAlive = mode === 'keep-alive';
    this.retriesLeft = be.retries;
    this.failures = 0;
    this.l7Kept = be.retryOn.l7 ? [] : undefined;
    this.l7Bytes = 0;
    const ff = be.forwardFor ?? this.fe.forwardFor;
    this.headOut = requestOut(head, !this.serverKeepAlive, ff, this.addrs.srcAddr);
    this.lbFacts.request(head);
    // Until a server is assigned, body bytes are held here.
    const held = this.heldArr;
    held.length = 0;
    if (rest) held.push(rest);
    this.heldBody = held;
    this.heldBytes = rest ? rest.length : 0;
    if (this.reqBodyLeft === 0) this.reqDone = true;
    if (be.lb.needsBody && head.method === 'POST' && framing.kind === 'length') {
      // url_param check_post: wait for the body (or the first 16 kB of it) before choosing.
      this.awaitBody = Math.min(framing.length, MAX_LB_BODY);
      if (this.heldBytes < this.awaitBody) return;
      this.awaitBody = 0;
    }
    this.assignServer(rest);
  }

  /** http-request wait-for-body: body bytes gathered before the rules run. */
  private gather:
    | { head: RequestHead; st: StreamInfo; bufs: Buffer[]; bytes: number; want: number; timer: NodeJS.Timeout | undefined }
    | undefined;

  private startGather(head: RequestHead, st: StreamInfo, rest: Buffer | undefined, timeMs: number, atLeast: number): void {
    // As HAProxy: the body is waited for as long as it fits the buffer, or up to at-least bytes.
    let want = MAX_RULES_BODY;
    if (head.framing.kind === 'length') want = Math.min(want, head.framing.length);
    if (atLeast > 0) want = Math.min(want, atLeast);
    // The gathered bytes (and rc.reqBody, a slice of them) outlive the read they came with.
    this.clientPort.keep();
    this.gather = { head, st, bufs: rest ? [rest] : [], bytes: rest?.length ?? 0, want, timer: undefined };
    if (this.gatherCheck(false)) return;
    this.gather.timer = setTimeout(this.onGatherTimeout, timeMs);
  }

  private gatherChunk(chunk: Buffer): void {
    const g = this.gather!;
    this.clientPort.keep();
    g.bufs.push(chunk);
    g.bytes += chunk.length;
    this.gatherCheck(false);
  }

  /** Enough body (or `final`): run the rules with it. True when the gathering is over. */
  private gatherCheck(final: boolean): boolean {
    const g = this.gather!;
    const all = g.bufs.length === 1 ? g.bufs[0]! : Buffer.concat(g.bufs);
    g.bufs = [all];
    const f = g.head.framing;
    const d = f.kind === 'length' ? { data: all.subarray(0, Math.min(f.length, all.length)), complete: false } : dechunk(all);
    if (!final && d.data.length < g.want && !d.complete) return false;
    if (g.timer) clearTimeout(g.timer);
    this.gather = undefined;
    this.rc.reqBody = d.data;
    this.routeExchange(g.head, g.st, all.length > 0 ? all : undefined);
    return true;
  }

  private readonly onGatherTimeout = (): void => {
    const g = this.gather;
    if (!g || this.done) return;
    g.timer = undefined;
    // As HAProxy: the body did not come in time, 408 and close.
    this.gather = undefined;
    g.st.setTerm('c', 'R');
    this.replyAndClose(g.st, 408);
  };

  /** Body bytes that arrive before a server is assigned. */
  private holdBody(chunk: Buffer): void {
    this.heldBody!.push(chunk);
    this.heldBytes += chunk.length;
    if (this.heldBytes > MAX_BUFFERED) this.pauseClient();
    if (this.awaitBody && this.heldBytes >= this.awaitBody) {
      this.awaitBody = 0;
      this.assignServer(undefined);
    }
  }

  /**
   * Choose a server (HAProxy's assign_server_and_queue()): use it now, wait in a queue until a slot
   * frees (onSlot) or `timeout queue` expires, or answer 503. `rest`: the bytes that came with the
   * head, for a local reply.
   */
  private assignServer(rest: Buffer | undefined, avoid?: Server): void {
    const be = this.be!;
    const st = this.stream!;
    const facts = this.lbFacts;
    facts.setBody(be.lb.needsBody ? this.heldBody : undefined);
    const direct = avoid === undefined ? be.directServer(this.rc) : undefined;
    const result = direct !== undefined ? be.assignDirect(direct, this) : be.assign(facts, this, avoid);
    const chosen = be.assigned;
    if (avoid) be.countRetry(avoid, chosen);
    switch (result) {
      case USE_SERVER:
        this.serverReady(chosen!);
        return;
      case SERVER_QUEUE:
      case BACKEND_QUEUE:
        this.pending = be.pending;
        if (result === SERVER_QUEUE) st.srvQueuePos = chosen ? chosen.queue.length : 0;
        else st.beQueuePos = be.queue.length;
        if (be.timeoutQueue > 0) {
          if (this.queueTimer) this.queueTimer.refresh();
          else this.queueTimer = setTimeout(this.onQueueTimeout, be.timeoutQueue);
        }
        return;
      default: {
        // No usable server (SC), or the chosen server's queue is full (sQ).
        if (result === QUEUE_FULL) st.setTerm('s', 'Q');
        else st.setTerm('S', 'C');
        this.heldBody = undefined;
        if (avoid) {
          this.failExchange(503);
          return;
        }
        be.cur--;
        this.localReply(st, 503, rest);
      }
    }
  }

  /** A queued stream got a slot on `srv` (called by the backend; srv.cur already counts it). */
  onSlot(srv: Server): void {
    this.pending = undefined;
    if (this.queueTimer) clearTimeout(this.queueTimer);
    this.queueTimer = undefined;
    if (this.done || this.phase !== Phase.Exchange) {
      this.be?.release(srv);
      return;
    }
    this.serverReady(srv);
  }

  requeue(): void {
    this.pending = undefined;
    if (this.queueTimer) clearTimeout(this.queueTimer);
    this.queueTimer = undefined;
    if (this.done || this.phase !== Phase.Exchange) return;
    this.assignServer(undefined);
  }

  shutdownOn(srv: Server, cause: 'D' | 'U'): void {
    if (this.done || this.srv !== srv || this.pending) return;
    const st = this.stream;
    if (st && st.tClose < 0) st.setTerm(cause, this.resp ? 'D' : 'H');
    this.abortExchange();
  }

  private readonly onQueueTimeout = (): void => {
    this.queueTimer = undefined;
    const p = this.pending;
    if (!p || this.done) return;
    this.pending = undefined;
    this.be?.leaveQueue(p);
    // Expired in the queue: 503 (sQ).
    this.stream?.setTerm('s', 'Q');
    this.heldBody = undefined;
    this.failExchange(503);
  };

  /** The server is assigned: connect (or reuse) and send the request with the held body. */
  private serverReady(srv: Server): void {
    this.useServer(srv);
    this.sendRequest();
    const held = this.heldBody;
    this.heldBody = undefined;
    this.heldBytes = 0;
    if (held && held.length) {
      for (const b of held) {
        if (this.done || this.phase !== Phase.Exchange || this.reqDone) {
          if (!this.done && this.phase === Phase.Exchange) this.bufferPipelined(b);
          continue;
        }
        this.forwardRequestBody(b, 0);
      }
      if (held === this.heldArr) held.length = 0;
    } else if (this.reqBodyLeft === 0) this.reqDone = true;
    if (this.reqBodyLeft === 0) this.reqDone = true;
    this.resumeClient();
  }

  /**
   * tcp-request content then http-request rules of one proxy; true when they answered (deny,
   * redirect, return, auth, tarpit, reject) and the exchange is over.
   */
  private requestRules(pr: ProxyRules, st: StreamInfo, rest: Buffer | undefined): boolean {
    const rc = this.rc;
    let v = pr.tcpContent.length > 0 ? pr.runTcpContent(rc, true) : Verdict.Continue;
    if (v !== Verdict.Done && pr.hasHttpRequestRules) v = pr.runHttpRequest(rc);
    if (v === Verdict.Done && rc.reply === undefined && rc.service === 'prometheus-exporter' && this.fe.graph) {
      st.setTerm('L', 'R');
      this.fe.counters.intercepted++;
      this.sendStats(st, prometheusReply(this.fe.graph, this.req!.target), rest, false);
      return true;
    }
    if (v !== Verdict.Done || rc.reply === undefined) return false;
    const r = rc.reply;
    if (r.kind === 'reject') {
      st.setTerm('P', 'R');
      st.denied = true;
      this.abortExchange();
      return true;
    }
    if (r.kind === 'tarpit') {
      st.setTerm('P', 'T');
      st.denied = true;
      this.tarpitTimer = setTimeout(this.onTarpitEnd, r.delayMs ?? 0);
      return true;
    }
    st.setTerm(r.kind === 'deny' || r.kind === 'auth' ? 'P' : 'L', 'R');
    if (r.kind === 'deny') st.denied = true;
    else this.fe.counters.intercepted++;
    const keep = this.req!.keepAlive && this.reqBodyLeft === 0 && this.fe.connMode !== 'close';
    this.replyAndContinue(st, r.status, keep, rest, r);
    return true;
  }

  /**
   * The statistics page of `svc` (the frontend's, or the backend's after switching), as HAProxy's
   * http_stats_check_uri() after the proxy's http-request rules: Basic auth, then the page, or the
   * admin POST (its body is read first). True when the request was answered.
   */
  private statsRequest(svc: StatsService, st: StreamInfo, head: RequestHead, rest: Buffer | undefined): boolean {
    if (!svc.matches(head.target)) return false;
    this.fe.counters.intercepted++;
    if (!svc.authorized(head)) {
      st.setTerm('P', 'R');
      this.sendStats(st, svc.unauthorized(), rest, false);
      return true;
    }
    st.setTerm('L', 'R');
    if (head.method === 'POST') {
      const f = head.framing;
      const need = f.kind === 'length' ? Math.min(f.length, MAX_STATS_POST) : 0;
      this.statsPost = { svc, need, chunks: rest ? [rest] : [], got: rest ? rest.length : 0 };
      this.statsPostCheck();
      return true;
    }
    this.sendStats(st, svc.answer(head, this.rc), rest, false);
    return true;
  }

  /** An admin POST whose body is complete: apply it and answer (the connection closes). */
  private statsPostCheck(): void {
    const p = this.statsPost;
    const st = this.stream;
    if (!p || !st || p.got < p.need) return;
    this.statsPost = undefined;
    const body = Buffer.concat(p.chunks).subarray(0, p.need).toString('latin1');
    this.reqBodyLeft = 0;
    this.sendStats(st, p.svc.post(this.req!, this.rc, body), undefined, true);
  }

  private sendStats(st: StreamInfo, r: StatsReply, rest: Buffer | undefined, close: boolean): void {
    const reply: HttpReply = { kind: 'return', status: r.status, head: statsHead(r), body: this.req?.method === 'HEAD' ? Buffer.alloc(0) : r.body };
    const keep = !close && this.req!.keepAlive && this.reqBodyLeft === 0 && this.fe.connMode !== 'close';
    this.replyAndContinue(st, r.status, keep, rest, reply);
  }

  private readonly onTarpitEnd = (): void => {
    this.tarpitTimer = undefined;
    const st = this.stream;
    const r = this.rc.reply;
    if (this.done || !st || !r) return;
    this.replyAndContinue(st, r.status, false, undefined, r);
  };

  /** An http-response rule answered instead of the server: send it and close. */
  private responseReply(r: HttpReply): void {
    const st = this.stream!;
    this.releaseServer(false);
    if (r.kind === 'reject') {
      this.abortExchange();
      return;
    }
    const after = this.hasAfterRules() ? this.afterReply(r) : r;
    st.status = after.status;
    const out = replyBytes(after, true);
    st.bytesOut += out.length;
    st.statsOutAdj += htxSizeOfRaw(out) - out.length;
    this.client.write(out);
    this.endStream(st);
    this.req = undefined;
    this.closeClient();
  }

  private hasAfterRules(): boolean {
    const br = this.be?.rules;
    const fr = this.fe.rules;
    return (br !== undefined && br.hasAfterResponseRules) || (fr !== undefined && fr.hasAfterResponseRules);
  }

  /** http-after-response rules on a response head: the backend's, then the frontend's. */
  private afterResponse(head: ResponseHead): void {
    const br = this.be?.rules;
    const fr = this.fe.rules;
    const rc = this.rc;
    rc.res = head;
    if (br !== undefined && br.hasAfterResponseRules) br.runHttpAfterResponse(rc);
    if (fr !== undefined && fr !== br && fr.hasAfterResponseRules) fr.runHttpAfterResponse(rc);
  }

  /** http-after-response rules on a reply the proxy makes itself. */
  private afterReply(r: HttpReply): HttpReply {
    if (r.kind === 'reject') return r;
    const h = replyHead(r);
    this.afterResponse(h);
    return replyFromHead(r, h);
  }

  /** Record the server of this exchange (its slot was taken by the backend). */
  private useServer(srv: Server): void {
    this.srv = srv;
    this.logSrv = srv;
    const st = this.stream!;
    st.server = srv.name;
    st.srvAddr = srv.unixPath ?? srv.host;
    st.srvPort = srv.port;
    st.srvC = srv.counters;
    st.tQueue = Date.now() - st.acceptTime;
    this.rc.srvName = srv.name;
  }

  /** Send the request head on a reused idle connection, or a new one. */
  private sendRequest(): void {
    const srv = this.srv!;
    const be = this.be!;
    let c: ServerConn | undefined = this.privConns?.take(srv);
    const own = this.ownConn;
    if (c) {
      // one of this session's private connections
    } else if (own && own.srv === srv && !own.closed && own.owner === undefined) {
      srv.removeIdle(own);
      c = own;
    } else if (this.requests > 1 || be.httpReuse === 'always' || be.httpReuse === 'aggressive') {
      if (be.httpReuse !== 'never') {
        while ((c = srv.takeIdle()) !== undefined && (c.closed || c.socket.destroyed)) c.destroy();
      }
    }
    srv.counters.session(Date.now(), srv.cur);
    if (c) {
      srv.counters.reuses++;
      be.counters.reuses++;
      c.owner = this;
      c.uses++;
      this.conn = c;
      this.stream!.tConnect = Date.now() - this.stream!.acceptTime;
      writeOwned(c.socket, this.headOut!);
      return;
    }
    c = new ServerConn(srv, this.client.localPort ?? 0, this.addrs, this, be.timeoutServer, be.httpReuse === 'never', srv.tls ? srv.sniFor(this.rc) : undefined);
    srv.counters.connects++;
    be.counters.connects++;
    c.uses = 1;
    this.conn = c;
    if (be.timeoutConnect > 0) {
      if (this.connectTimer) this.connectTimer.refresh();
      else this.connectTimer = setTimeout(this.onConnectTimeout, be.timeoutConnect);
    }
    c.socket.write(this.headOut!);
  }

  private readonly onConnectTimeout = (): void => {
    const c = this.conn;
    if (!c || c.connected || this.done) return;
    this.connectFailed(c, true);
  };

  onServerConnect(c: ServerConn): void {
    if (c !== this.conn) return;
    c.srv.observe?.('l4-ok');
    if (this.connectTimer) clearTimeout(this.connectTimer);
    this.connectTimer = undefined;
    this.stream!.tConnect = Date.now() - this.stream!.acceptTime;
  }

  /** A new connection failed before being established: retry it or answer 503. */
  private connectFailed(c: ServerConn, timedOut: boolean): void {
    c.srv.observe?.('l4-err');
    c.destroy();
    this.conn = undefined;
    if (this.connectTimer) clearTimeout(this.connectTimer);
    this.connectTimer = undefined;
    const st = this.stream!;
    const be = this.be!;
    const prev = this.srv!;
    if (this.retriesLeft > 0 && !this.sentBody && be.retryOn.connFailure) {
      this.retriesLeft--;
      this.failures++;
      st.retries++;
      if (be.retryElsewhere(prev, this.failures)) {
        // option redispatch: free the slot and choose again, avoiding this server.
        this.srv = undefined;
        be.release(prev);
        this.heldArr.length = 0;
        this.heldBody = this.heldArr;
        this.heldBytes = 0;
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
    st.setTerm(timedOut ? 's' : 'S', 'C');
    this.failExchange(503);
  }

  /**
   * retry-on at layer 7 (a status, an empty or junk response, a response timeout): drop this
   * server's answer and send the kept request again, to the same server or, when redispatch
   * applies, another one. False when the condition is not retried or the request was not kept.
   */
  private l7Retry(cond: number): boolean {
    const be = this.be;
    const prev = this.srv;
    const kept = this.l7Kept;
    if (!be || !prev || !kept || this.resp || !this.reqDone || this.retriesLeft <= 0 || !be.retryOn.has(cond)) return false;
    if (this.done || this.phase !== Phase.Exchange) return false;
    this.retriesLeft--;
    this.failures++;
    this.stream!.retries++;
    const c = this.conn;
    this.conn = undefined;
    if (c) c.destroy();
    if (this.ownConn === c) this.ownConn = undefined;
    if (this.connectTimer) clearTimeout(this.connectTimer);
    this.connectTimer = undefined;
    this.respBuf = undefined;
    this.respDone = false;
    // Replay the request from its first body byte.
    const framing = this.req!.framing;
    this.reqBodyLeft = bodyLeft(framing);
    if (this.reqBodyLeft === BODY_CHUNKED) this.reqChunks = new ChunkedParser(15360, 400);
    this.reqDone = this.reqBodyLeft === 0;
    this.sentBody = false;
    this.heldBody = kept;
    this.heldBytes = this.l7Bytes;
    this.l7Kept = [];
    this.l7Bytes = 0;
    if (be.retryElsewhere(prev, this.failures)) {
      this.srv = undefined;
      be.release(prev);
      this.stream!.redispatched = true;
      this.assignServer(undefined, prev);
    } else {
      be.countRetry(prev, prev);
      this.serverReady(prev);
    }
    return true;
  }

  /** The server a redispatch leaves (avoided by the next choice, counted as retry or redispatch). */
  private redispatchFrom: Server | undefined;

  private readonly onRedispatch = (): void => {
    this.retryTimer = undefined;
    const prev = this.redispatchFrom;
    this.redispatchFrom = undefined;
    if (this.done || this.phase !== Phase.Exchange || !this.be) return;
    if (this.stream) this.stream.redispatched = true;
    this.assignServer(undefined, prev);
  };

  private readonly onRetry = (): void => {
    this.retryTimer = undefined;
    if (this.done || this.phase !== Phase.Exchange) return;
    this.sendRequest();
  };

  private forwardRequestBody(chunk: Buffer, from: number): void {
    const st = this.stream!;
    let end: number;
    if (this.reqBodyLeft >= 0) {
      const take = Math.min(this.reqBodyLeft, chunk.length - from);
      end = from + take;
      this.reqBodyLeft -= take;
      if (this.reqBodyLeft === 0) this.reqDone = true;
    } else if (this.reqBodyLeft === BODY_CHUNKED) {
      const p = this.reqChunks!;
      const n = p.push(chunk, from);
      if (n < 0) {
        st.setTerm('P', 'D');
        this.failExchange(400);
        return;
      }
      end = from + n;
      if (p.done) this.reqDone = true;
    } else {
      end = chunk.length;
    }
    if (end > from) {
      st.bytesIn += end - from;
      this.sentBody = true;
      const c = this.conn;
      const part = from === 0 && end === chunk.length ? chunk : chunk.subarray(from, end);
      const kept = this.l7Kept;
      if (kept) {
        this.l7Bytes += part.length;
        if (this.l7Bytes > L7_RETRY_MAX) this.l7Kept = undefined;
        else kept.push(part);
      }
      if (c && !c.closed) {
        if (!c.socket.write(part)) this.pauseClient();
      }
    }
    if (end < chunk.length) this.bufferPipelined(chunk.subarray(end));
    if (this.reqDone && this.respDone) this.endExchange();
  }

  // ---- response -----------------------------------------------------------------------------

  onServerData(c: ServerConn, chunk: Buffer): void {
    if (c !== this.conn) return;
    this.serverBytes(c, chunk);
    // A partial head kept, or a slice left queued for the client: read the next bytes elsewhere.
    if (this.respBuf !== undefined || (this.client.writableLength ?? 1) > 0) c.port.keep();
  }

  private serverBytes(c: ServerConn, chunk: Buffer): void {
    if (this.phase === Phase.Tunnel) {
      this.stream!.bytesOut += chunk.length;
      if (!this.client.write(chunk)) c.socket.pause();
      return;
    }
    if (this.respDone) {
      // Bytes after a complete response: the connection cannot be reused.
      this.serverKeepAlive = false;
      return;
    }
    if (this.resp) {
      this.forwardResponseBody(chunk, 0);
      return;
    }
    let buf = this.respBuf ? Buffer.concat([this.respBuf, chunk]) : chunk;
    for (;;) {
      const r = parseResponseHead(buf, this.req!.method, DEFAULT_LIMITS, this.req!.upgrade !== undefined);
      if (r.kind === 'incomplete') {
        this.respBuf = buf;
        return;
      }
      this.respBuf = undefined;
      if (r.kind === 'error') {
        c.srv.observe?.('http-hdrrsp');
        if (this.l7Retry(RETRY_JUNK)) return;
        this.stream!.setTerm('P', 'H');
        this.failExchange(502);
        return;
      }
      const head = r.head;
      if (head.status >= 100 && head.status < 200 && head.status !== 101) {
        // Interim response (100 Continue...): forward it and wait for the final one.
        this.client.write(buf.subarray(0, head.headLength));
        if (head.headLength >= buf.length) return;
        buf = buf.subarray(head.headLength);
        continue;
      }
      this.startResponse(head, buf);
      return;
    }
  }

  private startResponse(head: ResponseHead, buf: Buffer): void {
    if (this.l7Kept && this.l7Retry(head.status)) return;
    const st = this.stream!;
    st.tResponse = Date.now() - st.acceptTime;
    st.status = head.status;
    this.resp = head;
    const rcaps = this.fe.resCaptures;
    if (rcaps !== undefined && this.ctx.streamEnd) st.resCaptures = captureHeaders(head.headers, rcaps);
    const obs = this.srv?.observe;
    // As HAProxy: 501 and 505 answer the client's request, they do not count against the server.
    if (obs) obs(head.status < 500 || head.status === 501 || head.status === 505 ? 'http-ok' : 'http-sts');
    const framing = head.framing;
    if (framing.kind === 'tunnel' || head.status === 101) {
      this.client.write(responseOut(head, false, this.req!.version));
      this.startTunnel(head.headLength < buf.length ? buf.subarray(head.headLength) : undefined);
      return;
    }
    const br = this.be?.rules;
    const fr = this.fe.rules;
    if ((br !== undefined && br.hasHttpResponseRules) || (fr !== undefined && fr !== br && fr.hasHttpResponseRules)) {
      const rc = this.rc;
      rc.res = head;
      let v = br !== undefined ? br.runHttpResponse(rc) : Verdict.Continue;
      if (v !== Verdict.Done && fr !== undefined && fr !== br) v = fr.runHttpResponse(rc);
      if (v === Verdict.Done && rc.reply !== undefined) {
        this.responseReply(rc.reply);
        return;
      }
    }
    if (this.hasAfterRules()) {
      this.afterResponse(head);
      st.status = head.status;
    }
    this.respBodyLeft = bodyLeft(framing);
    if (this.respBodyLeft === BODY_CHUNKED) this.respChunks = new ChunkedParser(15360, 502);
    if (this.respBodyLeft === BODY_CLOSE) {
      this.clientKeepAlive = false;
      this.serverKeepAlive = false;
    }
    if (!head.keepAlive) this.serverKeepAlive = false;
    if (this.ctx.stopping) this.clientKeepAlive = false;
    const out = responseOut(head, !this.clientKeepAlive, this.req!.version);
    st.bytesOut += out.length;
    st.statsOutAdj += htxResponseHeadSize(head) - out.length;
    const hl = head.headLength;
    const left = this.respBodyLeft;
    if (left === 0) {
      if (hl < buf.length) this.serverKeepAlive = false;
      writeOwned(this.client, out);
      this.respComplete();
      return;
    }
    if (left > 0 && left <= SMALL_BODY && hl + left <= buf.length) {
      // The whole (small) body came with the head: one buffer, one write, one syscall.
      const one = Buffer.allocUnsafe(out.length + left);
      out.copy(one, 0);
      buf.copy(one, out.length, hl, hl + left);
      st.bytesOut += left;
      this.respBodyLeft = 0;
      if (hl + left < buf.length) this.serverKeepAlive = false;
      writeOwned(this.client, one);
      this.respComplete();
      return;
    }
    if (hl >= buf.length) {
      this.client.write(out);
      return;
    }
    // Head and the first body bytes leave in one writev.
    this.client.cork();
    this.client.write(out);
    this.forwardResponseBody(buf, hl);
    this.client.uncork();
  }

  private forwardResponseBody(chunk: Buffer, from: number): void {
    let end: number;
    let complete = false;
    if (this.respBodyLeft >= 0) {
      const take = Math.min(this.respBodyLeft, chunk.length - from);
      end = from + take;
      this.respBodyLeft -= take;
      complete = this.respBodyLeft === 0;
    } else if (this.respBodyLeft === BODY_CHUNKED) {
      const p = this.respChunks!;
      const n = p.push(chunk, from);
      if (n < 0) {
        // Invalid chunking from the server after the head was sent: nothing to answer, cut.
        this.stream!.setTerm('S', 'D');
        this.abortExchange();
        return;
      }
      end = from + n;
      complete = p.done;
    } else {
      end = chunk.length;
    }
    if (end > from) {
      this.stream!.bytesOut += end - from;
      const part = from === 0 && end === chunk.length ? chunk : chunk.subarray(from, end);
      if (!this.client.write(part)) this.conn?.socket.pause();
    }
    if (complete) {
      if (end < chunk.length) this.serverKeepAlive = false;
      this.respComplete();
    }
  }

  private respComplete(): void {
    this.respDone = true;
    if (!this.reqDone) {
      // The server answered before the request body was complete: do not keep either side.
      this.clientKeepAlive = false;
      this.serverKeepAlive = false;
      this.reqDone = true;
    }
    this.endExchange();
  }

  onServerEnd(c: ServerConn): void {
    if (c !== this.conn) return;
    if (this.phase === Phase.Tunnel) {
      if (this.be && this.be.timeoutServerFin > 0) c.socket.setTimeout(this.be.timeoutServerFin);
      this.client.end();
      return;
    }
    this.serverKeepAlive = false;
    if (this.resp && this.respBodyLeft === BODY_CLOSE) {
      this.respComplete();
      return;
    }
    this.serverGone(c);
  }

  onServerClose(c: ServerConn): void {
    if (c !== this.conn) {
      if (c === this.ownConn) this.ownConn = undefined;
      if (c.private_) this.privConns?.forget(c);
      return;
    }
    if (this.phase === Phase.Tunnel) {
      this.conn = undefined;
      if (!this.clientEnded) this.client.end();
      this.finishTunnel();
      return;
    }
    if (!c.connected) {
      this.connectFailed(c, false);
      return;
    }
    this.serverKeepAlive = false;
    if (this.resp && this.respBodyLeft === BODY_CLOSE && !this.respDone) {
      this.respComplete();
      return;
    }
    if (!this.respDone) this.serverGone(c);
  }

  /** The server closed before the response was complete. */
  private serverGone(c: ServerConn): void {
    const st = this.stream!;
    if (!this.resp) {
      // A reused connection closed by the server just as we used it: replay on a new one.
      if (c.uses > 1 && !this.sentBody && this.respBuf === undefined) {
        c.destroy();
        this.conn = undefined;
        this.ownConn = undefined;
        this.requestsReplay();
        return;
      }
      c.srv.observe?.('http-broken-pipe');
      if (this.l7Retry(this.respBuf === undefined ? RETRY_EMPTY : RETRY_JUNK)) return;
      st.setTerm('S', 'H');
      this.failExchange(502);
      return;
    }
    st.setTerm('S', 'D');
    this.abortExchange();
  }

  private requestsReplay(): void {
    // Force a new connection: pretend this is the session's first request for the pool logic.
    const srv = this.srv!;
    const be = this.be!;
    const c = new ServerConn(srv, this.client.localPort ?? 0, this.addrs, this, be.timeoutServer, be.httpReuse === 'never', srv.tls ? srv.sniFor(this.rc) : undefined);
    c.uses = 1;
    this.conn = c;
    if (be.timeoutConnect > 0) {
      if (this.connectTimer) this.connectTimer.refresh();
      else this.connectTimer = setTimeout(this.onConnectTimeout, be.timeoutConnect);
    }
    c.socket.write(this.headOut!);
  }

  onServerTimeout(c: ServerConn): void {
    if (c !== this.conn) return;
    const st = this.stream!;
    if (this.phase === Phase.Tunnel) {
      st.setTerm('s', 'D');
      this.abortExchange();
      return;
    }
    if (!c.connected) return; // the connect timer decides
    if (!this.resp) {
      if (!this.reqDone) return; // still receiving the request body: client side decides
      c.srv.observe?.('http-read-timeout');
      if (this.l7Retry(RETRY_TIMEOUT)) return;
      st.setTerm('s', 'H');
      this.failExchange(504);
      return;
    }
    st.setTerm('s', 'D');
    this.abortExchange();
  }

  onServerDrain(c: ServerConn): void {
    if (c === this.conn && !this.clientEnded) this.resumeClient();
  }

  // ---- tunnel -------------------------------------------------------------------------------

  private startTunnel(rest: Buffer | undefined): void {
    this.phase = Phase.Tunnel;
    const be = this.be!;
    const c = this.conn!;
    if (this.reqTimer) clearTimeout(this.reqTimer);
    if (be.timeoutTunnel > 0) {
      this.client.setTimeout(be.timeoutTunnel);
      c.socket.setTimeout(be.timeoutTunnel);
    }
    if (rest) {
      this.stream!.bytesOut += rest.length;
      this.client.write(rest);
    }
    const pending = this.inBuf;
    this.inBuf = undefined;
    if (pending) {
      this.stream!.bytesIn += pending.length;
      c.socket.write(pending);
    }
    this.resumeClient();
    if (this.clientEnded) c.socket.end();
  }

  private finishTunnel(): void {
    if (this.stream) this.endStream(this.stream);
    this.releaseServer(false);
    this.phase = Phase.Closing;
    if (this.client.destroyed) this.finish();
  }

  // ---- ends of exchanges --------------------------------------------------------------------

  /** Both directions of the exchange are complete. */
  private endExchange(): void {
    const st = this.stream!;
    this.endStream(st);
    this.releaseServer(this.serverKeepAlive);
    this.req = undefined;
    this.resp = undefined;
    if (!this.clientKeepAlive || this.ctx.stopping) {
      this.closeClient();
      return;
    }
    this.phase = Phase.Head;
    this.idleWait = this.inBuf === undefined;
    if (this.idleWait) this.armKeepAliveTimer();
    else this.armRequestTimer();
    this.resumeClient();
    if (!this.idleWait && !this.inParse) this.parseHead();
  }

  /** Give the server connection back (to the idle pool) or close it. */
  private releaseServer(keep: boolean): void {
    if (this.connectTimer) clearTimeout(this.connectTimer);
    this.connectTimer = undefined;
    const c = this.conn;
    this.conn = undefined;
    const be = this.be;
    if (this.pending) {
      be?.leaveQueue(this.pending);
      this.pending = undefined;
    }
    if (this.queueTimer) clearTimeout(this.queueTimer);
    this.queueTimer = undefined;
    this.heldBody = undefined;
    this.awaitBody = 0;
    const srv = this.srv;
    this.srv = undefined;
    if (be) {
      be.cur--;
      this.be = undefined;
      if (srv) be.release(srv);
    }
    if (!c) return;
    c.socket.resume();
    if (!keep || this.ctx.stopping || c.closed) {
      c.destroy();
      if (this.ownConn === c) this.ownConn = undefined;
      return;
    }
    if (c.private_) {
      (this.privConns ??= new SessionConns(this.fe.maxSessionSrvConns)).keep(c);
      return;
    }
    // A keep-alive client keeps its server connection (HAProxy's session list); otherwise the
    // server pool keeps it only within its estimated need.
    this.ownConn = c.release(!this.clientKeepAlive) ? c : undefined;
  }

  /** The proxy answers by itself (no server involved) and keeps the connection when it can. */
  private localReply(st: StreamInfo, status: number, rest: Buffer | undefined): void {
    const keep = this.req!.keepAlive && this.reqBodyLeft === 0 && this.fe.connMode !== 'close';
    this.replyAndContinue(st, status, keep, rest);
  }

  /**
   * Answer with an error instead of the server's response (502, 503, 504). As HAProxy, the client
   * connection stays open when the request was complete and keep-alive applies.
   */
  private failExchange(status: number): void {
    const st = this.stream!;
    if (this.resp) {
      this.abortExchange();
      return;
    }
    this.releaseServer(false);
    const keep = this.reqDone && this.clientKeepAlive;
    const rest = this.inBuf;
    this.inBuf = undefined;
    this.replyAndContinue(st, status, keep, rest);
  }

  private replyAndContinue(st: StreamInfo, status: number, keepWanted: boolean, rest: Buffer | undefined, custom?: HttpReply): void {
    const keep = keepWanted && !this.ctx.stopping && !this.clientEnded;
    st.status = status;
    let r = custom;
    if (this.hasAfterRules()) {
      r = this.afterReply(r ?? errorReply('deny', status));
      st.status = r.status;
    }
    const reply = r ? replyBytes(r, !keep) : streamReply(status, !keep);
    st.bytesOut += reply.length;
    st.statsOutAdj += htxSizeOfRaw(reply) - reply.length;
    this.client.write(reply);
    this.endStream(st);
    this.be = undefined;
    this.req = undefined;
    if (!keep) {
      this.closeClient();
      return;
    }
    this.inBuf = rest;
    this.phase = Phase.Head;
    this.idleWait = rest === undefined;
    if (this.idleWait) this.armKeepAliveTimer();
    else this.armRequestTimer();
    this.resumeClient();
    // Called from parseHead's loop, it continues there; from a server callback, parse now.
    if (!this.idleWait && !this.inParse) this.parseHead();
  }

  /**
   * The connection-level answer to a request that never made a stream (400 bad request, 408):
   * HAProxy logs those without a stream, so without bytes or captures.
   */
  private replyAndClose(st: StreamInfo, status: number): void {
    st.status = status;
    const reply = muxReply(status);
    st.bytesOut += reply.length;
    // The mux answers these itself: HAProxy's stream counts no bytes out for them.
    st.statsOutAdj -= reply.length;
    st.reqCaptures = undefined;
    st.resCaptures = undefined;
    this.client.write(reply);
    this.endStream(st);
    this.closeClient();
  }

  /** Something broke mid-exchange: close both connections without a reply. */
  private abortExchange(): void {
    const st = this.stream;
    if (st) this.endStream(st);
    this.releaseServer(false);
    this.phase = Phase.Closing;
    this.client.destroy();
    this.finish();
  }

  /** The stream is over: its log line and counters go here (log/ and stats/ plug in later). */
  private endStream(st: StreamInfo): void {
    if (st.tClose >= 0) return;
    const now = Date.now();
    st.tClose = now - st.acceptTime;
    // The next request of this connection starts here (HAProxy resets accept_date per request).
    this.acceptAt = now;
    this.headAt = this.inBuf !== undefined && this.inBuf.length > 0 ? now : -1;
    accountStream(st, true, now);
    const stick = this.fe.world.stick;
    if (stick !== undefined) {
      const rc = this.rc;
      if (st.status > 0) stick.onStatus?.(rc, st.status);
      stick.onBytes?.(rc, st.bytesIn, st.bytesOut);
      stick.endStream?.(rc);
    }
    const sink = this.ctx.streamEnd;
    if (sink) {
      const fe = this.fe;
      st.actConn = fe.globalGate?.cur ?? fe.gate.cur;
      st.feConn = fe.gate.cur;
      // As HAProxy logs them: this stream's backend and server slots are already released.
      const be = this.logBe;
      const srv = this.logSrv;
      st.beConn = be ? be.cur - (this.be === be ? 1 : 0) : 0;
      st.srvConn = srv ? srv.cur - (this.srv === srv ? 1 : 0) : 0;
      sink(st);
    }
  }

  private closeClient(): void {
    this.phase = Phase.Closing;
    const c = this.client;
    if (c.destroyed) {
      this.finish();
      return;
    }
    c.end();
    // A client that never reads our last bytes must not hold the session forever.
    c.destroySoon();
  }

  // ---- session ------------------------------------------------------------------------------

  softStop(): void {
    if (this.phase === Phase.Head && this.idleWait) this.closeClient();
    else if (this.phase === Phase.Head && !this.inBuf) this.closeClient();
    // Otherwise the exchange in progress ends with `Connection: close`.
  }

  view(): SessionView {
    return sessionView(this.fe, this.be, this.srv, this.addrs);
  }

  kill(): void {
    const st = this.stream;
    if (st && st.tClose < 0) st.setTerm('K', this.resp ? 'D' : 'H');
    this.abortExchange();
  }

  private finish(): void {
    if (this.done) return;
    this.done = true;
    this.fe.world.stick?.endSession?.(this.rc);
    if (this.gather?.timer) clearTimeout(this.gather.timer);
    if (this.reqTimer) clearTimeout(this.reqTimer);
    if (this.kaTimer) clearTimeout(this.kaTimer);
    if (this.retryTimer) clearTimeout(this.retryTimer);
    if (this.tarpitTimer) clearTimeout(this.tarpitTimer);
    if (this.connectTimer) clearTimeout(this.connectTimer);
    if (this.conn) this.releaseServer(false);
    this.privConns?.closeAll();
    this.ownConn = undefined;
    if (!this.client.destroyed) this.client.destroy();
    this.listener.release();
    this.ctx.sessions.delete(this);
  }
}

function bodyLeft(f: BodyFraming): number {
  switch (f.kind) {
    case 'none':
      return 0;
    case 'length':
      return f.length;
    case 'chunked':
      return BODY_CHUNKED;
    case 'close':
    case 'tunnel':
      return BODY_CLOSE;
  }
}

/** `capture request|response header NAME len N`: the last occurrence of each header, cut to its length. */
function captureHeaders(headers: readonly HeaderField[], caps: readonly HeaderCapture[]): Array<string | undefined> {
  const out: Array<string | undefined> = new Array<string | undefined>(caps.length).fill(undefined);
  for (let i = 0; i < headers.length; i++) {
    const h = headers[i]!;
    for (let j = 0; j < caps.length; j++) {
      const c = caps[j]!;
      if (c.lname === h.lname) out[j] = h.value.length > c.len ? h.value.slice(0, c.len) : h.value;
    }
  }
  return out;
}

function noop(): void {}

/** The body bytes wait-for-body gathers at most (HAProxy: what fits the buffer). */
const MAX_RULES_BODY = 15360;

/** The data of a chunked body received so far (and whether its last chunk came). */
function dechunk(raw: Buffer): { data: Buffer; complete: boolean } {
  const parts: Buffer[] = [];
  let i = 0;
  let complete = false;
  for (let n = 0; n < 10_000; n++) {
    const eol = raw.indexOf('\r\n', i, 'latin1');
    if (eol < 0) break;
    const size = parseInt(raw.toString('latin1', i, eol).split(';')[0]!, 16);
    if (!Number.isFinite(size)) break;
    if (size === 0) {
      complete = true;
      break;
    }
    const start = eol + 2;
    const end = Math.min(start + size, raw.length);
    parts.push(raw.subarray(start, end));
    if (end < start + size) break;
    i = end + 2;
  }
  return { data: Buffer.concat(parts), complete };
}
