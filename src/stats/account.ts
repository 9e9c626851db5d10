/**
 * The hot-path side of the counters: what a connection, a request and a finished stream add.
 * Called from src/runtime (accept.ts, http-session.ts, tcp-session.ts); only field additions on
 * objects the stream already points to (StreamInfo.feC/liC/beC/srvC).
 */
import type { StreamInfo } from '../runtime/stream.js';
import type { Counters } from './counters.js';

/** An accepted connection (conn_tot, conn_rate). */
export function countConnection(c: Counters, now: number): void {
  c.connTot++;
  c.connRate.add(now);
}

/** A new HTTP request on a frontend (req_tot, req_rate). */
export function countRequest(st: StreamInfo): void {
  const c = st.feC;
  if (!c) return;
  c.reqTot++;
  c.reqRate.add(Date.now());
}

/**
 * A finished stream: bytes, response classes, errors and aborts by termination state, and the
 * queue/connect/response/total times, as HAProxy's stream_process_counters(),
 * stream_update_time_stats() and the analysers' error counters.
 */
export function accountStream(st: StreamInfo, http: boolean, now: number): void {
  const fe = st.feC;
  const li = st.liC;
  const be = st.beC;
  const srv = st.srvC;
  const bin = st.bytesIn + st.statsInAdj;
  const bout = st.bytesOut + st.statsOutAdj;
  const cause = st.termCause;
  const phase = st.termPhase;
  const status = st.status;
  if (fe) {
    fe.bytesIn += bin;
    fe.bytesOut += bout;
  }
  if (li) {
    li.bytesIn += bin;
    li.bytesOut += bout;
  }
  if (be) {
    be.bytesIn += bin;
    be.bytesOut += bout;
  }
  if (srv) {
    srv.bytesIn += bin;
    srv.bytesOut += bout;
  }
  if (http) {
    if (status > 0) {
      fe?.status(status);
      be?.status(status);
      if (srv && st.tResponse >= 0) srv.status(status);
    }
    if (be) be.reqTot++;
    if (srv && st.tConnect >= 0) srv.reqTot++;
  }
  if (st.denied) {
    if (fe) fe.deniedReq++;
    if (li) li.deniedReq++;
    if (be) be.deniedReq++;
  } else if (phase === 'R' && (cause === 'c' || cause === 'C' || (cause === 'P' && (status === 400 || status === 414 || status === 501)))) {
    // An invalid, incomplete or timed-out request (ereq).
    if (fe) fe.failedReq++;
    if (li) li.failedReq++;
  }
  if (be) {
    if (cause === 'S' || cause === 's') {
      if (phase === 'C' || phase === 'Q') {
        be.failedConns++;
        if (srv) srv.failedConns++;
      } else if (phase === 'H') {
        be.failedResp++;
        if (srv) srv.failedResp++;
      } else if (phase === 'D') {
        be.srvAborts++;
        if (srv) srv.srvAborts++;
      }
    } else if (cause === 'C' || cause === 'c') {
      if (phase === 'D' || phase === 'H') {
        be.cliAborts++;
        if (srv) srv.cliAborts++;
      }
    }
  }
  if (srv && be) {
    const data = http ? st.tResponse : st.tConnect;
    const q = st.tQueue;
    be.timeSamples++;
    srv.timeSamples++;
    be.times(st.tRequest, q, st.tConnect, data, st.tClose);
    srv.times(st.tRequest, q, st.tConnect, data, st.tClose);
    if (data >= 0) {
      const rt = data - (st.tRequest > 0 ? st.tRequest : 0);
      be.latency.add(now, rt);
      srv.latency.add(now, rt);
      if (fe) fe.latency.add(now, rt);
    }
  }
}
