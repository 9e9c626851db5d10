/** Time and size units as HAProxy 2.6's parse_time_err() / parse_size_err() read them. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseSize, parseSizeErr, parseTime, parseTimeErr, UnitError } from '../../src/config/units.js';

test('time units, rounded up to the unit of a bare number', () => {
  const ms: Array<[string, number]> = [
    ['10', 10], ['10us', 1], ['1500us', 2], ['0us', 0], ['1us', 1], ['10ms', 10], ['10s', 10_000], ['10m', 600_000],
    ['10h', 36_000_000], ['24d', 2_073_600_000], ['2147483647', 2_147_483_647], ['596h', 2_145_600_000],
    ['35791m', 2_147_460_000], ['0', 0],
  ];
  for (const [t, v] of ms) assert.equal(parseTime(t), v, t);
  // a bare number in seconds; overflow is checked in that unit
  assert.equal(parseTime('10', 1000), 10_000);
  assert.equal(parseTime('1500ms', 1000), 2000);
  assert.equal(parseTime('3000000', 1000), 3_000_000_000);
});

test('time overflow and bad characters', () => {
  for (const t of ['25d', '2147483648', '4294967296', '597h', '35792m', '2147484s', '99999999999999999999'])
    assert.throws(() => parseTime(t), new UnitError('timer overflow'), t);
  assert.equal(parseTime('2147483647', 1000), 2_147_483_647_000);
  assert.throws(() => parseTime('2147483648', 1000), new UnitError('timer overflow'));
  for (const [t, c] of [['10x', 'x'], ['10S', 'S'], ['10MS', 'M'], ['-1', '-'], ['x', 'x'], ['1.5s', '.'], ['10u', 'u']])
    assert.throws(() => parseTime(t), new UnitError(`unexpected character '${c}'`), t);
  assert.throws(() => parseTime(''), new UnitError('missing value'));
});

test('characters after a valid unit only warn (HAProxy 2.6)', () => {
  const warnings: string[] = [];
  assert.equal(parseTime('10sx', 1, (m) => warnings.push(m)), 10_000);
  assert.equal(parseTime('10mx', 1, (m) => warnings.push(m)), 600_000);
  assert.deepEqual(warnings[0],
    "unexpected character 'x' after the timer value '10sx', only (us=microseconds,ms=milliseconds,s=seconds,m=minutes,h=hours,d=days) are supported. This will be reported as an error in next versions.");
  assert.deepEqual(parseTimeErr('10usx'), { value: 1, trailing: 'x' });
});

test('sizes: k/m/g suffixes, 32-bit limit', () => {
  const ok: Array<[string, number]> = [['0', 0], ['16', 16], ['16k', 16384], ['16K', 16384], ['1m', 1 << 20], ['1M', 1 << 20], ['1g', 1 << 30], ['3g', 3 * 2 ** 30], ['4294967295', 4294967295], ['4194303k', 4194303 * 1024]];
  for (const [t, v] of ok) assert.equal(parseSize(t), v, t);
  assert.deepEqual(parseSizeErr('4g'), { at: 1 });
  assert.deepEqual(parseSizeErr('4294967296'), { at: 9 });
  assert.deepEqual(parseSizeErr('16kb'), { at: 3 });
  assert.deepEqual(parseSizeErr('16x'), { at: 2 });
  assert.deepEqual(parseSizeErr('x'), { at: 0 });
  assert.throws(() => parseSize('16kb'), new UnitError("unexpected character 'b'"));
  assert.throws(() => parseSize(''), new UnitError('missing value'));
});
