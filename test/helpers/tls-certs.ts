/**
 * Test PKI made with the real `openssl` into a temporary directory: a CA, server certificates
 * (RSA and ECDSA for the same names, a wildcard, one with its key beside it in `.key`), client
 * certificates (signed by the CA, and one self-signed), a CRL revoking one client certificate, an
 * OCSP response for the RSA server certificate, and a tls-ticket-keys file.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TestPki {
  readonly dir: string;
  readonly ca: string;
  /** Combined cert+key PEMs (server side). */
  readonly rsa: string;
  readonly ecdsa: string;
  readonly wildcard: string;
  readonly other: string;
  /** A certificate whose key is in `<file>.key`. */
  readonly split: string;
  /** Client certificate and key files (curl --cert/--key), and combined PEMs. */
  readonly clientCrt: string;
  readonly clientKey: string;
  readonly client: string;
  readonly revokedCrt: string;
  readonly revokedKey: string;
  readonly selfCrt: string;
  readonly selfKey: string;
  /** Signed by the CA, valid in January 2020 only. */
  readonly expiredCrt: string;
  readonly expiredKey: string;
  /** Signed by another CA (`/CN=Other CA`), which the test CA does not know. */
  readonly strangerCrt: string;
  readonly strangerKey: string;
  readonly crl: string;
  readonly ticketKeys: string;
}

function ossl(dir: string, args: string[], input?: string): string {
  return execFileSync('openssl', args, { cwd: dir, stdio: ['pipe', 'pipe', 'pipe'], input, timeout: 20_000 }).toString();
}

function cat(dir: string, out: string, ...files: string[]): string {
  writeFileSync(join(dir, out), files.map((f) => readFileSync(join(dir, f), 'latin1')).join(''));
  return join(dir, out);
}

