/**
 * The check ruleset of a backend, built as HAProxy 2.6 builds it from `option httpchk`,
 * `option tcp-check` + `tcp-check` lines, the protocol options (redis, smtp, pgsql, mysql, ldap,
 * ssl-hello) or nothing (a plain connect), then completed as check_proxy_tcpcheck() does.
 */
import type { ProxyModel } from '../config/model/proxy.js';
import type { RuleModel } from '../config/model/rule.js';
import { agentReply, ldapBindResponse, mysqlInitialHandshake, mysqlOk } from './custom-expects.js';
import { parseHex } from './log-format.js';
import { parseConnect, parseExpect, parseHttpSend, parseRule, parseTcpSend } from './parse-rules.js';
import { connectRule, expectRule, type CheckProto, type CheckRule, type Ruleset, type SendRule } from './rules.js';

/** The check kind a backend uses: one of the check options, or `external` (not a ruleset). */
export function checkOption(p: ProxyModel): string | undefined {
  for (const name of ['httpchk', 'ssl-hello-chk', 'smtpchk', 'pgsql-check', 'redis-check', 'mysql-check', 'ldap-check', 'spop-check', 'tcp-check', 'external-check'])
    if (p.options[name]?.enabled) return name;
  return undefined;
}

function ruleset(proto: CheckProto, rules: CheckRule[], vars = new Map<string, Buffer | number>()): Ruleset {
  return { proto, rules, vars, disableOn404: false, sendState: false };
}

/** Cipher suites of HAProxy's SSLv3 hello: 0x0001..0x001B and 0x002F..0x003A. */
const SSL3_CIPHERS = [...Array.from({ length: 27 }, (_, i) => i + 1), ...Array.from({ length: 12 }, (_, i) => i + 0x2f)]
  .map((c) => c.toString(16).toUpperCase().padStart(4, '0'))
  .join('');

/** The SSLv3 CLIENT HELLO of `option ssl-hello-chk`, with the current time and HAProxy's random. */
function sslHello(): SendRule {
  return {
    kind: 'send',
    index: 0,
    data: {
      type: 'lf',
      binary: true,
      fmt: () => {
        const t = Buffer.alloc(4);
        t.writeUInt32BE(Math.floor(Date.now() / 1000) >>> 0);
        const random = Buffer.from('HAPROXYSSLCHK\nHAPROXYSSLCHK\n', 'latin1').toString('hex');
        return Buffer.from('160300007901000075' + '0300' + t.toString('hex') + random + '00' + '004E' + SSL3_CIPHERS + '0100', 'latin1');
      },
    },
  };
}

function numbered(rules: CheckRule[]): CheckRule[] {
  rules.forEach((r, i) => (r.index = i));
  return rules;
}

function redis(): Ruleset {
  return ruleset('redis', numbered([
    parseTcpSend('send', ['*1\r\n$4\r\nPING\r\n']),
    parseExpect(['string', '+PONG\r\n', 'error-status', 'L7STS', 'on-error', '%[res.payload(0,0),cut_crlf]', 'on-success', 'Redis server is ok'], false),
  ]));
}

function ssl3(): Ruleset {
  return ruleset('ssl3', numbered([
    sslHello(),
    parseExpect(['rbinary', '^1[56]', 'min-recv', '5', 'ok-status', 'L6OK', 'error-status', 'L6RSP', 'tout-status', 'L6TOUT'], false),
  ]));
}

function smtp(p: ProxyModel): Ruleset {
  const params = p.options['smtpchk']?.params ?? {};
  const cmd = `${String(params['command'] ?? 'HELO')} ${String(params['domain'] ?? 'localhost')}`;
  const vars = new Map<string, Buffer | number>([['check.smtp_cmd', Buffer.from(cmd, 'latin1')]]);
  const onErr = '%[res.payload(4,0),ltrim(\' \'),cut_crlf]';
  return ruleset('smtp', numbered([
    parseConnect(['default', 'linger']),
    parseExpect(['rstring', '^[0-9]{3}[ \r]', 'min-recv', '4', 'error-status', 'L7RSP', 'on-error', '%[res.payload(0,0),cut_crlf]'], false),
    parseExpect(['rstring', '^2[0-9]{2}[ \r]', 'min-recv', '4', 'error-status', 'L7STS', 'on-error', onErr, 'status-code', 'res.payload(0,3)'], false),
    parseTcpSend('send-lf', ['%[var(check.smtp_cmd)]\r\n']),
    parseExpect(['rstring', '^(2[0-9]{2}-[^\r]*\r\n)*2[0-9]{2}[ \r]', 'error-status', 'L7STS', 'on-error', onErr, 'status-code', 'res.payload(0,3)'], false),
    parseTcpSend('send', ['QUIT\r\n']),
    parseExpect(['rstring', '^2[0-9]{2}[- \r]', 'min-recv', '4', 'error-status', 'L7STS', 'on-error', onErr, 'on-success', onErr, 'status-code', 'res.payload(0,3)'], false),
  ]), vars);
}

