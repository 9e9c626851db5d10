/**
 * The CLI keyword table and its dispatcher (HAProxy's cli_find_kw() and cli_parse_request()): the
 * first command whose words start the line runs; `help`, unknown and incomplete commands get the
 * usage message. Commands HAProxy lists but Switchyard does not implement say so.
 */
import type { CliCommand, CliConn } from './cli.js';
import type { ApiContext } from './context.js';
import { DYNAMIC_COMMANDS } from './dynamic.js';
import { PROXY_COMMANDS } from './cmd-proxy.js';
import { SERVER_COMMANDS } from './cmd-server.js';
import { SHOW_COMMANDS } from './cmd-show.js';
import { SSL_COMMANDS } from './cmd-ssl.js';
import { usageMessage } from './usage.js';
import { USAGE_LINES } from './usage-lines.js';

const IMPLEMENTED: CliCommand[] = [...SHOW_COMMANDS, ...SERVER_COMMANDS, ...PROXY_COMMANDS, ...DYNAMIC_COMMANDS, ...SSL_COMMANDS];

function notSupported(words: readonly string[]): CliCommand {
  return { words, run: () => `'${words.join(' ')}' is not supported by Switchyard.\n` };
}

/** Every keyword, in HAProxy's help order; the implemented ones carry their handler. */
const TABLE: CliCommand[] = [
  ...USAGE_LINES.map(([w]) => IMPLEMENTED.find((c) => c.words.join(' ') === w.join(' ')) ?? notSupported(w)),
  ...IMPLEMENTED.filter((c) => !USAGE_LINES.some(([w]) => w.join(' ') === c.words.join(' '))),
];

function findCommand(args: readonly string[]): CliCommand | undefined {
  for (const c of TABLE) if (c.words.every((w, i) => args[i] === w)) return c;
  return undefined;
}

export type Outcome = { text: string; quit?: boolean; togglePrompt?: boolean };

/** Run one command line's words (`payload`: the lines after a trailing `<<`, up to an empty line). */
export function runCommand(args: readonly string[], conn: CliConn, api: ApiContext, payload?: string): Outcome {
  const a = args.length === 0 ? [''] : args;
  if (a[0] === 'help') return { text: usageMessage(a) };
  if (a[0] === 'prompt') return { text: '', togglePrompt: true };
  if (a[0] === 'quit') return { text: '', quit: true };
  const c = findCommand(a);
  if (!c) return { text: usageMessage(a) };
  try {
    return { text: c.run(a, conn, api, payload) };
  } catch (e) {
    // A command must never take the process down.
    return { text: `Internal error: ${e instanceof Error ? e.message : String(e)}\n` };
  }
}
