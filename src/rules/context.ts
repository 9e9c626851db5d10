/**
 * RuleContext: what the rules engine reads and writes for one stream. The data plane owns one per
 * client connection, fills the connection facts once, then for each request calls `beginRequest`,
 * sets `res` when the response head arrives, and reads back what the rules decided (`reply`,
 * `logLevel`, captures, variables). Request/response heads are the parser's own objects: header
 * actions edit `req.headers` / `res.headers` in place, URI actions replace `req.target` / `req.method`.
 */
import type { HeaderField, RequestHead, ResponseHead } from '../http/types.js';
import type { HttpReply } from './reply.js';
import type { SampleValue } from './sample.js';
import { pathStart } from './uri.js';
import { EMPTY_WORLD, type ProxyView, type RulesWorld, type ServerView } from './world.js';

export type VarScope = 'proc' | 'sess' | 'txn' | 'req' | 'res';

/** proc.* variables are shared by every stream of the process. */
const procVars = new Map<string, SampleValue>();

/** One certificate as the ssl_c_* / ssl_f_* fetches see it. */
export interface CertFacts {
  /** Subject and issuer as (name, value) pairs in certificate order. */
  readonly subject: ReadonlyArray<readonly [string, string]>;
  readonly issuer: ReadonlyArray<readonly [string, string]>;
  readonly serial: Buffer;
  readonly sha1: Buffer;
  readonly der: Buffer;
  /** ASN.1 times as HAProxy prints them: YYMMDDhhmmssZ (or YYYYMMDDhhmmssZ after 2049). */
  readonly notBefore: string;
  readonly notAfter: string;
  /** X509 version (1..3). */
  readonly version: number;
  /** Signature and public key algorithms (OpenSSL short names). */
  readonly sigAlg: string | undefined;
  readonly keyAlg: string | undefined;
}

/** What the TLS layer knows about the client connection (filled in by src/net/tls-facts.ts). */
export interface TlsFacts {
  readonly sni?: string;
  readonly protocol?: string;
  readonly cipher?: string;
  /** Cipher key sizes in bits: used and algorithm. */
  readonly cipherBits?: number;
  readonly alpn?: string;
  /** The session carries a client certificate (resumed or not). */
  readonly clientCertUsed?: boolean;
  /** A client certificate was sent on this very connection (not resumed). */
  readonly hasCrt?: boolean;
  /** Verification result of the client certificate (X509_V_* code, 0 = ok). */
  readonly verify?: number;
  /** The first error at depth > 0 and its depth, the first error at depth 0 (ssl_c_ca_err...). */
  readonly caErr?: number;
  readonly caErrDepth?: number;
  readonly crtErr?: number;
  readonly resumed?: boolean;
  readonly sessionId?: Buffer;
  readonly clientCert?: CertFacts;
  /** The certificate this side presented (ssl_f_*). */
  readonly ownCert?: CertFacts;
}

export class RuleContext {
  world: RulesWorld;
  // ---- connection (set once per client connection) ----
  src: string | undefined;
  srcPort = 0;
  dst: string | undefined;
  dstPort = 0;
  /** The bind's id and name (`so_id`, `so_name`). */
  soId = 0;
  soName = '';
  /** The client sent a PROXY header. */
  rcvdProxy = false;
  tls: TlsFacts | undefined;
  frontend: ProxyView | undefined;
  feName = '';
  feId = 0;
  /** The default backend's name (`fe_defbe`). */
  feDefBackend = '';
  // ---- stream ----
  beName = '';
  beId = 0;
  backend: ProxyView | undefined;
  srvName = '';
  srvId = 0;
  server: ServerView | undefined;
  /** Layer-4 bytes received so far (tcp-request content), and whether more may come. */
  payload: Buffer | undefined;
  /** false while waiting within inspect-delay: a fetch lacking data answers "may change". */
  payloadFinal = true;
  /** Set by a fetch that had no answer because data may still arrive. */
  mayChange = false;
  req: RequestHead | undefined;
  reqBody: Buffer | undefined;
  res: ResponseHead | undefined;
  resBody: Buffer | undefined;
  /** Requests on this connection, this one included (`http_first_req`). */
  reqCount = 0;
  // ---- outcomes ----
  /** What to answer instead of forwarding (deny, redirect, return, auth, tarpit). */
  reply: HttpReply | undefined;
  /** `http-request use-service <name>`: the service that answers this request (set with Verdict.Done). */
  service: string | undefined = undefined;
  /** `set-log-level`: a level name, or 'silent'. */
  logLevel: string | undefined;
  /** Request / response captures by slot (declare capture, capture request header, http-request capture). */
  readonly reqCaptures: Array<string | undefined> = [];
  readonly resCaptures: Array<string | undefined> = [];
  /** `track-sc*` keys by slot, for the stick-table layer. */
  readonly tracked: Array<SampleValue | undefined> = [];
  /** The stick-table layer's per-slot state (src/stick; opaque here). */
  readonly stkctr: unknown[] = [];
  /** The current request was counted in the tracked entries (http_req_cnt). */
  reqCounted = false;
  uniqueId: string | undefined;
  /** tcp-response `close`: close the server side once what it sent is forwarded. */
  closeServer = false;
  /** Headers the actions want added to the response the proxy itself sends (redirect set-cookie). */
  private sessVars: Map<string, SampleValue> | undefined;
  private txnVars: Map<string, SampleValue> | undefined;
  private reqVars: Map<string, SampleValue> | undefined;
  private resVars: Map<string, SampleValue> | undefined;
  // ---- cached views of req.target ----
  private cachedTarget: string | undefined;
  private cPathStart = -1;
  private cQueryStart = -1;