function pgsql(p: ProxyModel): Ruleset {
  const user = String(p.options['pgsql-check']?.params?.['user'] ?? '');
  const vars = new Map<string, Buffer | number>([
    ['check.username', Buffer.from(user, 'latin1')],
    ['check.plen', 15 + Buffer.byteLength(user, 'latin1')],
  ]);
  return ruleset('pgsql', numbered([
    parseConnect(['default', 'linger']),
    parseTcpSend('send-binary-lf', ['%[var(check.plen),htonl,hex]000300007573657200%[var(check.username),hex]0000']),
    parseExpect(['!rstring', '^E', 'min-recv', '5', 'error-status', 'L7RSP', 'on-error', '%[res.payload(6,0)]'], false),
    parseExpect(['rbinary', '^52000000(08|0A|0C)000000(00|02|03|04|05|06)', 'min-recv', '9', 'error-status', 'L7STS', 'on-success', 'PostgreSQL server is ok', 'on-error', 'PostgreSQL unknown error'], false),
  ]), vars);
}

function mysql(p: ProxyModel): Ruleset {
  const params = p.options['mysql-check']?.params ?? {};
  const user = params['user'] !== undefined ? String(params['user']) : undefined;
  const rules: CheckRule[] = [parseConnect(['default', 'linger'])];
  const vars = new Map<string, Buffer | number>();
  if (user !== undefined) {
    const pre41 = (p.options['mysql-check']?.args ?? [])[2] === 'pre-41';
    const ulen = Buffer.byteLength(user, 'latin1');
    const plen = pre41 ? ulen + 7 : ulen + 7 + 27;
    vars.set('check.header', Buffer.from([plen & 0xff, (plen >> 8) & 0xff, (plen >> 16) & 0xff, 1]));
    vars.set('check.username', Buffer.from(user, 'latin1'));
    const req = pre41
      ? '%[var(check.header),hex]0080000001%[var(check.username),hex]0000' + '010000' + '00' + '01'
      : '%[var(check.header),hex]0082000000800001' + '21' + '0'.repeat(46) + '%[var(check.username),hex]0000' + '010000' + '00' + '01';
    rules.push(parseTcpSend('send-binary-lf', [req]));
  }
  rules.push(expectRule({ type: 'custom', fn: mysqlInitialHandshake }));
  if (user !== undefined) rules.push(expectRule({ type: 'custom', fn: mysqlOk }));
  return ruleset('mysql', numbered(rules), vars);
}

function ldap(): Ruleset {
  return ruleset('ldap', numbered([
    { kind: 'send', index: 0, data: { type: 'bytes', bytes: parseHex('300C020101600702010304008000')! } },
    parseExpect(['rbinary', '^30', 'min-recv', '14', 'on-error', 'Not LDAPv3 protocol'], false),
    expectRule({ type: 'custom', fn: ldapBindResponse }),
  ]));
}

/** The agent ruleset: send `agent-send` (if any), read one line. */
export function agentRuleset(agentSend: string | undefined): Ruleset {
  const vars = new Map<string, Buffer | number>([['check.agent_string', Buffer.from(agentSend ?? '', 'latin1')]]);
  return complete(ruleset('agent', numbered([
    parseTcpSend('send-lf', ['%[var(check.agent_string)]']),
    expectRule({ type: 'custom', fn: agentReply }),
  ]), vars));
}

/** Rules written with `tcp-check`/`http-check`, comments attached to the rules that follow them. */
function userRules(list: readonly RuleModel[], http: boolean): CheckRule[] {
  const out: CheckRule[] = [];
  let comment: string | undefined;
  let prevAction = 'comment';
  for (const r of list) {
    if (r.action !== prevAction && prevAction !== 'comment') comment = undefined;
    prevAction = r.action;
    if (r.action === 'comment') {
      comment = r.args[0];
      continue;
    }
    const rule = parseRule(r, http);
    if (!rule) continue;
    if (rule.comment === undefined && comment !== undefined) rule.comment = comment;
    if (rule.kind === 'connect') comment = undefined;
    out.push(rule);
  }
  return out;
}

