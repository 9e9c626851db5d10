/**
 * HAProxy's message layout on stderr:
 *   [ALERT]    (1234) : config : parsing [file:12] : unknown keyword 'x' in 'frontend' section
 * The level tag is padded to 11 columns; continuation lines start with "   | ".
 */
import { realpathSync } from 'node:fs';
import type { Diagnostic, Level } from '../config/diagnostics.js';
import { VERSION_STRING } from '../version.js';

const TAGS: Record<Level, string> = {
  alert: '[ALERT]',
  warning: '[WARNING]',
  notice: '[NOTICE]',
  diag: '[DIAG]',
};

export function tag(level: Level): string {
  return TAGS[level].padEnd(11, ' ');
}

/** The line prefix: "[ALERT]    (PID) : ". */
export function prefix(level: Level, pid = process.pid): string {
  return `${tag(level)}(${pid}) : `;
}

/** Format a configuration diagnostic as HAProxy prints it (one or more lines, no trailing newline). */
export function formatDiagnostic(d: Diagnostic, pid = process.pid): string {
  let body: string;
  if (d.place) {
    const at = `[${d.place.file}:${d.place.line}]`;
    body =
      d.style === 'tight'
        ? `config : parsing ${at}: ${d.message}`
        : d.style === 'bare'
          ? `config : ${at} : ${d.message}`
          : `config : parsing ${at} : ${d.message}`;
  } else {
    body = `config : ${d.message}`;
  }
  let out = prefix(d.level, pid) + body;
  if (d.details) for (const l of d.details) out += `\n   | ${l}`;
  return out;
}

/** A message not tied to the configuration: "[ALERT]    (PID) : text". */
export function formatPlain(level: Level, text: string, pid = process.pid): string {
  return prefix(level, pid) + text;
}

/** Where the notices go: anything with an `err` writer (the CLI's Io). */
export interface ErrWriter {
  err(s: string): void;
}

const noticesShown = new WeakSet<ErrWriter>();

/**
 * HAProxy's two start-up notices ("haproxy version is ...", "path to executable is ..."), printed
 * once per output before the first warning or alert.
 */
export function startupNotices(io: ErrWriter): void {
  if (noticesShown.has(io)) return;
  noticesShown.add(io);
  io.err(formatPlain('notice', `haproxy version is ${VERSION_STRING}`) + '\n');
  io.err(formatPlain('notice', `path to executable is ${executablePath()}`) + '\n');
}

function executablePath(): string {
  const script = process.argv[1];
  if (!script) return process.execPath;
  try {
    return realpathSync(script);
  } catch {
    return script;
  }
}
