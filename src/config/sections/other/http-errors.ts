/** `http-errors NAME` with `errorfile <code> <file>` lines, referenced by `errorfiles NAME` in proxies. */
import { readFileSync } from 'node:fs';
import { ConfigError } from '../../diagnostics.js';
import { KeywordTable, type Keyword } from '../../keyword.js';
import type { HttpErrorsModel } from '../../model/sections.js';
import type { SectionHandler } from '../../section.js';
import { alertTight } from './common.js';

type K = Keyword<HttpErrorsModel>;

/** Status codes HAProxy 2.6 has an error message slot for. */
export const ERRORFILE_CODES = [200, 400, 401, 403, 404, 405, 407, 408, 410, 413, 421, 422, 425, 429, 500, 501, 502, 503, 504];

const keywords: K[] = [
  {
    name: 'errorfile',
    help: 'errorfile <code> <file>: raw HTTP response returned for this status',
    status: 'parsed-only',
    parse(h, args, ctx) {
      if (!args[1] || !args[2]) throw new ConfigError(`errorfile: expects <status_code> and <file> as arguments.`);
      const code = Number.parseInt(args[1], 10);
      if (!ERRORFILE_CODES.includes(code)) throw new ConfigError(`errorfile : status code '${args[1]}' not handled.`);
      let text: string;
      try {
        text = readFileSync(args[2], 'latin1');
      } catch {
        throw new ConfigError(`errorfile : error opening file '${args[2]}'.`);
      }
      if (!/^HTTP\/\d\.\d \d{3}/.test(text))
        throw new ConfigError(`errorfile : '${args[2]}': unable to parse headers (error offset: 0)`);
      h.errorfiles[code] = { file: args[2], place: ctx.st.place };
    },
  },
];

export const httpErrorsSection: SectionHandler<HttpErrorsModel> = {
  kind: 'http-errors',
  table: new KeywordTable<HttpErrorsModel>('http-errors', keywords),
  help: 'named sets of error pages',
  begin(st, b, ctx) {
    const name = st.args[1];
    if (!name) throw new ConfigError('missing name for http-errors section.');
    const h: HttpErrorsModel = { name, place: st.place, errorfiles: {} };
    const prev = b.config.httpErrors.find((x) => x.name === name);
    if (prev) alertTight(ctx, `http-errors section '${name}' already exists (declared at ${prev.place.file}:${prev.place.line}).`);
    else b.config.httpErrors.push(h);
    return h;
  },
};
