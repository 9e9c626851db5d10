/**
 * lexLine() against HAProxy 2.6.12: every expectation here was observed with `haproxy -c` on a
 * `.notice <line>` (which prints the first lexed word and complains about a second one) or on the
 * lexer's own alerts.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatLexError, lexLine, sanitizeForPrinting, type LexEnv } from '../../src/config/lexer.js';

const VARS: Record<string, string> = { HOME: '/root', X: 'a b  c', EMPTY: '', SP: ' lead trail ' };
const env = (extra: Partial<LexEnv> = {}): LexEnv => ({ getenv: (n) => VARS[n], file: 'x.cfg', line: 7, ...extra });
const words = (line: string, e: LexEnv = env()): string[] => {
  const r = lexLine(line, e);
  assert.equal(r.error, undefined, `unexpected error for ${JSON.stringify(line)}: ${r.error?.message}`);
  return r.args;
};

test('quotes: nesting, concatenation, strong single quotes', () => {
  assert.deepEqual(words(`.notice "it's"`), ['.notice', "it's"]);
  assert.deepEqual(words(`.notice 'say "hi"'`), ['.notice', 'say "hi"']);
  assert.deepEqual(words(`.notice a"b c"d'e f'g`), ['.notice', 'ab cde fg']);
  // the second double quote opens a string that never ends
  assert.equal(lexLine(`.notice a'b"c'd"e`, env()).error?.position, 16);
  assert.deepEqual(words(`.notice '$HOME \\x41'`), ['.notice', '$HOME \\x41']);
});

test('backslash escapes', () => {
  const cases: Array<[string, string]> = [
    ['a\\ b', 'a b'],
    ['a\\#b', 'a#b'],
    ['a\\\\b', 'a\\b'],
    ["a\\'b", "a'b"],
    ['a\\"b', 'a"b'],
    [`"a\\'b"`, "a'b"],
    ['"a\\nb"', 'a\nb'],
    ['"a\\rb"', 'a\rb'],
    ['"a\\tb"', 'a\tb'],
    ['a\\x41b', 'aAb'],
    ['"a\\x41b"', 'aAb'],
    ['"\\$HOME"', '$HOME'], // escaped inside double quotes
    ['\\$HOME', '\\$HOME'], // outside double quotes \$ is not an escape
    ['a\\1b', 'a\\1b'], // unknown escapes are kept as-is
    ['"a\\x00b"', 'a'], // a NUL ends the word, as a C string
  ];
  for (const [line, w] of cases) assert.deepEqual(words(`.notice ${line}`), ['.notice', w], line);
});

test('bad hexadecimal escapes', () => {
  // inside single quotes a backslash does not escape: the last quote opens a new string
  assert.equal(lexLine(".notice 'a\\'b'", env()).error?.position, 14);
  for (const [line, pos] of [
    ['.notice a\\xZZb', 10],
    ['.notice a\\x4', 10],
    ['.notice "\\x"', 10],
    ['.notice "x\\x4"', 11],
  ] as const) {
    const r = lexLine(line, env());
    assert.equal(r.error?.kind, 'hex', line);
    assert.equal(r.error?.position, pos, line);
    assert.equal(r.error?.message, `truncated or invalid hexadecimal sequence at position ${pos}`);
  }
});

test('environment variables', () => {
  assert.deepEqual(words('.notice "$HOME"'), ['.notice', '/root']);
  assert.deepEqual(words('.notice "${HOME}x"'), ['.notice', '/rootx']);
  assert.deepEqual(words('.notice "$HOME_x"'), ['.notice']); // the name is HOME_x, undefined
  assert.deepEqual(words('.notice "x${NOPE}y"'), ['.notice', 'xy']);
  assert.deepEqual(words('.notice "${NOPE}"'), ['.notice']);
  assert.deepEqual(words('.notice "${NOPE}" b'), ['.notice', '', 'b']);
  assert.deepEqual(words('.notice $HOME'), ['.notice', '$HOME']); // not expanded outside quotes
  assert.deepEqual(words('.notice "$_"'), ['.notice']);
  assert.deepEqual(words('.notice "${NOPE-def}"'), ['.notice', 'def']);
  assert.deepEqual(words('.notice "${HOME-def}"'), ['.notice', '/root']);
  assert.deepEqual(words('.notice "${EMPTY-def}"'), ['.notice']); // set but empty: no default
  assert.deepEqual(words('.notice "${NOPE-a b}x"'), ['.notice', 'a bx']);
  assert.deepEqual(words('.notice "${NOPE-$HOME}x"'), ['.notice', '$HOMEx']); // defaults are raw
  assert.deepEqual(words('.notice "${NOPE-a#b}"'), ['.notice', 'a#b']);
});

test('${VAR[*]} splits into words', () => {
  assert.deepEqual(words('.notice "${X[*]}"'), ['.notice', 'a', 'b', 'c']);
  assert.deepEqual(words('.notice "z${X[*]}y"'), ['.notice', 'za', 'b', 'cy']);
  assert.deepEqual(words('.notice "${SP[*]}"'), ['.notice', '', 'lead', 'trail']);
  assert.deepEqual(words('.notice "${NOPE[*]-a b}"'), ['.notice', 'a', 'b']);
  assert.deepEqual(words('.notice "${X[*]-def}"'), ['.notice', 'a', 'b', 'c']);
  // [*] is only special inside braces
  assert.deepEqual(words('.notice "$X[*]"'), ['.notice', 'a b  c[*]']);
  for (const [line, kind, pos] of [
    ['.notice "${X[}"', 'expand', 13],
    ['.notice "${X[*}"', 'expand', 13],
    ['.notice "${X[*]"', 'brace', 11],
    ['.notice "${X"', 'brace', 11],
    ['.notice "${NOPE-abc"', 'brace', 11],
    ['.notice "$1"', 'varname', 11],
    ['.notice "${1}"', 'varname', 12],
    ['.notice "$"', 'varname', 11],
    ['.notice "${}"', 'varname', 12],
    ['.notice "$.FOO"', 'varname', 11],
  ] as const) {
    const r = lexLine(line, env());
    assert.equal(r.error?.kind, kind, line);
    assert.equal(r.error?.position, pos, line);
  }
});

test('pseudo-variables .LINE .FILE .SECTION', () => {
  assert.deepEqual(words('.notice "$.LINE"'), ['.notice', '7']);
  assert.deepEqual(words('.notice "${.FILE}"'), ['.notice', 'x.cfg']);
  assert.deepEqual(words('.notice "${.SECTION}"', env({ section: 'fe' })), ['.notice', 'fe']);
  assert.deepEqual(words('.notice "${.SECTION}"'), ['.notice']);
});

test('comments, blanks, empty words', () => {
  assert.deepEqual(words('.notice "a#b"'), ['.notice', 'a#b']);
  assert.deepEqual(words(".notice 'a#b'"), ['.notice', 'a#b']);
  assert.deepEqual(words('.notice a#b'), ['.notice', 'a']);
  assert.deepEqual(words('.notice a # b'), ['.notice', 'a']);
  assert.deepEqual(words('# only a comment'), []);
  assert.deepEqual(words('.notice a\\'), ['.notice', 'a\\']); // trailing backslash kept
  assert.deepEqual(words('.notice a   '), ['.notice', 'a']);
  assert.deepEqual(words('.notice "" b'), ['.notice', '', 'b']);
  assert.deepEqual(words('.notice a ""'), ['.notice', 'a']); // empty last word dropped
  assert.deepEqual(words('.notice a "" b'), ['.notice', 'a', '', 'b']);
  assert.deepEqual(words('.notice "" '), ['.notice', '']); // ... unless a blank follows it
  assert.deepEqual(words('\t.notice\t"tab"\t'), ['.notice', 'tab']);
  assert.deepEqual(words('   '), []);
  assert.deepEqual(words('.notice "x"\r'), ['.notice', 'x']); // CR ends the line
  assert.deepEqual(words('.notice a\0b'), ['.notice', 'a']); // so does a NUL
  assert.deepEqual(words('.notice a\vb\fc'), ['.notice', 'a', 'b', 'c']);
});

test('unmatched quotes: position and echoed line', () => {
  const r = lexLine('    .notice "abc', env());
  assert.equal(r.error?.kind, 'quote');
  assert.equal(r.error?.position, 13);
  // HAProxy echoes the line without its leading blanks
  assert.equal(formatLexError(r.error!), 'unmatched quote at position 13:\n  .notice "abc\n          ^');
  const t = lexLine(".notice\t'abc", env());
  assert.equal(formatLexError(t.error!), "unmatched quote at position 9:\n  .notice 'abc\n          ^");
  const c = lexLine('.notice "x\ry"', env());
  assert.equal(formatLexError(c.error!), 'unmatched quote at position 9:\n  .notice "x y"\n          ^');
  const q = lexLine('.notice "abc" "de', env());
  assert.equal(q.error?.position, 15);
  const n = lexLine('.notice \xc3\xa9"x', env());
  assert.equal(formatLexError(n.error!), 'unmatched quote at position 11:\n  .notice ??"x\n            ^');
});

test('long lines are echoed around the error, 80 columns wide', () => {
  const a = 'a'.repeat(120);
  const r = lexLine(`.notice ${a} "${'b'.repeat(170)}`, env());
  assert.equal(r.error?.position, 130);
  assert.equal(
    formatLexError(r.error!),
    `unmatched quote at position 130:\n  ...${'a'.repeat(36)} "${'b'.repeat(36)}...\n  ${' '.repeat(40)}^`,
  );
  const s = lexLine(`.notice "${a}`, env());
  assert.equal(formatLexError(s.error!), `unmatched quote at position 9:\n  .notice "${'a'.repeat(71)}\n          ^`);
  assert.deepEqual(sanitizeForPrinting('ab\tc\x01', 1, 80), { text: 'ab c?', pos: 1 });
});

test('the echoed line shows what HAProxy wrote into it', () => {
  const r = lexLine('  .notice "$.FOO" bar', env());
  assert.equal(formatLexError(r.error!), 'forbidden first char in environment variable name at position 13:\n  .notice "$.FOO\n            ^');
  const d = lexLine('.notice "${NOPE-x}" "abc', env());
  assert.equal(formatLexError(d.error!), 'unmatched quote at position 21:\n  .notice "${NOPE-x\n                      ^');
});

test('more than 64 words', () => {
  const line = (n: number, tail = ''): string => ['.notice', ...Array.from({ length: n - 1 }, (_, i) => `w${i + 1}`)].join(' ') + tail;
  assert.equal(lexLine(line(63), env()).error, undefined);
  assert.equal(lexLine(line(64), env()).args.length, 64);
  for (const l of [line(65), line(70), line(64, ' '), line(64, ' ""'), '  ' + line(66)]) {
    const r = lexLine(l, env());
    assert.equal(r.error?.kind, 'toomany', l);
    // position: offset of the 64th word in the lexed output, 1-based
    assert.equal(formatLexError(r.error!), 'too many words, truncating after word 64, position 248: <w63>.');
  }
  const x = lexLine('.notice "${X[*]}" ' + Array.from({ length: 61 }, (_, i) => `w${i + 1}`).join(' '), env());
  assert.equal(formatLexError(x.error!), 'too many words, truncating after word 64, position 242: <w60>.');
});

test('HAProxy 2.6 re-lexes lines that outgrow its buffer: ${VAR-default} then fails', () => {
  const outBuffer = { size: 0 };
  const first = lexLine('.notice "${NOPE-def}"', env({ outBuffer }));
  assert.equal(first.error?.kind, 'brace');
  assert.equal(formatLexError(first.error!), 'unmatched brace in environment variable name at position 11:\n  .notice "${NOPE-def\n            ^');
  assert.equal(outBuffer.size, 1024);
  assert.deepEqual(lexLine('.notice "${NOPE-def}"', env({ outBuffer })).args, ['.notice', 'def']);
  // a line whose output needs more than 1024 bytes is lexed twice again
  const big = lexLine(`.notice "${'x'.repeat(1100)}${'${NOPE-d}'}"`, env({ outBuffer }));
  assert.equal(big.error?.kind, 'brace');
  assert.equal(outBuffer.size, 2048);
  // without the buffer, lines are lexed once
  assert.deepEqual(lexLine('.notice "${NOPE-def}"', env()).args, ['.notice', 'def']);
});

test('merged text for conditions keeps one blank per separator', () => {
  const r = lexLine('.if   1  &&  ', env());
  assert.equal(r.merged, '.if 1 && ');
  assert.equal(r.afterFirst, '1 && ');
  assert.equal(lexLine('.if', env()).afterFirst, '');
  assert.equal(lexLine('.if ', env()).afterFirst, '');
});

test('-cc lexing: no comments, no blank skipping, output no longer than input', () => {
  const cc = env({ comments: false, inPlace: true });
  assert.equal(lexLine('1 # c', cc).merged, '1 # c');
  assert.equal(lexLine(' ', cc).merged, ' ');
  assert.equal(lexLine('"$HOME" x', cc).merged, '/root x');
  const long = lexLine('"${HOME}${HOME}"', { ...cc, getenv: () => 'a-very-long-value' });
  assert.equal(long.error?.kind, 'toolarge');
});
