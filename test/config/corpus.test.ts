/**
 * The configuration corpus: every test/corpus/{valid,invalid}/*.cfg with the verdict HAProxy 2.6
 * gave it (test/corpus/*.expected, made by test/corpus/regen.sh). Switchyard must give the same
 * exit status and report its alerts on the same lines.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';
import { ROOT } from '../helpers/run.js';

interface Case {
  rel: string;
  expectedText: string;
  expectedExit: number;
  expectedAlertLines: number[];
  env: Record<string, string>;
}

function alertLines(output: string, rel: string): number[] {
  const lines = new Set<number>();
  for (const l of output.split('\n')) {
    if (!l.startsWith('[ALERT]')) continue;
    const re = /\[([^\]\s]+):(\d+)\]/g;
    for (let m = re.exec(l); m; m = re.exec(l)) if (m[1] === rel) lines.add(Number(m[2]));
  }
  return [...lines].sort((a, b) => a - b);
}

/** Cases where Switchyard deliberately differs from HAProxy 2.6 (its bugs), with the reason. */
const DIVERGENCES: Record<string, { exit: number; why: string }> = JSON.parse(
  readFileSync(join(ROOT, 'test', 'corpus', 'divergences.json'), 'utf8'),
) as Record<string, { exit: number; why: string }>;

/**
 * Cases Switchyard does not match yet: they run as `todo` (reported, not failing) until fixed.
 * Each entry says what is missing; remove it once the case passes.
 */
interface Pending {
  /** Cases whose verdict or alert lines differ: what is missing. */
  verdict: Record<string, string>;
  /** Cases with the right verdict whose message text differs: why. */
  text: Record<string, string>;
}
const PENDING = JSON.parse(readFileSync(join(ROOT, 'test', 'corpus', 'pending.json'), 'utf8')) as Pending;

/** HAProxy's output without its pid and the two start-up notices (as regen.sh stores it). */
function normalise(output: string): string {
  return output
    .split('\n')
    .filter((l) => !/^\[NOTICE\] +\(\d+\) : (haproxy version is|path to executable is) /.test(l))
    .map((l) => l.replace(/^(\[[A-Z]+\] +)\(\d+\)/, '$1(PID)'))
    .join('\n');
}

function loadCases(dir: 'valid' | 'invalid'): Case[] {
  const base = join(ROOT, 'test', 'corpus', dir);
  const out: Case[] = [];
  for (const name of readdirSync(base).sort()) {
    if (!name.endsWith('.cfg')) continue;
    const rel = `test/corpus/${dir}/${name}`;
    const expected = readFileSync(join(base, name.replace(/\.cfg$/, '.expected')), 'utf8');
    const exit = /^exit=(\d+)/.exec(expected);
    assert.ok(exit, `${rel}: .expected has no exit= line`);
    const first = readFileSync(join(base, name), 'latin1').split('\n')[0] ?? '';
    const env: Record<string, string> = { PATH: process.env['PATH'] ?? '/usr/bin:/bin' };
    const em = /^#\s*env:\s*(.*)$/.exec(first);
    if (em) {
      for (const kv of em[1]!.trim().split(/\s+/)) {
        const eq = kv.indexOf('=');
        if (eq > 0) env[kv.slice(0, eq)] = kv.slice(eq + 1);
      }
    }
    const div = DIVERGENCES[`${dir}/${name}`];
    if (div) {
      assert.ok(div.why.length > 0);
      out.push({ rel, expectedText: '', expectedExit: div.exit, expectedAlertLines: [], env });
      continue;
    }
    const expectedText = expected.slice(expected.indexOf('\n') + 1);
    out.push({ rel, expectedText, expectedExit: Number(exit[1]), expectedAlertLines: alertLines(expected, rel), env });
  }
  return out;
}

async function check(c: Case): Promise<{ exit: number; output: string }> {
  let output = '';
  const io = { out: (s: string) => void (output += s), err: (s: string) => void (output += s) };
  const cwd = process.cwd();
  process.chdir(ROOT);
  try {
    const exit = await main(['-c', '-f', c.rel], io, c.env);
    return { exit, output };
  } finally {
    process.chdir(cwd);
  }
}

for (const dir of ['valid', 'invalid'] as const) {
  const cases = loadCases(dir);
  test(`corpus/${dir} has enough cases`, () => {
    assert.ok(cases.length >= (dir === 'valid' ? 60 : 40), `${cases.length} cases`);
  });
  for (const c of cases) {
    const key = c.rel.replace('test/corpus/', '');
    const todo = PENDING.verdict[key];
    if (c.expectedText !== '') {
      test(`${c.rel}: same messages as HAProxy 2.6, byte for byte`, { todo: todo ?? PENDING.text[key] }, async () => {
        const { output } = await check(c);
        assert.equal(normalise(output), c.expectedText);
      });
    }
    test(`${c.rel}: same verdict and lines as HAProxy 2.6`, { todo }, async () => {
      const { exit, output } = await check(c);
      assert.equal(exit, c.expectedExit, `exit status differs; Switchyard said:\n${output}`);
      if (c.expectedAlertLines.length > 0) {
        const ours = alertLines(output, c.rel);
        for (const l of c.expectedAlertLines)
          assert.ok(ours.includes(l), `HAProxy reports line ${l}; Switchyard reported ${JSON.stringify(ours)}:\n${output}`);
      }
    });
  }
}
