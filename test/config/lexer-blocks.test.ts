/**
 * Conditional blocks and message directives through loadConfigText(), compared with what
 * `haproxy -c` (2.6.12) prints for the same file. Cases marked `todo` are known divergences of
 * the reader (parse.ts), kept here so they show up until fixed.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadConfigText } from '../../src/config/parse.js';

/** "level@line message" for every diagnostic, in order. */
function run(text: string): string[] {
  const r = loadConfigText(text, 'x.cfg', { env: { HOME: '/root' }, noValidate: true });
  return r.diag.items.map((d) => `${d.level}@${d.place?.line ?? '-'} ${d.message}`);
}

const blocks: Array<[string, string, string[]]> = [
  ['if taken', '.if 1\n.notice "a"\n.elif 1\n.notice "b"\n.else\n.notice "c"\n.endif\n', ["notice@2 'a'."]],
  ['elif taken', '.if 0\n.notice "a"\n.elif 1\n.notice "b"\n.else\n.notice "c"\n.endif\n', ["notice@4 'b'."]],
  ['else taken', '.if 0\n.notice "a"\n.elif 0\n.notice "b"\n.else\n.notice "c"\n.endif\n', ["notice@6 'c'."]],
  [
    'nested in a dropped branch are not evaluated',
    '.if 0\n.if 1\n.notice "inner"\n.else\n.notice "inner-else"\n.endif\n.elif 1\n.if 0\n.notice "x"\n.elif 1\n.notice "y"\n.endif\n.endif\n',
    ["notice@11 'y'."],
  ],
  ['dropped blocks skip unknown directives and bad expressions', '.if 0\n.foo\n.if garbage(\n.endif\n.endif\n.notice "after"\n', ["notice@6 'after'."]],
  ['empty .if is false', '.if\n.notice "empty"\n.endif\n', []],
  ['"" is false', '.if ""\n.notice "emptystr"\n.endif\n', []],
  ['defined()', '.if defined(HOME)\n.notice "def"\n.endif\n', ["notice@2 'def'."]],
  ['no evaluation after a taken branch', '.if 1\n.elif garbage(\n.endif\n', []],
  ['directives', '.diag "d"\n.warning "w"\n.notice "n"\n', ["diag@1 'd'.", "warning@2 'w'.", "notice@3 'n'."]],
  [
    'directive with two words',
    '.warning a b\n.notice "after"\n',
    ["alert@1 Unexpected argument 'b' for '.warning'. Use quotes if the message should contain spaces.", "notice@2 'after'."],
  ],
  ['.alert stops reading', '.alert "boom"\n.notice "after"\n', ["alert@1 'boom'."]],
];
for (const [name, text, want] of blocks) test(`blocks: ${name}`, () => assert.deepEqual(run(text), want));

const errors: Array<[string, string, string[]]> = [
  ['.else alone', '.else\n', ["alert@1 lone '.else' with no matching '.if'."]],
  ['.endif alone', '.endif\n.notice "after"\n', ["alert@1 lone '.endif' with no matching '.if'."]],
  ['.elif alone', '.elif 1\n', ["alert@1 lone '.elif' with no matching '.if'."]],
  // HAProxy reports the last line read, not the .if line
  ['unterminated .if', '.if 1\n.notice "x"\n', ["notice@2 'x'.", "alert@2 non-terminated '.if' block."]],
  ['unterminated nested .if', '.if 1\n.if 0\n.endif\n', ["alert@3 non-terminated '.if' block."]],
  ['.elif after .else', '.if 1\n.else\n.elif 1\n.endif\n', ["alert@3 '.elif' after '.else' is not permitted."]],
  ['.else after .else', '.if 1\n.else\n.else\n.endif\n', ["alert@3 '.else' after '.else' is not permitted."]],
];
for (const [name, text, want] of errors) test(`block errors: ${name}`, () => assert.deepEqual(run(text), want));

// Known divergences of parse.ts from HAProxy 2.6.12 (observed with haproxy -c).
const todo: Array<[string, string, string[]]> = [
  // condition errors should come from ConditionError.position / formatConditionError()
  [
    'bad expression',
    '.if 1 &&\n.endif\n',
    ["alert@1 unparsable conditional expression '&&' in '.if' at position 3:\n  .if 1 &&\n        ^"],
  ],
  // arguments after .endif / .else are refused and stop the file
  ['.endif junk', '.if 1\n.endif junk\n.notice "after"\n', ["alert@2 Unexpected argument 'junk' for '.endif'.", "alert@2 non-terminated '.if' block."]],
  // an empty word is no argument for HAProxy (it tests *args[2])
  ['.notice a "" b', '.notice a "" b\n', ["notice@1 'a'."]],
  // unknown directives stop reading the file
  ['unknown directive', '.foo\n.notice "after"\n', ["alert@1 unknown directive '.foo'."]],
  // lexing errors do not stop reading
  ['lexer error continues', '.notice "abc\n.notice "next"\n', ["alert@1 unmatched quote at position 9:\n  .notice \"abc\n          ^", "notice@2 'next'."]],
  // the section name, not the keyword
  ['.SECTION', 'frontend fe\n.notice "${.SECTION}"\n', ["notice@2 'fe'."]],
  // the re-lexing quirk of line 1
  ['${VAR-default} on line 1', '.notice "${NOPE-def}"\n', ['alert@1 unmatched brace in environment variable name at position 11:\n  .notice "${NOPE-def\n            ^']],
  // a trailing blank is part of the expression
  ['trailing blank in expression', '.if 1 && \n.endif\n', ["alert@1 unparsable conditional expression '&& ' in '.if' at position 3:\n  .if 1 && \n        ^"]],
  // no final LF
  ['missing LF', '.notice "x"', ["notice@1 'x'.", 'alert@1 Missing LF on last line, file might have been truncated at position 12.']],
  // "[scope]" lines are HAProxy 2.6 scopes, not keywords
  ['scope line', '[foo]\n.notice "x"\n', ["notice@2 'x'."]],
];
for (const [name, text, want] of todo) test(`reader divergence: ${name}`, { todo: 'parse.ts' }, () => assert.deepEqual(run(text), want));

test('CRLF files: the CR ends each line', () => {
  assert.deepEqual(run('.notice "a"\r\n.if 1\r\n.notice "b"\r\n.endif\r\n'), ["notice@1 'a'.", "notice@3 'b'."]);
});

test('tabs and comments around directives', () => {
  assert.deepEqual(run('\t.if\t1\t# yes\n\t.notice\t"t" # c\n.endif # done\n'), ["notice@2 't'."]);
});
