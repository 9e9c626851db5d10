/**
 * The TLS state the runtime API changes (HAProxy's ssl_ckch.c stores and transaction, and the
 * tls-ticket-keys references of ssl_sock.c): one certificate store per file the configuration
 * loaded (or `new ssl cert` created), at most one `set ssl cert` transaction, and one ticket-key
 * reference per `tls-ticket-keys` file with its three keys and the index of the encrypting one.
 */
import type { LoadedCert } from '../config/model/bind.js';
import type { TlsTerminator } from './tls-server.js';

/** One certificate file in memory; `cert` undefined: an empty store (`new ssl cert`). */
export interface CertStore {
  readonly path: string;
  cert: LoadedCert | undefined;
}

/** The ongoing `set ssl cert` transaction: what the payloads gave so far. */
export interface CertTransaction {
  readonly path: string;
  certs: string[];
  keyPem: string | undefined;
}

/** HAProxy's TLS_TICKETS_NO. */
export const TLS_TICKETS_NO = 3;

/** One `tls-ticket-keys` file: its keys and the binds that use it. */
export interface TicketRef {
  readonly id: number;
  readonly path: string;
  readonly keys: Buffer[];
  /** Index of the key that encrypts new tickets. */
  enc: number;
  readonly users: TlsTerminator[];
}

export class TlsRuntime {
  readonly stores = new Map<string, CertStore>();
  readonly tickets: TicketRef[] = [];
  transaction: CertTransaction | undefined;

  constructor(readonly terminators: readonly TlsTerminator[]) {
    for (const t of terminators) {
      for (const c of t.loadedCerts()) if (!this.stores.has(c.path)) this.stores.set(c.path, { path: c.path, cert: c });
      const f = t.ticketFile();
      if (!f) continue;
      let ref = this.tickets.find((r) => r.path === f.path);
      if (!ref) {
        // As loaded: the penultimate key encrypts.
        ref = { id: this.tickets.length, path: f.path, keys: f.keys.map((k) => Buffer.from(k)), enc: 1, users: [] };
        this.tickets.push(ref);
      }
      ref.users.push(t);
    }
  }

  /** How many certificate instances (bind line or crt-list line each) use `path`. */
  instances(path: string): number {
    let n = 0;
    for (const t of this.terminators) n += t.instancesOf(path);
    return n;
  }

  /** `#<id>` or the file name of a ticket-key reference. */
  ticketRef(ref: string): TicketRef | undefined {
    if (ref.startsWith('#')) {
      const id = Number(ref.slice(1));
      return this.tickets.find((r) => r.id === id);
    }
    return this.tickets.find((r) => r.path === ref);
  }

  /**
   * `set ssl tls-key`: the key takes the oldest slot and the next key starts encrypting, as
   * ssl_sock_update_tlskey_ref(). node:tls encrypts and decrypts with one key: the encrypting one.
   */
  rotateTicketKey(ref: TicketRef, key: Buffer): void {
    ref.keys[(ref.enc + 2) % TLS_TICKETS_NO] = key;
    ref.enc = (ref.enc + 1) % TLS_TICKETS_NO;
    for (const t of ref.users) t.setTicketKey(ref.keys[ref.enc]!);
  }

  /** The keys in HAProxy's `show tls-keys` order (the one before the encrypting key first). */
  orderedKeys(ref: TicketRef): Buffer[] {
    const out: Buffer[] = [];
    for (let i = 0; i < TLS_TICKETS_NO; i++) out.push(ref.keys[(ref.enc + 2 + i) % TLS_TICKETS_NO]!);
    return out;
  }
}
