/**
 * Runtime certificate and ticket-key commands (HAProxy 2.6 ssl_ckch.c and ssl_sock.c): `set ssl
 * cert <file> <payload>`, `commit ssl cert`, `abort ssl cert`, `new ssl cert`, `show ssl cert
 * [<file>]`, `set ssl tls-key <id|file> <key>`, `show tls-keys [id|*]`, with HAProxy's replies.
 * A commit rebuilds the contexts of every bind using the file: new handshakes get the new
 * certificate, connections already made keep theirs.
 */
import { X509Certificate, createPrivateKey } from 'node:crypto';
import { certDetail } from '../net/tls-certinfo.js';
import { certFromParts, parseCertPayload, TlsFileError } from '../net/tls-files.js';
import { TlsSetupError } from '../net/tls-server.js';
import type { TlsRuntime } from '../net/tls-runtime.js';
import { hasLevel, PERMISSION_DENIED, type CliCommand } from './cli.js';
import type { ApiContext } from './context.js';

function rt(api: ApiContext): TlsRuntime {
  return api.tls;
}

function setCert(path: string | undefined, payload: string | undefined, api: ApiContext): string {
  if (!path || payload === undefined) return "'set ssl cert expects a filename and a certificate as a payload\n";
  const t = rt(api);
  const tx = t.transaction;
  if (tx && tx.path !== path) {
    return `The ongoing transaction is about '${tx.path}' but you are trying to set '${path}'\nCan't update ${path}!\n`;
  }
  if (!tx && !t.stores.has(path)) {
    return `Can't replace a certificate which is not referenced by the configuration!\nCan't update ${path}!\n`;
  }
  let parsed;
  try {
    parsed = parseCertPayload(path, payload);
  } catch (e) {
    if (!(e instanceof TlsFileError)) throw e;
    return `${e.message}\nCan't load the payload\nCan't update ${path}!\n`;
  }
  if (tx) {
    tx.certs = parsed.certs;
    tx.keyPem = parsed.keyPem;
    return `Transaction updated for certificate ${path}!\n`;
  }
  t.transaction = { path, certs: parsed.certs, keyPem: parsed.keyPem };
  return `Transaction created for certificate ${path}!\n`;
}

function commitCert(path: string | undefined, api: ApiContext): string {
  if (!path) return "'commit ssl cert expects a filename\n";
  const t = rt(api);
  const tx = t.transaction;
  const fail = (why: string): string => `${why}Can't commit ${path}!\n`;
  if (!tx) return fail('No ongoing transaction! !\n');
  if (tx.path !== path) return fail(`The ongoing transaction is about '${tx.path}' but you are trying to set '${path}'\n`);
  if (tx.keyPem === undefined) return fail('The transaction must contain at least a certificate and a private key!\n');
  if (!new X509Certificate(tx.certs[0]!).checkPrivateKey(createPrivateKey(tx.keyPem))) {
    return fail(`inconsistencies between private key and certificate loaded '${path}'.\n`);
  }
  const cert = certFromParts(path, tx.certs, tx.keyPem);
  let out = `Committing ${path}`;
  const done: Array<{ undo: () => void }> = [];
  for (const term of t.terminators) {
    const n = term.instancesOf(path);
    if (n === 0) continue;
    const before = term.loadedCerts().find((c) => c.path === path)!;
    try {
      term.replaceCert(path, cert);
    } catch (e) {
      if (!(e instanceof TlsSetupError)) throw e;
      for (const d of done) d.undo();
      return `${out}\n${e.message}\nFailed!\n`;
    }
    done.push({ undo: () => term.replaceCert(path, before) });
    out += '.'.repeat(n);
  }
  const store = t.stores.get(path);
  if (store) store.cert = cert;
  t.transaction = undefined;
  return `${out}\nSuccess!\n`;
}

function abortCert(path: string | undefined, api: ApiContext): string {
  if (!path) return "'abort ssl cert' expects a filename\n";
  const t = rt(api);
  const tx = t.transaction;
  if (!tx) return 'No ongoing transaction!\n';
  if (tx.path !== path) return `The ongoing transaction is about '${tx.path}' but you are trying to abort a transaction for '${path}'\n`;
  t.transaction = undefined;
  return `Transaction aborted for certificate '${path}'!\n`;
}

