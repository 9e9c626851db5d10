/**
 * Frontend and process commands (HAProxy's proxy.c / cli.c parsers): `enable|disable|shutdown
 * frontend`, `set maxconn frontend|global`, `set rate-limit`, `shutdown session`, `clear counters`,
 * `set timeout cli`, `show cli level`, `operator`, `user`.
 */
import { formatPlain } from '../cli/messages.js';
import { parseTime, UnitError } from '../config/units.js';
import { hasLevel, PERMISSION_DENIED, type CliCommand } from './cli.js';
import type { ApiContext, RateLimits } from './context.js';
import { findFrontend } from './find.js';
import { sessionRef } from './cmd-show.js';

/** C's atoi(): leading blanks, sign, digits; 0 when none. */
export function atoi(s: string | undefined): number {
  const m = /^\s*([+-]?\d+)/.exec(s ?? '');
  return m ? Math.trunc(Number(m[1])) : 0;
}

const RATE_LIMIT_USAGE =
  "'set rate-limit' only supports :\n" +
  "   - 'connections global' to set the per-process maximum connection rate\n" +
  "   - 'sessions global' to set the per-process maximum session rate\n" +
  "   - 'ssl-sessions global' to set the per-process maximum SSL session rate\n" +
  "   - 'http-compression global' to set the per-process maximum compression speed in kB/s\n";

const RATE_KEYS: Readonly<Record<string, keyof RateLimits>> = {
  connections: 'connections',
  sessions: 'sessions',
  'ssl-sessions': 'sslSessions',
  'http-compression': 'httpCompression',
};

function warn(api: ApiContext, text: string): void {
  api.print?.(formatPlain('warning', text) + '\n');
}

export const PROXY_COMMANDS: CliCommand[] = [
  {
    words: ['disable', 'frontend'],
    run(args, conn, api) {
      if (!hasLevel(conn, 'admin')) return PERMISSION_DENIED;
      const f = findFrontend(api, args[2]);
      if (!f.ok) return f.error;
      const name = f.value.name;
      if (api.stoppedFrontends.has(name)) return 'Frontend was previously shut down, cannot disable.\n';
      const ls = api.listeners.get(name) ?? [];
      if (ls.every((l) => l.isPaused)) return 'All sockets are already disabled.\n';
      for (const l of ls) l.pause();
      warn(api, `Paused frontend ${name}.`);
      return '';
    },
  },
  {
    words: ['enable', 'frontend'],
    run(args, conn, api) {
      if (!hasLevel(conn, 'admin')) return PERMISSION_DENIED;
      const f = findFrontend(api, args[2]);
      if (!f.ok) return f.error;
      const name = f.value.name;
      if (api.stoppedFrontends.has(name)) return 'Frontend was previously shut down, cannot enable.\n';
      const ls = api.listeners.get(name) ?? [];
      if (ls.every((l) => !l.isPaused)) return 'All sockets are already enabled.\n';
      for (const l of ls) l.resume();
      warn(api, `Resumed frontend ${name}.`);
      return '';
    },
  },
  {
    words: ['shutdown', 'frontend'],
    run(args, conn, api) {
      if (!hasLevel(conn, 'admin')) return PERMISSION_DENIED;
      const f = findFrontend(api, args[2]);
      if (!f.ok) return f.error;
      const fe = f.value;
      if (api.stoppedFrontends.has(fe.name)) return 'Frontend was already shut down.\n';
      for (const l of api.listeners.get(fe.name) ?? []) l.close();
      api.stoppedFrontends.add(fe.name);
      const be = api.graph.backends.get(fe.name);
      warn(api, `Proxy ${fe.name} stopped (cumulated conns: FE: ${fe.total}, BE: ${be ? be.total : 0}).`);
      return '';
    },
  },
  {
    words: ['set', 'maxconn', 'frontend'],
    run(args, conn, api) {
      if (!hasLevel(conn, 'admin')) return PERMISSION_DENIED;
      const f = findFrontend(api, args[3]);
      if (!f.ok) return f.error;
      if (!args[4]) return 'Integer value expected.\n';
      const v = atoi(args[4]);
      if (v < 0) return 'Value out of range.\n';
      f.value.gate.max = v;
      for (const l of api.listeners.get(f.value.name) ?? []) l.drainPending();
      return '';
    },
  },
  {
    words: ['set', 'maxconn', 'global'],
    run(args, conn, api) {
      if (!hasLevel(conn, 'admin')) return PERMISSION_DENIED;
      if (!args[3]) return 'Expects an integer value.\n';
      let v = atoi(args[3]);
      if (v > api.hardMaxconn) return 'Value out of range.\n';
      if (v === 0) v = api.hardMaxconn;
      api.graph.globalGate.max = v;
      for (const ls of api.listeners.values()) for (const l of ls) l.drainPending();
      return '';
    },
  },
  {
    words: ['set', 'rate-limit'],
    run(args, conn, api) {
      if (!hasLevel(conn, 'admin')) return PERMISSION_DENIED;
      const key = RATE_KEYS[args[2] ?? ''];
      if (!key || args[3] !== 'global') return RATE_LIMIT_USAGE;
      if (!args[4]) return 'Expects an integer value.\n';
      const v = atoi(args[4]);
      if (v < 0) return 'Value out of range.\n';
      api.rateLimits[key] = key === 'httpCompression' ? v * 1024 : v;
      return '';
    },
  },
  {
    words: ['shutdown', 'session'],
    run(args, conn, api) {
      if (!hasLevel(conn, 'admin')) return PERMISSION_DENIED;
      if (!args[2]) return "Session pointer expected (use 'show sess').\n";
      const want = Number.parseInt(args[2], args[2].startsWith('0x') || args[2].startsWith('0X') ? 16 : 10);
      const e = api.sessions.entries().find((x) => sessionRef(x.id) === want);
      if (!e) return "No such session (use 'show sess').\n";
      e.session.kill();
      return '';
    },
  },
  {
    words: ['clear', 'counters'],
    run(args, conn, api) {
      const all = args[2] === 'all';
      if (!hasLevel(conn, all ? 'admin' : 'operator')) return PERMISSION_DENIED;
      api.clearCounters(all);
      return '';
    },
  },
  {
    words: ['set', 'timeout'],
    run(args, conn) {
      if (args[2] !== 'cli') return "'set timeout' only supports 'cli'.\n";
      if (!args[3]) return 'Expects an integer value.\n';
      let ms: number;
      try {
        ms = parseTime(args[3], 1000);
      } catch (e) {
        if (!(e instanceof UnitError)) throw e;
        return 'Invalid timeout value.\n';
      }
      if (ms < 1000) return 'Invalid timeout value.\n';
      conn.setTimeout(ms);
      return '';
    },
  },
  {
    words: ['show', 'cli', 'level'],
    run(_args, conn) {
      return `${conn.level}\n`;
    },
  },
  {
    words: ['operator'],
    run(_args, conn) {
      if (!hasLevel(conn, 'operator')) return PERMISSION_DENIED;
      conn.level = 'operator';
      return '';
    },
  },
  {
    words: ['user'],
    run(_args, conn) {
      conn.level = 'user';
      return '';
    },
  },
];
