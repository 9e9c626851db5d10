/**
 * Pattern files (`acl ... -f FILE`) and map files read once, at load time, and shared by every rule
 * that names them (HAProxy's pat_ref). Line rules are HAProxy's: a line starting with '#' is a
 * comment, leading blanks are skipped, empty lines ignored; in maps the key ends at the first blank
 * and the value is the rest of the line after blanks.
 */
import { readFileSync } from 'node:fs';
import { RulesError } from '../compile-env.js';

export class FileCache {
  private readonly patterns = new Map<string, string[]>();
  private readonly maps = new Map<string, Array<readonly [string, string]>>();

  private read(path: string, what: string): string {
    try {
      return readFileSync(path, 'latin1');
    } catch {
      throw new RulesError(`failed to open ${what} file <${path}>`);
    }
  }

  /** One pattern per line. */
  patternLines(path: string): string[] {
    let p = this.patterns.get(path);
    if (p) return p;
    p = [];
    for (const raw of this.read(path, 'pattern').split('\n')) {
      if (raw.startsWith('#')) continue;
      let i = 0;
      while (raw[i] === ' ' || raw[i] === '\t') i++;
      let end = i;
      while (end < raw.length && raw[end] !== '\r' && raw[end] !== '\n') end++;
      if (end > i) p.push(raw.slice(i, end));
    }
    this.patterns.set(path, p);
    return p;
  }

  /** Key and value per line. */
  mapEntries(path: string): Array<readonly [string, string]> {
    let m = this.maps.get(path);
    if (m) return m;
    m = [];
    for (const raw of this.read(path, 'map').split('\n')) {
      if (raw.startsWith('#')) continue;
      let i = 0;
      while (raw[i] === ' ' || raw[i] === '\t') i++;
      if (i >= raw.length || raw[i] === '\r') continue;
      const kb = i;
      while (i < raw.length && raw[i] !== ' ' && raw[i] !== '\t' && raw[i] !== '\r') i++;
      const key = raw.slice(kb, i);
      while (raw[i] === ' ' || raw[i] === '\t') i++;
      const vb = i;
      while (i < raw.length && raw[i] !== '\r') i++;
      m.push([key, raw.slice(vb, i)]);
    }
    this.maps.set(path, m);
    return m;
  }
}
