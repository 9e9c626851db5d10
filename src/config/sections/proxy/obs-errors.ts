/** `errorfile`, `errorfiles`, `errorloc`/`errorloc302`/`errorloc303`, `http-error`. */
import { accessSync, constants } from 'node:fs';
import { ConfigError } from '../../diagnostics.js';
import type { Keyword } from '../../keyword.js';
import type { ProxyModel } from '../../model/proxy.js';

type K = Keyword<ProxyModel>;

/** Status codes HAProxy 2.6 has an error message for (http_err_codes). */
export const ERROR_CODES: ReadonlySet<number> = new Set([
  200, 400, 401, 403, 404, 405, 407, 408, 410, 413, 425, 429, 500, 501, 502, 503, 504,
]);

function readable(file: string): boolean {
  try {
    accessSync(file, constants.R_OK);
    return true;
  } catch {
    return false;
  }
}

function code(kw: string, text: string): number {
  const n = Number.parseInt(text, 10);
  if (!ERROR_CODES.has(n)) throw new ConfigError(`${kw} : status code '${Number.isNaN(n) ? 0 : n}' not handled.`);
  return n;
}

const errorfile: K = {
  name: 'errorfile',
  help: 'errorfile <code> <file>',
  status: 'parsed-only',
  parse(p, args) {
    if (args[1] === undefined || args[2] === undefined)
      throw new ConfigError('errorfile : expects <status_code> and <file> as arguments.\n');
    const n = code('errorfile', args[1]);
    if (!readable(args[2])) throw new ConfigError(`errorfile : error opening file '${args[2]}'.`);
    p.errorfiles[n] = args[2];
  },
};

const errorfiles: K = {
  name: 'errorfiles',
  help: 'errorfiles <http-errors name> [<code> ...]',
  status: 'parsed-only',
  parse(p, args, ctx) {
    if (args[1] === undefined) throw new ConfigError('errorfiles : expects <name> as argument.');
    const codes = args.slice(2).map((c) => code('errorfiles', c));
    p.errorfilesFrom.push({ name: args[1], codes, place: ctx.st.place });
  },
};

function errorloc(name: 'errorloc' | 'errorloc302' | 'errorloc303'): K {
  return {
    name,
    help: `${name} <code> <url>`,
    status: 'parsed-only',
    parse(p, args) {
      if (args[1] === undefined || args[2] === undefined)
        throw new ConfigError(`${name} : expects <status_code> and <url> as arguments.\n`);
      const n = code(name, args[1]);
      p.errorloc[n] = { code: name === 'errorloc303' ? 303 : 302, url: args[2] };
    },
  };
}

const REPLY_KW = new Set(['content-type', 'errorfile', 'errorfiles', 'file', 'lf-file', 'string', 'lf-string', 'hdr', 'default-errorfiles']);

const httpError: K = {
  name: 'http-error',
  help: 'http-error status <code> [content-type <type>] [errorfile <file> | string <str> | lf-string <fmt> ...] [hdr <name> <fmt>]*',
  status: 'parsed-only',
  parse(p, args, ctx) {
    if (args[1] !== 'status' || args[2] === undefined)
      throw new ConfigError('http-error : expects at least a <status> as arguments.\n');
    const status = Number(args[2]);
    if (!ERROR_CODES.has(status)) throw new ConfigError(`http-error : Unexpected status code '${args[2]}'`);
    let ctype: string | undefined;
    let payload = false;
    for (let i = 3; i < args.length; i++) {
      const k = args[i]!;
      if (!REPLY_KW.has(k)) throw new ConfigError(`http-error : unknown keyword '${k}'.`);
      const v = args[i + 1];
      if (k === 'default-errorfiles') continue;
      if (v === undefined) throw new ConfigError(`http-error : '${k}' expects <${k === 'content-type' ? 'ctype' : k === 'hdr' ? 'name' : k.endsWith('string') ? 'str' : 'file'}> as argument`);
      if (k === 'content-type') ctype = v;
      else if (k === 'errorfile' || k === 'file' || k === 'lf-file') {
        if (!readable(v)) throw new ConfigError(`http-error : error opening file '${v}'.`);
        payload = true;
      } else if (k === 'string' || k === 'lf-string') {
        if (v !== '' && ctype === undefined)
          throw new ConfigError('http-error : a content type must be defined when non-empty payload is configured');
        payload = true;
      }
      i += k === 'hdr' ? 2 : 1;
    }
    if (ctype !== undefined && !payload)
      ctx.warn(`content-type '${ctype}' ignored by the http reply because neither errorfile nor payload defined.`);
    (p.httpErrorReplies ??= []).push({ place: ctx.st.place, status, args: args.slice(3) });
  },
};

export const ERROR_KEYWORDS: K[] = [
  errorfile,
  errorfiles,
  errorloc('errorloc'),
  errorloc('errorloc302'),
  errorloc('errorloc303'),
  httpError,
];
