/**
 * Start the proxy from a checked configuration: build the runtime graph, bind every listener,
 * then serve until a signal stops the process. Resolves with the exit status.
 * Silent on a normal start, as HAProxy.
 */
import type { CliOptions } from '../cli/args.js';
import type { Io } from '../cli/main.js';
import { formatPlain, startupNotices } from '../cli/messages.js';
import { bindLabel } from '../config/checks/tls.js';
import type { ConfigModel } from '../config/model/config.js';
import { Listener, listenTargets, startListening, type ListenTarget } from '../net/listener.js';
import { acceptConnection, type AcceptContext } from './accept.js';
import { RuntimeGraph } from './graph.js';
import { installResourceReport } from './debug-resources.js';
import { linkHealth } from './health.js';
import { RulesError } from '../rules/compile-env.js';
import { installSignals, writePidFile } from './lifecycle.js';
import { PendingSet } from './limits.js';
import { SessionSet } from './session.js';
import { combineSinks, combineConnSinks, debugConnSink, debugSink } from './stream-sink.js';
import { buildLogging, type Logging } from '../log/setup.js';
import { applyH2Tune } from './h2-tune.js';
import { ApiContext } from '../api/context.js';
import { openStatsSocket, type StatsListener } from '../api/socket.js';
import { TlsSetupError, TlsTerminator } from '../net/tls-server.js';

