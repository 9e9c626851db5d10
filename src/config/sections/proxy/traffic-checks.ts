import type { RuleModel } from '../../model/rule.js';
/**
 * `http-check <rule>` and `tcp-check <rule>`: health-check rule lists (HAProxy 2.6 tcpcheck.c).
 * Each rule keeps its words; the sub-keywords and the keywords of each rule are validated here.
 */
import { ConfigError } from '../../diagnostics.js';
import type { Keyword, ParseContext } from '../../keyword.js';
import { CAP_BE, type ProxyModel } from '../../model/proxy.js';
import { warnIfNotCap } from './traffic-cap.js';

type K = Keyword<ProxyModel>;
type Ruleset = 'http-check' | 'tcp-check';
const present = (s: string | undefined): s is string => s !== undefined && s !== '';

/** Keywords of `expect` taking one value, shared by both rule sets. */
const EXPECT_PARAMS = ['min-recv', 'comment', 'ok-status', 'error-status', 'tout-status', 'on-success', 'on-error', 'status-code'];
const EXPECT_MATCH: Record<Ruleset, string[]> = {
  'http-check': ['string', 'rstring', 'string-lf', 'status', 'rstatus', 'hdr', 'fhdr'],
  'tcp-check': ['string', 'rstring', 'string-lf', 'binary', 'rbinary', 'binary-lf'],
};
const EXPECT_ERR: Record<Ruleset, string> = {
  'http-check': `'only supports min-recv, [!]string', '[!]rstring', '[!]string-lf', '[!]status', '[!]rstatus', [!]hdr, [!]fhdr or comment`,
  'tcp-check': `'only supports min-recv, '[!]binary', '[!]string', '[!]rstring', '[!]string-lf''[!]rbinary', '[!]binary-lf' or comment`,
};

function parseExpect(rs: Ruleset, words: readonly string[]): void {
  let match = false;
  for (let i = 0; present(words[i]); ) {
    if (words[i] === '!') {
      // "!" may stand alone before the match type.
      i++;
      continue;
    }
    const w = words[i]!;
    const bare = w.startsWith('!') ? w.slice(1) : w;
    if (EXPECT_PARAMS.includes(w)) {
      i += 2;
    } else if (EXPECT_MATCH[rs].includes(bare)) {
      if (!present(words[i + 1])) throw new ConfigError(`'${rs} expect' : '${bare}' expects a <pattern> as argument.`);
      match = true;
      if (bare === 'hdr' || bare === 'fhdr') {
        // hdr name [-m meth] <name> [value [-m meth] <pattern>] [full]
        i += 1;
        while (present(words[i]) && !EXPECT_PARAMS.includes(words[i]!)) i++;
      } else i += 2;
    } else {
      throw new ConfigError(`'${rs} expect' : ${EXPECT_ERR[rs]} but got '${w}' as argument..`);
    }
  }
  if (!match) throw new ConfigError(`'${rs} expect' : expects at least a matching pattern as arguments.`);
}

/** Keywords of `connect` and `send` with the number of values each takes. */
const CONNECT_KEYS: Record<string, number> = {
  comment: 1, port: 1, addr: 1, 'send-proxy': 0, ssl: 0, sni: 1, alpn: 1, 'via-socks4': 0, linger: 0, default: 0, proto: 1,
};
const SEND_KEYS: Record<string, number> = { comment: 1, meth: 1, uri: 1, 'uri-lf': 1, ver: 1, hdr: 2, body: 1, 'body-lf': 1 };

function parseKeys(rs: Ruleset, sub: string, words: readonly string[], keys: Record<string, number>, err: string): void {
  for (let i = 0; present(words[i]); ) {
    const n = keys[words[i]!];
    if (n === undefined) throw new ConfigError(`'${rs} ${sub}' : ${err} but got '${words[i]}' as argument..`);
    if (n > 0 && !present(words[i + 1])) {
      if (words[i] === 'port')
        throw new ConfigError(`'${rs} ${sub}' : 'port' expects a port number or a sample expression as argument..`);
      throw new ConfigError(`'${rs} ${sub}' : '${words[i]}' expects a value as argument.`);
    }
    i += 1 + n;
  }
}

