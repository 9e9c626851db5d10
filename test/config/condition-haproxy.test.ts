/**
 * Conditions against `haproxy -cc EXPR` (2.6.12): exit 0 true, 1 false, 2 error with its alert.
 * Only cases that do not depend on the build's feature list or TLS library are compared.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  checkCondition,
  compareCurrentVersion,
  ConditionError,
  evalConditionText,
  formatConditionError,
  splitVersion,
  type ConditionEnv,
} from '../../src/config/condition.js';

const env: ConditionEnv = {
  getenv: (n) => ({ HOME: '/root', X: 'a b' })[n],
  features: new Set(['OPENSSL']),
  version: '2.6.12',
  sslVersion: '3.0.11',
};
const F = 'config : Failed to evaluate condition: ';

const cases: Array<[string, 0 | 1 | 2, string?]> = [
  ['1', 0], ['0', 1], ['', 1], ['-1', 0], ['0x10', 0], ['+3', 0], ['-0', 1], ['007', 0], ['0x1F', 0],
  ['2147483648', 0], ['99999999999999999999', 0], [' 1', 0], ['1 ', 0],
  ['08', 2, `${F}unexpected character '8' at the end of conditional expression '08'`],
  ['0x', 2, `${F}unexpected character 'x' at the end of conditional expression '0x'`],
  [' ', 2, `${F}unparsable conditional sub-expression ' '`],
  ['!1', 1], ['! ! 1', 0], ['!!0', 1], ['!!!1', 1], ['! (1)', 1],
  ['!', 2, `${F}unparsable conditional expression '!'`],
  ['! !', 2, `${F}unparsable conditional expression '! !'`],
  ['(1)', 0], ['( 1 )', 0], ['!(0 || 0)', 0], ['1 && (0 || (1 && !0))', 0],
  ['(1', 2, `${F}expected ')' after conditional expression '(1'`],
  ['1)', 2, `${F}unexpected character ')' at the end of conditional expression '1)'`],
  ['()', 2, `${F}unparsable conditional expression ')'`],
  ['(', 2, `${F}unparsable conditional expression '('`],
  ['(  ', 2, `${F}unparsable conditional expression '( '`],
  // precedence: && binds tighter than ||
  ['1 && 0 || 1', 0], ['0 || 1 && 0', 1], ['1 || 0 && 0', 0], ['1&&1', 0], ['0||0', 1], ['1\t&&\t1', 0],
  ['1 &&', 2, `${F}unparsable conditional expression '&&'`],
  ['1 && 1 && ', 2, `${F}unparsable conditional expression '&& 1 && '`],
  ['1 ||', 2, `${F}unparsable conditional expression '1 ||'`],
  ['&& 1', 2, `${F}unparsable conditional expression '&& 1'`],
  ['1 &&& 1', 2, `${F}unparsable conditional expression '& 1'`],
  ['1 ||| 1', 2, `${F}unparsable conditional expression '| 1'`],
  ['1 & 1', 2, `${F}unexpected character '&' at the end of conditional expression '1 & 1'`],
  ['1 | 0', 2, `${F}unexpected character '|' at the end of conditional expression '1 | 0'`],
  ['1 0', 2, `${F}unexpected character '0' at the end of conditional expression '1 0'`],
  // short-circuit: the right side is parsed but not evaluated
  ['0 && foo(', 2, `${F}unparsable conditional expression 'foo('`],
  ['defined(HOME)', 0], ['defined(NOPE)', 1], ['defined', 1], ['defined()', 1],
  ['defined(HOME) && !defined(NOPE)', 0],
  ['defined(HOME,X)', 2, `${F}expected ')' before ',X)' in argument 1 of predicate 'defined' used in conditional expression`],
  ['defined (HOME)', 2, `${F}unexpected character '(' at the end of conditional expression 'defined (HOME)'`],
  ['defined\t(HOME)', 2, `${F}unexpected character '(' at the end of conditional expression 'defined (HOME)'`],
  ['defined(HOME', 2, `${F}expected ')' in argument 1 of predicate 'defined' used in conditional expression`],
  ['defined(X)y', 2, `${F}unexpected character 'y' at the end of conditional expression 'defined(X)y'`],
  ['streq(a,a)', 0], ['streq(a, a)', 1], ['streq("a b","a b")', 0], ["streq('a','a')", 0], ['strneq(a,b)', 0],
  ['streq(,)', 0], ['streq(a,)', 1], ['streq(a\\\\,a\\\\)', 0], ['streq(a\\ b,a b)', 0], ['streq(a\\qb,a\\qb)', 0],
  ['streq("$HOME",/root)', 0], ['streq($HOME,/root)', 1],
  // -cc lexes its argument first: the single quotes are gone before make_arg_list() sees them
  ["streq('a,b','a,b')", 2, `${F}expected ')' before ',a,b)' in argument 1 of predicate 'streq' used in conditional expression`],
  ['streq(a)', 2, `${F}missing arguments (got 1/2), type 'string' expected in argument 1 of predicate 'streq' used in conditional expression`],
  ['streq(a', 2, `${F}missing arguments (got 1/2), type 'string' expected in argument 1 of predicate 'streq' used in conditional expression`],
  ['streq(a\\,b,a\\,b)', 2, `${F}expected ')' before ',a\\,b)' in argument 1 of predicate 'streq' used in conditional expression`],
  ['streq(a\\', 2, `${F}failed to parse '\\' after 'a' as type 'string' at position 1 in argument 0 of predicate 'streq' used in conditional expression`],
  ['streq("a,b)', 2, 'config : Syntax Error in condition: Unmatched quote.'],
  ['streq(a,a)x', 2, `${F}unexpected character 'x' at the end of conditional expression 'streq(a,a)x'`],
  ['feature(', 2, `${F}expected ')' in argument 1 of predicate 'feature' used in conditional expression`],
  // not in 2.6
  ['strstr(abc,b)', 2, `${F}unparsable conditional expression 'strstr(abc,b)'`],
  ['enabled(POLL)', 2, `${F}unparsable conditional expression 'enabled(POLL)'`],
  ['foo(1)', 2, `${F}unparsable conditional expression 'foo(1)'`],
  ['foo', 2, `${F}unparsable conditional expression 'foo'`],
  ['streq(a,a) || foo', 2, `${F}unparsable conditional expression 'foo'`],
  // versions, compared with 2.6.12
  ['version_atleast(2.6)', 0], ['version_atleast(2.6.12)', 0], ['version_atleast(2.6.13)', 1], ['version_atleast(2)', 0],
  ['version_atleast(3)', 1], ['version_before(2.7)', 0], ['version_before(2.6.12)', 1], ['version_atleast(2.6-dev1)', 0],
  ['version_atleast(2.6-dev)', 0], ['version_atleast(2.6.12-rc1)', 0], ['version_before(2.6.12-rc1)', 1],
  ['version_before(2.6.12-1)', 0], ['version_before(2.6.12.1)', 0], ['version_atleast(2.6.12.0)', 0],
  ['version_before(2.6.12-dev-1)', 1], ['version_atleast( 2.6)', 0], ['version_atleast(-1)', 1],
  // unparsable versions: "at least" is true, "before" false
  ['version_atleast(abc)', 0], ['version_atleast()', 0], ['version_before()', 1], ['version_atleast(2.6.x)', 0],
  ['ssllib_name_startswith(Open)', 0], ['ssllib_name_startswith()', 0], ['ssllib_name_startswith(open)', 1],
  ['openssl_version_before(99.0.0)', 2],
  ['1 # c', 2, `${F}unexpected character '#' at the end of conditional expression '1 # c'`],
  ['\\x31', 0], ['"1"', 0], ["'1 && 0'", 1],
];

test('haproxy -cc verdicts and messages', () => {
  for (const [expr, status, alert] of cases) {
    const r = checkCondition(expr, env);
    assert.deepEqual(r, alert === undefined ? { status } : { status, alert }, expr);
  }
});

test('recursion limit (MAX_CFG_RECURSION 1024)', () => {
  const nest = (n: number): string => '('.repeat(n) + '1' + ')'.repeat(n);
  assert.equal(checkCondition(nest(340), env).status, 0);
  const r = checkCondition(nest(341), env);
  assert.equal(r.status, 2);
  assert.match(r.alert ?? '', /unparsable conditional sub-expression '1\)\)\)/);
  assert.equal(checkCondition(Array(30).fill('1').join(' && '), env).status, 0);
  assert.deepEqual(checkCondition(Array(500).fill('1').join(' && '), env), {
    status: 2,
    alert: 'config : Error in condition: Too many words.',
  });
});

test('.if error layout', () => {
  const show = (dir: string, text: string): string => {
    try {
      evalConditionText(text, env);
    } catch (e) {
      assert.ok(e instanceof ConditionError);
      return formatConditionError(dir, text, e);
    }
    return 'no error';
  };
  assert.equal(show('.if', '1 &&'), "unparsable conditional expression '&&' in '.if' at position 3:\n  .if 1 &&\n        ^");
  assert.equal(show('.elif', 'foo('), "unparsable conditional expression 'foo(' in '.elif' at position 1:\n  .elif foo(\n        ^");
  const chain = `1 ${'&& 1 '.repeat(30)}`;
  assert.equal(
    show('.if', `${chain}&&`),
    `unparsable conditional expression '${chain.slice(2)}&&' in '.if' at position 3:\n  .if ${chain.slice(0, 76)}\n        ^`,
  );
  assert.equal(
    show('.if', `${chain}&& foo`),
    `unparsable conditional expression 'foo' in '.if' at position 156:\n  .if ...1 && 1 && 1 && 1 && 1 && 1 && 1 && foo...\n${' '.repeat(44)}^`,
  );
});

test('split_version() and compare_current_version()', () => {
  assert.deepEqual(splitVersion('1.2.1-pre2'), [1, 2, 1, 0, 2, 2, 0]);
  assert.deepEqual(splitVersion('1.2.10.1'), [1, 2, 10, 1, 3, 0, 0]);
  assert.deepEqual(splitVersion('1.5-dev18-43'), [1, 5, 0, 0, 1, 18, 43]);
  assert.deepEqual(splitVersion('2.4-dev18-f6818d-20'), [2, 4, 0, 0, 1, 18, 20]);
  assert.deepEqual(splitVersion('2.6.12-1+deb12u4'), [2, 6, 12, 0, 3, 0, 0]);
  assert.equal(splitVersion('abc'), undefined);
  assert.equal(compareCurrentVersion('2.6.12', '2.6.12'), 0);
  assert.equal(compareCurrentVersion('2.6.12', '2.6'), -1);
  assert.equal(compareCurrentVersion('2.6.12', '2.7-dev1'), 1);
  assert.equal(compareCurrentVersion('2.6.12', ''), -3);
});
