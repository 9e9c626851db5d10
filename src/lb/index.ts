/**
 * Build the algorithm a backend's `balance` line names, with its `hash-type`,
 * `hash-balance-factor` and `option allbackups`.
 */
import type { LbAlgorithm, LbServer } from './algorithm.js';
import { First } from './first.js';
import { HASH_FUNCTIONS } from './hash-functions.js';
import type { KeyKind, KeySpec } from './hash-keys.js';
import { Hashed } from './hashed.js';
import { LeastConn } from './leastconn.js';
import { RandomLb } from './random.js';
import { RoundRobin } from './roundrobin.js';
import { StaticRoundRobin } from './static-rr.js';

export type { LbAlgorithm, LbServer, LbContext } from './algorithm.js';

export interface LbSpec {
  /** `balance` algorithm; roundrobin when absent. */
  readonly algorithm?: string;
  readonly params?: readonly string[];
  readonly options?: Readonly<Record<string, string | number | boolean>>;
  readonly hashType?: {
    readonly method: 'map-based' | 'consistent';
    readonly fn: 'sdbm' | 'djb2' | 'wt6' | 'crc32' | 'none';
    readonly avalanche: boolean;
  };
  readonly hashBalanceFactor?: number;
  readonly allBackups?: boolean;
}

const KEY_KINDS: Readonly<Record<string, KeyKind>> = {
  source: 'source',
  uri: 'uri',
  url_param: 'url_param',
  hdr: 'hdr',
  'rdp-cookie': 'rdp-cookie',
  hash: 'expr',
};

function num(v: string | number | boolean | undefined): number {
  return typeof v === 'number' ? v : 0;
}

function keySpec(kind: KeyKind, spec: LbSpec): KeySpec {
  const o = spec.options ?? {};
  const ht = spec.hashType;
  const fnName = ht && ht.fn !== 'none' ? ht.fn : 'sdbm';
  let name = spec.params?.[0] ?? '';
  if (kind === 'hdr') name = name.toLowerCase();
  if (kind === 'rdp-cookie' && name === '') name = 'mstshash';
  return {
    kind,
    name,
    fn: HASH_FUNCTIONS[fnName],
    avalanche: ht?.avalanche === true,
    len: num(o['len']),
    depth: num(o['depth']),
    whole: o['whole'] === true,
    pathOnly: o['path-only'] === true,
    checkPost: o['check_post'] !== undefined && o['check_post'] !== false,
    domainOnly: o['use_domain_only'] === true,
  };
}

export function createAlgorithm<S extends LbServer>(
  spec: string | LbSpec | undefined,
  servers: readonly S[],
): LbAlgorithm<S> {
  const sp: LbSpec = typeof spec === 'string' ? { algorithm: spec } : (spec ?? {});
  const algo = sp.algorithm ?? 'roundrobin';
  const allBackups = sp.allBackups === true;
  const consistent = sp.hashType?.method === 'consistent';
  const kind = KEY_KINDS[algo];
  if (kind) {
    return new Hashed(servers, keySpec(kind, sp), {
      allBackups,
      consistent,
      balanceFactor: sp.hashBalanceFactor,
    });
  }
  switch (algo) {
    case 'static-rr':
      return new StaticRoundRobin(servers, { allBackups });
    case 'leastconn':
      return new LeastConn(servers, { allBackups });
    case 'first':
      return new First(servers, { allBackups });
    case 'random':
      return new RandomLb(servers, {
        allBackups,
        draws: num(sp.options?.['draws']) || Number(sp.params?.[0] ?? 2) || 2,
        balanceFactor: sp.hashBalanceFactor,
      });
    default:
      return new RoundRobin(servers, { allBackups });
  }
}
