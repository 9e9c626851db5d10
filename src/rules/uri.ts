/**
 * Parts of a request target as HAProxy's fetches see them: `path` (without the query), `query`
 * (after '?'), and the authority of an absolute-form target. Positions are computed once per target.
 */

/** Where the path starts in `target`, or -1 when there is none (authority-form, '*'). */
export function pathStart(target: string): number {
  if (target.charCodeAt(0) === 47 /* / */) return 0;
  const scheme = target.indexOf('://');
  if (scheme < 0) return -1;
  const slash = target.indexOf('/', scheme + 3);
  return slash < 0 ? target.length : slash;
}

/** The authority (host[:port]) of an absolute-form target, or '' for origin-form. */
export function targetAuthority(target: string): string {
  if (target.charCodeAt(0) === 47) return '';
  const scheme = target.indexOf('://');
  if (scheme < 0) return '';
  const start = scheme + 3;
  let end = start;
  while (end < target.length) {
    const c = target.charCodeAt(end);
    if (c === 47 || c === 63 || c === 35) break;
    end++;
  }
  return target.slice(start, end);
}

/** `url_param`: the value of parameter `name` in `query` (first occurrence), '' name: first parameter. */
export function queryParam(query: string, name: string, delim: string | undefined, all?: string[]): string | undefined {
  let i = 0;
  const n = query.length;
  while (i <= n) {
    let end = i;
    while (end < n) {
      const c = query[end];
      if (c === '&' || c === ';' || (delim !== undefined && c === delim)) break;
      end++;
    }
    const eq = query.indexOf('=', i);
    if (eq >= 0 && eq < end) {
      const k = query.slice(i, eq);
      if (name === '' || k === name) {
        const v = query.slice(eq + 1, end);
        if (!all) return v;
        all.push(v);
      }
    }
    i = end + 1;
  }
  return undefined;
}
