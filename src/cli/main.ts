/**
 * The `switchyard` command: HAProxy's command line, configuration check and start-up.
 * Exit statuses follow HAProxy: 0 valid, 1 errors or usage, 2 "no listener" under -c.
 */
import { checkCondition } from '../config/condition.js';
import { Diagnostics, type Diagnostic } from '../config/diagnostics.js';
import { expandConfigPaths, loadConfigFiles } from '../config/parse.js';
import { hasListener } from '../config/validate.js';
import { FEATURE_SET, HAPROXY_COMPAT_VERSION } from '../version.js';
import { parseArgs, USAGE, UsageError, type CliOptions } from './args.js';
import { formatDiagnostic, formatPlain, startupNotices } from './messages.js';
import { buildText, versionText } from './version.js';

export interface Io {
  out(s: string): void;
  err(s: string): void;
}

const stdio: Io = {
  out: (s) => void process.stdout.write(s),
  err: (s) => void process.stderr.write(s),
};

/** Prints diagnostics as they come, with HAProxy's two start-up notices before the first one. */
function makePrinter(o: CliOptions, io: Io): (d: Diagnostic) => void {
  return (d) => {
    if (d.level === 'diag' && !o.diagMode) return;
    if (o.quiet && !o.verbose && d.level !== 'alert') return;
    if (d.level === 'alert' || d.level === 'warning') startupNotices(io);
    io.err(formatDiagnostic(d) + '\n');
  };
}

/** Run the command; resolves to the exit status (or never, when the proxy keeps running). */
export async function main(
  argv: readonly string[],
  io: Io = stdio,
  environ: Record<string, string | undefined> = process.env,
): Promise<number> {
  let o: CliOptions;
  try {
    o = parseArgs(argv);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    io.out(versionText());
    io.err(USAGE + '\n');
    return 1;
  }
  if (o.help) {
    io.out(versionText());
    io.err(USAGE + '\n');
    return 1;
  }
  if (o.version === 2) {
    io.out(buildText());
    return 0;
  }
  if (o.version === 1) {
    io.out(versionText());
    return 0;
  }
  if (o.checkCondition !== undefined) {
    const r = checkCondition(o.checkCondition, {
      getenv: (n) => environ[n],
      features: FEATURE_SET,
      version: HAPROXY_COMPAT_VERSION,
    });
    if (r.alert) io.err(formatPlain('alert', r.alert) + '\n');
    return r.status;
  }
  if (o.chdir) {
    try {
      process.chdir(o.chdir);
    } catch {
      io.err(formatPlain('alert', `Cannot chdir to ${o.chdir}.`) + '\n');
      return 1;
    }
  }
  if (o.configFiles.length === 0) {
    io.out(versionText());
    io.err(USAGE + '\n');
    return 1;
  }

  const diag = new Diagnostics();
  diag.onEmit = makePrinter(o, io);
  const files = expandConfigPaths(o.configFiles, diag);
  if (diag.hasErrors) return 1;
  const { config, env } = loadConfigFiles(files, { diag, env: environ });

  if (diag.hasErrors) {
    if (!diag.abortedSilently) io.err(formatPlain('alert', 'config : Fatal errors found in configuration.') + '\n');
    return 1;
  }
  const zeroWarning = o.zeroWarning || config.global.zeroWarning === true;
  if (zeroWarning && diag.warnings > 0) {
    io.err(formatPlain('alert', "config : Some warnings were found and 'zero-warning' is set. Aborting.") + '\n');
    return 1;
  }
  // In master-worker mode the master's CLI is a listener of its own: HAProxy accepts no 'bind'.
  const listens = hasListener(config) || o.masterWorker || config.global.masterWorker === true;
  if (o.check) {
    // Rules are compiled as at start-up, so a bad regex, map or pattern file fails the check too.
    const { compileAllRules } = await import('../rules/proxy-rules.js');
    const { RulesError } = await import('../rules/compile-env.js');
    const { checkHashExprs } = await import('../runtime/hash-expr.js');
    try {
      compileAllRules(config);
      checkHashExprs(config);
    } catch (e) {
      if (!(e instanceof RulesError)) throw e;
      io.err(formatPlain('alert', `config : ${e.message}`) + '\n');
      io.err(formatPlain('alert', 'config : Fatal errors found in configuration.') + '\n');
      return 1;
    }
    if (!o.quiet) {
      if (diag.warnings > 0) io.out('Warnings were found.\n');
      if (!listens) {
        io.out('Configuration file has no error but will not start (no listener) => exit(2).\n');
        return 2;
      }
      io.out('Configuration file is valid\n');
    } else if (!listens) {
      return 2;
    }
    return 0;
  }
  if (!hasListener(config)) {
    io.err(
      formatPlain('alert', "[haproxy.main()] No enabled listener found (check for 'bind' directives) ! Exiting.") + '\n',
    );
    return 1;
  }
  for (const msg of inactiveFlags(o)) io.err(formatPlain('warning', msg) + '\n');
  for (const [k, v] of env) if (process.env[k] !== v) process.env[k] = v;
  const { startRuntime } = await import('../runtime/start.js');
  return startRuntime(config, o, io);
}

/**
 * Flags that are parsed and validated but whose behaviour arrives with later work
 * (master-worker, reload, daemon mode): say so instead of silently ignoring them.
 */
export function inactiveFlags(o: CliOptions): string[] {
  const out: string[] = [];
  const later = (flag: string, what: string): void =>
    void out.push(`command line option '${flag}' (${what}) is accepted but not yet active in Switchyard; ignored.`);
  if (o.masterWorker) later(o.systemd ? '-Ws' : '-W', 'master-worker mode');
  if (o.daemon) later('-D', 'daemon mode');
  if (o.oldPids.length > 0) later(o.oldPidsSignal === 'terminate' ? '-st' : '-sf', 'reload: signal old processes');
  if (o.socketFrom) later('-x', 'listening sockets hand-over');
  if (o.masterCli.length > 0) later('-S', 'master CLI');
  if (o.memLimitMb !== undefined) later('-m', 'memory limit');
  if (o.localPeer !== undefined) later('-L', 'local peer name');
  if (o.debugMemory !== undefined) later('-dM', 'memory debugging');
  return out;
}
