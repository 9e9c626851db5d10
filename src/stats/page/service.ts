/**
 * The statistics page of a proxy (`stats enable|uri|realm|auth|refresh|admin|scope|hide-version|
 * show-legends|show-node|show-desc`): which requests it answers (HAProxy's http_stats_check_uri()),
 * Basic authentication, the `;csv`, `;up`, `;norefresh`, `;json`, `;dashboard` variants and the
 * admin actions posted from the page. Compiled once per proxy; answering builds the page from the
 * counters of the graph at that moment.
 */
import type { ProxyModel } from '../../config/model/proxy.js';
import type { RuntimeGraph } from '../../runtime/graph.js';
import type { RequestHead } from '../../http/types.js';
import { AclResult } from '../../rules/acl.js';
import type { Condition } from '../../rules/condition.js';
import type { RuleContext } from '../../rules/context.js';
import type { ProxyRules } from '../../rules/proxy-rules.js';
import { pathStart } from '../../rules/uri.js';
import { csvText } from '../csv.js';
import { prometheusText, promOptions } from '../prometheus.js';
import { dashboardHtml, dashboardJson } from '../dashboard/serve.js';
import { renderStatsPage } from './html.js';
import { applyAdmin, type AdminResult } from './admin.js';

/** HAProxy's STATS_DEFAULT_URI and STATS_DEFAULT_REALM. */
export const DEFAULT_STATS_URI = '/haproxy?stats';
export const DEFAULT_STATS_REALM = 'HAProxy Statistics';

export interface StatsReply {
  readonly status: number;
  readonly headers: ReadonlyArray<readonly [string, string]>;
  readonly body: Buffer;
}

/** What the page was asked for, from the words after the URI prefix. */
export interface PageRequest {
  csv: boolean;
  json: boolean;
  up: boolean;
  norefresh: boolean;
  dashboard: boolean;
  data: boolean;
  scope: string | undefined;
  /** `;st=DONE` ... after an admin action. */
  st: string | undefined;
}

export class StatsService {
  readonly uri: string;
  readonly realm: string;
  readonly users: ReadonlyArray<{ user: string; password: string }>;
  readonly refresh: number;
  readonly hideVersion: boolean;
  readonly showLegends: boolean;
  readonly showNode: string | undefined;
  readonly showDesc: string | undefined;
  readonly scope: readonly string[];
  private readonly admin: readonly Condition[];
  graph: RuntimeGraph | undefined;

  constructor(p: ProxyModel, rules: ProxyRules | undefined, node: string, desc: string | undefined) {
    const s = p.stats;
    this.uri = s.uri ?? DEFAULT_STATS_URI;
    this.realm = s.realm ?? DEFAULT_STATS_REALM;
    this.users = s.auth;
    this.refresh = s.refresh ?? 0;
    this.hideVersion = s.hideVersion === true;
    this.showLegends = s.showLegends === true;
    this.showNode = s.showNode === true ? node : s.showNode;
    this.showDesc = s.showDesc ?? desc;
    this.scope = s.scope;
    this.admin = rules ? s.admin.map((c) => rules.condition(c)) : [];
  }

  /** http_stats_check_uri(): the request path (with its query) starts with the stats URI. */
  matches(target: string): boolean {
    const p = target.charCodeAt(0) === 47 ? 0 : pathStart(target);
    if (p < 0) return false;
    return target.startsWith(this.uri, p);
  }

  /** The words after the URI prefix (`;csv`, `;up`, `;norefresh`, `;scope=x`, `;st=DONE`, `;dashboard`). */
  parse(target: string): PageRequest {
    const p = target.charCodeAt(0) === 47 ? 0 : pathStart(target);
    const rest = target.slice(p + this.uri.length);
    const r: PageRequest = { csv: false, json: false, up: false, norefresh: false, dashboard: false, data: false, scope: undefined, st: undefined };
    for (const m of rest.matchAll(/[;?&]([a-z-]+)(?:=([^;&]*))?/g)) {
      const w = m[1];
      if (w === 'csv') r.csv = true;
      else if (w === 'json') r.json = true;
      else if (w === 'up') r.up = true;
      else if (w === 'norefresh') r.norefresh = true;
      else if (w === 'dashboard') r.dashboard = true;
      else if (w === 'data') r.data = true;
      else if (w === 'scope') r.scope = decodeURIComponent((m[2] ?? '').replace(/\+/g, ' '));
      else if (w === 'st') r.st = m[2];
    }
    return r;
  }

