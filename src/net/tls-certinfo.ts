/**
 * What `show ssl cert <file>` prints about a certificate (HAProxy's cli_io_handler_show_cert_detail):
 * serial, validity, names, key algorithm, fingerprint, subject and issuer of the leaf and of its
 * chain, and the OCSP CERTID key of the stapled response.
 */
import { createHash, X509Certificate } from 'node:crypto';

const PEM_CERT = /-----BEGIN (?:TRUSTED )?CERTIFICATE-----[\s\S]+?-----END (?:TRUSTED )?CERTIFICATE-----/g;

/** A DN as HAProxy's one-line form: `/C=FR/O=Test CA/CN=Name`. */
export function slashDn(dn: string): string {
  return dn
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => `/${l}`)
    .join('');
}

/** `RSA2048`, `EC256`... as cert_get_pkey_algo(). */
function keyAlgo(x: X509Certificate): string {
  const k = x.publicKey;
  const d = k.asymmetricKeyDetails ?? {};
  if (k.asymmetricKeyType === 'rsa') return `RSA${d.modulusLength ?? 0}`;
  if (k.asymmetricKeyType === 'dsa') return `DSA${d.modulusLength ?? 0}`;
  if (k.asymmetricKeyType === 'ec') {
    const bits: Record<string, number> = { prime256v1: 256, secp384r1: 384, secp521r1: 521, secp224r1: 224, secp256k1: 256 };
    return `EC${bits[d.namedCurve ?? ''] ?? 0}`;
  }
  return 'Unknown';
}

interface Tlv {
  readonly at: number;
  readonly hdr: number;
  readonly len: number;
  readonly end: number;
}

function tlv(d: Buffer, at: number): Tlv {
  const l = d[at + 1];
  if (l === undefined) throw new Error('short DER');
  let len = l;
  let hdr = 2;
  if (l >= 0x80) {
    const n = l & 0x7f;
    if (n > 4) throw new Error('long DER');
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + (d[at + 2 + i] ?? 0);
    hdr = 2 + n;
  }
  return { at, hdr, len, end: at + hdr + len };
}

/** The TBS fields of a certificate's DER: serial, subject and the key's BIT STRING contents. */
function tbsParts(der: Buffer): { serial: Buffer; subject: Buffer; key: Buffer } {
  const cert = tlv(der, 0);
  const tbs = tlv(der, cert.at + cert.hdr);
  let p = tbs.at + tbs.hdr;
  if (der[p] === 0xa0) p = tlv(der, p).end;
  const serial = tlv(der, p);
  const sig = tlv(der, serial.end);
  const issuer = tlv(der, sig.end);
  const validity = tlv(der, issuer.end);
  const subject = tlv(der, validity.end);
  const spki = tlv(der, subject.end);
  const alg = tlv(der, spki.at + spki.hdr);
  const bits = tlv(der, alg.end);
  return {
    serial: der.subarray(serial.at, serial.end),
    subject: der.subarray(subject.at, subject.end),
    key: der.subarray(bits.at + bits.hdr + 1, bits.end),
  };
}

function derOf(tag: number, body: Buffer): Buffer {
  const n = body.length;
  const len = n < 0x80 ? Buffer.from([n]) : n < 0x100 ? Buffer.from([0x81, n]) : Buffer.from([0x82, n >> 8, n & 0xff]);
  return Buffer.concat([Buffer.from([tag]), len, body]);
}

/** The DER OCSP CERTID (SHA-1) of `leaf` issued by `issuer`, as HAProxy keys its responses. */
export function ocspCertId(leaf: X509Certificate, issuer: X509Certificate): Buffer {
  const l = tbsParts(leaf.raw);
  const i = tbsParts(issuer.raw);
  const sha1 = (b: Buffer): Buffer => createHash('sha1').update(b).digest();
  const alg = Buffer.from('300906052b0e03021a0500', 'hex');
  return derOf(0x30, Buffer.concat([alg, derOf(0x04, sha1(i.subject)), derOf(0x04, sha1(i.key)), l.serial]));
}

/** The lines about one certificate (leaf and chain) of `show ssl cert <file>`. */
function certLines(x: X509Certificate): string[] {
  const out = [
    `Serial: ${x.serialNumber.toUpperCase()}`,
    `notBefore: ${x.validFrom}`,
    `notAfter: ${x.validTo}`,
  ];
  if (x.subjectAltName) out.push(`Subject Alternative Name: ${x.subjectAltName}`);
  out.push(`Algorithm: ${keyAlgo(x)}`, `SHA1 FingerPrint: ${x.fingerprint.replace(/:/g, '')}`);
  out.push(`Subject: ${slashDn(x.subject)}`, `Issuer: ${slashDn(x.issuer)}`);
  return out;
}

/**
 * `show ssl cert <file>`: `name` as asked (`*<path>` for the transaction), `status` Used, Unused
 * or Empty, then the certificate's facts when there is one.
 */
export function certDetail(name: string, status: string, certPem: string | undefined, ocsp: boolean): string {
  const lines = [`Filename: ${name}`, `Status: ${status}`];
  let key = '';
  if (certPem !== undefined) {
    const all = (certPem.match(PEM_CERT) ?? []).map((p) => new X509Certificate(p));
    const leaf = all[0];
    if (leaf) {
      lines.push(...certLines(leaf));
      for (const c of all.slice(1)) lines.push(`Chain Subject: ${slashDn(c.subject)}`, `Chain Issuer: ${slashDn(c.issuer)}`);
      const issuer = all.slice(1).find((c) => leaf.checkIssued(c));
      if (ocsp && issuer) {
        try {
          key = ocspCertId(leaf, issuer).toString('hex');
        } catch {
          key = '';
        }
      }
    }
  }
  lines.push(`OCSP Response Key: ${key}`);
  return lines.join('\n') + '\n';
}