export function makePki(): TestPki {
  const dir = mkdtempSync(join(tmpdir(), 'switchyard-pki-'));
  const days = ['-days', '30'];
  ossl(dir, ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca.key', '-out', 'ca.crt', ...days, '-subj', '/C=FR/O=Test CA/CN=Switchyard Test CA']);
  writeFileSync(join(dir, 'ext-server'), 'basicConstraints=CA:FALSE\nsubjectAltName=@alt\n[alt]\nDNS.1=www.test\nDNS.2=rsa.test\n');
  writeFileSync(join(dir, 'ext-wild'), 'basicConstraints=CA:FALSE\nsubjectAltName=DNS:*.wild.test\n');
  writeFileSync(join(dir, 'ext-other'), 'basicConstraints=CA:FALSE\nsubjectAltName=DNS:other.test\n');
  writeFileSync(join(dir, 'ext-client'), 'basicConstraints=CA:FALSE\nextendedKeyUsage=clientAuth\n');
  const sign = (name: string, keyArgs: string[], subj: string, ext: string, serial: string): void => {
    ossl(dir, ['req', '-new', ...keyArgs, '-nodes', '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', subj]);
    ossl(dir, ['x509', '-req', '-in', `${name}.csr`, '-CA', 'ca.crt', '-CAkey', 'ca.key', '-set_serial', serial, '-out', `${name}.crt`, ...days, '-extfile', ext]);
  };
  sign('rsa', ['-newkey', 'rsa:2048'], '/O=Switchyard/CN=www.test', 'ext-server', '0x1001');
  sign('ecdsa', ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1'], '/O=Switchyard/CN=www.test', 'ext-server', '0x1002');
  sign('wild', ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1'], '/CN=*.wild.test', 'ext-wild', '0x1003');
  sign('other', ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1'], '/CN=other.test', 'ext-other', '0x1004');
  sign('client', ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1'], '/C=FR/O=Clients/CN=alice', 'ext-client', '0x2001');
  sign('revoked', ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1'], '/C=FR/O=Clients/CN=mallory', 'ext-client', '0x2002');
  ossl(dir, ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', 'self.key', '-out', 'self.crt', ...days, '-subj', '/CN=eve']);
  // Expired: `openssl ca` takes explicit dates. Stranger: issued by a CA of its own.
  writeFileSync(
    join(dir, 'exp.cnf'),
    `[ca]\ndefault_ca=d\n[d]\ndatabase=${join(dir, 'exp-index.txt')}\nnew_certs_dir=${dir}\nserial=${join(dir, 'exp-serial')}\n` +
      'default_md=sha256\npolicy=pol\nunique_subject=no\n[pol]\ncommonName=supplied\n[ext]\nbasicConstraints=CA:FALSE\nextendedKeyUsage=clientAuth\n',
  );
  writeFileSync(join(dir, 'exp-index.txt'), '');
  writeFileSync(join(dir, 'exp-serial'), '2003\n');
  ossl(dir, ['req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', 'expired.key', '-out', 'expired.csr', '-subj', '/C=FR/O=Clients/CN=oldtimer']);
  ossl(dir, ['ca', '-batch', '-config', 'exp.cnf', '-keyfile', 'ca.key', '-cert', 'ca.crt', '-in', 'expired.csr', '-out', 'expired.crt', '-preserveDN', '-startdate', '20200101000000Z', '-enddate', '20200201000000Z', '-extensions', 'ext', '-notext']);
  ossl(dir, ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', 'ca2.key', '-out', 'ca2.crt', ...days, '-subj', '/CN=Other CA']);
  ossl(dir, ['req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', 'stranger.key', '-out', 'stranger.csr', '-subj', '/CN=stranger']);
  ossl(dir, ['x509', '-req', '-in', 'stranger.csr', '-CA', 'ca2.crt', '-CAkey', 'ca2.key', '-set_serial', '0x4001', '-out', 'stranger.crt', ...days, '-extfile', 'ext-client']);
  const rsa = cat(dir, 'rsa.pem', 'rsa.crt', 'ca.crt', 'rsa.key');
  const ecdsa = cat(dir, 'ecdsa.pem', 'ecdsa.crt', 'ca.crt', 'ecdsa.key');
  const wildcard = cat(dir, 'wild.pem', 'wild.crt', 'wild.key');
  const other = cat(dir, 'other.pem', 'other.crt', 'other.key');
  const split = cat(dir, 'split.pem', 'other.crt');
  cat(dir, 'split.pem.key', 'other.key');
  const client = cat(dir, 'client.pem', 'client.crt', 'client.key');
  // CA database: a CRL revoking `revoked`, an OCSP response saying `rsa` is good.
  const exp = '301231235959Z';
  writeFileSync(
    join(dir, 'index.txt'),
    `V\t${exp}\t\t1001\tunknown\t/O=Switchyard/CN=www.test\nR\t${exp}\t250101000000Z\t2002\tunknown\t/C=FR/O=Clients/CN=mallory\n`,
  );
  writeFileSync(join(dir, 'crlnumber'), '01\n');
  writeFileSync(
    join(dir, 'ca.cnf'),
    `[ca]\ndefault_ca=d\n[d]\ndatabase=${join(dir, 'index.txt')}\ncrlnumber=${join(dir, 'crlnumber')}\ndefault_md=sha256\ndefault_crl_days=30\n`,
  );
  ossl(dir, ['ca', '-config', 'ca.cnf', '-gencrl', '-keyfile', 'ca.key', '-cert', 'ca.crt', '-out', 'ca.crl']);
  ossl(dir, ['ocsp', '-issuer', 'ca.crt', '-cert', 'rsa.crt', '-reqout', 'ocsp.req', '-no_nonce']);
  ossl(dir, ['ocsp', '-index', 'index.txt', '-rsigner', 'ca.crt', '-rkey', 'ca.key', '-CA', 'ca.crt', '-reqin', 'ocsp.req', '-respout', 'rsa.pem.ocsp', '-ndays', '1']);
  const ticketKeys = join(dir, 'tickets.keys');
  writeFileSync(ticketKeys, [1, 2, 3].map(() => randomBytes(48).toString('base64')).join('\n') + '\n');
  return {
    dir,
    ca: join(dir, 'ca.crt'),
    rsa,
    ecdsa,
    wildcard,
    other,
    split,
    clientCrt: join(dir, 'client.crt'),
    clientKey: join(dir, 'client.key'),
    client,
    revokedCrt: join(dir, 'revoked.crt'),
    revokedKey: join(dir, 'revoked.key'),
    selfCrt: join(dir, 'self.crt'),
    selfKey: join(dir, 'self.key'),
    expiredCrt: join(dir, 'expired.crt'),
    expiredKey: join(dir, 'expired.key'),
    strangerCrt: join(dir, 'stranger.crt'),
    strangerKey: join(dir, 'stranger.key'),
    crl: join(dir, 'ca.crl'),
    ticketKeys,
  };
}
