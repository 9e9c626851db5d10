/**
 * Turn `tcp-check ...` / `http-check ...` lines (kept as words by the config parser, already
 * validated there) into compiled rules, as tcpcheck.c's parse_tcpcheck_connect/send/expect.
 */
import type { RuleModel } from '../config/model/rule.js';
import { compileLogFormat, parseHex } from './log-format.js';
import {
  connectRule,
  expectRule,
  type CheckRule,
  type ConnectRule,
  type ExpectMatch,
  type ExpectRule,
  type HdrPattern,
  type SendRule,
} from './rules.js';
import { statusByName, type CheckStatusName } from './status.js';

/** C-string unescaping of a tcp-check string argument is already done by the lexer. */
function bytes(s: string): Buffer {
  return Buffer.from(s, 'latin1');
}

export function parseConnect(words: readonly string[], o: Partial<ConnectRule> = {}): ConnectRule {
  let port: number | undefined;
  let addr: { host: string; port?: number } | undefined;
  let comment: string | undefined;
  let sendProxy = false;
  let ssl = false;
  let sni: string | undefined;
  let alpn: string | undefined;
  let linger = false;
  let useDefaults = false;
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    const v = words[i + 1];
    switch (w) {
      case 'default':
        useDefaults = true;
        break;
      case 'port':
        port = Number(v);
        i++;
        break;
      case 'addr': {
        const m = /^\[?([^\]]*?)\]?(?::(\d+))?$/.exec(v ?? '');
        addr = { host: m?.[1] ?? v ?? '', ...(m?.[2] ? { port: Number(m[2]) } : {}) };
        i++;
        break;
      }
      case 'comment':
        comment = v;
        i++;
        break;
      case 'send-proxy':
        sendProxy = true;
        break;
      case 'ssl':
        ssl = true;
        break;
      case 'sni':
        sni = v;
        i++;
        break;
      case 'alpn':
        alpn = v;
        i++;
        break;
      case 'proto':
        i++;
        break;
      case 'linger':
        linger = true;
        break;
    }
  }
  return connectRule({
    ...(port !== undefined && Number.isFinite(port) ? { port } : {}),
    ...(addr ? { addr } : {}),
    ...(comment !== undefined ? { comment } : {}),
    ...(sni !== undefined ? { sni } : {}),
    ...(alpn !== undefined ? { alpn } : {}),
    sendProxy,
    ssl,
    linger,
    useDefaults,
    ...o,
  });
}

function hdrPattern(method: string, text: string, flags: string): HdrPattern {
  const m = (['str', 'beg', 'end', 'sub', 'reg'].includes(method) ? method : 'str') as HdrPattern['method'];
  return m === 'reg' ? { method: m, text, re: new RegExp(text, flags) } : { method: m, text };
}

/** Parse the words after `expect`. `http`: HTTP ruleset (string/rstring look at the body). */
export function parseExpect(words: readonly string[], http: boolean): ExpectRule {
  let inverse = false;
  let match: ExpectMatch | undefined;
  let minRecv = -1;
  let comment: string | undefined;
  let okStatus: CheckStatusName | undefined;
  let errStatus: CheckStatusName | undefined;
  let toutStatus: CheckStatusName | undefined;
  let onSuccess: string | undefined;
  let onError: string | undefined;
  let statusCode: string | undefined;
  for (let i = 0; i < words.length; i++) {
    let w = words[i]!;
    while (w.startsWith('!')) {
      inverse = !inverse;
      w = w.slice(1);
    }
    if (w === '') continue;
    const v = words[i + 1] ?? '';
    switch (w) {
      case 'min-recv':
        minRecv = Number(v);
        i++;
        break;
      case 'comment':
        comment = v;
        i++;
        break;
      case 'ok-status':
        okStatus = statusByName(v);
        i++;
        break;
      case 'error-status':
        errStatus = statusByName(v);
        i++;
        break;
      case 'tout-status':
        toutStatus = statusByName(v);
        i++;
        break;
      case 'on-success':
        onSuccess = v;
        i++;
        break;
      case 'on-error':
        onError = v;
        i++;
        break;
      case 'status-code':
        statusCode = `%[${v}]`;
        i++;
        break;
      case 'string':
        match = http ? { type: 'body', data: v } : { type: 'string', data: bytes(v) };
        i++;
        break;
      case 'rstring':
        match = http ? { type: 'rbody', re: new RegExp(v, 's') } : { type: 'rstring', re: new RegExp(v, 's') };
        i++;
        break;
      case 'binary':
        match = { type: 'binary', data: parseHex(v) ?? Buffer.alloc(0) };
        i++;
        break;
      case 'rbinary':
        match = { type: 'rbinary', re: new RegExp(v, 's') };
        i++;
        break;
      case 'string-lf':
        match = http ? { type: 'body-lf', fmt: compileLogFormat(v) } : { type: 'string-lf', fmt: compileLogFormat(v) };
        i++;
        break;
      case 'binary-lf':
        match = { type: 'binary-lf', fmt: compileLogFormat(v) };
        i++;
        break;
      case 'status':
        match = { type: 'status', codes: v.split(',').map((p) => statusRange(p)) };
        i++;
        break;
      case 'rstatus':
        match = { type: 'rstatus', re: new RegExp(v) };
        i++;
        break;
      case 'hdr':
      case 'fhdr': {
        // hdr name [-m meth] <name> [value [-m meth] <pattern>]
        let j = i + 2;
        let nm = 'str';
        if (words[j] === '-m') {
          nm = words[j + 1] ?? 'str';
          j += 2;
        }
        const name = hdrPattern(nm, words[j] ?? '', 'i');
        let value: HdrPattern | undefined;
        if (words[j + 1] === 'value' || words[j + 1] === 'value-lf') {
          j += 2;
          let vm = 'str';
          if (words[j] === '-m') {
            vm = words[j + 1] ?? 'str';
            j += 2;
          }
          value = hdrPattern(vm, words[j] ?? '', '');
        }
        match = { type: 'hdr', name, ...(value ? { value } : {}), full: w === 'fhdr' };
        i = j;
        break;
      }
      case 'custom':
        break;
    }
  }
  return expectRule(match ?? { type: 'string', data: Buffer.alloc(0) }, {
    inverse,
    minRecv,
    ...(comment !== undefined ? { comment } : {}),
    ...(okStatus ? { okStatus } : {}),
    ...(errStatus ? { errStatus } : {}),
    ...(toutStatus ? { toutStatus } : {}),
    ...(onSuccess !== undefined ? { onSuccess: compileLogFormat(onSuccess) } : {}),
    ...(onError !== undefined ? { onError: compileLogFormat(onError) } : {}),
    ...(statusCode !== undefined ? { statusCode: compileLogFormat(statusCode) } : {}),
  });
}

