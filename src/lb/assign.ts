/**
 * assign_server() + assign_server_and_queue() of HAProxy's backend.c, without the stream: decide
 * whether a new (or redispatched) stream gets a server now, waits in a server's queue, waits in
 * the backend's queue, or is refused. Allocation-free: the server goes into the caller's `out`.
 */
import type { LbAlgorithm, LbContext, LbServer } from './algorithm.js';

/** Use `out.server` now (the caller increments its `cur` and calls lb.taken()). */
export const USE_SERVER = 0;
/** Wait in `out.server`'s queue (hashing chose a saturated server). */
export const SERVER_QUEUE = 1;
/** Every server is saturated: wait in the backend's queue. */
export const BACKEND_QUEUE = 2;
/** `out.server`'s queue is full (`maxqueue`): 503. */
export const QUEUE_FULL = 3;
/** No usable server: 503. */
export const NO_SERVER = 4;

export type AssignResult = typeof USE_SERVER | typeof SERVER_QUEUE | typeof BACKEND_QUEUE | typeof QUEUE_FULL | typeof NO_SERVER;

export interface AssignOut<S> {
  server: S | undefined;
}

/** Algorithms that send new streams to the backend queue while it is not empty (first, rr, static-rr). */
const FIFO_ALGOS = new Set(['first', 'roundrobin', 'static-rr']);

export interface BackendLoad {
  /** Streams waiting in the backend's queue. */
  readonly queued: number;
  /** Streams in the backend (HAProxy's beconn). */
  readonly beconn: number;
}

export function assign<S extends LbServer>(
  lb: LbAlgorithm<S>,
  ctx: LbContext | undefined,
  be: BackendLoad,
  out: AssignOut<S>,
  avoid?: S,
): AssignResult {
  out.server = undefined;
  if (!lb.hasUsable()) return NO_SERVER;
  if (be.queued && be.queued !== be.beconn && FIFO_ALGOS.has(lb.name)) return BACKEND_QUEUE;
  const s = lb.pick(ctx, avoid);
  if (!s) return BACKEND_QUEUE;
  out.server = s;
  if (s.maxconn) {
    const max = s.maxconnNow ? s.maxconnNow() : s.maxconn;
    if (s.queued || s.cur >= max) {
      if (s.maxqueue && (s.queued ?? 0) >= s.maxqueue) return QUEUE_FULL;
      return SERVER_QUEUE;
    }
  }
  return USE_SERVER;
}
