/**
 * The first steps of every accepted connection: read a PROXY header when the bind has
 * `accept-proxy` (a malformed one closes the connection), then hand over to the TCP or HTTP session.
 */
import type { Socket } from 'node:net';
import type { Listener } from '../net/listener.js';
import { parseProxyHeader, type ConnAddrs } from '../net/proxy-protocol.js';
import { readPort } from '../net/read-port.js';
import type { Frontend } from './frontend.js';
import { H2FrontSession } from './h2-front.js';
import { HttpSession } from './http-session.js';
import type { SessionSet } from './session.js';
import type { StreamSink } from './stream-sink.js';
import { TcpSession } from './tcp-session.js';
import type { RuleContext } from '../rules/context.js';
import { Verdict } from '../rules/proxy-rules.js';
import { countConnection } from '../stats/account.js';
import type { TlsConnFacts } from '../net/tls-facts.js';
import type { ConnErrorSink } from './stream-sink.js';
import type { Logging } from '../log/setup.js';
import { StreamInfo } from './stream.js';

export interface AcceptContext {
  readonly sessions: SessionSet;
  /** During a soft stop, new HTTP exchanges close after their response. */
  stopping: boolean;
  /** Receives every finished stream (log line, counters). */
  streamEnd: StreamSink | undefined;
  /** Connections that ended before a stream began (failed TLS handshakes): HAProxy's conn error logs. */
  connError?: ConnErrorSink | undefined;
  /** The frontends' loggers (accept lines, connection errors), when any frontend logs. */
  logging?: Logging | undefined;
}

export function acceptConnection(socket: Socket, listener: Listener, fe: Frontend, ctx: AcceptContext): void {
  const now = Date.now();
  countConnection(fe.counters, now);
  countConnection(listener.counters, now);
  const own: ConnAddrs = {
    srcAddr: socket.remoteAddress,
    srcPort: socket.remotePort,
    dstAddr: socket.localAddress,
    dstPort: socket.localPort,
  };
  const fr = fe.rules;
  let rc: RuleContext | undefined;
  if (fr !== undefined && (fr.tcpConnection.length > 0 || fr.tcpSession.length > 0)) {
    // tcp-request connection rules run before anything is read (and before a PROXY header).
    rc = fe.newRuleContext(own, listener.bind);
    if (fr.runTcpConnection(rc) === Verdict.Done) {
      fe.world.stick?.endSession?.(rc);
      fe.counters.deniedConn++;
      listener.counters.deniedConn++;
      socket.on('error', noop);
      socket.destroy();
      listener.release();
      return;
    }
  }
  fe.counters.session(now, fe.gate.cur);
  listener.counters.session(now, listener.gate.cur);
  if (listener.bind.acceptProxy) readProxyHeader(socket, listener, fe, ctx, own, rc);
  else startSession(socket, listener, fe, ctx, own, undefined, rc);
}

function startSession(
  socket: Socket,
  listener: Listener,
  fe: Frontend,
  ctx: AcceptContext,
  addrs: ConnAddrs,
  initial: Buffer | undefined,
  rc: RuleContext | undefined,
): void {
  const tls = listener.tls;
  if (tls === undefined) {
    openSession(socket, listener, fe, ctx, addrs, initial, rc, undefined);
    return;
  }
  // `bind ... ssl`: the handshake first; the session gets the TLS socket and its facts.
  tls.accept(
    socket,
    initial,
    (ts, facts) => {
      const r = rc ?? fe.newRuleContext(addrs, listener.bind);
      r.tls = facts;
      openSession(ts, listener, fe, ctx, addrs, undefined, r, facts);
    },
    (reason) => {
      socket.on('error', noop);
      socket.destroy();
      listener.release();
      ctx.connError?.(fe.name, listener, addrs, reason);
    },
  );
}

/**
 * The session of a connection ready for its protocol. `tls.alpn` is the negotiated ALPN protocol
 * (only one the bind offered): `h2` selects the HTTP/2 session.
 */
function openSession(
  socket: Socket,
  listener: Listener,
  fe: Frontend,
  ctx: AcceptContext,
  addrs: ConnAddrs,
  initial: Buffer | undefined,
  rc: RuleContext | undefined,
  tls: TlsConnFacts | undefined,
): void {
  if (ctx.logging !== undefined) ctx.logging.loggers.get(fe.name)?.accept(addrs.srcAddr, addrs.srcPort, addrs.dstAddr, addrs.dstPort);
  if (fe.mode === 'http' && (listener.bind.proto === 'h2' || tls?.alpn === 'h2')) new H2FrontSession(socket, fe, listener, ctx, addrs, initial, tls);
  else if (fe.mode === 'http') new HttpSession(socket, fe, listener, ctx, addrs, initial, 0, rc);
  else new TcpSession(socket, fe, listener, ctx.sessions, addrs, initial, ctx.streamEnd, rc);
}

function readProxyHeader(socket: Socket, listener: Listener, fe: Frontend, ctx: AcceptContext, own: ConnAddrs, rc: RuleContext | undefined): void {
  let buf: Buffer | undefined;
  let finished = false;
  const port = readPort(socket);
  const startedAt = Date.now();
  /** HAProxy's embryonic-session log line for a connection that never became a stream. */
  const logError = (message: string): void => {
    const lg = ctx.logging?.loggers.get(fe.name);
    if (lg === undefined) return;
    const st = new StreamInfo(fe.name, own.srcAddr, own.srcPort, startedAt);
    st.dstAddr = own.dstAddr;
    st.dstPort = own.dstPort;
    st.bytesIn = buf?.length ?? 0;
    st.tClose = Date.now() - startedAt;
    st.setTerm('P', 'R');
    lg.connError(st, listener.bind.name, message);
  };
  const done = (): void => {
    finished = true;
    port.sink = noop;
    socket.removeListener('end', onGone);
    socket.removeListener('close', onGone);
    socket.removeListener('error', onGone);
    socket.removeListener('timeout', onTimeout);
    socket.setTimeout(0);
  };
  const fail = (): void => {
    if (finished) return;
    done();
    socket.on('error', noop);
    socket.destroy();
    listener.release();
  };
  const onGone = (): void => {
    if (!finished) logError('Connection closed while waiting for PROXY protocol header.');
    fail();
  };
  const onTimeout = (): void => {
    if (!finished) logError('Timeout while waiting for PROXY protocol header.');
    fail();
  };
  const onData = (chunk: Buffer): void => {
    // The header (or what follows it, handed to the session) outlives this read.
    port.keep();
    buf = buf ? Buffer.concat([buf, chunk]) : chunk;
    const r = parseProxyHeader(buf);
    if (r.kind === 'incomplete') return;
    if (r.kind === 'error') {
      logError('Received something which does not look like a PROXY protocol header');
      fail();
      return;
    }
    done();
    socket.pause();
    const i = r.info;
    const addrs: ConnAddrs = i.local
      ? own
      : { srcAddr: i.srcAddr, srcPort: i.srcPort, dstAddr: i.dstAddr, dstPort: i.dstPort };
    const rest = r.length < buf.length ? buf.subarray(r.length) : undefined;
    startSession(socket, listener, fe, ctx, addrs, rest, rc);
  };
  port.sink = onData;
  socket.on('end', onGone);
  socket.on('close', onGone);
  socket.on('error', onGone);
  socket.on('timeout', onTimeout);
  if (fe.timeoutClient > 0) socket.setTimeout(fe.timeoutClient);
  socket.resume();
}

function noop(): void {}
