import type { Place } from '../diagnostics.js';
import type { AddressModel } from './address.js';

/** One `bind` line (one listener per address and port). */
export interface BindModel {
  readonly place: Place;
  readonly addresses: AddressModel[];
  /** Options by keyword, typed where Switchyard acts on them. */
  name?: string;
  id?: number;
  backlog?: number;
  maxconn?: number;
  acceptProxy?: boolean;
  transparent?: boolean;
  v4v6?: boolean;
  v6only?: boolean;
  /** UNIX socket permissions and owner. */
  mode?: number;
  uid?: number;
  gid?: number;
  user?: string;
  group?: string;
  interface?: string;
  process?: string;
  thread?: string;
  nice?: number;
  tfo?: boolean;
  deferAccept?: boolean;
  /** `proto h2` etc. */
  proto?: string;
  ssl?: BindSslModel;
  /** Every other option as written, keyword -> arguments. */
  readonly other: Record<string, string[]>;
}

export interface BindSslModel {
  enabled: boolean;
  crt: string[];
  crtList: string[];
  caFile?: string;
  crlFile?: string;
  verify?: 'none' | 'optional' | 'required';
  alpn?: string[];
  ciphers?: string;
  ciphersuites?: string;
  curves?: string;
  ecdhe?: string;
  sslMinVer?: string;
  sslMaxVer?: string;
  strictSni?: boolean;
  noTlsTickets?: boolean;
  tlsTicketKeys?: string;
  caIgnoreErr?: string;
  crtIgnoreErr?: string;
  npn?: string[];
  preferClientCiphers?: boolean;
  allowZeroRtt?: boolean;
  noSslv3?: boolean;
  noTlsv10?: boolean;
  noTlsv11?: boolean;
  noTlsv12?: boolean;
  noTlsv13?: boolean;
  forceTlsv12?: boolean;
  forceTlsv13?: boolean;
  generateCertificates?: boolean;
  /** Certificates loaded from `crt` and `crt-list`, in declaration order (the first is the default). */
  certs: LoadedCert[];
  /** `ca-file` / `crl-file` contents (PEM). */
  caPem?: string;
  crlPem?: string;
  /** `tls-ticket-keys`: the three live keys (HAProxy's order; the penultimate encrypts). */
  ticketKeys?: Buffer[];
}

/** Options a crt-list line sets for its certificate (between brackets). */
export interface CrtListOptions {
  alpn?: string[];
  caPem?: string;
  crlPem?: string;
  ciphers?: string;
  ciphersuites?: string;
  curves?: string;
  verify?: 'none' | 'optional' | 'required';
  sslMinVer?: string;
  sslMaxVer?: string;
}

/** One certificate read at parse time: leaf + chain, key, names it answers for, stapled OCSP. */
export interface LoadedCert {
  readonly path: string;
  readonly certPem: string;
  readonly keyPem: string;
  /** `rsa`, `ec`, ... */
  readonly keyType: string;
  /** DNS subjectAltNames and CNs, lower case. */
  readonly names: string[];
  /** DER OCSP response from `<file>.ocsp`. */
  readonly ocsp?: Buffer;
  /** From a crt-list line: its options and its SNI filters (`!name` excludes). */
  readonly options?: CrtListOptions;
  readonly filters?: string[];
}
