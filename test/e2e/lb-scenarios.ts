/**
 * The request sequences the side-by-side tests play against HAProxy and Switchyard (and the
 * in-process model): every algorithm with weights, hash-type variants, missing keys, disabled
 * servers and servers changing state in the middle. Keys come from a seeded generator, so both
 * sides receive exactly the same requests.
 */
import type { Step } from '../lb/model.js';

export interface Scenario {
  readonly name: string;
  /** Lines of the `listen` section after `bind` (balance, hash-type, options). */
  readonly lines: readonly string[];
  /** Server name -> extra words on its `server` line. */
  readonly servers: ReadonlyArray<readonly [string, string]>;
  readonly steps: readonly Step[];
  /**
   * Pause between requests (ms): leastconn counts a stream until the proxy has finished it, which
   * may come a moment after the client saw the response; the pause keeps both proxies in step.
   */
  readonly pauseMs?: number;
}

/** A small deterministic generator (LCG), so sequences are the same on every run. */
export function rng(seed: number): () => number {
  let x = seed >>> 0;
  return () => {
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
    return x;
  };
}

function times(n: number, f: (i: number) => Step): Step[] {
  return Array.from({ length: n }, (_, i) => f(i));
}

const words = ['alpha', 'beta', 'gamma', 'delta', 'epsilon', 'zeta', 'eta', 'theta', 'iota', 'kappa'];

function uriSteps(n: number, seed: number): Step[] {
  const r = rng(seed);
  return times(n, () => {
    const a = words[r() % 10]!;
    const b = words[r() % 10]!;
    const k = r() % 1000;
    const q = r() % 3 === 0 ? `?id=${k}&x=${r() % 7}` : '';
    return { path: `/${a}/${b}/${k}.html${q}` };
  });
}

function paramSteps(n: number, seed: number): Step[] {
  const r = rng(seed);
  return times(n, () => {
    const v = r() % 5000;
    switch (r() % 6) {
      case 0:
        return { path: `/p?a=1&user=${v}&z=2` };
      case 1:
        return { path: `/p?user=${v}` };
      case 2:
        return { path: `/p?other=${v}` }; // missing: round-robin
      case 3:
        return { path: `/p` }; // no query
      case 4:
        return { path: `/p?username=${v}&user=` }; // empty value
      default:
        return { path: `/p?x=${v}&user=u${v}` };
    }
  });
}

function headerSteps(n: number, seed: number): Step[] {
  const r = rng(seed);
  return times(n, (): Step => {
    const v = r() % 3000;
    switch (r() % 5) {
      case 0:
        return { path: '/', headers: {} }; // missing
      case 1:
        return { path: '/', headers: { 'X-Key': `k${v}, other` } };
      default:
        return { path: '/', headers: { 'X-Key': `key-${v}` } };
    }
  });
}

function hostSteps(n: number, seed: number): Step[] {
  const r = rng(seed);
  return times(n, () => {
    const v = r() % 400;
    return { path: '/', headers: { Host: r() % 2 ? `www.site${v}.example.com` : `site${v}.org` } };
  });
}

function sourceSteps(n: number, seed: number): Step[] {
  const r = rng(seed);
  return times(n, () => ({ path: '/', from: `127.0.0.${1 + (r() % 40)}` }));
}

const plain = (n: number): Step[] => times(n, () => ({ path: '/' }));

const three: ReadonlyArray<readonly [string, string]> = [
  ['s1', ''],
  ['s2', ''],
  ['s3', ''],
];

const weighted: ReadonlyArray<readonly [string, string]> = [
  ['s1', 'weight 1'],
  ['s2', 'weight 3'],
  ['s3', 'weight 7'],
  ['s4', 'weight 2 disabled'],
  ['s5', 'weight 0'],
];

const changes = (steps: Step[], at: number, ...ch: Step[]): Step[] => [...steps.slice(0, at), ...ch, ...steps.slice(at)];

/** Header values with bytes above 0x7f (hash functions read them as unsigned bytes). */
function highByteSteps(n: number, seed: number): Step[] {
  const r = rng(seed);
  return times(n, () => ({ path: '/', headers: { 'X-Key': `caf\u00e9-${r() % 500}-\u00ff\u0080` } }));
}

