/** Helpers for rules unit tests: a proxy compiled from config text, a context over a raw request. */
import { loadConfigText } from '../../src/config/parse.js';
import { parseRequestHead } from '../../src/http/h1-request.js';
import { parseResponseHead } from '../../src/http/h1-response.js';
import { compileAllRules, type ProxyRules } from '../../src/rules/proxy-rules.js';
import { RuleContext } from '../../src/rules/context.js';
import { newCompileEnv, type CompileEnv } from '../../src/rules/compile-env.js';
import { replyBytes } from '../../src/rules/reply.js';

export const HEAD = 'defaults\n mode http\n timeout client 1s\n timeout server 1s\n timeout connect 1s\n';

/** Compile `listen f` with `body` (plus extra sections); throws on config alerts. */
export function proxyRules(body: string, extra = ''): ProxyRules {
  const { config, diag } = loadConfigText(`${HEAD}${extra}listen f\n bind 127.0.0.1:80\n${body}`, 't.cfg');
  const alerts = diag.items.filter((d) => d.level === 'alert');
  if (alerts.length) throw new Error(alerts.map((a) => a.message).join('\n'));
  return compileAllRules(config).get('f')!;
}

export function env(): CompileEnv {
  return newCompileEnv();
}

/** A context holding `raw` (CRLF-less lines are fine: '\n' is turned into CRLF). */
export function reqCtx(raw: string, src = '10.0.0.1'): RuleContext {
  const text = raw.includes('\r\n') ? raw : raw.replace(/\n/g, '\r\n');
  const r = parseRequestHead(Buffer.from(text.endsWith('\r\n\r\n') ? text : `${text}\r\n\r\n`, 'latin1'));
  if (r.kind !== 'head') throw new Error(`bad request in test: ${JSON.stringify(r)}`);
  const ctx = new RuleContext();
  ctx.src = src;
  ctx.srcPort = 40000;
  ctx.dst = '127.0.0.1';
  ctx.dstPort = 80;
  ctx.feName = 'f';
  ctx.beginRequest(r.head);
  return ctx;
}

export function addResponse(ctx: RuleContext, raw: string): void {
  const text = raw.replace(/\n/g, '\r\n');
  const r = parseResponseHead(Buffer.from(`${text}\r\n\r\n`, 'latin1'), 'GET');
  if (r.kind !== 'head') throw new Error('bad response in test');
  ctx.res = r.head;
}

export function replyText(ctx: RuleContext): string {
  return ctx.reply ? replyBytes(ctx.reply, false).toString('latin1') : '';
}

export function header(ctx: RuleContext, name: string): string[] {
  return ctx.reqHeaders().filter((h) => h.lname === name).map((h) => h.value);
}