function newCert(path: string | undefined, api: ApiContext): string {
  if (!path) return "'new ssl cert' expects a filename\n";
  const t = rt(api);
  if (t.stores.has(path)) return `Certificate '${path}' already exists!\n`;
  t.stores.set(path, { path, cert: undefined });
  return `New empty certificate store '${path}'!\n`;
}

function showCert(name: string | undefined, api: ApiContext): string {
  const t = rt(api);
  if (!name) {
    let out = '';
    if (t.transaction) out += `# transaction\n*${t.transaction.path}\n`;
    out += '# filename\n';
    for (const p of [...t.stores.keys()].sort()) out += `${p}\n`;
    return out;
  }
  const notFound = "Can't display the certificate: Not found or the certificate is a bundle!\n";
  if (name.startsWith('*')) {
    const tx = t.transaction;
    if (!tx || tx.path !== name.slice(1)) return notFound;
    return certDetail(name, 'Unused', tx.certs.join('\n'), false);
  }
  const s = t.stores.get(name);
  if (!s) return notFound;
  if (!s.cert) return certDetail(name, 'Empty', undefined, false);
  return certDetail(name, t.instances(name) > 0 ? 'Used' : 'Unused', s.cert.certPem, s.cert.ocsp !== undefined);
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

function setTlsKey(ref: string | undefined, key: string | undefined, api: ApiContext): string {
  if (!ref || !key) return "'set ssl tls-key' expects a filename and the new TLS key in base64 encoding.\n";
  const t = rt(api);
  const r = t.ticketRef(ref);
  if (!r) return "'set ssl tls-key' unable to locate referenced filename\n";
  if (!BASE64.test(key)) return "'set ssl tls-key' received invalid base64 encoded TLS key.\n";
  const k = Buffer.from(key, 'base64');
  if (k.length !== r.keys[0]!.length) return "'set ssl tls-key' received a key of wrong size.\n";
  t.rotateTicketKey(r, k);
  return 'TLS ticket key updated!\n';
}

function showTlsKeys(ref: string | undefined, api: ApiContext): string {
  const t = rt(api);
  if (!ref) return '# id (file)\n' + t.tickets.map((r) => `${r.id} (${r.path})\n`).join('');
  const refs = ref === '*' ? t.tickets : [t.ticketRef(ref)];
  if (refs.some((r) => r === undefined)) return "'show tls-keys' unable to locate referenced filename\n";
  let out = '# id secret\n';
  for (const r of refs) {
    if (!r) continue;
    out += `# ${r.id} (${r.path})\n`;
    t.orderedKeys(r).forEach((k, i) => (out += `${r.id}.${i} ${k.toString('base64')}\n`));
  }
  return out;
}

export const SSL_COMMANDS: CliCommand[] = [
  {
    words: ['set', 'ssl', 'cert'],
    run: (a, conn, api, payload) => (hasLevel(conn, 'admin') ? setCert(a[3], payload, api) : PERMISSION_DENIED),
  },
  { words: ['commit', 'ssl', 'cert'], run: (a, conn, api) => (hasLevel(conn, 'admin') ? commitCert(a[3], api) : PERMISSION_DENIED) },
  { words: ['abort', 'ssl', 'cert'], run: (a, conn, api) => (hasLevel(conn, 'admin') ? abortCert(a[3], api) : PERMISSION_DENIED) },
  { words: ['new', 'ssl', 'cert'], run: (a, conn, api) => (hasLevel(conn, 'admin') ? newCert(a[3], api) : PERMISSION_DENIED) },
  // At level user HAProxy 2.6 refuses without its permission message.
  { words: ['show', 'ssl', 'cert'], run: (a, conn, api) => (hasLevel(conn, 'operator') ? showCert(a[3], api) : "Can't allocate memory!\n") },
  { words: ['set', 'ssl', 'tls-key'], run: (a, _conn, api) => setTlsKey(a[3], a[4], api) },
  { words: ['show', 'tls-keys'], run: (a, _conn, api) => showTlsKeys(a[2], api) },
];