const CONNECT_ERR = `expects 'comment', 'port', 'addr', 'send-proxy', 'ssl', 'sni', 'alpn' or 'via-socks4', 'linger', 'default'`;

type SubParser = (rs: Ruleset, words: readonly string[]) => void;

const needsString =
  (what: string, label: string): SubParser =>
  (rs, words) => {
    if (!present(words[0])) throw new ConfigError(`'${rs} ${what}' : '${label}' expects a ${what} as argument.`);
  };

const COMMON_SUBS: Record<string, SubParser> = {
  connect: (rs, w) => parseKeys(rs, 'connect', w, CONNECT_KEYS, CONNECT_ERR),
  expect: parseExpect,
  comment: (rs, w) => {
    if (!present(w[0])) throw new ConfigError(`'${rs} comment' : expects a string as argument.`);
  },
};

const SUBS: Record<Ruleset, Record<string, SubParser>> = {
  'http-check': {
    ...COMMON_SUBS,
    send: (rs, w) =>
      parseKeys(rs, 'send', w, SEND_KEYS, `expects 'comment', 'meth', 'uri', 'uri-lf', 'ver', 'hdr', 'body' or 'body-lf'`),
    'send-state': () => undefined,
    'disable-on-404': () => undefined,
  },
  'tcp-check': {
    ...COMMON_SUBS,
    send: needsString('send', 'string'),
    'send-binary': needsString('send-binary', 'binary string'),
    'send-lf': () => undefined,
    'send-binary-lf': () => undefined,
  },
};

const ONLY: Record<Ruleset, string> = {
  'http-check': `'http-check' only supports 'disable-on-404', 'send-state', 'comment', 'connect', 'send', 'expect', 'set-var-fmt(*)', 'set-var(*)', 'unset-var(*)'.`,
  'tcp-check': `'tcp-check' only supports 'comment', 'connect', 'send', 'send-binary', 'expect', 'set-var-fmt(*)', 'set-var(*)', 'unset-var(*)'.`,
};

/** Steps that are options of the ruleset rather than rules of their own. */
const NOT_A_STEP: ReadonlySet<string> = new Set(['comment', 'send-state', 'disable-on-404']);

/** An `http-check send` must start a new exchange: nothing sent or expected since the last connect. */
function checkSendPlacement(list: readonly RuleModel[]): void {
  let start = 0;
  for (let i = list.length - 1; i >= 0; i--)
    if (list[i]!.action === 'connect') {
      start = i + 1;
      break;
    }
  const since = list.slice(start).filter((r) => !NOT_A_STEP.has(r.action));
  if (since.some((r) => r.action === 'send' || r.action === 'expect'))
    throw new ConfigError(
      `'http-check send' : unable to add http-check send rule at step ${since.length + 1} (missing connect rule)..`,
    );
}

function checkKeyword(rs: Ruleset): K {
  return {
    name: rs,
    help: `${rs} <rule> [args]: one step of the health check`,
    status: 'supported',
    parse(p: ProxyModel, args: readonly string[], ctx: ParseContext) {
      if (warnIfNotCap(p, CAP_BE, rs, ctx)) {
        // HAProxy 2.6 prints an empty second warning here.
        if (rs === 'tcp-check') ctx.warn('(null)');
        return;
      }
      const sub = args[1] ?? '';
      const words = args.slice(2);
      const isVar = /^(set-var|set-var-fmt|unset-var)\(.+\)$/.test(sub);
      const fn = SUBS[rs][sub];
      if (!fn && !isVar) throw new ConfigError(`${ONLY[rs]} but got '${sub}'`);
      fn?.(rs, words);
      const list = rs === 'http-check' ? p.httpCheck : p.tcpCheck;
      if (rs === 'http-check' && sub === 'send') checkSendPlacement(list);
      list.push({ place: ctx.st.place, ruleset: rs, action: sub, args: words });
    },
  };
}

export const CHECK_KEYWORDS: K[] = [checkKeyword('http-check'), checkKeyword('tcp-check')];