function statusRange(p: string): [number, number] {
  const m = /^(\d+)(?:-(\d+))?/.exec(p);
  const a = Number(m?.[1] ?? 0);
  return [a, Number(m?.[2] ?? a)];
}

/** `http-check send meth M uri U ver V hdr N V body B`. */
export function parseHttpSend(words: readonly string[], fromOption = false): SendRule {
  let meth: string | undefined;
  let uri: string | undefined;
  let ver: string | undefined;
  let body: string | undefined;
  let comment: string | undefined;
  const hdrs: Array<[string, string]> = [];
  for (let i = 0; i < words.length; i++) {
    const v = words[i + 1] ?? '';
    switch (words[i]) {
      case 'meth':
        meth = v;
        i++;
        break;
      case 'uri':
      case 'uri-lf':
        uri = v;
        i++;
        break;
      case 'ver':
        ver = v;
        i++;
        break;
      case 'hdr': {
        const lname = v.toLowerCase();
        if (lname !== 'content-length' && lname !== 'transfer-encoding') hdrs.push([v, words[i + 2] ?? '']);
        i += 2;
        break;
      }
      case 'body':
      case 'body-lf':
        body = v;
        i++;
        break;
      case 'comment':
        comment = v;
        i++;
        break;
    }
  }
  return {
    kind: 'send',
    index: 0,
    ...(comment !== undefined ? { comment } : {}),
    data: {
      type: 'http',
      http: {
        ...(meth !== undefined ? { meth } : {}),
        ...(uri !== undefined ? { uri } : {}),
        ...(ver !== undefined ? { ver } : {}),
        hdrs,
        ...(body !== undefined ? { body } : {}),
      },
    },
    fromOption,
  };
}

/** `tcp-check send|send-binary|send-lf|send-binary-lf <data> [comment c]`. */
export function parseTcpSend(action: string, words: readonly string[]): SendRule {
  const data = words[0] ?? '';
  const comment = words[1] === 'comment' ? words[2] : undefined;
  const base = { kind: 'send' as const, index: 0, ...(comment !== undefined ? { comment } : {}) };
  switch (action) {
    case 'send-binary':
      return { ...base, data: { type: 'bytes', bytes: parseHex(data) ?? Buffer.alloc(0) } };
    case 'send-lf':
      return { ...base, data: { type: 'lf', fmt: compileLogFormat(data), binary: false } };
    case 'send-binary-lf':
      return { ...base, data: { type: 'lf', fmt: compileLogFormat(data), binary: true } };
    default:
      return { ...base, data: { type: 'bytes', bytes: bytes(data) } };
  }
}

/** One configured rule to a compiled rule (undefined for comments and variable actions, handled apart). */
export function parseRule(r: RuleModel, http: boolean): CheckRule | undefined {
  switch (r.action) {
    case 'connect':
      return parseConnect(r.args);
    case 'send':
      return http ? parseHttpSend(r.args) : parseTcpSend('send', r.args);
    case 'send-binary':
    case 'send-lf':
    case 'send-binary-lf':
      return parseTcpSend(r.action, r.args);
    case 'expect':
      return parseExpect(r.args, http);
    default:
      return undefined;
  }
}
