/**
 * Evaluation of one expect rule on the bytes received (tcpcheck_eval_expect and
 * tcpcheck_eval_expect_http), with HAProxy's error texts.
 */
import { parseReply } from './http-reply.js';
import type { LfContext } from './log-format.js';
import { stepId, type CheckProto, type ExpectRule, type HdrPattern } from './rules.js';
import type { CheckStatusName } from './status.js';

export const BUFSIZE = 16384;

export type ExpectEval =
  | { readonly kind: 'wait' }
  | { readonly kind: 'continue'; readonly code: number; readonly raw?: string }
  | { readonly kind: 'done'; readonly status: CheckStatusName; readonly desc: string; readonly code: number; readonly stop: boolean; readonly raw?: string };

export interface ExpectContext {
  readonly proto: CheckProto;
  readonly buf: Buffer;
  readonly lastRead: boolean;
  readonly vars: ReadonlyMap<string, Buffer | number>;
  /** No rule follows this one. */
  readonly isLast: boolean;
  /** disable-on-404 applies (the option is set and the server is not DOWN). */
  readonly accept404: boolean;
}

function lf(ctx: ExpectContext): LfContext {
  return { payload: ctx.buf, vars: ctx.vars };
}

/** A C string: HAProxy copies descriptions with strncpy, so they end at the first NUL. */
export function cstring(b: Buffer): string {
  const z = b.indexOf(0);
  return b.toString('latin1', 0, z < 0 ? b.length : z);
}

function codeOf(rule: ExpectRule, ctx: ExpectContext, fallback: number): number {
  if (!rule.statusCode) return fallback;
  const n = parseInt(cstring(rule.statusCode(lf(ctx))), 10);
  return Number.isFinite(n) ? n : fallback;
}

/** tcpcheck_expect_onerror_message(). */
export function onErrorMessage(rule: ExpectRule, ctx: ExpectContext, match: boolean, info: string): string {
  let msg = '';
  if (info) msg = info;
  else if (rule.onError) msg = cstring(rule.onError(lf(ctx)));
  else if (ctx.proto === 'tcp') {
    msg = match ? 'TCPCHK matched unwanted content' : 'TCPCHK did not match content';
    const step = stepId(rule);
    const m = rule.match;
    switch (m.type) {
      case 'status':
        msg += `(status codes) at step ${step}`;
        break;
      case 'string':
        msg += ` '${m.data.toString('latin1')}' at step ${step}`;
        break;
      case 'body':
        msg += ` '${m.data}' at step ${step}`;
        break;
      case 'binary':
        msg += ` (binary) at step ${step}`;
        break;
      case 'rstring':
      case 'rstatus':
      case 'rbody':
        msg += ` (regex) at step ${step}`;
        break;
      case 'rbinary':
        msg += ` (binary regex) at step ${step}`;
        break;
      case 'string-lf':
      case 'body-lf':
        msg += ` (log-format string) at step ${step}`;
        break;
      case 'binary-lf':
        msg += ` (log-format binary) at step ${step}`;
        break;
      case 'custom':
        msg += ` (custom function) at step ${step}`;
        break;
      case 'hdr':
        msg += ` (header pattern) at step ${step}`;
        break;
    }
  }
  if (rule.comment) msg += ` comment: ${rule.comment}`;
  return msg;
}

/** tcpcheck_expect_onsuccess_message(). */
export function onSuccessMessage(rule: ExpectRule, ctx: ExpectContext): string {
  if (rule.onSuccess) return cstring(rule.onSuccess(lf(ctx)));
  return ctx.proto === 'tcp' ? '(tcp-check)' : '';
}

function fail(rule: ExpectRule, ctx: ExpectContext, status: CheckStatusName, match: boolean, info: string, code: number): ExpectEval {
  return { kind: 'done', status, desc: onErrorMessage(rule, ctx, match, info), code: codeOf(rule, ctx, code), stop: true };
}

