/**
 * Userlists for `http_auth(L)`, `http_auth_group(L)` and `http-request auth`: users with clear
 * (`insecure-password`) or crypt(3) passwords and their groups (from `group ... users` and
 * `user ... groups`). A verified hashed password is remembered, so crypt runs once per credential.
 */
import type { UserlistModel } from '../config/model/sections.js';
import { cryptMatches } from './crypt.js';

interface User {
  readonly password: string;
  readonly hashed: boolean;
  readonly groups: Set<string>;
}

/** Verified credentials kept per userlist (bounded). */
const MAX_CACHE = 1024;

export class Userlist {
  private readonly users = new Map<string, User>();
  private readonly ok = new Map<string, boolean>();

  constructor(readonly name: string, m: UserlistModel) {
    for (const u of m.users) this.users.set(u.name, { password: u.password, hashed: u.hashed, groups: new Set(u.groups) });
    for (const g of m.groups) for (const un of g.users) this.users.get(un)?.groups.add(g.name);
  }

  check(user: string, pass: string): boolean {
    const u = this.users.get(user);
    if (!u) return false;
    if (!u.hashed) return u.password === pass;
    const key = `${user}\0${pass}`;
    const known = this.ok.get(key);
    if (known !== undefined) return known;
    const r = cryptMatches(pass, u.password);
    if (this.ok.size >= MAX_CACHE) this.ok.clear();
    this.ok.set(key, r);
    return r;
  }

  groupsOf(user: string): string[] {
    return [...(this.users.get(user)?.groups ?? [])];
  }
}

export class Userlists {
  private readonly lists = new Map<string, Userlist>();

  constructor(models: readonly UserlistModel[]) {
    for (const m of models) this.lists.set(m.name, new Userlist(m.name, m));
  }

  get(name: string): Userlist | undefined {
    return this.lists.get(name);
  }
}
