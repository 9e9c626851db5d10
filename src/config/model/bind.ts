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
}
