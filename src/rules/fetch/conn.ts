/** Connection fetches: addresses and ports of the client (after any PROXY header) and of the listener. */
import { isIPv4 } from 'node:net';
import type { RuleContext } from '../context.js';
import { simple, type FetchBuilder } from './types.js';

/** An IPv4-mapped IPv6 address (dual-stack sockets) is shown as IPv4, as HAProxy does. */
export function plainAddr(a: string | undefined): string | undefined {
  if (a === undefined) return undefined;
  if (a.startsWith('::ffff:') && isIPv4(a.slice(7))) return a.slice(7);
  return a;
}

function isLocal(a: string | undefined): boolean | undefined {
  const p = plainAddr(a);
  if (p === undefined) return undefined;
  return p.startsWith('127.') || p === '::1';
}

const src = simple('ipv4', (c: RuleContext) => plainAddr(c.src));
const dst = simple('ipv4', (c: RuleContext) => plainAddr(c.dst));
const srcPort = simple('sint', (c: RuleContext) => (c.src === undefined ? undefined : c.srcPort));
const dstPort = simple('sint', (c: RuleContext) => (c.dst === undefined ? undefined : c.dstPort));

export const CONN_FETCHES: Record<string, FetchBuilder> = {
  src,
  dst,
  src_port: srcPort,
  dst_port: dstPort,
  fc_src: src,
  fc_dst: dst,
  fc_src_port: srcPort,
  fc_dst_port: dstPort,
  src_is_local: simple('bool', (c) => isLocal(c.src)),
  dst_is_local: simple('bool', (c) => isLocal(c.dst)),
  fc_src_is_local: simple('bool', (c) => isLocal(c.src)),
  fc_dst_is_local: simple('bool', (c) => isLocal(c.dst)),
  so_id: simple('sint', (c) => c.soId),
  so_name: simple('str', (c) => c.soName),
  fc_rcvd_proxy: simple('bool', (c) => c.rcvdProxy),
  fc_http_major: simple('sint', (c) => (c.req ? 1 : undefined)),
  fc_err: simple('sint', () => 0),
  fc_err_str: simple('str', () => undefined),
  dst_conn: simple('sint', (c) => c.frontend?.cur()),
  bc_http_major: simple('sint', (c) => (c.res ? 1 : undefined)),
  bc_src: simple('ipv4', () => undefined),
  bc_src_port: simple('sint', () => undefined),
  bc_dst: simple('ipv4', () => undefined),
  bc_dst_port: simple('sint', () => undefined),
  bc_err: simple('sint', () => 0),
  bc_err_str: simple('str', () => undefined),
};
