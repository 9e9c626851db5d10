/**
 * `balance <algorithm> [args]`, `hash-type`, `hash-balance-factor`: how a backend picks a server.
 * Messages are HAProxy 2.6's backend_parse_balance() and cfg_parse_listen() ones.
 */
import { ConfigError } from '../../diagnostics.js';
import type { Keyword } from '../../keyword.js';
import { CAP_BE, type BalanceModel, type HashTypeModel, type ProxyModel } from '../../model/proxy.js';
import { atol } from './options.js';
import { warnIfNotCap } from './traffic-cap.js';

type K = Keyword<ProxyModel>;
type Opts = Record<string, string | number | boolean>;

const present = (s: string | undefined): s is string => s !== undefined && s !== '';

/** HAProxy's error prefix: "balance <message>". */
function fail(msg: string): never {
  throw new ConfigError(`balance ${msg}`);
}

/** A strictly positive decimal integer as HAProxy's balance uri accepts (atoi() > 0). */
function positive(opt: string, v: string | undefined): number {
  const n = v === undefined ? 0 : atol(v);
  if (n <= 0) fail(`uri : '${opt}' expects a positive integer (got '${v ?? ''}').`);
  return n;
}

/** Parse `name(arg)` forms: returns the inner text, or undefined when there is no '('. */
function parenArg(word: string, name: string): { inner?: string; closed: boolean } | undefined {
  if (!word.startsWith(name)) return undefined;
  const rest = word.slice(name.length);
  if (rest === '') return { closed: true };
  if (!rest.startsWith('(')) return undefined;
  const close = rest.indexOf(')');
  return { inner: close < 0 ? rest.slice(1) : rest.slice(1, close), closed: close >= 0 };
}

type AlgoParser = (word: string, rest: readonly string[]) => BalanceModel;

const simple =
  (algorithm: string): AlgoParser =>
  () => ({ algorithm, params: [], options: {} });

/** Algorithms by the prefix of their word (HAProxy matches `hdr(`, `random`, `rdp-cookie` by prefix). */
const ALGORITHMS: ReadonlyArray<{ match: (w: string) => boolean; parse: AlgoParser }> = [
  { match: (w) => w === 'roundrobin', parse: simple('roundrobin') },
  { match: (w) => w === 'static-rr', parse: simple('static-rr') },
  { match: (w) => w === 'first', parse: simple('first') },
  { match: (w) => w === 'leastconn', parse: simple('leastconn') },
  {
    match: (w) => w.startsWith('random'),
    parse(w) {
      const p = parenArg(w, 'random');
      let draws = 2;
      if (p?.inner !== undefined || (p && !p.closed)) {
        if (!p.closed) fail('random : missing closing parenthesis.');
        const m = /^(\d*)(.*)$/.exec(p.inner ?? '')!;
        if (m[2] !== '') fail(`random : unexpected character '${m[2]![0]}' after argument.`);
        draws = atol(m[1]!);
        if (draws < 1) fail('random : number of draws must be at least 1.');
      }
      return { algorithm: 'random', params: [String(draws)], options: { draws } };
    },
  },
  { match: (w) => w === 'source', parse: simple('source') },
  {
    match: (w) => w === 'uri',
    parse(_w, rest) {
      const options: Opts = {};
      for (let i = 0; present(rest[i]); ) {
        const k = rest[i]!;
        if (k === 'len' || k === 'depth') {
          options[k] = positive(k, rest[i + 1]);
          i += 2;
        } else if (k === 'whole' || k === 'path-only') {
          options[k] = true;
          i += 1;
        } else {
          fail(`uri only accepts parameters 'len', 'depth', 'path-only', and 'whole' (got '${k}').`);
        }
      }
      return { algorithm: 'uri', params: [], options };
    },
  },
  {
    match: (w) => w === 'url_param',
    parse(_w, rest) {
      if (!present(rest[0])) fail('url_param requires an URL parameter name.');
      const options: Opts = {};
      if (present(rest[1])) {
        if (rest[1] !== 'check_post') fail(`url_param only accepts 'check_post' modifier (got '${rest[1]}').`);
        // An optional length follows, read with atoi(); HAProxy ignores anything after it.
        options['check_post'] = present(rest[2]) ? atol(rest[2]) : true;
      }
      return { algorithm: 'url_param', params: [rest[0]], options };
    },
  },
  {
    match: (w) => w.startsWith('hdr('),
    parse(w, rest) {
      const close = w.indexOf(')');
      const name = w.slice(4, close < 0 ? undefined : close);
      if (close < 0 || name === '') fail('hdr requires an http header field name.');
      const options: Opts = {};
      if (present(rest[0])) {
        if (rest[0] !== 'use_domain_only') fail(`${w} only accepts 'use_domain_only' modifier (got '${rest[0]}').`);
        options['use_domain_only'] = true;
      }
      return { algorithm: 'hdr', params: [name], options };
    },
  },
  {
    match: (w) => w.startsWith('rdp-cookie'),
    parse(w) {
      const p = parenArg(w, 'rdp-cookie');
      if (!p) fail(onlySupports);
      let name = 'mstshash';
      if (p.inner !== undefined || !p.closed) {
        if (!p.closed || p.inner === '') fail('rdp-cookie : missing cookie name.');
        name = p.inner!;
      }
      return { algorithm: 'rdp-cookie', params: [name], options: {} };
    },
  },
  {
    match: (w) => w === 'hash',
    parse(_w, rest) {
      if (!present(rest[0])) fail('hash requires a sample expression.');
      if (present(rest[1])) fail(`hash takes no other argument (got '${rest[1]}').`);
      return { algorithm: 'hash', params: [rest[0]], options: {} };
    },
  },
];

