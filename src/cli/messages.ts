/**
 * HAProxy's message layout on stderr:
 *   [ALERT]    (1234) : config : parsing [file:12] : unknown keyword 'x' in 'frontend' section
 * The level tag is padded to 11 columns; continuation lines start with "   | ".
 */
import type { Diagnostic, Level } from '../config/diagnostics.js';

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
