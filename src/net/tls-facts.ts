/**
 * TLS facts of an established connection, for the rules engine (`ctx.tls`) and the sessions:
 * SNI, protocol, cipher, negotiated ALPN (read by the HTTP layer to pick h2), client certificate
 * and its verification result, our own certificate. Certificate details are computed on first use.
 */
import type { X509Certificate } from 'node:crypto';
import type { TLSSocket } from 'node:tls';
import type { CertFacts, TlsFacts } from '../rules/context.js';

/** OpenSSL's X509_V_ERR_* numbers for the codes node:tls reports (ssl_c_verify, *-ignore-err). */
export const X509_ERRORS: Readonly<Record<string, number>> = {
  UNABLE_TO_GET_ISSUER_CERT: 2,
  UNABLE_TO_GET_CRL: 3,
  UNABLE_TO_DECRYPT_CERT_SIGNATURE: 4,
  UNABLE_TO_DECRYPT_CRL_SIGNATURE: 5,
  UNABLE_TO_DECODE_ISSUER_PUBLIC_KEY: 6,
  CERT_SIGNATURE_FAILURE: 7,
  CRL_SIGNATURE_FAILURE: 8,
  CERT_NOT_YET_VALID: 9,
  CERT_HAS_EXPIRED: 10,
  CRL_NOT_YET_VALID: 11,
  CRL_HAS_EXPIRED: 12,
  ERROR_IN_CERT_NOT_BEFORE_FIELD: 13,
  ERROR_IN_CERT_NOT_AFTER_FIELD: 14,
  ERROR_IN_CRL_LAST_UPDATE_FIELD: 15,
  ERROR_IN_CRL_NEXT_UPDATE_FIELD: 16,
  OUT_OF_MEM: 17,
  DEPTH_ZERO_SELF_SIGNED_CERT: 18,
  SELF_SIGNED_CERT_IN_CHAIN: 19,
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 20,
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 21,
  CERT_CHAIN_TOO_LONG: 22,
  CERT_REVOKED: 23,
  INVALID_CA: 24,
  PATH_LENGTH_EXCEEDED: 25,
  INVALID_PURPOSE: 26,
  CERT_UNTRUSTED: 27,
  CERT_REJECTED: 28,
  HOSTNAME_MISMATCH: 62,
};

/** A verification error code from node:tls as OpenSSL's number (unknown codes: 1, "unspecified"). */
export function x509ErrorNumber(code: string | undefined): number {
  if (code === undefined) return 0;
  return X509_ERRORS[code] ?? 1;
}

/** Errors that concern a CA of the chain (depth > 0) rather than the leaf (for ca-ignore-err). */
const CA_LEVEL = new Set([19, 24, 25]);

/** One error OpenSSL's verify callback sees, at a depth of the chain (0: the client's certificate). */
export interface VerifyError {
  readonly err: number;
  readonly depth: number;
}

/**
 * A client certificate's verification as HAProxy sees it: the errors its verify callback gets in
 * order (each must be ignored for the handshake to go on), the final result (ssl_c_verify) and
 * the first error at depth 0 (ssl_c_err) and above (ssl_c_ca_err, ssl_c_ca_err_depth).
 */
export interface Verdict {
  readonly errors: readonly VerifyError[];
  readonly verify: number;
  readonly crtErr: number;
  readonly caErr: number;
  readonly caErrDepth: number;
}

export const NO_ERRORS: Verdict = { errors: [], verify: 0, crtErr: 0, caErr: 0, caErrDepth: 0 };

/**
 * The callback's errors, rebuilt from the final result node:tls reports: when an ignored error
 * let OpenSSL go on, the final one is not the first. An unknown issuer (20) is followed by the
 * leaf signature that cannot be checked (21); a self-signed leaf (18) by the missing CRL of its
 * "issuer" (3) when a crl-file is set.
 */
