/**
 * TLS files as HAProxy reads them (ssl_ckch.c, ssl_crtlist.c): a certificate PEM with its chain and
 * key (or the key beside it in `<file>.key`), the `.ocsp` response next to it, directories of
 * certificates, `crt-list` files, CA / CRL files and `tls-ticket-keys` files. Errors are thrown as
 * TlsFileError with HAProxy's wording; nothing here opens a socket.
 */
import { X509Certificate, createPrivateKey } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import type { CrtListOptions, LoadedCert } from '../config/model/bind.js';

export class TlsFileError extends Error {}

/** What the global section says about where files are and which extra files to read. */
export interface TlsFileEnv {
  readonly crtBase?: string;
  readonly caBase?: string;
  /** ssl-load-extra-files (default `all`). */
  readonly extraFiles?: readonly string[];
  readonly delExt?: boolean;
}

const PEM_CERT = /-----BEGIN (?:TRUSTED )?CERTIFICATE-----[\s\S]+?-----END (?:TRUSTED )?CERTIFICATE-----/g;
const PEM_KEY = /-----BEGIN ((?:RSA |EC |ENCRYPTED )?PRIVATE KEY)-----[\s\S]+?-----END \1-----/;
const PEM_CRL = /-----BEGIN X509 CRL-----[\s\S]+?-----END X509 CRL-----/g;
/** Files a `crt <dir>` skips: they belong to a certificate (HAProxy's ignored extensions). */
const SIDE_FILES = new Set(['.key', '.ocsp', '.issuer', '.sctl']);

export function withBase(base: string | undefined, path: string): string {
  if (!base || path.startsWith('/')) return path;
  return `${base.replace(/\/+$/, '')}/${path}`;
}

function errText(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  switch (code) {
    case 'ENOENT':
      return 'No such file or directory';
    case 'EACCES':
      return 'Permission denied';
    case 'EISDIR':
      return 'Is a directory';
    default:
      return e instanceof Error ? e.message : String(e);
  }
}

function wantsExtra(env: TlsFileEnv, kind: string): boolean {
  const x = env.extraFiles;
  if (!x || x.length === 0) return true;
  if (x.includes('none')) return false;
  return x.includes('all') || x.includes(kind);
}

/**
 * `crt <path>`: one file, or every certificate file of a directory (alphabetical order, side files
 * skipped). The first certificate of a bind line is its default one.
 */
export function loadCrtArg(path: string, env: TlsFileEnv): LoadedCert[] {
  const full = withBase(env.crtBase, path);
  let st;
  try {
    st = statSync(full);
  } catch (e) {
    throw new TlsFileError(`unable to stat SSL certificate from file '${full}' : ${errText(e)}.`);
  }
  if (!st.isDirectory()) return [loadCertFile(full, env)];
  const out: LoadedCert[] = [];
  const names = readdirSync(full).sort();
  for (const n of names) {
    if (n.startsWith('.') || SIDE_FILES.has(extname(n))) continue;
    const p = join(full, n);
    try {
      if (!statSync(p).isFile()) continue;
    } catch {
      continue;
    }
    out.push(loadCertFile(p, env));
  }
  return out;
}

/** One certificate file: the leaf, its chain, its key (here or in `.key`), its `.ocsp` response. */
export function loadCertFile(path: string, env: TlsFileEnv): LoadedCert {
  let text: string;
  try {
    text = readFileSync(path, 'latin1');
  } catch (e) {
    throw new TlsFileError(`unable to stat SSL certificate from file '${path}' : ${errText(e)}.`);
  }
  return loadCertText(path, text, env);
}

/**
 * A certificate PEM's text as if read from `path`: without a key in the text, the key is read
 * from `<path>.key` (unless ssl-load-extra-files says otherwise).
 */
export function loadCertText(path: string, text: string, env: TlsFileEnv): LoadedCert {
  const certs = text.match(PEM_CERT) ?? [];
  if (certs.length === 0) throw new TlsFileError(`unable to load certificate from file '${path}'.`);
  let leaf: X509Certificate;
  try {
    leaf = new X509Certificate(certs[0]!);
  } catch {
    throw new TlsFileError(`unable to load certificate from file '${path}'.`);
  }
  let keyPem = PEM_KEY.exec(text)?.[0];
  const stem = env.delExt && extname(path) !== '' ? path.slice(0, -extname(path).length) : path;
  if (keyPem === undefined) {
    const keyPath = `${stem}.key`;
    let kt = '';
    if (wantsExtra(env, 'key')) {
      try {
        kt = readFileSync(keyPath, 'latin1');
      } catch {
        /* reported below */
      }
    }
    keyPem = PEM_KEY.exec(kt)?.[0];
    if (keyPem === undefined) throw new TlsFileError(`No Private Key found in '${keyPath}'.`);
  }
  let keyType: string;
  try {
    const k = createPrivateKey(keyPem);
    keyType = k.asymmetricKeyType ?? 'unknown';
  } catch {
    throw new TlsFileError(`unable to load SSL private key from PEM file '${path}'.`);
  }
  if (!leaf.checkPrivateKey(createPrivateKey(keyPem))) {
    throw new TlsFileError(`inconsistencies between private key and certificate loaded '${path}'.`);
  }
  let ocsp: Buffer | undefined;
  if (wantsExtra(env, 'ocsp')) {
    try {
      ocsp = readFileSync(`${stem}.ocsp`);
    } catch {
      ocsp = undefined;
    }
    if (ocsp !== undefined && ocsp.length === 0) ocsp = undefined;
  }
  return {
    path,
    certPem: certs.join('\n') + '\n',
    keyPem,
    keyType,
    names: certNames(leaf),
    ...(ocsp ? { ocsp } : {}),
  };
}

