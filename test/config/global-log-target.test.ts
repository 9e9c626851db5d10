import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError } from '../../src/config/diagnostics.js';
import { parseLogTarget } from '../../src/config/sections/log-target.js';

const place = { file: 'x.cfg', line: 1 };
const err = (line: string, inGlobal = false): string => {
  try {
    parseLogTarget(line.split(' '), place, { inGlobal });
  } catch (e) {
    if (e instanceof ConfigError) return e.message;
    throw e;
  }
  return '';
};

test('full log line', () => {
  const t = parseLogTarget('log 10.0.0.1:514 len 2048 format rfc5424 sample 1-2,4:5 local3 notice err'.split(' '), place);
  assert.deepEqual(
    { ...t },
    { place, target: '10.0.0.1:514', len: 2048, format: 'rfc5424', sample: '1-2,4:5', facility: 'local3', level: 'notice', minlevel: 'err' },
  );
});

test('log global', () => {
  assert.equal(parseLogTarget(['log', 'global'], place).global, true);
  assert.equal(err('log global', true), `log : 'global' is not supported for a global syslog server`);
});

test('stdout alias', () => {
  assert.equal(parseLogTarget('log stdout format raw daemon'.split(' '), place).target, 'fd@1');
});

test('log errors use HAProxy wording', () => {
  assert.equal(err('log'), 'log : expects <address> and <facility> or global as arguments');
  assert.equal(err('log', true), 'log : expects <address> and <facility>  as arguments');
  assert.equal(err('log 1.2.3.4 foo'), `log : unknown log facility 'foo'`);
  assert.equal(err('log 1.2.3.4 local0 foo'), `log : unknown optional log level 'foo'`);
  assert.equal(err('log 1.2.3.4 local0 info foo'), `log : unknown optional minimum log level 'foo'`);
  assert.equal(err('log 1.2.3.4 local0 info info x'), `log : cannot handle unexpected argument 'x'`);
  assert.equal(err('log 1.2.3.4 len 10 local0'), `log : invalid log length '10', must be between 80 and 65535`);
  assert.equal(err('log 1.2.3.4 format xx local0'), `log : unknown log format 'xx'`);
  assert.equal(err('log 1.2.3.4 sample 1 local0'), 'log : Missing sample size');
  assert.equal(err('log 1.2.3.4 sample 1,1:2 local0'), 'log : ranges are overlapping');
  assert.equal(err('log 1.2.3.4 sample 5:2 local0'), 'log : sample size 2 should be greater or equal to 5 the maximum of the high ranges limits');
  assert.equal(err('log 1.2.3.4:99999 local0'), `log : invalid port '99999'`);
  assert.equal(err('log abc@1.2.3.4 local0'), `log : invalid address: 'abc@1.2.3.4' in 'abc@1.2.3.4'\n`);
});