  /** `stats auth`: whether the request carries one of the accounts (Basic). */
  authorized(head: RequestHead): boolean {
    if (this.users.length === 0) return true;
    const h = head.headers.find((x) => x.lname === 'authorization');
    if (!h) return false;
    const m = /^Basic\s+(\S+)/i.exec(h.value);
    if (!m) return false;
    const plain = Buffer.from(m[1]!, 'base64').toString('latin1');
    const i = plain.indexOf(':');
    if (i < 0) return false;
    const user = plain.slice(0, i);
    const pass = plain.slice(i + 1);
    return this.users.some((u) => u.user === user && u.password === pass);
  }

  /** `stats admin if|unless <cond>`. */
  isAdmin(rc: RuleContext): boolean {
    for (const c of this.admin) {
      const r = c.eval(rc);
      const pass = r === AclResult.Pass;
      if (c.unless ? !pass && r !== AclResult.Miss : pass) return true;
    }
    return false;
  }

  /** The 401 HAProxy sends when `stats auth` is not satisfied. */
  unauthorized(): StatsReply {
    const body = Buffer.from('<html><body><h1>401 Unauthorized</h1>\nYou need a valid user and password to access this content.\n</body></html>\n');
    return {
      status: 401,
      headers: [
        ['content-length', String(body.length)],
        ['cache-control', 'no-cache'],
        ['content-type', 'text/html'],
        ['www-authenticate', `Basic realm="${this.realm}"`],
      ],
      body,
    };
  }

  /** Answer a GET/HEAD for the page (after auth). */
  answer(head: RequestHead, rc: RuleContext, now = Date.now()): StatsReply {
    const g = this.graph!;
    const req = this.parse(head.target);
    const scope = req.scope ? [req.scope] : this.scope;
    if (req.csv) {
      return reply(200, 'text/plain', csvText(g, { scope, legends: this.showLegends }, now));
    }
    if (req.dashboard) {
      if (req.data) return reply(200, 'application/json', dashboardJson(g, scope, now));
      return reply(200, 'text/html; charset=utf-8', dashboardHtml(this.uri));
    }
    if (req.json) {
      return reply(200, 'application/json', dashboardJson(g, scope, now));
    }
    const html = renderStatsPage(g, this, { ...req, scope: req.scope }, this.isAdmin(rc), now);
    const r = reply(200, 'text/html', html);
    if (this.refresh > 0 && !req.norefresh) {
      return { ...r, headers: [...r.headers, ['refresh', String(Math.max(1, Math.round(this.refresh / 1000)))]] };
    }
    return r;
  }

  /** A POST from the page: the admin action, then HAProxy's 303 back to the page with the outcome. */
  post(head: RequestHead, rc: RuleContext, body: string): StatsReply {
    let st: AdminResult = 'DENY';
    if (this.isAdmin(rc)) st = applyAdmin(this.graph!, body);
    const req = this.parse(head.target);
    const loc = `${this.uri};st=${st}${req.up ? ';up' : ''}${req.norefresh ? ';norefresh' : ''}`;
    return { status: 303, headers: [['cache-control', 'no-cache'], ['content-type', 'text/plain'], ['content-length', '0'], ['location', loc]], body: Buffer.alloc(0) };
  }
}

function reply(status: number, type: string, text: string): StatsReply {
  const body = Buffer.from(text, type.startsWith('text/html') && !type.includes('utf-8') ? 'latin1' : 'utf8');
  return {
    status,
    headers: [
      ['cache-control', 'no-cache'],
      ['content-type', type],
      ['content-length', String(body.length)],
    ],
    body,
  };
}

/** The status line and headers (each line with its CRLF, without the blank line). */
export function statsHead(r: StatsReply): string {
  let h = `HTTP/1.1 ${r.status} ${r.status === 200 ? 'OK' : r.status === 303 ? 'See Other' : r.status === 401 ? 'Unauthorized' : 'Error'}\r\n`;
  for (const [k, v] of r.headers) h += `${k}: ${v}\r\n`;
  return h;
}

/** The exporter's page for `use-service prometheus-exporter`. */
export function prometheusReply(graph: RuntimeGraph, target: string): StatsReply {
  return reply(200, 'text/plain; version=0.0.4', prometheusText(graph, promOptions(target)));
}
