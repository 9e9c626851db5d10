import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { coverageMarkdown } from '../../src/config/coverage.js';
import { ROOT } from '../helpers/run.js';

test('docs/configuration.md matches the keyword tables (run `npm run docs` to refresh)', () => {
  const onDisk = readFileSync(join(ROOT, 'docs', 'configuration.md'), 'utf8');
  assert.equal(onDisk, coverageMarkdown());
});

test('every keyword in the coverage table has a status and help text', () => {
  const md = coverageMarkdown();
  for (const line of md.split('\n')) {
    if (!line.startsWith('| `')) continue;
    const cells = line.split(' | ');
    assert.ok(cells.length >= 3, line);
    assert.ok(!line.includes('|  |'), `empty cell in: ${line}`);
  }
});