/** A TCP (non-HTTP) expect rule. */
export function evalTcpExpect(rule: ExpectRule, ctx: ExpectContext): ExpectEval {
  const buf = ctx.buf;
  const lastRead = ctx.lastRead || buf.length >= BUFSIZE;
  const m = rule.match;
  if (!lastRead) {
    if ((m.type === 'string' || m.type === 'binary') && buf.length < m.data.length) return { kind: 'wait' };
    if (rule.minRecv > 0 && buf.length < rule.minRecv) return { kind: 'wait' };
  }
  let match = rule.inverse;
  const errStatus = rule.errStatus ?? 'L7RSP';
  switch (m.type) {
    case 'string':
    case 'binary':
      match = buf.indexOf(m.data) >= 0;
      break;
    case 'rstring':
      match = m.re.test(buf.toString('latin1', 0, Math.min(buf.length, BUFSIZE - 1)));
      break;
    case 'rbinary':
      match = m.re.test(buf.toString('hex').toUpperCase());
      break;
    case 'string-lf':
    case 'binary-lf': {
      const want = m.fmt(lf(ctx));
      if (want.length === 0) return fail(rule, ctx, 'L7RSP', false, 'log-format string evaluated to an empty string', 0);
      if (buf.length < want.length) {
        if (!lastRead) return { kind: 'wait' };
        match = false;
        break;
      }
      match = buf.indexOf(want) >= 0;
      break;
    }
    case 'custom': {
      const r = m.fn(buf, lastRead, rule, ctx.isLast);
      if (r.kind === 'wait' || r.kind === 'continue') return r.kind === 'wait' ? r : { kind: 'continue', code: 0 };
      if (!r.stop) return { kind: 'done', status: r.status, desc: r.desc, code: r.code, stop: false, ...(r.raw !== undefined ? { raw: r.raw } : {}) };
      return { kind: 'done', status: r.status, desc: onErrorMessage(rule, ctx, false, r.desc), code: r.code, stop: true };
    }
    default:
      return { kind: 'done', status: 'L7RSP', desc: '', code: 0, stop: true };
  }
  if (!match && !lastRead && rule.minRecv === -1) return { kind: 'wait' };
  if (match !== rule.inverse) return { kind: 'continue', code: codeOf(rule, ctx, 0) };
  return fail(rule, ctx, errStatus, match, '', 0);
}

function hdrMatch(p: HdrPattern, s: string, caseless: boolean): boolean {
  const a = caseless ? s.toLowerCase() : s;
  const b = caseless ? p.text.toLowerCase() : p.text;
  switch (p.method) {
    case 'str':
      return a === b;
    case 'beg':
      return a.startsWith(b);
    case 'end':
      return a.endsWith(b);
    case 'sub':
      return a.includes(b);
    case 'reg':
      return p.re !== undefined && p.re.test(s);
  }
}

/** An HTTP expect rule. `code` out: the response status for the check code. */
export function evalHttpExpect(rule: ExpectRule, ctx: ExpectContext): ExpectEval {
  const reply = parseReply(ctx.buf, ctx.lastRead);
  const lastRead = ctx.lastRead || reply.complete || ctx.buf.length >= BUFSIZE;
  if (reply.state === 'error') return fail(rule, ctx, 'L7RSP', false, '', 0);
  if (reply.state === 'incomplete') {
    if (lastRead) return fail(rule, ctx, 'L7RSP', false, '', 0);
    return { kind: 'wait' };
  }
  const code = reply.status;
  if (ctx.accept404 && code === 404) return { kind: 'continue', code };
  const m = rule.match;
  let match = rule.inverse;
  let status: CheckStatusName = rule.errStatus ?? 'L7RSP';
  let desc = '';
  switch (m.type) {
    case 'status':
      match = m.codes.some(([a, b]) => code >= a && code <= b);
      status = rule.errStatus ?? 'L7STS';
      if (!rule.onError) desc = reply.reason;
      break;
    case 'rstatus':
      match = m.re.test(reply.statusText);
      status = rule.errStatus ?? 'L7STS';
      if (!rule.onError) desc = reply.reason;
      break;
    case 'hdr': {
      match = false;
      for (const [n, v] of reply.headers) {
        if (!hdrMatch(m.name, n, true)) continue;
        if (!m.value) {
          match = true;
          break;
        }
        const values = m.full ? [v] : v.split(',').map((x) => x.trim());
        if (values.some((x) => hdrMatch(m.value!, x, false))) {
          match = true;
          break;
        }
      }
      status = rule.errStatus ?? 'L7STS';
      if (!rule.onError) desc = reply.reason;
      break;
    }
    case 'body':
    case 'rbody':
    case 'body-lf': {
      const body = reply.body;
      if (body.length === 0) {
        if (!lastRead) return { kind: 'wait' };
        return fail(rule, ctx, rule.errStatus ?? 'L7RSP', false, rule.onError ? '' : 'HTTP content check could not find a response body', code);
      }
      const want = m.type === 'body' ? Buffer.from(m.data, 'latin1') : m.type === 'body-lf' ? m.fmt(lf(ctx)) : undefined;
      if (!lastRead && ((want && body.length < want.length) || (rule.minRecv > 0 && body.length < rule.minRecv))) return { kind: 'wait' };
      match = want ? body.indexOf(want) >= 0 : m.type === 'rbody' && m.re.test(body.toString('latin1'));
      if (!match && !lastRead && rule.minRecv === -1) return { kind: 'wait' };
      status = rule.errStatus ?? 'L7RSP';
      if (!rule.onError) desc = rule.inverse ? 'HTTP check matched unwanted content' : 'HTTP content check did not match';
      break;
    }
    default:
      return fail(rule, ctx, 'L7RSP', false, '', code);
  }
  if (match !== rule.inverse) return { kind: 'continue', code };
  return fail(rule, ctx, status, match, desc, code);
}