/**
 * A runtime `set ssl cert` payload (HAProxy's ssl_sock_load_pem_into_ckch): certificates, the
 * first one the leaf, and a key if the PEM has one. Throws TlsFileError as for a file.
 */
export function parseCertPayload(path: string, text: string): { certs: string[]; keyPem: string | undefined } {
  const certs = text.match(PEM_CERT) ?? [];
  try {
    if (certs.length === 0) throw new Error('none');
    for (const c of certs) new X509Certificate(c);
  } catch {
    throw new TlsFileError(`unable to load certificate from file '${path}'.`);
  }
  const keyPem = PEM_KEY.exec(text)?.[0];
  if (keyPem !== undefined) {
    try {
      createPrivateKey(keyPem);
    } catch {
      throw new TlsFileError(`unable to load SSL private key from PEM file '${path}'.`);
    }
  }
  return { certs, keyPem };
}

/** A LoadedCert from checked parts (a committed `set ssl cert` transaction); no OCSP response. */
export function certFromParts(path: string, certs: readonly string[], keyPem: string): LoadedCert {
  const leaf = new X509Certificate(certs[0]!);
  return {
    path,
    certPem: certs.join('\n') + '\n',
    keyPem,
    keyType: createPrivateKey(keyPem).asymmetricKeyType ?? 'unknown',
    names: certNames(leaf),
  };
}

/** The names a certificate answers for: its DNS subjectAltNames and its CNs, lower case. */
export function certNames(x: X509Certificate): string[] {
  const out: string[] = [];
  const san = x.subjectAltName;
  if (san) {
    for (const part of san.split(/,\s*/)) if (part.startsWith('DNS:')) out.push(part.slice(4).toLowerCase());
  }
  for (const line of x.subject.split('\n')) if (line.startsWith('CN=')) out.push(line.slice(3).toLowerCase());
  return [...new Set(out)];
}

/** `ca-file`: PEM certificates (for client or server verification). */
export function loadCaFile(path: string, env: TlsFileEnv, kw = 'ca-file'): string {
  const full = withBase(env.caBase, path);
  let text: string;
  try {
    text = readFileSync(full, 'latin1');
  } catch (e) {
    throw new TlsFileError(`Couldn't open the ${kw} '${full}' (${errText(e)}).\n'${kw}' : unable to load ${full}`);
  }
  const certs = text.match(PEM_CERT);
  if (!certs) throw new TlsFileError(`'${kw}' : unable to load ${full}`);
  return certs.join('\n') + '\n';
}

/** `crl-file`: PEM revocation lists. */
export function loadCrlFile(path: string, env: TlsFileEnv): string {
  const full = withBase(env.caBase, path);
  let text: string;
  try {
    text = readFileSync(full, 'latin1');
  } catch (e) {
    throw new TlsFileError(`Couldn't open the crl-file '${full}' (${errText(e)}).\n'crl-file' : unable to load ${full}`);
  }
  const crls = text.match(PEM_CRL);
  if (!crls) throw new TlsFileError(`'crl-file' : unable to load ${full}`);
  return crls.join('\n') + '\n';
}

/**
 * `tls-ticket-keys <file>`: base64 keys of 48 (AES-128) or 80 (AES-256) bytes, one a line. As
 * HAProxy (TLS_TICKETS_NO = 3), the last three are the live ones and the penultimate encrypts.
 */
export function loadTicketKeys(path: string): Buffer[] {
  let text: string;
  try {
    text = readFileSync(path, 'latin1');
  } catch {
    throw new TlsFileError(`'${path}' : unable to load ssl tickets keys file`);
  }
  return parseTicketKeys(text, path);
}

export function parseTicketKeys(text: string, path: string): Buffer[] {
  const keys: Buffer[] = [];
  let size = 0;
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const k = Buffer.from(line, 'base64');
    if ((k.length !== 48 && k.length !== 80) || (size !== 0 && k.length !== size))
      throw new TlsFileError(`'${path}' : wrong sized key on line ${keys.length + 1}`);
    size = k.length;
    keys.push(k);
  }
  if (keys.length < 3) throw new TlsFileError(`'${path}' : please supply at least 3 keys in the tls-tickets-file`);
  return keys.slice(-3);
}

/**
 * The 48-byte key node:tls takes (16 name, 16 HMAC secret, 16 AES key) for a HAProxy key: an
 * 80-byte AES-256 key keeps its name and the first half of each secret. Tickets only travel
 * between this process's listeners, so the derivation only needs to be stable.
 */
