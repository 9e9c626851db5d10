/**
 * TLS fetches of the client connection (ssl_fc_*, ssl_c_* for the client certificate, ssl_f_*
 * for the certificate this side presented), answered from `ctx.tls` (filled in by src/net/tls-facts.ts).
 * Without TLS they answer nothing, except the booleans (false), as HAProxy.
 */
import type { RuleContext, CertFacts } from '../context.js';
import type { SampleValue, SmpType } from '../sample.js';
import { argInt, simple, type FetchBuilder } from './types.js';

/** `/C=FR/O=Acme/CN=x` (OpenSSL's oneline form, HAProxy's default) or RFC 2253 `CN=x,O=Acme,C=FR`. */
export function formatDn(dn: ReadonlyArray<readonly [string, string]>, format: string | undefined): string {
  if (format === 'rfc2253') {
    return [...dn]
      .reverse()
      .map(([k, v]) => `${k}=${v.replace(/([,+"\\<>;])/g, '\\$1')}`)
      .join(',');
  }
  return dn.map(([k, v]) => `/${k}=${v}`).join('');
}

/** `ssl_c_s_dn([<entry>[,<occ>[,<format>]]])`: the whole DN, or one entry's value (occ 1 = first, -1 = last). */
function dnFetch(pick: (c: CertFacts) => ReadonlyArray<readonly [string, string]>, which: 'client' | 'own'): FetchBuilder {
  return (args) => {
    const entry = args[0];
    const occ = argInt(args, 1, 1);
    const format = args[2];
    return {
      type: 'str',
      one: (ctx) => {
        const c = cert(ctx, which);
        if (!c) return undefined;
        const dn = pick(c);
        if (entry === undefined || entry === '') return formatDn(dn, format);
        const vals = dn.filter(([k]) => k === entry).map(([, v]) => v);
        const i = occ > 0 ? occ - 1 : vals.length + occ;
        return vals[i];
      },
    };
  };
}

function cert(ctx: RuleContext, which: 'client' | 'own'): CertFacts | undefined {
  const t = ctx.tls;
  if (t === undefined) return undefined;
  return which === 'client' ? t.clientCert : t.ownCert;
}

function certField(which: 'client' | 'own', type: SmpType, get: (c: CertFacts) => SampleValue | undefined): FetchBuilder {
  return simple(type, (ctx) => {
    const c = cert(ctx, which);
    return c ? get(c) : undefined;
  });
}

/** The ssl_c_* (client certificate) or ssl_f_* (own certificate) family. */
function certFamily(prefix: 'ssl_c' | 'ssl_f', which: 'client' | 'own'): Record<string, FetchBuilder> {
  return {
    [`${prefix}_s_dn`]: dnFetch((c) => c.subject, which),
    [`${prefix}_i_dn`]: dnFetch((c) => c.issuer, which),
    [`${prefix}_serial`]: certField(which, 'bin', (c) => c.serial),
    [`${prefix}_sha1`]: certField(which, 'bin', (c) => c.sha1),
    [`${prefix}_der`]: certField(which, 'bin', (c) => c.der),
    [`${prefix}_notafter`]: certField(which, 'str', (c) => c.notAfter),
    [`${prefix}_notbefore`]: certField(which, 'str', (c) => c.notBefore),
    [`${prefix}_version`]: certField(which, 'sint', (c) => c.version),
    [`${prefix}_sig_alg`]: certField(which, 'str', (c) => c.sigAlg),
    [`${prefix}_key_alg`]: certField(which, 'str', (c) => c.keyAlg),
  };
}

export const TLS_FETCHES: Record<string, FetchBuilder> = {
  ssl_fc: simple('bool', (c) => c.tls !== undefined),
  ssl_fc_has_sni: simple('bool', (c) => c.tls?.sni !== undefined),
  ssl_fc_sni: simple('str', (c) => c.tls?.sni),
  ssl_fc_protocol: simple('str', (c) => c.tls?.protocol),
  ssl_fc_cipher: simple('str', (c) => c.tls?.cipher),
  ssl_fc_use_keysize: simple('sint', (c) => c.tls?.cipherBits),
  ssl_fc_alg_keysize: simple('sint', (c) => c.tls?.cipherBits),
  ssl_fc_alpn: simple('str', (c) => c.tls?.alpn),
  ssl_fc_is_resumed: simple('bool', (c) => c.tls?.resumed === true),
  ssl_fc_has_crt: simple('bool', (c) => c.tls?.hasCrt === true),
  ssl_c_used: simple('bool', (c) => c.tls?.clientCertUsed === true),
  ssl_c_verify: simple('sint', (c) => (c.tls ? (c.tls.verify ?? 0) : undefined)),
  ssl_c_err: simple('sint', (c) => (c.tls ? (c.tls.crtErr ?? 0) : undefined)),
  ssl_c_ca_err: simple('sint', (c) => (c.tls ? (c.tls.caErr ?? 0) : undefined)),
  ssl_c_ca_err_depth: simple('sint', (c) => (c.tls ? (c.tls.caErrDepth ?? 0) : undefined)),
  ...certFamily('ssl_c', 'client'),
  ...certFamily('ssl_f', 'own'),
};
