/** Proxy-level `stats ...`, `monitor-uri`, `monitor fail`, `monitor-net` (removed). */
import { ConfigError } from '../../diagnostics.js';
import type { Keyword } from '../../keyword.js';
import { CAP_FE, type ProxyModel } from '../../model/proxy.js';
import { parseTime, UnitError } from '../../units.js';
import { conditionOrThrow } from './rules.js';
import { parseHttpRule } from './rules-http.js';
import { alertTight, noNewArgs, notInDefaults, warnIfMisplaced, warnIfNotCap, warnTight } from './obs-common.js';

type K = Keyword<ProxyModel>;

const STATS_EXPECTS =
  "expects 'admin', 'uri', 'realm', 'auth', 'scope', 'enable', 'hide-version', 'show-node', 'show-desc' or 'show-legends'.";

type StatsSub = (p: ProxyModel, args: readonly string[], ctx: Parameters<K['parse']>[2]) => void;

/** `stats <sub> ...` handlers, keyed by sub-keyword. */
const STATS_SUBS: Record<string, StatsSub> = {
  enable(p) {
    p.stats.enabled = true;
  },
  uri(p, args) {
    if (args[2] === undefined) throw new ConfigError(`'uri' needs an URI prefix.`);
    p.stats.uri = args[2];
    p.stats.enabled = true;
  },
  realm(p, args) {
    if (args[2] === undefined) throw new ConfigError(`'realm' needs an realm name.`);
    p.stats.realm = args[2];
    p.stats.enabled = true;
  },
  auth(p, args) {
    if (args[2] === undefined) throw new ConfigError(`'auth' needs a user:password account.`);
    const i = args[2].indexOf(':');
    p.stats.auth.push({ user: i < 0 ? args[2] : args[2].slice(0, i), password: i < 0 ? '' : args[2].slice(i + 1) });
    p.stats.enabled = true;
  },
  scope(p, args) {
    if (args[2] === undefined) throw new ConfigError(`'scope' needs a proxy name.`);
    p.stats.scope.push(args[2]);
    p.stats.enabled = true;
  },
  refresh(p, args, ctx) {
    const t = args[2] ?? '';
    try {
      p.stats.refresh = t === '' ? 0 : parseTime(t, 1000);
    } catch (e) {
      if (!(e instanceof UnitError)) throw e;
      const bad = /[^0-9]/.exec(t.replace(/(us|ms|s|m|h|d)$/, '')) ?? /[^0-9]/.exec(t);
      alertTight(ctx, `unexpected character '${bad?.[0] ?? ''}' in argument to stats refresh interval.`);
      return;
    }
    p.stats.enabled = true;
  },
  'hide-version'(p) {
    p.stats.hideVersion = true;
    p.stats.enabled = true;
  },
  'show-legends'(p) {
    p.stats.showLegends = true;
    p.stats.enabled = true;
  },
  'show-node'(p, args, ctx) {
    const n = args[2];
    if (n !== undefined && !/^[A-Za-z0-9_.-]+$/.test(n)) {
      alertTight(
        ctx,
        `'stats show-node' invalid node name - should be a stringwith digits(0-9), letters(A-Z, a-z), hyphen(-) or underscode(_).`,
      );
      return;
    }
    p.stats.showNode = n ?? true;
    p.stats.enabled = true;
  },
  'show-desc'(p, args, ctx) {
    if (args[2] === undefined) {
      warnTight(ctx, `'show-desc' requires a parameter or 'desc' to be set in the global section.`);
      return;
    }
    p.stats.showDesc = args.slice(2).join(' ');
    p.stats.enabled = true;
  },
  admin(p, args, ctx) {
    if (p.kind === 'defaults') {
      alertTight(ctx, `'stats admin' not allowed in 'defaults' section.`);
      return;
    }
    if (args[2] !== 'if' && args[2] !== 'unless')
      throw new ConfigError(`'stats admin' requires either 'if' or 'unless' followed by a condition.`);
    p.stats.admin.push(conditionOrThrow(args.slice(2), p, ctx, (m) => `error detected while parsing a 'stats admin' rule : ${m}.`));
    p.stats.enabled = true;
  },
  'http-request'(p, args, ctx) {
    if (p.kind === 'defaults') {
      alertTight(ctx, `'stats' not allowed in 'defaults' section.`);
      return;
    }
    const prev = p.stats.httpRequest.at(-1);
    if (prev && !prev.cond) warnTight(ctx, `previous 'stats' action has no condition attached, further entries are NOOP.`);
    const r = parseHttpRule('http-request', args.slice(2), p, ctx);
    if (r) p.stats.httpRequest.push(r);
    p.stats.enabled = true;
  },
};

const stats: K = {
  name: 'stats',
  help: 'stats {enable | uri | realm | auth | refresh | admin | scope | hide-version | show-legends | show-node | show-desc | http-request} ... (docs/stats.md; `stats http-request` rules are parsed only)',
  status: 'supported',
  parse(p, args, ctx) {
    const sub = args[1];
    const h = sub === undefined ? undefined : STATS_SUBS[sub];
    if (!h) {
      alertTight(ctx, sub === undefined ? `missing keyword in 'stats', ${STATS_EXPECTS}` : `unknown stats parameter '${sub}', ${STATS_EXPECTS}`);
      return;
    }
    h(p, args, ctx);
  },
};

const monitorUri: K = {
  name: 'monitor-uri',
  help: 'monitor-uri <uri>',
  status: 'supported',
  parse(p, args, ctx) {
    warnIfNotCap(p, CAP_FE, 'monitor-uri', ctx);
    noNewArgs(args, 1);
    if (args[1] === undefined) throw new ConfigError(`'monitor-uri' expects an URI.`);
    p.monitor.uri = args[1];
  },
};

const monitor: K = {
  name: 'monitor',
  help: 'monitor fail {if | unless} <condition>',
  status: 'supported',
  parse(p, args, ctx) {
    notInDefaults(p, 'monitor');
    warnIfNotCap(p, CAP_FE, 'monitor', ctx);
    if (args[1] !== 'fail') throw new ConfigError(`'monitor' only supports 'fail'.`);
    if (args[2] !== 'if' && args[2] !== 'unless')
      throw new ConfigError(`'monitor fail' requires either 'if' or 'unless' followed by a condition.`);
    warnIfMisplaced(p, 'monitor fail', 'monitor fail', ctx);
    p.monitor.fail.push(conditionOrThrow(args.slice(2), p, ctx, (m) => `error detected while parsing a 'monitor fail' condition : ${m}.`));
  },
};

const monitorNet: K = {
  name: 'monitor-net',
  help: "removed: use 'http-request return status 200 if { src <net> }'",
  status: 'parsed-only',
  parse(_p, args) {
    throw new ConfigError(
      `'monitor-net' doesn't exist anymore. Please use 'http-request return status 200 if { src ${args[1] ?? ''} }' instead.`,
    );
  },
};

export const STATS_KEYWORDS: K[] = [stats, monitorUri, monitor, monitorNet];