export function nodeTicketKey(k: Buffer): Buffer {
  if (k.length === 48) return k;
  return Buffer.concat([k.subarray(0, 16), k.subarray(16, 32), k.subarray(48, 64)]);
}

/** One line of a crt-list: `<crtfile> [\[<sslbindconf> ...\]] [[!]<snifilter> ...]`. */
export interface CrtListLine {
  readonly file: string;
  readonly options: CrtListOptions;
  readonly filters: string[];
  readonly line: number;
}

/** Options a crt-list line may carry between brackets (HAProxy's ssl_bind_kws). */
const LINE_OPTS: Record<string, number> = {
  alpn: 1, 'ca-file': 1, ciphers: 1, ciphersuites: 1, 'crl-file': 1, curves: 1, ecdhe: 1, 'no-ca-names': 0,
  npn: 1, verify: 1, 'ssl-min-ver': 1, 'ssl-max-ver': 1, 'allow-0rtt': 0, 'ocsp-update': 1,
};

export function parseCrtList(path: string, env: TlsFileEnv): CrtListLine[] {
  let text: string;
  try {
    text = readFileSync(path, 'latin1');
  } catch (e) {
    throw new TlsFileError(`'crt-list' : cannot open file '${path}' : ${errText(e)}`);
  }
  const out: CrtListLine[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const ln = i + 1;
    const s = lines[i]!.replace(/\r$/, '');
    const words = splitWords(s);
    if (words.length === 0) continue;
    const file = withBase(env.crtBase, words[0]!);
    const options: CrtListOptions = {};
    const filters: string[] = [];
    let j = 1;
    if (words[j] === '[' || words[j]?.startsWith('[')) {
      const inner: string[] = [];
      let first = words[j]!.slice(1);
      j++;
      let closed = false;
      const take = (w: string): void => {
        if (w.endsWith(']')) {
          closed = true;
          w = w.slice(0, -1);
        }
        if (w !== '') inner.push(w);
      };
      if (first !== '') take(first);
      while (!closed && j < words.length) take(words[j++]!);
      if (!closed) throw new TlsFileError(`parsing [${path}:${ln}]: missing ']' in crt-list line`);
      for (let k = 0; k < inner.length; k++) {
        const kw = inner[k]!;
        const n = LINE_OPTS[kw];
        if (n === undefined) throw new TlsFileError(`parsing [${path}:${ln}]: unknown ssl keyword ${kw}`);
        const v = inner[k + 1];
        if (n === 1 && v === undefined) throw new TlsFileError(`parsing [${path}:${ln}]: ssl keyword '${kw}' : missing value`);
        applyLineOption(options, kw, v ?? '', env, path, ln);
        k += n;
      }
    }
    for (; j < words.length; j++) filters.push(words[j]!.toLowerCase());
    out.push({ file, options, filters, line: ln });
  }
  return out;
}

function applyLineOption(o: CrtListOptions, kw: string, v: string, env: TlsFileEnv, path: string, ln: number): void {
  switch (kw) {
    case 'alpn':
      o.alpn = v.split(',').filter((x) => x !== '');
      return;
    case 'ca-file':
      o.caPem = loadCaFile(v, env);
      return;
    case 'crl-file':
      o.crlPem = loadCrlFile(v, env);
      return;
    case 'ciphers':
      o.ciphers = v;
      return;
    case 'ciphersuites':
      o.ciphersuites = v;
      return;
    case 'curves':
    case 'ecdhe':
      o.curves = v;
      return;
    case 'verify':
      if (v !== 'none' && v !== 'optional' && v !== 'required')
        throw new TlsFileError(`parsing [${path}:${ln}]: verify: unknown verify method '${v}'`);
      o.verify = v;
      return;
    case 'ssl-min-ver':
      o.sslMinVer = v;
      return;
    case 'ssl-max-ver':
      o.sslMaxVer = v;
      return;
    default:
      return;
  }
}

/** Words of a crt-list line: blanks separate, `#` starts a comment, `\` escapes. */
function splitWords(s: string): string[] {
  const out: string[] = [];
  let cur = '';
  let inWord = false;
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c === '#' && !inWord) break;
    if (c === '\\' && i + 1 < s.length) {
      cur += s[++i];
      inWord = true;
      continue;
    }
    if (c === ' ' || c === '\t') {
      if (inWord) out.push(cur);
      cur = '';
      inWord = false;
      continue;
    }
    cur += c;
    inWord = true;
  }
  if (inWord) out.push(cur);
  return out;
}

/** `crt-list <file>`: each line's certificate(s) with its options and SNI filters. */
export function loadCrtList(path: string, env: TlsFileEnv): LoadedCert[] {
  const full = withBase(env.crtBase, path);
  const out: LoadedCert[] = [];
  for (const l of parseCrtList(full, env)) {
    for (const c of loadCrtArg(l.file, { ...env, crtBase: undefined })) {
      out.push({ ...c, options: l.options, filters: l.filters });
    }
  }
  return out;
}

export function fileLabel(p: string): string {
  return basename(p);
}