  constructor(world: RulesWorld = EMPTY_WORLD) {
    this.world = world;
  }

  /** A new request on this connection: per-transaction state is cleared. */
  beginRequest(req: RequestHead): void {
    this.req = req;
    this.reqBody = undefined;
    this.res = undefined;
    this.resBody = undefined;
    this.reply = undefined;
    this.service = undefined;
    this.logLevel = undefined;
    this.txnVars = undefined;
    this.reqVars = undefined;
    this.resVars = undefined;
    this.cachedTarget = undefined;
    this.beName = '';
    this.backend = undefined;
    this.srvName = '';
    this.server = undefined;
    this.reqCaptures.length = 0;
    this.resCaptures.length = 0;
    this.uniqueId = undefined;
    this.mayChange = false;
    this.reqCount++;
  }

  // ---- variables ----

  private scope(s: VarScope, create: boolean): Map<string, SampleValue> | undefined {
    switch (s) {
      case 'proc':
        return procVars;
      case 'sess':
        return this.sessVars ?? (create ? (this.sessVars = new Map()) : undefined);
      case 'txn':
        return this.txnVars ?? (create ? (this.txnVars = new Map()) : undefined);
      case 'req':
        return this.reqVars ?? (create ? (this.reqVars = new Map()) : undefined);
      case 'res':
        return this.resVars ?? (create ? (this.resVars = new Map()) : undefined);
    }
  }

  getVar(scope: VarScope, name: string): SampleValue | undefined {
    return this.scope(scope, false)?.get(name);
  }

  setVar(scope: VarScope, name: string, v: SampleValue): void {
    this.scope(scope, true)!.set(name, v);
  }

  unsetVar(scope: VarScope, name: string): void {
    this.scope(scope, false)?.delete(name);
  }

  // ---- request target parts ----

  private splitTarget(): void {
    const t = this.req!.target;
    if (this.cachedTarget === t) return;
    this.cachedTarget = t;
    this.cPathStart = pathStart(t);
    this.cQueryStart = t.indexOf('?', this.cPathStart < 0 ? 0 : this.cPathStart);
  }

  /** `path`: from the first '/' to before '?' (undefined when the target has no path). */
  path(): string | undefined {
    if (!this.req) return undefined;
    this.splitTarget();
    if (this.cPathStart < 0) return undefined;
    const t = this.req.target;
    return this.cQueryStart < 0 ? (this.cPathStart === 0 ? t : t.slice(this.cPathStart)) : t.slice(this.cPathStart, this.cQueryStart);
  }

  /** `pathq`: path and query. */
  pathq(): string | undefined {
    if (!this.req) return undefined;
    this.splitTarget();
    if (this.cPathStart < 0) return undefined;
    return this.cPathStart === 0 ? this.req.target : this.req.target.slice(this.cPathStart);
  }

  /** `query`: after '?', undefined when there is no '?'. */
  query(): string | undefined {
    if (!this.req) return undefined;
    this.splitTarget();
    return this.cQueryStart < 0 ? undefined : this.req.target.slice(this.cQueryStart + 1);
  }

  /** Request headers (empty when there is no request). */
  reqHeaders(): readonly HeaderField[] {
    return this.req ? this.req.headers : NO_HEADERS;
  }

  resHeaders(): readonly HeaderField[] {
    return this.res ? this.res.headers : NO_HEADERS;
  }

  /** The last value of request header `lname` (whole line), or undefined. */
  reqHeader(lname: string): string | undefined {
    const h = this.reqHeaders();
    for (let i = h.length - 1; i >= 0; i--) if (h[i]!.lname === lname) return h[i]!.value;
    return undefined;
  }
}

const NO_HEADERS: readonly HeaderField[] = [];
