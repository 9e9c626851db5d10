/** Global logging: `log` targets (shared parser with the proxies), `log-tag`, `log-send-hostname`. */
import { ConfigError } from '../../diagnostics.js';
import { noMoreThan } from '../args.js';
import { parseLogTarget } from '../log-target.js';
import { missing, type GlobalKeyword as K } from './types.js';

export const LOGGING_KEYWORDS: K[] = [
  {
    name: 'log',
    help: 'log <target> [len N] [format F] [sample R:S] <facility> [level [minlevel]]: a syslog target',
    status: 'supported',
    parse({ g }, args, ctx) {
      g.logs.push(parseLogTarget(args, ctx.st.place, { inGlobal: true }));
    },
  },
  {
    name: 'log-tag',
    help: 'log-tag <tag>: syslog tag (default: program name)',
    status: 'supported',
    parse({ g }, args) {
      noMoreThan(args, 1, 1);
      if (missing(args[1])) throw new ConfigError(`'log-tag' expects a tag for use in syslog.`);
      g.logTag = args[1];
    },
  },
  {
    name: 'log-send-hostname',
    help: 'log-send-hostname [<name>]: put a host name in syslog headers',
    status: 'supported',
    parse({ g }, args) {
      g.logSendHostname = missing(args[1]) ? true : args[1]!;
    },
  },
];
