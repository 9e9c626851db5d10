/**
 * HAProxy's cli_gen_usage_msg(): the text `help [words]` prints, and what an unknown or incomplete
 * command gets instead: the commands whose first words match, or the closest ones by word
 * fingerprint (at most five), or the whole list.
 */
import { addToFingerprint, fingerprintDistance } from '../config/suggest.js';
import { USAGE_LINES } from './usage-lines.js';

/** CLI_MAX_MATCHES */
const MAX_MATCHES = 5;
/** CLI_PREFIX_KW_NB */
const PREFIX_KW_NB = 5;

const TAIL =
  '  help [<command>]                        : list matching or all commands\n' +
  '  prompt                                  : toggle interactive mode with prompt\n' +
  '  quit                                    : disconnect\n';

/** Hidden commands still take part in matching (they have keywords but no usage line). */
const HIDDEN: ReadonlyArray<readonly string[]> = [['help'], ['prompt'], ['quit']];

const ALL = [...USAGE_LINES.map(([w, u]) => ({ words: w, usage: u as string | undefined })), ...HIDDEN.map((w) => ({ words: w, usage: undefined }))];

function prefixLength(words: readonly string[], args: readonly string[], upTo: number): number {
  let idx = 0;
  for (; idx < upTo; idx++) {
    const k = words[idx];
    const a = args[idx];
    if (k === undefined || a === undefined || a === '' || k !== a) break;
  }
  return idx;
}

export function usageMessage(argsIn: readonly string[]): string {
  let args = argsIn;
  let isHelp = false;
  if (args[0] === 'help') {
    args = args.slice(1);
    isHelp = true;
  }
  // Longest run of exactly matching first words over all commands.
  let length = 0;
  for (const kw of ALL) {
    for (let idx = 0; idx < PREFIX_KW_NB; idx++) {
      const k = kw.words[idx];
      const a = args[idx];
      if (k === undefined || a === undefined || a === '' || k !== a) break;
      if (idx + 1 > length) length = idx + 1;
    }
  }
  let out: string;
  if (isHelp) out = 'The following commands are valid at this level:\n';
  else if (!length && (args.length === 0 || args[0] === '')) out = 'Unknown command. Please enter one of the following commands only:\n';
  else out = 'Unknown command, but maybe one of the following ones is a better match:\n';

  const matches: Array<{ usage: string; dist: number }> = [];
  const rest = args[length];
  if (rest !== undefined && rest !== '') {
    for (const kw of ALL) {
      if (!kw.usage) continue;
      if (prefixLength(kw.words, args, length) !== length) continue;
      const wordSig = new Uint8Array(1024);
      const listSig = new Uint8Array(1024);
      let totlen = 0;
      for (let i = length; i < PREFIX_KW_NB && args[i] !== undefined && args[i] !== ''; i++) {
        addToFingerprint(wordSig, args[i]!);
        totlen += args[i]!.length;
      }
      for (let i = length; i < PREFIX_KW_NB && kw.words[i] !== undefined; i++) {
        addToFingerprint(listSig, kw.words[i]!);
        totlen += kw.words[i]!.length;
      }
      const dist = fingerprintDistance(wordSig, listSig);
      const worst = matches.length < MAX_MATCHES ? Infinity : matches[MAX_MATCHES - 1]!.dist;
      if (dist < Math.trunc((5 * totlen) / 2) && dist < worst) {
        if (matches.length === MAX_MATCHES) matches.pop();
        let at = matches.length;
        while (at > 0 && matches[at - 1]!.dist > dist) at--;
        matches.splice(at, 0, { usage: kw.usage, dist });
      }
    }
  }
  const entries: string[] = [];
  if (matches.length > 0) {
    for (const m of matches) {
      if (m.dist > Math.trunc((5 * matches[0]!.dist) / 2)) break;
      entries.push(m.usage);
    }
  } else {
    for (const kw of ALL) {
      if (kw.usage && prefixLength(kw.words, args, length) === length) entries.push(kw.usage);
    }
  }
  entries.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  for (const e of entries) out += `  ${e}\n`;
  return out + TAIL;
}
