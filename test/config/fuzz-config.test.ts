/**
 * Property test: random bytes and random mutations of realistic configurations must always give
 * a result from loadConfigText() (alerts or success): never an exception, never a hang.
 * Deterministic (seeded PRNG), bounded (3000 cases).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadConfigText } from '../../src/config/parse.js';
import { lexLine } from '../../src/config/lexer.js';
import { checkCondition } from '../../src/config/condition.js';

const CONFIGS = [
  `global
    maxconn 4096
    log stdout format raw local0
    .if version_atleast(2.6)
    nbthread 2
    .endif

defaults
    mode http
    log global
    option httplog
    timeout connect 5s
    timeout client 30s
    timeout server 30s

frontend web
    bind :8080
    bind [::]:8443,127.0.0.1:9000-9002
    acl is_api path_beg /api
    acl is_static path_end .css .js .png
    http-request set-header X-Forwarded-Proto https if { ssl_fc }
    use_backend api if is_api
    default_backend app

backend api
    balance roundrobin
    option httpchk GET /health
    server a1 10.0.0.1:8000 check inter 2s fall 3 rise 2
    server a2 10.0.0.2:8000 check weight 50

backend app
    balance leastconn
    cookie SRV insert indirect nocache
    server s1 "\${APP_HOST-127.0.0.1}:3000" cookie s1
`,
  `# TCP proxy with env and conditions
global
    daemon
    setenv PORT 5432

defaults
    mode tcp
    timeout connect 2s
    timeout client 1m
    timeout server 1m

listen pg
    bind "*:\${PORT}"
    .if defined(HOME) && !defined(NOPE_NOT_SET)
    option tcp-check
    .elif streq("a","b")
    option redispatch
    .else
    retries 3
    .endif
    server db1 192.168.1.10:5432 check
    server db2 192.168.1.11:5432 check backup
`,
  `defaults
  mode http
  timeout client 10s
  timeout connect 10s
  timeout server 10s
frontend f
  bind ipv4@0.0.0.0:80
  http-request deny if { src 10.0.0.0/8 } !{ path /ok }
  http-request return status 200 content-type text/plain string "it's \\"ok\\"\\n" if { path /ping }
  default_backend b
backend b
  server s 127.0.0.1:8081 maxconn 100 # comment
  .notice "loaded \${.FILE}:\${.LINE}"
`,
];

/** mulberry32: small deterministic PRNG. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PIECES = ['"', "'", '\\', '\\x', '\\x4', '$', '${', '${X', '}', '${X[*]}', '${X-d}', '#', ' ', '\t', '\r', '\0', '\n', '.if ', '.elif 1', '.else', '.endif', '.if 1\n', '(', ')', '&&', '||', '!', ':', '[', ']', '@', ',', 'é', '\xff'];

function mutate(text: string, rnd: () => number): string {
  const pick = <T>(a: readonly T[]): T => a[Math.floor(rnd() * a.length)]!;
  let s = text;
  const steps = 1 + Math.floor(rnd() * 6);
  for (let k = 0; k < steps; k++) {
    const i = Math.floor(rnd() * (s.length + 1));
    const j = Math.min(s.length, i + Math.floor(rnd() * 12));
    const lines = s.split('\n');
    const li = Math.floor(rnd() * lines.length);
    switch (Math.floor(rnd() * 9)) {
      case 0: s = s.slice(0, i) + s.slice(j); break; // delete chars
      case 1: s = s.slice(0, i) + s.slice(i, j) + s.slice(i); break; // duplicate chars
      case 2: s = s.slice(0, i) + pick(PIECES) + s.slice(i); break; // insert a piece
      case 3: s = s.slice(0, i) + String.fromCharCode(Math.floor(rnd() * 256)) + s.slice(i); break;
      case 4: lines.splice(li, 1); s = lines.join('\n'); break; // delete a line
      case 5: lines.splice(li, 0, lines[Math.floor(rnd() * lines.length)] ?? ''); s = lines.join('\n'); break;
      case 6: { const lj = Math.floor(rnd() * lines.length); [lines[li], lines[lj]] = [lines[lj]!, lines[li]!]; s = lines.join('\n'); break; }
      case 7: { const a = s[i]; const b = s[j - 1]; if (a !== undefined && b !== undefined) s = s.slice(0, i) + b + s.slice(i + 1, j - 1) + a + s.slice(j); break; }
      default: lines.splice(li, 0, pick(['.if 0', '.if 1', '.else', '.endif', '.elif defined(X)', '.if streq("$X",x)', '.notice "${X[*]}"'])); s = lines.join('\n');
    }
  }
  return s;
}

function randomBytes(rnd: () => number): string {
  const n = Math.floor(rnd() * 400);
  let s = '';
  for (let i = 0; i < n; i++) s += rnd() < 0.3 ? '\n' : String.fromCharCode(Math.floor(rnd() * 256));
  return s;
}

test('random bytes and mutated configurations never throw', () => {
  const rnd = prng(0x5eed);
  const env = { X: 'a b', HOME: '/root' };
  // No hang: the slowest single case is bounded (a runaway loop or regex takes far longer than
  // this; the whole run's time follows the machine's load, so it is not asserted).
  let slowest = 0;
  let slowestCase = -1;
  const CASES = 3000;
  for (let c = 0; c < CASES; c++) {
    const started = Date.now();
    const text = c % 5 === 0 ? randomBytes(rnd) : mutate(CONFIGS[c % CONFIGS.length]!, rnd);
    let result: ReturnType<typeof loadConfigText> | undefined;
    try {
      result = loadConfigText(text, 'fuzz.cfg', { env });
    } catch (e) {
      assert.fail(`case ${c} threw ${e instanceof Error ? e.stack : String(e)}\n--- input ---\n${JSON.stringify(text)}`);
    }
    assert.ok(result.diag.alerts >= 0);
    for (const line of text.split('\n')) {
      lexLine(line, { getenv: (n) => (n === 'X' ? 'a b' : undefined), outBuffer: { size: 0 } });
      checkCondition(line, { getenv: () => undefined, features: new Set(), version: '2.6.12' });
    }
    const took = Date.now() - started;
    if (took > slowest) [slowest, slowestCase] = [took, c];
  }
  assert.ok(slowest < 2_000, `case ${slowestCase} took ${slowest} ms`);
});
