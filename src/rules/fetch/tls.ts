/** TLS fetches of the client connection, answered from `ctx.tls` (filled in by the TLS layer). */
import { simple, type FetchBuilder } from './types.js';

export const TLS_FETCHES: Record<string, FetchBuilder> = {
  ssl_fc: simple('bool', (c) => c.tls !== undefined),
  ssl_fc_has_sni: simple('bool', (c) => c.tls?.sni !== undefined),
  ssl_fc_sni: simple('str', (c) => c.tls?.sni),
  ssl_fc_protocol: simple('str', (c) => c.tls?.protocol),
  ssl_fc_cipher: simple('str', (c) => c.tls?.cipher),
  ssl_fc_alpn: simple('str', (c) => c.tls?.alpn),
  ssl_c_used: simple('bool', (c) => c.tls?.clientCertUsed === true),
  ssl_fc_has_crt: simple('bool', (c) => c.tls?.clientCertUsed === true),
};