function httpchk(p: ProxyModel): Ruleset {
  const opt = p.options['httpchk'];
  const a = opt?.args ?? [];
  // option httpchk [<uri>] | <meth> <uri> [<ver>]; headers may hide after the version ("\r\n").
  const words: string[] = [];
  if (a.length === 1) words.push('uri', a[0]!);
  else if (a.length >= 2) {
    words.push('meth', a[0]!, 'uri', a[1]!);
    if (a[2] !== undefined) {
      const v = a[2];
      const hi = v.indexOf('\r\n');
      const bi = v.indexOf('\r\n\r\n');
      const ver = hi >= 0 ? v.slice(0, hi) : v;
      words.push('ver', ver);
      if (hi >= 0 && hi !== bi) {
        const hdrText = v.slice(hi + 2, bi >= 0 ? bi : undefined);
        for (const line of hdrText.split('\r\n')) {
          const c = line.indexOf(':');
          if (c > 0) words.push('hdr', line.slice(0, c).trim(), line.slice(c + 1).trim());
        }
      }
      if (bi >= 0) words.push('body', v.slice(bi + 4));
    }
  }
  const implicit = parseHttpSend(words, true);
  let rules: CheckRule[] = [implicit];
  let merged = false;
  for (const r of userRules(p.httpCheck, true)) {
    if (r.kind === 'send' && !merged && rules[0] === implicit && rules.length === 1) {
      rules = [mergeSend(implicit, r)];
      merged = true;
      continue;
    }
    if (r.kind === 'send' && !merged && rules.length === 2 && rules[0]?.kind === 'connect' && rules[1] === implicit) {
      rules = [rules[0], mergeSend(implicit, r)];
      merged = true;
      continue;
    }
    rules.push(r);
  }
  // The implicit send goes after a first connect rule.
  if (rules[0] === implicit && rules[1]?.kind === 'connect') rules = [rules[1], implicit, ...rules.slice(2)];
  if (rules[rules.length - 1]?.kind === 'send') rules.push(parseExpect(['status', '200-399'], true));
  const rs = ruleset('http', numbered(rules));
  const flags = new Set(p.httpCheck.map((r) => r.action));
  return complete({ ...rs, disableOn404: flags.has('disable-on-404'), sendState: flags.has('send-state') });
}

/** An explicit `http-check send` overrides what the option line set. */
function mergeSend(implicit: SendRule, explicit: SendRule): SendRule {
  if (implicit.data.type !== 'http' || explicit.data.type !== 'http') return explicit;
  const i = implicit.data.http;
  const e = explicit.data.http;
  const meth = e.meth ?? i.meth;
  const uri = e.uri ?? i.uri;
  const ver = e.ver ?? i.ver;
  const body = e.body ?? i.body;
  return {
    ...explicit,
    data: {
      type: 'http',
      http: { ...(meth !== undefined ? { meth } : {}), ...(uri !== undefined ? { uri } : {}), ...(ver !== undefined ? { ver } : {}), hdrs: e.hdrs, ...(body !== undefined ? { body } : {}) },
    },
  };
}

/** check_proxy_tcpcheck(): an implicit connect first when the ruleset does not start with one. */
function complete(rs: Ruleset): Ruleset {
  if (rs.rules[0]?.kind !== 'connect') rs.rules.unshift(connectRule({ useDefaults: true, implicit: true, index: 0 }));
  return rs;
}

/** The ruleset of a backend's server checks (undefined for external checks). */
export function buildRuleset(p: ProxyModel): Ruleset | undefined {
  switch (checkOption(p)) {
    case 'httpchk':
      return httpchk(p);
    case 'tcp-check': {
      const rules = userRules(p.tcpCheck, false);
      // Rules keep their configured numbering: the implicit connect is step 0.
      rules.forEach((r, i) => (r.index = i));
      return complete(ruleset('tcp', rules));
    }
    case 'redis-check':
      return complete(redis());
    case 'ssl-hello-chk':
      return complete(ssl3());
    case 'smtpchk':
      return complete(smtp(p));
    case 'pgsql-check':
      return complete(pgsql(p));
    case 'mysql-check':
      return complete(mysql(p));
    case 'ldap-check':
      return complete(ldap());
    case 'external-check':
      return undefined;
    default:
      return complete(ruleset('default', []));
  }
}

/** HAProxy refuses a tcp-check/http-check list whose first rule is not a connect when one has a connect. */
export function hasOwnConnect(rs: Ruleset): boolean {
  return rs.rules.some((r) => r.kind === 'connect' && !r.implicit);
}
