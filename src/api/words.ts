/**
 * How the CLI cuts its input (HAProxy's cli_io_handler() and cli_parse_request()): a command ends at
 * a line feed or an unescaped `;`, a trailing CR is dropped, words are separated by spaces or tabs,
 * and a backslash escapes the next character (`\;`, `\ `, `\\`).
 */

/** Take the next complete command from `buf`: its text and how many characters it used, or undefined. */
export function nextCommand(buf: string): { text: string; used: number } | undefined {
  for (let i = 0; i < buf.length; i++) {
    const c = buf.charCodeAt(i);
    if (c === 92 /* \ */) {
      i++;
      continue;
    }
    if (c === 10 || c === 59 /* ; */) {
      let text = buf.slice(0, i);
      if (c === 10 && text.endsWith('\r')) text = text.slice(0, -1);
      return { text, used: i + 1 };
    }
  }
  return undefined;
}

/** The words of a command, backslash escapes removed. */
export function splitWords(line: string): string[] {
  const out: string[] = [];
  let i = 0;
  const n = line.length;
  while (i < n) {
    while (i < n && (line[i] === ' ' || line[i] === '\t')) i++;
    if (i >= n) break;
    let w = '';
    while (i < n && line[i] !== ' ' && line[i] !== '\t') {
      if (line[i] === '\\') {
        i++;
        if (i < n) w += line[i];
        i++;
        continue;
      }
      w += line[i];
      i++;
    }
    out.push(w);
  }
  return out;
}
