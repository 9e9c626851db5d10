/**
 * The request facts a session hands to the load-balancing algorithm (LbContext): one object per
 * session, refilled for each request, so choosing a server allocates nothing unless an algorithm
 * asks for a body or payload.
 */
import type { HeaderField, RequestHead } from '../http/types.js';
import type { LbContext } from '../lb/algorithm.js';
import type { ConnAddrs } from '../net/proxy-protocol.js';

export class LbFacts implements LbContext {
  srcAddr: string | undefined;
  dstAddr: string | undefined;
  uri: string | undefined;
  method: string | undefined;
  private headers: HeaderField[] | undefined;
  private bodyText: string | undefined;
  private bodyParts: Buffer[] | undefined;
  private payloadParts: readonly Buffer[] | undefined;
  /** `balance hash <expr>`: evaluates the backend's expression for this session (set by the session). */
  keyFn: (() => string | undefined) | undefined;

  constructor(addrs: ConnAddrs) {
    this.srcAddr = addrs.srcAddr;
    this.dstAddr = addrs.dstAddr;
  }

  /** A new HTTP request. */
  request(head: RequestHead): void {
    this.uri = head.target;
    this.method = head.method;
    this.headers = head.headers;
    this.bodyText = undefined;
    this.bodyParts = undefined;
  }

  /** Body bytes received before the server is chosen (url_param check_post). */
  setBody(parts: Buffer[] | undefined): void {
    this.bodyParts = parts;
    this.bodyText = undefined;
  }

  /** Bytes received on a TCP connection before the server is chosen (rdp-cookie). */
  setPayload(parts: readonly Buffer[]): void {
    this.payloadParts = parts;
  }

  header(lname: string): string | undefined {
    const h = this.headers;
    if (!h) return undefined;
    for (let i = 0; i < h.length; i++) if (h[i]!.lname === lname) return h[i]!.value;
    return undefined;
  }

  body(): string | undefined {
    if (this.bodyText === undefined && this.bodyParts && this.bodyParts.length) {
      this.bodyText = Buffer.concat(this.bodyParts).toString('latin1');
    }
    return this.bodyText;
  }

  sampleKey(): string | undefined {
    return this.keyFn?.();
  }

  payload(): Buffer | undefined {
    const p = this.payloadParts;
    if (!p || !p.length) return undefined;
    return p.length === 1 ? p[0] : Buffer.concat(p);
  }
}