export function verifyVerdict(final: number, peer: X509Certificate | undefined, chainLength: number): Verdict {
  if (final === 0 || peer === undefined) return NO_ERRORS;
  let errors: VerifyError[];
  if (final === 21) errors = [{ err: 20, depth: 0 }, { err: 21, depth: 0 }];
  else if (final === 3 && selfSigned(peer)) errors = [{ err: 18, depth: 0 }, { err: 3, depth: 0 }];
  else errors = [{ err: final, depth: errorDepth(final, chainLength) }];
  const crt = errors.find((e) => e.depth === 0);
  const ca = errors.find((e) => e.depth > 0);
  return { errors, verify: final, crtErr: crt?.err ?? 0, caErr: ca?.err ?? 0, caErrDepth: ca?.depth ?? 0 };
}

function selfSigned(x: X509Certificate): boolean {
  try {
    return x.checkIssued(x) && x.verify(x.publicKey);
  } catch {
    return false;
  }
}

/** The depth of an error: CA-level errors above the leaf, a missing issuer of the last one sent. */
function errorDepth(err: number, chainLength: number): number {
  if (CA_LEVEL.has(err)) return 1;
  // The issuer of the last certificate sent was not found: at depth 0 when only the leaf was sent.
  if ((err === 2 || err === 20) && chainLength > 1) return chainLength - 1;
  return 0;
}

function pairs(dn: string): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (const line of dn.split('\n')) {
    const eq = line.indexOf('=');
    if (eq > 0) out.push([line.slice(0, eq), line.slice(eq + 1)]);
  }
  return out;
}

const MONTHS: Record<string, string> = {
  Jan: '01', Feb: '02', Mar: '03', Apr: '04', May: '05', Jun: '06', Jul: '07', Aug: '08', Sep: '09', Oct: '10', Nov: '11', Dec: '12',
};

/** `Dec  3 16:42:10 2026 GMT` -> `261203164210Z` (UTCTime; GeneralizedTime from 2050, as X.509). */
export function asn1Time(s: string): string {
  const m = /^(\w{3})\s+(\d{1,2}) (\d{2}):(\d{2}):(\d{2}) (\d{4})/.exec(s);
  if (!m) return s;
  const year = Number(m[6]);
  const y = year >= 2050 ? m[6]! : m[6]!.slice(2);
  return `${y}${MONTHS[m[1]!] ?? '00'}${m[2]!.padStart(2, '0')}${m[3]}${m[4]}${m[5]}Z`;
}

/** The certificate facts of an X509Certificate. */
export function certFacts(x: X509Certificate): CertFacts {
  let subject: Array<[string, string]> | undefined;
  let issuer: Array<[string, string]> | undefined;
  let der: Buffer | undefined;
  let sigAlg: string | undefined | null = null;
  return {
    get subject() {
      return (subject ??= pairs(x.subject));
    },
    get issuer() {
      return (issuer ??= pairs(x.issuer));
    },
    get serial() {
      const h = x.serialNumber;
      return Buffer.from(h.length % 2 ? '0' + h : h, 'hex');
    },
    get sha1() {
      return Buffer.from(x.fingerprint.replace(/:/g, ''), 'hex');
    },
    get der() {
      return (der ??= x.raw);
    },
    get notBefore() {
      return asn1Time(x.validFrom);
    },
    get notAfter() {
      return asn1Time(x.validTo);
    },
    get version() {
      // DER: SEQUENCE { SEQUENCE (tbs) { [0] EXPLICIT INTEGER version? ... } }: v1 has no tag.
      const d = this.der;
      const tbs = headerLen(d, 0);
      const at = tbs + headerLen(d, tbs);
      return d[at] === 0xa0 ? (d[at + 4] ?? 0) + 1 : 1;
    },
    get sigAlg() {
      if (sigAlg === null) sigAlg = signatureAlgorithm(this.der);
      return sigAlg;
    },
    get keyAlg() {
      const t = x.publicKey.asymmetricKeyType;
      return t === 'rsa' ? 'rsaEncryption' : t === 'ec' ? 'id-ecPublicKey' : t;
    },
  };
}

/** Length of the DER tag + length header at `at`. */
function headerLen(d: Buffer, at: number): number {
  const l = d[at + 1] ?? 0;
  return l < 0x80 ? 2 : 2 + (l & 0x7f);
}

