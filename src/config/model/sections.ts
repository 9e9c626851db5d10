import type { Place } from '../diagnostics.js';

/** `userlist NAME` with `group` and `user` lines. */
export interface UserlistModel {
  readonly name: string;
  readonly place: Place;
  groups: Array<{ name: string; users: string[]; place: Place }>;
  users: Array<{
    name: string;
    password: string;
    /** true for `password` (crypt(3) hash), false for `insecure-password`. */
    hashed: boolean;
    groups: string[];
    place: Place;
  }>;
}

/** `resolvers NAME`. */
export interface ResolversModel {
  readonly name: string;
  readonly place: Place;
  nameservers: Array<{ name: string; address: string; place: Place }>;
  parseResolvConf?: boolean;
  acceptedPayloadSize?: number;
  resolveRetries?: number;
  timeouts: Record<string, number>;
  hold: Record<string, number>;
  other: Record<string, string[][]>;
}

/** `peers NAME`. */
export interface PeersModel {
  readonly name: string;
  readonly place: Place;
  peers: Array<{ name: string; address: string; place: Place }>;
  servers: Array<{ name: string; address?: string; place: Place }>;
  binds: Array<{ address: string; place: Place; options: string[] }>;
  tables: Array<{ name: string; args: string[]; place: Place }>;
  disabled?: boolean;
  other: Record<string, string[][]>;
}

/** `cache NAME`. */
export interface CacheModel {
  readonly name: string;
  readonly place: Place;
  totalMaxSize?: number;
  maxObjectSize?: number;
  maxAge?: number;
  maxSecondaryEntries?: number;
  processVary?: boolean;
}

/** `http-errors NAME` with `errorfile CODE FILE` lines. */
export interface HttpErrorsModel {
  readonly name: string;
  readonly place: Place;
  errorfiles: Record<number, { file: string; place: Place }>;
}

/** Sections Switchyard parses but whose content it keeps as written (ring, mailers, program, log-forward). */
export interface RawSectionModel {
  readonly kind: string;
  readonly name: string;
  readonly place: Place;
  lines: Array<{ args: string[]; place: Place }>;
}
