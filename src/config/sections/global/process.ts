/**
 * Global keywords about the process itself: daemon and master-worker modes, threads and CPUs,
 * identity (user/group/chroot/pidfile), names (node/description/localpeer), stopping, and the
 * poller / safety switches.
 */
import { ConfigError } from '../../diagnostics.js';
import type { ParseContext } from '../../keyword.js';
import type { GlobalModel } from '../../model/global.js';
import { parseTime, UnitError } from '../../units.js';
import { noMoreThan, timeArg } from '../args.js';
import { alertContinue, alertTight, warnIgnored } from './emit.js';
import { groupId, userId } from './system-users.js';
import { atol, flag, missing, type GlobalKeyword as K } from './types.js';

/** HAProxy 2.6's MAX_THREADS and MAX_TGROUPS (Debian build). */
const MAX_THREADS = 64;
const MAX_TGROUPS = 1;

/** grace / hard-stop-after / close-spread-time: their messages end with an empty line. */
function stopTime(kw: string, text: string | undefined): number {
  if (missing(text)) throw new ConfigError(`'${kw}' expects <time> as argument.\n`);
  try {
    parseTime(text!, 1);
  } catch (e) {
    if (e instanceof UnitError && e.message.startsWith('unexpected'))
      throw new ConfigError(`${e.message} in argument to <${kw}>.\n`);
  }
  return timeArg(kw, text);
}

/** Parse `all`, `odd`, `even`, `N` or `N-M` (1..max) for cpu-map; returns the size of the set. */
function procSet(text: string, max: number): number {
  if (text === 'all') return max;
  if (text === 'odd' || text === 'even') return Math.ceil(max / 2);
  const m = /^(\d+)(?:-(\d+))?$/.exec(text);
  if (!m) throw new ConfigError(`cpu-map : '${text}' is not a valid number/range.`);
  const lo = Number(m[1]);
  const hi = m[2] === undefined ? lo : Number(m[2]);
  if (lo < 1 || lo > max || hi < 1 || hi > max)
    throw new ConfigError(`cpu-map : '${text}' is not a valid number/range. It supports numbers from 1 to ${max}.\n`);
  return Math.abs(hi - lo) + 1;
}

function cpuSet(text: string): number {
  const m = /^(\d+)(?:-(\d+))?$/.exec(text);
  if (!m) throw new ConfigError(`cpu-map : '${text}' is not a CPU range.`);
  return Math.abs(Number(m[2] ?? m[1]) - Number(m[1])) + 1;
}

const cpuMap: K = {
  name: 'cpu-map',
  help: 'cpu-map [auto:]<process>[/<thread>] <cpu-set>...: bind threads to CPUs',
  status: 'ignored',
  parse({ g }, args, ctx) {
    if (missing(args[1]) || missing(args[2]))
      throw new ConfigError(
        `cpu-map expects a process number  ('all', 'odd', 'even', a number from 1 to ${MAX_THREADS} or a range),  followed by a list of CPU ranges with numbers from 0 to ${MAX_THREADS - 1}.`,
      );
    let spec = args[1]!;
    const auto = spec.startsWith('auto:');
    if (auto) spec = spec.slice(5);
    const slash = spec.indexOf('/');
    const process = slash < 0 ? spec : spec.slice(0, slash);
    const thread = slash < 0 ? undefined : spec.slice(slash + 1);
    const nproc = procSet(process, MAX_THREADS);
    const nthr = thread === undefined ? 1 : procSet(thread, MAX_THREADS);
    let ncpu = 0;
    for (const c of args.slice(2)) ncpu += cpuSet(c);
    if (auto && /^\d/.test(process) && (thread === undefined || /^\d/.test(thread)) && Math.max(nproc, nthr) !== ncpu)
      throw new ConfigError('cpu-map : PROC/THREAD range and CPU sets must have the same size to be automatically bound');
    g.cpuMaps.push({ place: ctx.st.place, auto, process, thread, cpus: args.slice(2) });
    warnIgnored(ctx, 'cpu-map');
  },
};

/** A keyword taking one string; HAProxy alerts "already specified. Continuing." on a second one. */
function onceString(
  name: string,
  help: string,
  missingText: string,
  get: (g: GlobalModel) => string | undefined,
  set: (g: GlobalModel, v: string) => void,
  status: K['status'] = 'parsed-only',
): K {
  return {
    name,
    help,
    status,
    parse({ g }, args, ctx) {
      noMoreThan(args, 1, 1);
      if (get(g) !== undefined) return alertContinue(ctx, `'${name}' already specified. Continuing.`);
      if (missing(args[1])) throw new ConfigError(`'${name}' ${missingText}`);
      set(g, args[1]!);
    },
  };
}