export const SCENARIOS: readonly Scenario[] = [
  { name: 'roundrobin equal', lines: ['balance roundrobin'], servers: three, steps: plain(60) },
  { name: 'roundrobin weights', lines: ['balance roundrobin'], servers: weighted, steps: plain(300) },
  {
    name: 'roundrobin 1:3',
    lines: ['balance roundrobin'],
    servers: [
      ['a', 'weight 1'],
      ['b', 'weight 3'],
    ],
    steps: plain(200),
  },
  {
    name: 'roundrobin server down/up and weight change',
    lines: ['balance roundrobin'],
    servers: [
      ['s1', 'weight 10'],
      ['s2', 'weight 20'],
      ['s3', 'weight 30'],
      ['s4', 'weight 5'],
    ],
    steps: changes(
      changes(
        changes(plain(300), 200, { change: { server: 's3', weight: 12 } }),
        120,
        { change: { server: 's2', maint: false } },
      ),
      50,
      { change: { server: 's2', maint: true } },
    ),
  },
  {
    name: 'roundrobin backups (first only)',
    lines: ['balance roundrobin'],
    servers: [
      ['s1', 'disabled'],
      ['b1', 'backup'],
      ['b2', 'backup weight 3'],
    ],
    steps: plain(40),
  },
  {
    name: 'roundrobin allbackups',
    lines: ['balance roundrobin', 'option allbackups'],
    servers: [
      ['s1', 'disabled'],
      ['b1', 'backup'],
      ['b2', 'backup weight 3'],
    ],
    steps: plain(40),
  },
  { name: 'static-rr weights', lines: ['balance static-rr'], servers: weighted, steps: plain(300) },
  {
    name: 'static-rr server down',
    lines: ['balance static-rr'],
    servers: [
      ['s1', 'weight 2'],
      ['s2', 'weight 4'],
      ['s3', 'weight 6'],
    ],
    steps: changes(plain(100), 37, { change: { server: 's2', maint: true } }),
  },
  { name: 'leastconn weights', lines: ['balance leastconn'], servers: weighted, steps: plain(100), pauseMs: 5 },
  {
    name: 'leastconn weight change',
    lines: ['balance leastconn'],
    servers: weighted,
    steps: changes(changes(plain(90), 60, { change: { server: 's1', weight: 1 } }), 30, { change: { server: 's3', weight: 20 } }),
    pauseMs: 5,
  },
  {
    name: 'first by id',
    lines: ['balance first'],
    servers: [
      ['s1', 'id 9'],
      ['s2', 'id 4'],
      ['s3', ''],
    ],
    steps: changes(plain(20), 10, { change: { server: 's3', maint: true } }),
  },
  { name: 'source map-based', lines: ['balance source'], servers: weighted, steps: sourceSteps(200, 1) },
  {
    name: 'source consistent',
    lines: ['balance source', 'hash-type consistent'],
    servers: weighted,
    steps: sourceSteps(200, 2),
  },
  { name: 'uri', lines: ['balance uri'], servers: weighted, steps: uriSteps(300, 3) },
  { name: 'uri len 6', lines: ['balance uri len 6'], servers: weighted, steps: uriSteps(150, 4) },
  { name: 'uri depth 2', lines: ['balance uri depth 2'], servers: weighted, steps: uriSteps(150, 5) },
  { name: 'uri whole', lines: ['balance uri whole'], servers: weighted, steps: uriSteps(150, 6) },
  {
    name: 'uri path-only absolute',
    lines: ['balance uri path-only'],
    servers: weighted,
    steps: uriSteps(100, 7).map((s) => ({ ...s, path: `http://example.com${s.path!}`, headers: { Host: "example.com" } })),
  },
  { name: 'uri djb2', lines: ['balance uri', 'hash-type map-based djb2'], servers: weighted, steps: uriSteps(150, 8) },
  { name: 'uri wt6', lines: ['balance uri', 'hash-type map-based wt6'], servers: weighted, steps: uriSteps(150, 9) },
  {
    name: 'uri crc32 avalanche',
    lines: ['balance uri', 'hash-type map-based crc32 avalanche'],
    servers: weighted,
    steps: uriSteps(150, 10),
  },
  { name: 'uri consistent', lines: ['balance uri', 'hash-type consistent'], servers: weighted, steps: uriSteps(200, 11) },
  {
    name: 'uri consistent djb2',
    lines: ['balance uri', 'hash-type consistent djb2'],
    servers: weighted,
    steps: uriSteps(150, 12),
  },
  {
    name: 'uri consistent wt6 avalanche',
    lines: ['balance uri', 'hash-type consistent wt6 avalanche'],
    servers: weighted,
    steps: uriSteps(150, 13),
  },
  {
    name: 'uri consistent crc32 + server down',
    lines: ['balance uri', 'hash-type consistent crc32'],
    servers: weighted,
    steps: changes(uriSteps(200, 14), 100, { change: { server: 's3', maint: true } }),
  },
  {
    name: 'uri consistent + hash-balance-factor',
    lines: ['balance uri', 'hash-type consistent', 'hash-balance-factor 150'],
    servers: weighted,
    steps: uriSteps(150, 15),
    // The factor looks at current load: let each stream end on both proxies before the next request.
    pauseMs: 10,
  },
  { name: 'url_param', lines: ['balance url_param user'], servers: weighted, steps: paramSteps(300, 16) },
  {
    name: 'url_param consistent',
    lines: ['balance url_param user', 'hash-type consistent'],
    servers: weighted,
    steps: paramSteps(200, 17),
  },
  {
    name: 'url_param check_post',
    lines: ['balance url_param user check_post'],
    servers: weighted,
    steps: paramSteps(100, 18).map((s, i) =>
      i % 2 ? { path: '/form', method: 'POST', body: `a=1&user=${i * 7}&b=2`, headers: { 'Content-Type': 'application/x-www-form-urlencoded' } } : s,
    ),
  },
  { name: 'hdr', lines: ['balance hdr(X-Key)'], servers: weighted, steps: headerSteps(300, 19) },
  {
    name: 'hdr consistent',
    lines: ['balance hdr(x-key)', 'hash-type consistent'],
    servers: weighted,
    steps: headerSteps(200, 20),
  },
  ...(['sdbm', 'djb2', 'wt6', 'crc32'] as const).map(
    (fn): Scenario => ({
      name: `hdr high bytes ${fn}`,
      lines: ['balance hdr(X-Key)', `hash-type map-based ${fn}`],
      servers: weighted,
      steps: highByteSteps(60, 30),
    }),
  ),
  {
    name: 'uri consistent weight change',
    lines: ['balance uri', 'hash-type consistent'],
    servers: weighted,
    steps: changes(uriSteps(200, 22), 100, { change: { server: 's2', weight: 9 } }),
  },
  {
    name: 'leastconn server down/up',
    lines: ['balance leastconn'],
    servers: weighted,
    pauseMs: 5,
    steps: changes(changes(plain(120), 80, { change: { server: 's1', maint: false } }), 40, { change: { server: 's1', maint: true } }),
  },
  {
    name: 'hdr(host) use_domain_only',
    lines: ['balance hdr(Host) use_domain_only'],
    servers: weighted,
    steps: hostSteps(200, 21),
  },
];

/** `balance hash <expr>`: sample expressions, evaluated by the rules engine (not by the in-process model). */
export const HASH_EXPR_SCENARIOS: readonly Scenario[] = [
  { name: 'hash path', lines: ['balance hash path'], servers: weighted, steps: uriSteps(150, 40) },
  { name: 'hash url consistent', lines: ['balance hash url', 'hash-type consistent'], servers: weighted, steps: uriSteps(150, 41) },
  { name: 'hash req.hdr(x-key)', lines: ['balance hash req.hdr(x-key)'], servers: weighted, steps: headerSteps(150, 42) },
  { name: 'hash src', lines: ['balance hash src'], servers: weighted, steps: sourceSteps(150, 43) },
  { name: 'hash url_param(user)', lines: ['balance hash url_param(user)', 'hash-type map-based djb2'], servers: weighted, steps: paramSteps(150, 44) },
  { name: 'hash path,lower consistent', lines: ['balance hash path,lower', 'hash-type consistent wt6'], servers: weighted, steps: uriSteps(150, 45) },
];