const onlySupports =
  "only supports 'roundrobin', 'static-rr', 'leastconn', 'source', 'uri', 'url_param', 'hdr(name)' and 'rdp-cookie(name)' options.";

/** Parse the words after `balance` (exported for tests and other callers). */
export function parseBalance(words: readonly string[]): BalanceModel {
  const w = words[0];
  if (!present(w)) return { algorithm: 'roundrobin', params: [], options: {} };
  const algo = ALGORITHMS.find((a) => a.match(w));
  if (!algo) fail(onlySupports);
  return algo.parse(w, words.slice(1));
}

const HASH_FUNCTIONS = ['sdbm', 'djb2', 'wt6', 'crc32'] as const;

export const BALANCE_KEYWORDS: K[] = [
  {
    name: 'balance',
    help: 'balance <algorithm> [args]: roundrobin static-rr leastconn first source uri url_param hdr() random rdp-cookie hash',
    status: 'supported',
    parse(p, args, ctx) {
      warnIfNotCap(p, CAP_BE, 'balance', ctx);
      p.balance = parseBalance(args.slice(1));
    },
  },
  {
    name: 'hash-type',
    help: 'hash-type map-based|consistent [sdbm|djb2|wt6|crc32] [avalanche]',
    status: 'supported',
    parse(p, args, ctx) {
      warnIfNotCap(p, CAP_BE, 'hash-type', ctx);
      const method = args[1];
      if (method === 'avalanche')
        throw new ConfigError(
          `experimental feature 'hash-type avalanche' is not supported anymore, please use 'hash-type map-based sdbm avalanche' instead.`,
        );
      if (method !== 'consistent' && method !== 'map-based')
        throw new ConfigError(`'hash-type' only supports 'consistent' and 'map-based'.`);
      let fn: HashTypeModel['fn'] = 'sdbm';
      let avalanche = method === 'consistent';
      if (present(args[2])) {
        const f = HASH_FUNCTIONS.find((h) => h === args[2]);
        if (!f) throw new ConfigError(`'hash-type' only supports 'sdbm', 'djb2', 'crc32', or 'wt6' hash functions.`);
        fn = f;
        avalanche = false;
        if (args[3] === 'avalanche') avalanche = true;
        else if (present(args[3]))
          throw new ConfigError(`'hash-type' only supports 'avalanche' as a modifier for hash functions.`);
      }
      p.hashType = { method, fn, avalanche };
    },
  },
  {
    name: 'hash-balance-factor',
    help: 'bounded-load factor for consistent hashing (0 or > 100)',
    status: 'supported',
    parse(p, args) {
      if (!present(args[1])) throw new ConfigError(`'hash-balance-factor' expects an integer argument.`);
      const n = atol(args[1]);
      if (n !== 0 && n <= 100) throw new ConfigError(`'hash-balance-factor' must be 0 or greater than 100.`);
      p.hashBalanceFactor = n;
    },
  },
];
