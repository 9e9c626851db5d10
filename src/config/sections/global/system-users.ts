/**
 * getpwnam()/getgrnam() for `user`, `group`, `unix-bind user|group` and `stats socket user|group`:
 * names are looked up in /etc/passwd and /etc/group, as the C library does on a plain system.
 */
import { readFileSync } from 'node:fs';

function lookup(file: string, name: string): number | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  for (const line of text.split('\n')) {
    const f = line.split(':');
    if (f[0] === name && f.length >= 3 && /^\d+$/.test(f[2]!)) return Number(f[2]);
  }
  return undefined;
}

/** The uid of a user name, or undefined. */
export function userId(name: string): number | undefined {
  return name === '' ? undefined : lookup('/etc/passwd', name);
}

/** The gid of a group name, or undefined. */
export function groupId(name: string): number | undefined {
  return name === '' ? undefined : lookup('/etc/group', name);
}
