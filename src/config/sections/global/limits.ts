/** Global connection, rate and resource limits, and health-check spreading. */
import { ConfigError } from '../../diagnostics.js';
import type { GlobalModel } from '../../model/global.js';
import { parseTime, UnitError } from '../../units.js';
import { noMoreThan } from '../args.js';
import { alertContinue, alertTight, alertTightContinue } from './emit.js';
import { atol, missing, type GlobalKeyword as K } from './types.js';

type NumField =
  | 'maxconn'
  | 'maxconnrate'
  | 'maxsessrate'
  | 'maxsslrate'
  | 'maxpipes'
  | 'maxcomprate'
  | 'maxzlibmem'
  | 'maxsslconn'
  | 'maxcompcpuusage'
  | 'ulimitN'
  | 'fdHardLimit';

interface LimitSpec {
  name: string;
  field: NumField;
  help: string;
  status: K['status'];
  /** Message after the keyword when the argument is missing. */
  missingText: string;
  /** A second occurrence: "already specified. Continuing." */
  once?: boolean;
  check?: (n: number) => string | undefined;
}

const LIMITS: LimitSpec[] = [
  { name: 'maxconn', field: 'maxconn', help: 'maximum concurrent connections for the process', status: 'supported', missingText: 'expects an integer argument.', once: true },
  { name: 'maxconnrate', field: 'maxconnrate', help: 'maximum new connections per second', status: 'parsed-only', missingText: 'expects an integer argument.', once: true },
  { name: 'maxsessrate', field: 'maxsessrate', help: 'maximum new sessions per second', status: 'parsed-only', missingText: 'expects an integer argument.', once: true },
  { name: 'maxsslrate', field: 'maxsslrate', help: 'maximum TLS handshakes per second', status: 'parsed-only', missingText: 'expects an integer argument.', once: true },
  { name: 'maxpipes', field: 'maxpipes', help: 'maximum kernel pipes for splicing', status: 'ignored', missingText: 'expects an integer argument.', once: true },
  { name: 'maxcomprate', field: 'maxcomprate', help: 'maximum compression input rate in kB/s', status: 'parsed-only', missingText: 'expects an integer argument in kb/s.' },
  { name: 'maxzlibmem', field: 'maxzlibmem', help: 'maximum memory for compression, in MB', status: 'parsed-only', missingText: 'expects an integer argument.' },
  {
    name: 'maxsslconn', field: 'maxsslconn', help: 'maximum concurrent TLS connections', status: 'parsed-only', missingText: 'expects an integer argument.',
    check: (n) => (n < 0 ? 'expects a positive numeric value.' : undefined),
  },
  {
    name: 'maxcompcpuusage', field: 'maxcompcpuusage', help: 'CPU usage above which compression stops (percent)', status: 'parsed-only',
    missingText: 'expects an integer argument between 0 and 100.',
    check: (n) => (n < 0 || n > 100 ? 'expects an integer argument between 0 and 100.' : undefined),
  },
  { name: 'ulimit-n', field: 'ulimitN', help: 'maximum file descriptors per process', status: 'parsed-only', missingText: 'expects an integer argument.', once: true },
  { name: 'fd-hard-limit', field: 'fdHardLimit', help: 'upper bound of the automatic file descriptor limit', status: 'parsed-only', missingText: 'expects an integer argument.', once: true },
];

function limitKeyword(l: LimitSpec): K {
  return {
    name: l.name,
    help: l.help,
    status: l.status,
    parse({ g }, args, ctx) {
      noMoreThan(args, 1, 1);
      if (l.once && g[l.field] !== undefined) return alertContinue(ctx, `'${l.name}' already specified. Continuing.`);
      if (missing(args[1])) throw new ConfigError(`'${l.name}' ${l.missingText}`);
      const n = atol(args[1]);
      const bad = l.check?.(n);
      if (bad) throw new ConfigError(`'${l.name}' ${bad}`);
      (g as Record<NumField, number | undefined> & GlobalModel)[l.field] = n;
      if (l.status === 'ignored') ctx.warn(`'${l.name}' has no effect in Switchyard (Node.js) and is ignored.`);
    },
  };
}

const spread: K[] = [
  {
    name: 'spread-checks',
    help: 'spread-checks <0..50>: random percentage added to health-check intervals',
    status: 'supported',
    parse({ g }, args, ctx) {
      noMoreThan(args, 1, 1);
      if (g.spreadChecks !== undefined) return alertTightContinue(ctx, 'spread-checks already specified. Continuing.');
      if (missing(args[1])) return alertTight(ctx, `'spread-checks' expects an integer argument (0..50).`);
      const n = atol(args[1]);
      if (n < 0 || n > 50) return alertTight(ctx, `'spread-checks' needs a positive value in range 0..50.`);
      g.spreadChecks = n;
    },
  },
  {
    name: 'max-spread-checks',
    help: 'max-spread-checks <time>: spread the first health checks over this delay',
    status: 'supported',
    parse({ g }, args, ctx) {
      noMoreThan(args, 1, 1);
      if (missing(args[1])) return alertTight(ctx, `'max-spread-checks' expects an integer argument (0..50).`);
      try {
        g.maxSpreadChecks = parseTime(args[1]!, 1);
      } catch (e) {
        if (!(e instanceof UnitError)) throw e;
        const bad = /unexpected character '(.*)'/.exec(e.message)?.[1] ?? args[1]![0];
        alertTight(ctx, `unsupported character '${bad}' in 'max-spread-checks' (wants an integer delay).`);
      }
    },
  },
];

export const LIMIT_KEYWORDS: K[] = [...LIMITS.map(limitKeyword), ...spread];
