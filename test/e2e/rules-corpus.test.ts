/**
 * The rule corpus: well over 100 rule configurations (one frontend each, all in one configuration)
 * run side by side by bin/switchyard and HAProxy 2.6; every response — status, headers, body — must
 * be byte-identical (Date aside). Cases live in rules-corpus-{actions,fetches,tcp,stick}.ts.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCorpus, type CorpusCase } from './rules-corpus-harness.js';
import { ACTION_CASES } from './rules-corpus-actions.js';
import { FETCH_CASES } from './rules-corpus-fetches.js';
import { TCP_CASES } from './rules-corpus-tcp.js';
import { STICK_CASES } from './rules-corpus-stick.js';

function files(): string {
  const dir = mkdtempSync(join(tmpdir(), 'rules-corpus-'));
  const w = (name: string, text: string): void => writeFileSync(join(dir, name), text);
  w('403.http', 'HTTP/1.0 403 Forbidden\r\nCache-Control: no-cache\r\nContent-Type: text/plain\r\n\r\ncustom forbidden\n');
  w('429.http', 'HTTP/1.1 429 Too Many Requests\r\nContent-Type: text/plain\r\nContent-Length: 10\r\n\r\nslow down\n');
  w('hosts.lst', '# blocked hosts\nblocked.example.com\nevil.example.com\n');
  w('nets.lst', '127.0.0.2\n127.0.0.0/30\n10.0.0.0/8\n');
  w('hosts.map', 'shop.example.com be_shop\nstore.example.com be_store\n');
  w('paths.map', '/api api\n/api/users users\n/static static\n.js script\napp app\n');
  // A separate file: HAProxy shares one index between map_sub and map_end of the same file (the first use's match wins).
  w('ends.map', '/api api\n/api/users users\n/static static\n.js script\napp app\n');
  w('regs.map', '^/v[0-9]+/ versioned\n^/ root\n');
  w('doms.map', 'example.net net\nexample.com com\n');
  w('ips.map', '127.0.0.0/8 loop\n127.0.0.4 four\n10.0.0.0/8 ten\n');
  w('ints.map', '1 one\n2 two\n');
  w('ints-out.map', 'one 1\ntwo 2\n');
  return dir;
}

test('rule corpus: 100+ configurations give the same bytes as HAProxy 2.6', { timeout: 120_000 }, async (t) => {
  const cases: CorpusCase[] = [...ACTION_CASES, ...FETCH_CASES, ...TCP_CASES, ...STICK_CASES];
  assert.ok(cases.length >= 100, `${cases.length} cases`);
  process.env['SY_CORPUS_ENV'] = 'from-env';
  const only = process.env['SY_CORPUS_ONLY'];
  const run = only ? cases.filter((c) => c.name.includes(only)) : cases;
  const started = Date.now();
  const r = await runCorpus(run, files(), (m) => t.diagnostic(m));
  t.diagnostic(`${run.length} cases, ${r.requests} requests, compared with haproxy: ${r.compared}, ${Date.now() - started} ms`);
});