const SIG_OIDS: Record<string, string> = {
  '2a864886f70d01010b': 'sha256WithRSAEncryption',
  '2a864886f70d01010c': 'sha384WithRSAEncryption',
  '2a864886f70d01010d': 'sha512WithRSAEncryption',
  '2a864886f70d010105': 'sha1WithRSAEncryption',
  '2a8648ce3d040302': 'ecdsa-with-SHA256',
  '2a8648ce3d040303': 'ecdsa-with-SHA384',
  '2a8648ce3d040304': 'ecdsa-with-SHA512',
  '2b6570': 'ED25519',
};

/** The outer signatureAlgorithm of a certificate (after the TBS part). */
function signatureAlgorithm(d: Buffer): string | undefined {
  try {
    const tbsAt = headerLen(d, 0);
    const tbsLen = derLength(d, tbsAt);
    const algAt = tbsAt + headerLen(d, tbsAt) + tbsLen;
    const oidAt = algAt + headerLen(d, algAt);
    if (d[oidAt] !== 0x06) return undefined;
    const n = d[oidAt + 1]!;
    return SIG_OIDS[d.subarray(oidAt + 2, oidAt + 2 + n).toString('hex')];
  } catch {
    return undefined;
  }
}

function derLength(d: Buffer, at: number): number {
  const l = d[at + 1]!;
  if (l < 0x80) return l;
  let v = 0;
  for (let i = 0; i < (l & 0x7f); i++) v = v * 256 + d[at + 2 + i]!;
  return v;
}

/** Facts of a terminated (or originated) TLS connection, computed when a rule first asks. */
export class TlsConnFacts implements TlsFacts {
  private readonly s: TLSSocket;
  readonly verify: number;
  readonly caErr: number;
  readonly caErrDepth: number;
  readonly crtErr: number;
  /** The negotiated ALPN protocol, if one of ours (h2 engineers: read this to choose the mux). */
  readonly alpn: string | undefined;
  readonly sni: string | undefined;
  private peer: X509Certificate | undefined | null = null;
  private own: CertFacts | undefined | null = null;
  private peerFacts: CertFacts | undefined | null = null;

  constructor(s: TLSSocket, alpn: string | undefined, v: Verdict, peer?: X509Certificate, sni?: string) {
    this.s = s;
    this.alpn = alpn;
    this.sni = sni ?? (typeof s.servername === 'string' && s.servername !== '' ? s.servername : undefined);
    this.verify = v.verify;
    this.caErr = v.caErr;
    this.caErrDepth = v.caErrDepth;
    this.crtErr = v.crtErr;
    if (peer !== undefined) this.peer = peer;
  }

  get protocol(): string | undefined {
    return this.s.getProtocol() ?? undefined;
  }

  get cipher(): string | undefined {
    return this.s.getCipher()?.name;
  }

  get cipherBits(): number | undefined {
    const n = this.s.getCipher()?.name ?? '';
    if (/CHACHA20|AES_?256|AES256/.test(n)) return 256;
    if (/AES_?128|AES128/.test(n)) return 128;
    return undefined;
  }

  get resumed(): boolean {
    return this.s.isSessionReused();
  }

  get sessionId(): Buffer | undefined {
    // node:tls does not expose the session id; the session (ticket) identifies the connection.
    return undefined;
  }

  private peerCert(): X509Certificate | undefined {
    if (this.peer === null) this.peer = this.s.getPeerX509Certificate();
    return this.peer;
  }

  get clientCertUsed(): boolean {
    return this.peerCert() !== undefined;
  }

  get hasCrt(): boolean {
    return this.peerCert() !== undefined && !this.s.isSessionReused();
  }

  get clientCert(): CertFacts | undefined {
    if (this.peerFacts === null) {
      const p = this.peerCert();
      this.peerFacts = p ? certFacts(p) : undefined;
    }
    return this.peerFacts;
  }

  get ownCert(): CertFacts | undefined {
    if (this.own === null) {
      const c = this.s.getX509Certificate();
      this.own = c ? certFacts(c) : undefined;
    }
    return this.own;
  }
}
