/**
 * Options that take arguments or act on other settings: log formats, health-check kinds,
 * forwardfor/originalto, http-restrict-req-hdr-names. Each parse function returns the option's
 * typed parameters, or false when HAProxy ignores the line (a warning was given).
 * Messages are HAProxy 2.6's (cfgparse-listen.c, tcpcheck.c).
 */
import { isIP } from 'node:net';
import { ConfigError } from '../../diagnostics.js';
import type { ParseContext } from '../../keyword.js';
import { CAP_BE, CAP_DEF, CAP_FE, type ProxyModel } from '../../model/proxy.js';
import { tooManyArgs, warnIfNotCap, warnTight } from './traffic-cap.js';

export type OptionParams = Readonly<Record<string, string | number | boolean>>;

export interface SpecialOption {
  readonly name: string;
  readonly help: string;
  readonly status: 'supported' | 'parsed-only' | 'ignored';
  readonly httpOnly?: boolean;
  /** Options this one replaces (one health-check kind, one log format at a time). */
  readonly group?: readonly string[];
  parse(p: ProxyModel, args: readonly string[], ctx: ParseContext): OptionParams | undefined | false;
}

/** HAProxy 2.6's built-in log formats (log.c); `option httplog` & co. set the proxy's log format to one. */
export const HTTP_LOG_FORMAT =
  '%ci:%cp [%tr] %ft %b/%s %TR/%Tw/%Tc/%Tr/%Ta %ST %B %CC %CS %tsc %ac/%fc/%bc/%sc/%rc %sq/%bq %hr %hs %{+Q}r';
export const CLF_HTTP_LOG_FORMAT =
  '%{+Q}o %{-Q}ci - - [%trg] %r %ST %B "" "" %cp %ms %ft %b %s %TR %Tw %Tc %Tr %Ta %tsc %ac %fc %bc %sc %rc %sq %bq %CC %CS %hrl %hsl';
export const TCP_LOG_FORMAT = '%ci:%cp [%t] %ft %b/%s %Tw/%Tc/%Tt %B %ts %ac/%fc/%bc/%sc/%rc %sq/%bq';
export const HTTPS_LOG_FORMAT =
  '%ci:%cp [%tr] %ft %b/%s %TR/%Tw/%Tc/%Tr/%Ta %ST %B %CC %CS %tsc %ac/%fc/%bc/%sc/%rc %sq/%bq %hr %hs %{+Q}r %[fc_err]/%[ssl_fc_err,hex]/%[ssl_c_err]/%[ssl_c_ca_err]/%[ssl_fc_is_resumed] %[ssl_fc_sni]/%sslv/%sslc';

/** What set the current log format, as HAProxy names it in its "overrides previous" warning. */
function logFormatOrigin(fmt: string): string {
  if (fmt === HTTP_LOG_FORMAT) return 'option httplog';
  if (fmt === TCP_LOG_FORMAT) return 'option tcplog';
  if (fmt === CLF_HTTP_LOG_FORMAT) return 'option httplog clf';
  if (fmt === HTTPS_LOG_FORMAT) return 'option httpslog';
  return 'log-format';
}

const LOG_OPTIONS = ['httplog', 'tcplog', 'httpslog'];
export const CHECK_OPTIONS = [
  'httpchk',
  'ssl-hello-chk',
  'smtpchk',
  'pgsql-check',
  'redis-check',
  'mysql-check',
  'ldap-check',
  'spop-check',
  'tcp-check',
  'external-check',
];

const present = (s: string | undefined): s is string => s !== undefined && s !== '';

/** Set the log format; in a defaults section, warn when it replaces an earlier one. */
function setLogFormat(p: ProxyModel, fmt: string, label: string, ctx: ParseContext): void {
  if (p.logFormat !== undefined && p.cap & CAP_DEF)
    warnTight(ctx, `'${label}' overrides previous '${logFormatOrigin(p.logFormat)}' in 'defaults' section.`);
  p.logFormat = fmt;
}

function warnIgnoredInBackend(p: ProxyModel, what: string, ctx: ParseContext): void {
  if (!(p.cap & CAP_DEF) && !(p.cap & CAP_FE))
    ctx.warn(`backend '${p.name}' : '${what}' directive is ignored in backends.`);
}

