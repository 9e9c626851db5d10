/**
 * `capture`, `declare capture`, `email-alert`, `max-keep-alive-queue`, `server-state-file-name`,
 * `load-server-state-from-file`, `http-send-name-header`.
 */
import { ConfigError } from '../../diagnostics.js';
import type { Keyword } from '../../keyword.js';
import { CAP_BE, CAP_FE, type ProxyModel } from '../../model/proxy.js';
import { LOG_LEVELS } from './obs-log.js';
import { noNewArgs, proxyTypeStr, warnIfNotCap } from './obs-common.js';

type K = Keyword<ProxyModel>;

const capture: K = {
  name: 'capture',
  help: 'capture {request | response} header <name> len <n> (%hr %hs) | capture cookie <name> len <n> (parsed only: %CC stays -)',
  status: 'supported',
  parse(p, args, ctx) {
    warnIfNotCap(p, CAP_FE, 'capture', ctx);
    const what = args[1];
    if (what === 'cookie') {
      if (p.kind === 'defaults') throw new ConfigError(`'capture cookie' not allowed in 'defaults' section.`);
      if (args.length > 5) throw new ConfigError(`'capture cookie' cannot handle unexpected argument '${args[5]}'.`);
      if (args[4] === undefined) throw new ConfigError(`'capture' expects 'cookie' <cookie_name> 'len' <len>.`);
      p.captures.push({ place: ctx.st.place, direction: 'request', what: 'cookie', name: args[2]!, len: Number.parseInt(args[4], 10) || 0 });
      return;
    }
    if ((what === 'request' || what === 'response') && args[2] === 'header') {
      if (p.kind === 'defaults') throw new ConfigError(`'capture ${what}' not allowed in 'defaults' section.`);
      if (args.length > 6) throw new ConfigError(`'capture ${what}' cannot handle unexpected argument '${args[6]}'.`);
      if (args[3] === undefined || args[4] !== 'len' || args[5] === undefined)
        throw new ConfigError(`'capture ${what}' expects 'header' <header_name> 'len' <len>.`);
      p.captures.push({ place: ctx.st.place, direction: what, what: 'header', name: args[3], len: Number.parseInt(args[5], 10) || 0 });
      return;
    }
    throw new ConfigError(`'capture' expects 'cookie' or 'request header' or 'response header'.`);
  },
};

const declare: K = {
  name: 'declare',
  help: 'declare capture {request | response} len <length>',
  status: 'parsed-only',
  parse(p, args, ctx) {
    if (args[1] !== 'capture') throw new ConfigError(`unknown declaration type '${args[1] ?? ''}' (supports 'capture')`);
    const dir = args[2];
    if (dir !== 'request' && dir !== 'response')
      throw new ConfigError(`'declare capture' requires a direction ('request' or 'response')`);
    if (args[3] !== 'len' || args[4] === undefined) throw new ConfigError(`'declare capture' requires a capture length ('len')`);
    (p.declaredCaptures ??= []).push({ place: ctx.st.place, direction: dir, len: Number.parseInt(args[4], 10) || 0 });
  },
};

const EMAIL_SUBS = ['from', 'mailers', 'myhostname', 'level', 'to'] as const;
type EmailSub = (typeof EMAIL_SUBS)[number];

const emailAlert: K = {
  name: 'email-alert',
  help: 'email-alert {from | mailers | myhostname | level | to} <value>',
  status: 'parsed-only',
  parse(p, args) {
    const sub = args[1];
    if (sub === undefined) throw new ConfigError(`missing argument after 'email-alert'.`);
    if (!(EMAIL_SUBS as readonly string[]).includes(sub)) throw new ConfigError(`email-alert: unknown argument '${sub}'.`);
    const v = args[2] ?? '';
    if (sub === 'level' && !LOG_LEVELS.includes(v)) throw new ConfigError(`unknown log level '${sub}' after '${v}'`);
    p.emailAlert = { ...p.emailAlert, [sub as EmailSub]: v };
  },
};

const maxKeepAliveQueue: K = {
  name: 'max-keep-alive-queue',
  help: 'max-keep-alive-queue <n>',
  status: 'parsed-only',
  parse(p, args, ctx) {
    if (args[1] === undefined) throw new ConfigError(`'max-keep-alive-queue' expects expects an integer value (or -1 to disable)`);
    const bad = /[^0-9-]/.exec(args[1]);
    if (bad) throw new ConfigError(`'max-keep-alive-queue' : unexpected character '${bad[0]}' in integer value '${args[1]}'`);
    if ((p.cap & CAP_BE) === 0)
      ctx.warn(`max-keep-alive-queue will be ignored because ${proxyTypeStr(p)} '${p.name}' has no backend capability`);
    p.maxKeepAliveQueue = Number.parseInt(args[1], 10);
  },
};

const serverStateFileName: K = {
  name: 'server-state-file-name',
  help: 'server-state-file-name [<file> | use-backend-name]',
  status: 'parsed-only',
  parse(p, args, ctx) {
    warnIfNotCap(p, CAP_BE, 'server-state-file-name', ctx);
    noNewArgs(args, 1);
    p.serverStateFileName = args[1] === undefined || args[1] === 'use-backend-name' ? p.name : args[1];
  },
};

const loadServerState: K = {
  name: 'load-server-state-from-file',
  help: 'load-server-state-from-file {global | local | none}',
  status: 'parsed-only',
  parse(p, args, ctx) {
    warnIfNotCap(p, CAP_BE, 'load-server-state-from-file', ctx);
    const v = args[1];
    if (v !== 'global' && v !== 'local' && v !== 'none')
      throw new ConfigError(`'load-server-state-from-file' expects 'global', 'local' or 'none'. Got '${v ?? ''}'`);
    p.loadServerStateFromFile = v;
  },
};

const httpSendNameHeader: K = {
  name: 'http-send-name-header',
  help: 'http-send-name-header [<header name>]',
  status: 'parsed-only',
  parse(p, args, ctx) {
    warnIfNotCap(p, CAP_BE, 'http-send-name-header', ctx);
    if (args[1] === undefined) throw new ConfigError(`'http-send-name-header' requires a header string.`);
    p.httpSendNameHeader = args[1].toLowerCase();
  },
};

export const MISC_OBS_KEYWORDS: K[] = [
  capture,
  declare,
  emailAlert,
  maxKeepAliveQueue,
  serverStateFileName,
  loadServerState,
  httpSendNameHeader,
];
