/**
 * HAProxy's command line (haproxy -h), parsed into typed options.
 * Flags whose behaviour arrives with later work are parsed and validated now.
 */

export interface CliOptions {
  configFiles: string[];
  check: boolean;
  checkCondition?: string;
  version: 0 | 1 | 2;
  help: boolean;
  daemon: boolean;
  foreground: boolean;
  debug: boolean;
  quiet: boolean;
  verbose: boolean;
  masterWorker: boolean;
  systemd: boolean;
  chdir?: string;
  pidFile?: string;
  maxconn?: number;
  maxpconn?: number;
  memLimitMb?: number;
  localPeer?: string;
  masterCli: string[];
  /** -sf (finish) or -st (terminate) old pids. */
  oldPids: number[];
  oldPidsSignal?: 'finish' | 'terminate';
  socketFrom?: string;
  zeroWarning: boolean;
  diagMode: boolean;
  debugMemory?: string;
  /** Other -d flags that tune pollers and such: de dp dS dG dR dL dr dV dK. */
  debugFlags: string[];
}

export class UsageError extends Error {}

export function defaultOptions(): CliOptions {
  return {
    configFiles: [],
    check: false,
    version: 0,
    help: false,
    daemon: false,
    foreground: false,
    debug: false,
    quiet: false,
    verbose: false,
    masterWorker: false,
    systemd: false,
    masterCli: [],
    oldPids: [],
    zeroWarning: false,
    diagMode: false,
    debugFlags: [],
  };
}

function needValue(argv: readonly string[], i: number, flag: string): string {
  const v = argv[i + 1];
  if (v === undefined) throw new UsageError(`option '${flag}' expects an argument`);
  return v;
}

function needInt(argv: readonly string[], i: number, flag: string): number {
  const v = needValue(argv, i, flag);
  if (!/^\d+$/.test(v)) throw new UsageError(`option '${flag}' expects a number`);
  return Number(v);
}

/** Parse argv (without node and script). Throws UsageError for HAProxy's usage message. */
export function parseArgs(argv: readonly string[]): CliOptions {
  const o = defaultOptions();
  let i = 0;
  for (; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') {
      o.configFiles.push(...argv.slice(i + 1));
      break;
    }
    if (!a.startsWith('-') || a === '-') {
      // HAProxy treats extra words after -sf/-st as pids; elsewhere it is a usage error.
      throw new UsageError(`unexpected argument '${a}'`);
    }
    switch (a) {
      case '-f':
        o.configFiles.push(needValue(argv, i, a));
        i++;
        continue;
      case '-C':
        o.chdir = needValue(argv, i, a);
        i++;
        continue;
      case '-c':
        o.check = true;
        continue;
      case '-cc':
        o.checkCondition = needValue(argv, i, a);
        i++;
        continue;
      case '-v':
        o.version = Math.max(o.version, 1) as 1 | 2;
        continue;
      case '-vv':
        o.version = 2;
        continue;
      case '-h':
      case '--help':
        o.help = true;
        continue;
      case '-D':
        o.daemon = true;
        continue;
      case '-db':
        o.foreground = true;
        continue;
      case '-d':
        o.debug = true;
        o.foreground = true;
        continue;
      case '-q':
        o.quiet = true;
        continue;
      case '-V':
        o.verbose = true;
        continue;
      case '-W':
        o.masterWorker = true;
        continue;
      case '-Ws':
        o.masterWorker = true;
        o.systemd = true;
        continue;
      case '-p':
        o.pidFile = needValue(argv, i, a);
        i++;
        continue;
      case '-n':
        o.maxconn = needInt(argv, i, a);
        i++;
        continue;
      case '-N':
        o.maxpconn = needInt(argv, i, a);
        i++;
        continue;
      case '-m':
        o.memLimitMb = needInt(argv, i, a);
        i++;
        continue;
      case '-L':
        o.localPeer = needValue(argv, i, a);
        i++;
        continue;
      case '-S':
        o.masterCli.push(needValue(argv, i, a));
        i++;
        continue;
      case '-x':
        o.socketFrom = needValue(argv, i, a);
        i++;
        continue;
      case '-sf':
      case '-st': {
        o.oldPidsSignal = a === '-sf' ? 'finish' : 'terminate';
        while (i + 1 < argv.length && /^\d+$/.test(argv[i + 1]!)) {
          o.oldPids.push(Number(argv[i + 1]));
          i++;
        }
        continue;
      }
      case '-dW':
        o.zeroWarning = true;
        continue;
      case '-dD':
        o.diagMode = true;
        continue;
      default:
        break;
    }
    if (a.startsWith('-dM')) {
      o.debugMemory = a.slice(3);
      continue;
    }
    if (a.startsWith('-dK')) {
      o.debugFlags.push(a.slice(1));
      continue;
    }
    if (['-de', '-dp', '-dS', '-dG', '-dR', '-dL', '-dr', '-dV', '-dF', '-dZ'].includes(a)) {
      o.debugFlags.push(a.slice(1));
      continue;
    }
    throw new UsageError(`unknown option '${a}'`);
  }
  return o;
}

export const USAGE = `Usage : haproxy [-f <cfgfile|cfgdir>]* [ -vdVD ] [ -n <maxconn> ] [ -N <maxpconn> ]
        [ -p <pidfile> ] [ -m <max megs> ] [ -C <dir> ] [-- <cfgfile>*]
        -v displays version ; -vv shows known build options.
        -d enters debug mode ; -db only disables background mode.
        -dM[<byte>,help,...] debug memory (default: poison with <byte>/0x50)
        -V enters verbose mode (disables quiet mode)
        -D goes daemon ; -C changes to <dir> before loading files.
        -W master-worker mode.
        -Ws master-worker mode with systemd notify support.
        -q quiet mode : don't display messages
        -c check mode : only check config files and exit
        -cc check condition : evaluate a condition and exit
        -n sets the maximum total # of connections (uses ulimit -n)
        -m limits the usable amount of memory (in MB)
        -N sets the default, per-proxy maximum # of connections (0)
        -L set local peer name (default to hostname)
        -p writes pids of all children to this file
        -de disables epoll() usage even when available
        -dp disables poll() usage even when available
        -dS disables splice usage (broken on old kernels)
        -dG disables getaddrinfo() usage
        -dR disables SO_REUSEPORT usage
        -dL dumps loaded object files after config checks
        -dK{class[,...]} dump registered keywords (use 'help' for list)
        -dr ignores server address resolution failures
        -dV disables SSL verify on servers side
        -dW fails if any warning is emitted
        -dD diagnostic mode : warn about suspicious configuration statements
        -sf/-st [pid ]* finishes/terminates old pids.
        -x <unix_socket> get listening sockets from a unix socket
        -S <bind>[,<bind options>...] new master CLI
`;