/** HAProxy's str2net(): `addr[/mask]`, mask as a prefix length or dotted quad (IPv6: a length). */
export function isNetwork(text: string): boolean {
  const slash = text.indexOf('/');
  const addr = slash < 0 ? text : text.slice(0, slash);
  const mask = slash < 0 ? undefined : text.slice(slash + 1);
  const v = addr === 'localhost' ? 4 : isIP(addr);
  if (v === 0) return false;
  if (mask === undefined) return true;
  if (/^\d+$/.test(mask)) return Number(mask) <= (v === 4 ? 32 : 128);
  return v === 4 && isIP(mask) === 4;
}

/** A simple check option: warn outside backends, refuse arguments. */
const simpleCheck = (name: string, help: string): SpecialOption => ({
  name,
  help,
  status: 'supported',
  group: CHECK_OPTIONS,
  parse(p, args, ctx) {
    warnIfNotCap(p, CAP_BE, name, ctx);
    tooManyArgs(args, 0, 1);
    return undefined;
  },
});

/** forwardfor / originalto: `except <net>`, `header <name>` and (forwardfor only) `if-none`. */
function parseHeaderOption(args: readonly string[], allowIfNone: boolean, defHeader: string): OptionParams {
  const out: Record<string, string | number | boolean> = { header: defHeader };
  for (let i = 2; present(args[i]); ) {
    const w = args[i]!;
    if (w === 'except') {
      if (!present(args[i + 1]) || !isNetwork(args[i + 1]!))
        throw new ConfigError(`'${args[0]} ${args[1]} ${w}' expects <address>[/mask] as argument.`);
      out['except'] = args[i + 1]!;
      i += 2;
    } else if (w === 'header') {
      if (!present(args[i + 1])) throw new ConfigError(`'${args[0]} ${args[1]} ${w}' expects <header_name> as argument.`);
      out['header'] = args[i + 1]!;
      i += 2;
    } else if (w === 'if-none' && allowIfNone) {
      out['ifNone'] = true;
      i += 1;
    } else {
      throw new ConfigError(
        allowIfNone
          ? `'${args[0]} ${args[1]}' only supports optional values: 'except', 'header' and 'if-none'.`
          : `'${args[0]} ${args[1]}' only supports optional values: 'except' and 'header'.`,
      );
    }
  }
  return out;
}