/** uid/gid: a number, else a warning suggesting user/group. */
function numericId(name: 'uid' | 'gid', other: 'user' | 'group', ctx: ParseContext, text: string | undefined): number | undefined {
  if (missing(text)) throw new ConfigError(`'${name}' expects an integer argument.`);
  if (!/^-?\d+$/.test(text!) || Math.abs(Number(text)) > 2147483647) {
    ctx.diag.warning(` ${name}: string '${text}' is not a number.`, ctx.st.place, [
      `You might want to use the '${other}' parameter to use a system ${other} name.`,
    ]);
    return undefined;
  }
  return Number(text);
}

const identity: K[] = [
  {
    name: 'user',
    help: 'user <name>: run as this user',
    status: 'parsed-only',
    parse({ g }, args, ctx) {
      noMoreThan(args, 1, 1);
      if (g.uid !== undefined && g.uid !== 0) return alertContinue(ctx, 'user/uid already specified. Continuing.');
      const id = userId(args[1] ?? '');
      if (id === undefined) throw new ConfigError(`cannot find user id for '${args[1] ?? ''}' (0:Success)`);
      g.user = args[1];
      g.uid = id;
    },
  },
  {
    name: 'group',
    help: 'group <name>: run with this group',
    status: 'parsed-only',
    parse({ g }, args, ctx) {
      noMoreThan(args, 1, 1);
      if (g.gid !== undefined && g.gid !== 0) return alertContinue(ctx, 'gid/group was already specified. Continuing.');
      const id = groupId(args[1] ?? '');
      if (id === undefined) throw new ConfigError(`cannot find group id for '${args[1] ?? ''}' (0:Success)`);
      g.group = args[1];
      g.gid = id;
    },
  },
  {
    name: 'uid',
    help: 'uid <number>: run as this user id',
    status: 'parsed-only',
    parse({ g }, args, ctx) {
      noMoreThan(args, 1, 1);
      if (g.uid !== undefined && g.uid !== 0) return alertContinue(ctx, 'user/uid already specified. Continuing.');
      const n = numericId('uid', 'user', ctx, args[1]);
      if (n !== undefined) g.uid = n;
    },
  },
  {
    name: 'gid',
    help: 'gid <number>: run with this group id',
    status: 'parsed-only',
    parse({ g }, args, ctx) {
      noMoreThan(args, 1, 1);
      if (g.gid !== undefined && g.gid !== 0) return alertContinue(ctx, 'group/gid already specified. Continuing.');
      const n = numericId('gid', 'group', ctx, args[1]);
      if (n !== undefined) g.gid = n;
    },
  },
  onceString('chroot', 'chroot <dir>: change root after start', 'expects a directory as an argument.', (g) => g.chroot, (g, v) => void (g.chroot = v)),
  onceString('pidfile', 'pidfile <file>: write the pid there', 'expects a file name as an argument.', (g) => g.pidfile, (g, v) => void (g.pidfile = v), 'supported'),
  {
    name: 'cluster-secret',
    help: 'cluster-secret <secret>: secret shared by a cluster (QUIC tokens)',
    status: 'parsed-only',
    parse({ g }, args, ctx) {
      noMoreThan(args, 1, 1);
      if (missing(args[1])) throw new ConfigError('expects an ASCII string argument.');
      if (g.clusterSecret !== undefined) return alertContinue(ctx, `'cluster-secret' already specified. Continuing.`);
      g.clusterSecret = args[1];
    },
  },
  {
    name: 'node',
    help: 'node <name>: this node\'s name in stats and logs',
    status: 'parsed-only',
    parse({ g }, args, ctx) {
      noMoreThan(args, 1, 1);
      if (missing(args[1]) || !/^[A-Za-z0-9._-]+$/.test(args[1]!))
        return alertTight(
          ctx,
          `'node' requires valid node name - non-empty string with digits(0-9), letters(A-Z, a-z), dot(.), hyphen(-) or underscode(_).`,
        );
      g.node = args[1];
    },
  },
  {
    name: 'description',
    help: 'description <text>: text shown on the stats page',
    status: 'parsed-only',
    parse({ g }, args, ctx) {
      if (missing(args[1])) return alertTight(ctx, `'description' expects a string argument.`);
      g.description = args.slice(1).join(' ');
    },
  },
  {
    name: 'localpeer',
    help: 'localpeer <name>: this process\'s name in peers sections',
    status: 'parsed-only',
    parse({ g }, args) {
      noMoreThan(args, 1, 1);
      if (missing(args[1])) throw new ConfigError(`'localpeer' expects a name as an argument.`);
      g.localpeer = args[1];
    },
  },
];

