import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseArgs } from '../../src/cli/args.js';
import { loadConfigText } from '../../src/config/parse.js';
import { applyCommandLineLimits } from '../../src/runtime/start.js';

const CFG = 'global\n  maxconn 100\nfrontend a\n  bind 127.0.0.1:1\n  maxconn 7\nfrontend b\n  bind 127.0.0.1:2\n';

test('-n replaces the global maxconn and -N gives proxies without maxconn theirs', () => {
  const { config } = loadConfigText(CFG, 'l.cfg', { noValidate: true });
  applyCommandLineLimits(config, parseArgs(['-f', 'x', '-n', '500', '-N', '20']));
  assert.equal(config.global.maxconn, 500);
  assert.equal(config.proxies.find((p) => p.name === 'a')?.maxconn, 7);
  assert.equal(config.proxies.find((p) => p.name === 'b')?.maxconn, 20);
});

test('without -n/-N the configuration stands', () => {
  const { config } = loadConfigText(CFG, 'l.cfg', { noValidate: true });
  applyCommandLineLimits(config, parseArgs(['-f', 'x']));
  assert.equal(config.global.maxconn, 100);
  assert.equal(config.proxies.find((p) => p.name === 'b')?.maxconn, undefined);
});