export const SPECIAL_OPTIONS: readonly SpecialOption[] = [
  {
    name: 'httplog',
    help: 'httplog [clf]: HTTP log format',
    status: 'supported',
    group: LOG_OPTIONS,
    parse(p, args, ctx) {
      let clf = false;
      if (present(args[2])) {
        if (args[2] !== 'clf') throw new ConfigError(`keyword '${args[1]}' only supports option 'clf'.`);
        clf = true;
        tooManyArgs(args, 1, 1);
      }
      setLogFormat(p, clf ? CLF_HTTP_LOG_FORMAT : HTTP_LOG_FORMAT, clf ? 'option httplog clf' : 'option httplog', ctx);
      warnIgnoredInBackend(p, 'option httplog', ctx);
      return { clf };
    },
  },
  {
    name: 'tcplog',
    help: 'TCP log format',
    status: 'supported',
    group: LOG_OPTIONS,
    parse(p, args, ctx) {
      setLogFormat(p, TCP_LOG_FORMAT, 'option tcplog', ctx);
      tooManyArgs(args, 0, 1);
      warnIgnoredInBackend(p, 'option tcplog', ctx);
      return undefined;
    },
  },
  {
    name: 'httpslog',
    help: 'HTTP log format with TLS details',
    status: 'parsed-only',
    group: LOG_OPTIONS,
    parse(p, _args, ctx) {
      // HAProxy 2.6 names this one 'option httplog' in its override warning.
      setLogFormat(p, HTTPS_LOG_FORMAT, 'option httplog', ctx);
      warnIgnoredInBackend(p, 'option httpslog', ctx);
      return undefined;
    },
  },
  {
    name: 'tcpka',
    help: 'TCP keep-alive on both sides',
    status: 'parsed-only',
    parse(_p, args) {
      tooManyArgs(args, 0, 1);
      return undefined;
    },
  },
  {
    name: 'httpchk',
    help: 'httpchk [<method>] [<uri>] [<version>]: HTTP health checks',
    status: 'supported',
    group: CHECK_OPTIONS,
    parse(p, args, ctx) {
      warnIfNotCap(p, CAP_BE, 'httpchk', ctx);
      tooManyArgs(args, 3, 1);
      let method = 'OPTIONS';
      let uri = '/';
      let version = 'HTTP/1.0';
      if (present(args[2]) && !present(args[3])) uri = args[2]!;
      else if (present(args[2])) {
        method = args[2]!;
        uri = args[3]!;
        if (present(args[4])) version = args[4]!;
      }
      if (/[\r\n]/.test(version))
        warnTight(
          ctx,
          `'option httpchk' : hiding headers or body at the end of the version string is deprecated. Please, consider to use 'http-check send' directive instead.`,
        );
      return { method, uri, version };
    },
  },
  simpleCheck('ssl-hello-chk', 'SSLv3 client hello health checks'),
  {
    name: 'smtpchk',
    help: 'smtpchk [HELO|EHLO <domain>]: SMTP health checks',
    status: 'supported',
    group: CHECK_OPTIONS,
    parse(p, args, ctx) {
      warnIfNotCap(p, CAP_BE, 'smtpchk', ctx);
      tooManyArgs(args, 2, 1);
      if (present(args[2]) && present(args[3]) && (args[2] === 'HELO' || args[2] === 'EHLO'))
        return { command: args[2]!, domain: args[3]! };
      return { command: 'HELO', domain: 'localhost' };
    },
  },
  {
    name: 'pgsql-check',
    help: 'pgsql-check user <name>: PostgreSQL health checks',
    status: 'supported',
    group: CHECK_OPTIONS,
    parse(p, args, ctx) {
      warnIfNotCap(p, CAP_BE, 'pgsql-check', ctx);
      tooManyArgs(args, 2, 1);
      if (args[2] === 'user' && present(args[3])) return { user: args[3]! };
      if (present(args[2]) && args[2] !== 'user')
        throw new ConfigError(`'option pgsql-check' only supports optional values: 'user'.`);
      throw new ConfigError(`'option pgsql-check' expects 'user <username>' as argument.`);
    },
  },
  simpleCheck('redis-check', 'Redis PING health checks'),
  {
    name: 'mysql-check',
    help: 'mysql-check [user <name> [post-41|pre-41]]: MySQL health checks',
    status: 'supported',
    group: CHECK_OPTIONS,
    parse(p, args, ctx): OptionParams {
      warnIfNotCap(p, CAP_BE, 'mysql-check', ctx);
      tooManyArgs(args, 3, 1);
      if (!present(args[2])) return {};
      if (args[2] !== 'user')
        throw new ConfigError(`'option mysql-check' only supports optional values: 'user' (got '${args[2]}').`);
      if (!present(args[3])) throw new ConfigError(`'option mysql-check user' expects <username> as argument.`);
      const v = args[4];
      if (present(v) && v !== 'post-41' && v !== 'pre-41')
        throw new ConfigError(`keyword 'user' only supports 'post-41' and 'pre-41' (got '${v}').`);
      return { user: args[3]!, post41: v === 'post-41' };
    },
  },
  simpleCheck('ldap-check', 'LDAP bind health checks'),
  simpleCheck('spop-check', 'SPOP HELLO health checks'),
  simpleCheck('tcp-check', 'health checks made of tcp-check rules'),
  simpleCheck('external-check', 'health checks run by an external command'),
  {
    name: 'forwardfor',
    help: "forwardfor [except <net>] [header <name>] [if-none]: add X-Forwarded-For",
    status: 'supported',
    httpOnly: true,
    parse: (_p, args) => parseHeaderOption(args, true, 'x-forwarded-for'),
  },
  {
    name: 'originalto',
    help: 'originalto [except <net>] [header <name>]: add X-Original-To',
    status: 'parsed-only',
    httpOnly: true,
    parse: (_p, args) => parseHeaderOption(args, false, 'x-original-to'),
  },
  {
    name: 'http-restrict-req-hdr-names',
    help: 'http-restrict-req-hdr-names preserve|reject|delete',
    status: 'parsed-only',
    parse(_p, args) {
      tooManyArgs(args, 2, 0);
      const v = args[2];
      if (!present(v))
        throw new ConfigError(
          `missing parameter. option '${args[1]}' expects 'preserve', 'reject' or 'delete' option.`,
        );
      if (v !== 'preserve' && v !== 'reject' && v !== 'delete')
        throw new ConfigError(
          `invalid parameter '${v}'. option '${args[1]}' expects 'preserve', 'reject' or 'delete' option.`,
        );
      return { policy: v };
    },
  },
];