const threads: K[] = [
  {
    name: 'nbproc',
    help: 'removed in HAProxy 2.5',
    status: 'ignored',
    parse() {
      throw new ConfigError(
        'nbproc is not supported any more since HAProxy 2.5. Threads will automatically be used on multi-processor machines if available.',
      );
    },
  },
  {
    name: 'nbthread',
    help: 'nbthread <n>: number of threads (Switchyard: worker count)',
    status: 'parsed-only',
    parse({ g }, args) {
      noMoreThan(args, 1, 1);
      const t = args[1] ?? '';
      if (!/^-?\d+$/.test(t)) throw new ConfigError(`'nbthread' passed a missing or unparsable integer value in '${t}'`);
      const n = Number(t);
      if (n < 1 || n > MAX_THREADS) throw new ConfigError(`'nbthread' value must be between 1 and ${MAX_THREADS} (was ${n})`);
      g.nbthread = n;
    },
  },
  {
    name: 'thread-groups',
    help: 'thread-groups <n>: number of thread groups',
    status: 'ignored',
    parse({ g }, args, ctx) {
      noMoreThan(args, 1, 1);
      const t = args[1] ?? '';
      if (!/^-?\d+$/.test(t)) throw new ConfigError(`'thread-groups' passed a missing or unparsable integer value in '${t}'`);
      const n = Number(t);
      if (n < 1 || n > MAX_TGROUPS) throw new ConfigError(`'thread-groups' value must be between 1 and ${MAX_TGROUPS} (was ${n})`);
      g.threadGroups = n;
      warnIgnored(ctx, 'thread-groups');
    },
  },
  {
    name: 'thread-group',
    help: 'thread-group <group> [<threads>...]: threads of a group',
    status: 'ignored',
    parse({ g }, args, ctx) {
      const t = args[1] ?? '';
      if (!/^-?\d+$/.test(t)) throw new ConfigError(`'thread-group' passed a missing or unparsable integer value in '${t}'`);
      const n = Number(t);
      if (n < 1 || n > MAX_TGROUPS)
        throw new ConfigError(`'thread-group' thread-group number must be between 1 and ${MAX_TGROUPS} (was ${n})`);
      for (const r of args.slice(2)) {
        const m = /^(\d+)(?:-(\d+))?$/.exec(r);
        const ok = m && [m[1], m[2] ?? m[1]].every((x) => Number(x) >= 1 && Number(x) <= MAX_THREADS);
        if (!ok)
          throw new ConfigError(
            `'thread-group ${t}' passed an unparsable or invalid thread number '${r}' (valid range is 1 to ${MAX_THREADS})`,
          );
      }
      g.threadGroupDefs.push({ group: n, threads: args.slice(2), place: ctx.st.place });
      warnIgnored(ctx, 'thread-group');
    },
  },
  cpuMap,
  {
    name: 'numa-cpu-mapping',
    help: 'bind threads to the first NUMA node',
    status: 'ignored',
    negatable: true,
    parse({ g }, _args, ctx) {
      g.numaCpuMapping = ctx.st.prefix !== 'no';
      if (g.numaCpuMapping) warnIgnored(ctx, 'numa-cpu-mapping');
    },
  },
];