export async function startRuntime(config: ConfigModel, o: CliOptions, io: Io): Promise<number> {
  applyCommandLineLimits(config, o);
  let graph: RuntimeGraph;
  let logging: Logging;
  try {
    graph = new RuntimeGraph(config, (m) => io.err(formatPlain('warning', m) + '\n'));
    logging = buildLogging(config);
  } catch (e) {
    if (!(e instanceof RulesError)) throw e;
    io.err(formatPlain('alert', `config : ${e.message}`) + '\n');
    io.err(formatPlain('alert', 'config : Fatal errors found in configuration.') + '\n');
    return 1;
  }
  // One check engine per process; servers take their initial states before any listener opens.
  const quiet = (o.quiet || config.global.quiet === true) && !o.verbose;
  const sessions = new SessionSet();
  const health = linkHealth(config, graph, quiet ? undefined : io.err, sessions);
  applyH2Tune(config.global.tune);
  const pending = new PendingSet();
  const ctx: AcceptContext = {
    sessions,
    stopping: false,
    streamEnd: combineSinks([
      process.env['SWITCHYARD_DEBUG_STREAMS'] === '1' ? debugSink(io.err) : undefined,
      logging.empty ? undefined : logging.stream,
    ]),
    connError: combineConnSinks([
      process.env['SWITCHYARD_DEBUG_STREAMS'] === '1' ? debugConnSink(io.err) : undefined,
      logging.empty ? undefined : logging.connError,
    ]),
    logging: logging.empty ? undefined : logging,
  };
  const listeners: Array<{ l: Listener; t: ListenTarget; where: string }> = [];
  const errors: string[] = [];

  for (const { model, frontend } of graph.frontends) {
    const gates = [frontend.gate, graph.globalGate];
    for (const bind of model.binds) {
      let targets: ListenTarget[];
      const where = `Binding [${bind.place.file}:${bind.place.line}] for ${model.kind === 'listen' ? 'proxy' : model.kind} ${model.name}`;
      try {
        targets = listenTargets(bind);
      } catch (e) {
        errors.push(`${where}: ${e instanceof Error ? e.message : String(e)}`);
        continue;
      }
      let tls: TlsTerminator | undefined;
      if (bind.ssl?.enabled) {
        try {
          tls = new TlsTerminator(bind, config.global, frontend.timeoutClient, bindLabel(bind));
          tls.prepareAll();
        } catch (e) {
          if (!(e instanceof TlsSetupError)) throw e;
          errors.push(`Proxy '${model.name}': ${e.message}`);
          continue;
        }
      }
      for (const t of targets) {
        const l = new Listener(bind, t.label, gates, pending, (sock, lis) => acceptConnection(sock, lis, frontend, ctx));
        l.tls = tls;
        listeners.push({ l, t, where });
        frontend.listeners.push(l);
      }
    }
  }
  const results = await Promise.all(listeners.map(({ l, t }) => startListening(l, t)));
  results.forEach((r, i) => {
    if (r !== undefined) errors.push(`${listeners[i]!.where}: ${r}`);
  });
  // The runtime API (stats sockets) acts on the same graph, health engine and listeners.
  const byFrontend = new Map<string, Listener[]>();
  for (const { l } of listeners) {
    const fe = graph.frontends.find((f) => f.model.binds.includes(l.bind));
    if (!fe) continue;
    const list = byFrontend.get(fe.model.name) ?? [];
    list.push(l);
    byFrontend.set(fe.model.name, list);
  }
  const api = new ApiContext(config, graph, health, ctx.sessions, byFrontend);
  if (!quiet) api.print = (line) => io.err(line);
  const statsSockets: StatsListener[] = [];
  if (errors.length === 0) {
    for (const m of config.global.statsSockets) {
      const r = await openStatsSocket(m, api);
      if (typeof r === 'string') errors.push(r);
      else statsSockets.push(r);
    }
  }
  if (errors.length > 0) {
    for (const s of statsSockets) s.close();
    for (const { l } of listeners) l.close();
    startupNotices(io);
    for (const e of errors) io.err(formatPlain('alert', e) + '\n');
    io.err(formatPlain('alert', '[haproxy.main()] Some protocols failed to start their listeners! Exiting.') + '\n');
    return 1;
  }

  const pidFile = o.pidFile ?? config.global.pidfile;
  if (pidFile) {
    const err = writePidFile(pidFile);
    if (err) {
      for (const { l } of listeners) l.close();
      io.err(formatPlain('alert', err) + '\n');
      return 1;
    }
  }

  health.start();
  const removeReport = installResourceReport(io.err);
  const purgeTimer = setInterval(() => graph.purgeIdle(), 1000);
  purgeTimer.unref();
  return new Promise<number>((resolve) => {
    let ended = false;
    const end = (code: number): void => {
      if (ended) return;
      ended = true;
      clearInterval(purgeTimer);
      removeSignals();
      removeReport();
      health.stop();
      for (const s of statsSockets) s.close();
      for (const { l } of listeners) l.close();
      graph.closeIdle();
      logging.close();
      resolve(code);
      // Whatever handle is still open must not keep a stopped proxy alive.
      setTimeout(() => process.exit(code), 200).unref();
    };
    const removeSignals = installSignals({
      hard: () => {
        ctx.sessions.forEach((s) => s.kill());
        end(0);
      },
      soft: () => {
        if (ctx.stopping) return;
        ctx.stopping = true;
        graph.stopping = true;
        graph.world.stoppingFlag = true;
        for (const { l } of listeners) l.close();
        graph.closeIdle();
        const hardAfter = config.global.hardStopAfter;
        if (hardAfter !== undefined && hardAfter > 0) {
          setTimeout(() => {
            ctx.sessions.forEach((s) => s.kill());
            end(0);
          }, hardAfter).unref();
        }
        ctx.sessions.onEmpty = () => end(0);
        ctx.sessions.forEach((s) => s.softStop());
        if (ctx.sessions.size === 0) end(0);
      },
    });
  });
}

/**
 * HAProxy's `-n` (global maxconn, over the configuration's) and `-N` (the maxconn of proxies that set
 * none; HAProxy's cfg_maxpconn).
 */
export function applyCommandLineLimits(config: ConfigModel, o: CliOptions): void {
  if (o.maxconn !== undefined) config.global.maxconn = o.maxconn;
  if (o.maxpconn !== undefined) {
    for (const p of config.proxies) if (p.maxconn === undefined) p.maxconn = o.maxpconn;
  }
}

