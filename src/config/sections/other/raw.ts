/**
 * Sections kept as written (ring, mailers, program, log-forward): every line is stored in a
 * RawSectionModel; only the header is checked. Their run-time behaviour arrives later.
 */
import { ConfigError } from '../../diagnostics.js';
import { KeywordTable, type Keyword } from '../../keyword.js';
import type { RawSectionModel } from '../../model/sections.js';
import type { SectionHandler } from '../../section.js';

function rawSection(kind: string, help: string, keywords: string[]): SectionHandler<RawSectionModel> {
  const table = new KeywordTable<RawSectionModel>(
    kind,
    keywords.map(
      (name): Keyword<RawSectionModel> => ({
        name,
        help: `${kind} ${name}`,
        status: 'parsed-only',
        parse(s, args, ctx) {
          s.lines.push({ args: [...args], place: ctx.st.place });
        },
      }),
    ),
  );
  return {
    kind,
    table,
    help,
    begin(st, b) {
      const name = st.args[1];
      if (!name) throw new ConfigError(`missing name for ${kind} section.`);
      const s: RawSectionModel = { kind, name, place: st.place, lines: [] };
      b.config.rawSections.push(s);
      return s;
    },
  };
}

export const ringSection = rawSection('ring', 'in-memory ring buffer for logs and traces', [
  'description', 'format', 'maxlen', 'size', 'timeout', 'server', 'backing-file',
]);
export const mailersSection = rawSection('mailers', 'SMTP servers for email alerts', ['mailer', 'timeout']);
export const programSection = rawSection('program', 'external program run by the master process', [
  'command', 'user', 'group', 'option',
]);
export const logForwardSection = rawSection('log-forward', 'syslog forwarding', [
  'bind', 'dgram-bind', 'log', 'maxconn', 'backlog', 'timeout',
]);