const modes: K[] = [
  {
    name: 'daemon',
    help: 'run in the background',
    status: 'parsed-only',
    parse({ g }, args) {
      noMoreThan(args, 1, 0);
      g.daemon = true;
    },
  },
  {
    name: 'master-worker',
    help: 'master-worker [no-exit-on-failure]: run a master process that supervises the worker',
    status: 'parsed-only',
    parse({ g }, args) {
      noMoreThan(args, 1, 1);
      if (args[1] !== undefined) {
        if (args[1] !== 'no-exit-on-failure')
          throw new ConfigError(`'master-worker' only supports 'no-exit-on-failure' option.`);
        g.masterWorkerNoExitOnFailure = true;
      }
      g.masterWorker = true;
    },
  },
  {
    name: 'mworker-max-reloads',
    help: 'mworker-max-reloads <n>: reloads a worker survives before being stopped',
    status: 'parsed-only',
    parse({ g }, args, ctx) {
      noMoreThan(args, 1, 1);
      const pl = ctx.st.place;
      // HAProxy 2.6 prints these with a stray "(null)" prefix; kept as is.
      if (missing(args[1])) {
        ctx.diag.warning(`(null)parsing [${pl.file}:${pl.line}] : 'mworker-max-reloads' expects an integer argument.\n`, pl);
        return;
      }
      const n = atol(args[1]);
      if (n < 0) {
        ctx.diag.warning(`(null)parsing [${pl.file}:${pl.line}] 'mworker-max-reloads' : invalid value ${n}, must be >= 0`, pl);
        return;
      }
      g.mworkerMaxReloads = n;
    },
  },
  {
    name: 'hard-stop-after',
    help: 'hard-stop-after <time>: stop old processes this long after a soft stop',
    status: 'supported',
    parse({ g }, args) {
      g.hardStopAfter = stopTime('hard-stop-after', args[1]);
    },
  },
  {
    name: 'grace',
    help: 'grace <time>: keep listening this long after a soft-stop request',
    status: 'parsed-only',
    parse({ g }, args) {
      g.gracePeriod = stopTime('grace', args[1]);
    },
  },
  {
    name: 'close-spread-time',
    help: 'close-spread-time <time>: spread idle connection closes over this time on soft stop',
    status: 'parsed-only',
    parse({ g }, args) {
      g.closeSpreadTime = stopTime('close-spread-time', args[1]);
    },
  },
  {
    name: 'profiling.tasks',
    help: 'profiling.tasks on|off|auto: measure task CPU usage',
    status: 'ignored',
    parse({ g }, args, ctx) {
      noMoreThan(args, 1, 1);
      const v = args[1] ?? '';
      if (v !== 'on' && v !== 'off' && v !== 'auto')
        throw new ConfigError(`'profiling.tasks' expects either 'on', 'auto', or 'off' but got '${v}'.`);
      g.profilingTasks = v;
      warnIgnored(ctx, 'profiling.tasks');
    },
  },
  {
    name: 'expose-experimental-directives',
    help: 'allow experimental keywords',
    status: 'supported',
    parse({ g }) {
      g.exposeExperimentalDirectives = true;
    },
  },
];

const switches: K[] = [
  flag('quiet', 'do not print anything at startup', 'parsed-only', (g) => void (g.quiet = true)),
  flag('zero-warning', 'refuse to start when a warning is emitted', 'parsed-only', (g) => void (g.zeroWarning = true)),
  flag('strict-limits', 'fail when limits cannot be set', 'parsed-only', (g, on) => void (g.strictLimits = on)),
  flag('external-check', 'allow external health-check programs', 'parsed-only', (g) => void (g.externalCheck = true)),
  flag('insecure-fork-wanted', 'allow forking programs (external checks, Lua)', 'parsed-only', (g, on) => void (g.insecureForkWanted = on)),
  flag('insecure-setuid-wanted', 'allow setuid programs', 'parsed-only', (g) => void (g.insecureSetuidWanted = true)),
  flag('set-dumpable', 'allow core dumps after a privilege change', 'ignored', (g, on) => void (g.setDumpable = on)),
  flag('no-memory-trimming', 'do not return memory to the system on reload', 'ignored', (g) => void (g.noMemoryTrimming = true)),
  flag('busy-polling', 'poll without sleeping', 'ignored', (g, on) => void (g.busyPolling = on)),
  flag('noepoll', 'disable the epoll poller', 'ignored', (g) => void (g.noEpoll = true)),
  flag('nopoll', 'disable the poll poller', 'ignored', (g) => void (g.noPoll = true)),
  flag('nokqueue', 'disable the kqueue poller', 'ignored', (g) => void (g.noKqueue = true)),
  flag('noevports', 'disable the event ports poller', 'ignored', (g) => void (g.noEvports = true)),
  flag('nosplice', 'disable kernel splicing', 'ignored', (g) => void (g.noSplice = true)),
  flag('nogetaddrinfo', 'resolve with gethostbyname instead of getaddrinfo', 'ignored', (g) => void (g.noGetaddrinfo = true)),
  flag('noreuseport', 'do not set SO_REUSEPORT on listeners', 'ignored', (g) => void (g.noReuseport = true)),
];

export const PROCESS_KEYWORDS: K[] = [...modes, ...identity, ...threads, ...switches];
