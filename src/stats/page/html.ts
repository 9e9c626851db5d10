/**
 * The HTML statistics page with HAProxy 2.6's sections: the general process information with the
 * colour legend and display options, then per proxy its table (Queue, Session rate, Sessions, Bytes,
 * Denied, Errors, Warnings, Server) with a Frontend row, listener rows, one row per server coloured
 * by its state, and a Backend row; with `stats admin`, checkboxes and the action form.
 */
import { hostname } from 'node:os';
import type { ProxyEntry, RuntimeGraph } from '../../runtime/graph.js';
import { RELEASE_DATE, VERSION_STRING } from '../../version.js';
import { COL } from '../fields.js';
import { statRows, type StatRow } from '../rows.js';
import type { PageRequest, StatsService } from './service.js';
import { STATS_CSS } from './style.js';

function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function uptime(sec: number): string {
  const d = Math.floor(sec / 86400);
  const h = Math.floor((sec % 86400) / 3600);
  const m = Math.floor((sec % 3600) / 60);
  const s = sec % 60;
  return `${d}d ${h}h${String(m).padStart(2, '0')}m${String(s).padStart(2, '0')}s`;
}

/** HAProxy's human_time() for Last/LastChk/Dwntme columns. */
function humanTime(sec: number): string {
  if (sec < 0) return '';
  if (sec < 60) return `${sec}s`;
  if (sec < 3600) return `${Math.floor(sec / 60)}m${sec % 60}s`;
  if (sec < 86400) return `${Math.floor(sec / 3600)}h${Math.floor((sec % 3600) / 60)}m`;
  return `${Math.floor(sec / 86400)}d${Math.floor((sec % 86400) / 3600)}h`;
}

/** The row colour class of a server, as HAProxy's srv_hlt_st / stats_dump_sv_stats(). */
export function serverClass(status: string, backup: boolean): string {
  const k = backup ? 'backup' : 'active';
  if (status.startsWith('MAINT')) return 'maintain';
  if (status === 'DRAIN') return `${k}_draining`;
  if (status === 'NOLB') return `${k}_nolb`;
  if (status === 'no check') return `${k}_no_check`;
  if (/^UP \d+\/\d+/.test(status)) return `${k}_going_down`;
  if (/^DOWN \d+\/\d+/.test(status)) return `${k}_going_up`;
  if (status.startsWith('UP')) return `${k}_up`;
  return `${k}_down`;
}

const COLUMNS =
  '<tr class="titre"><th>Cur</th><th>Max</th><th>Limit</th><th>Cur</th><th>Max</th><th>Limit</th><th>Cur</th><th>Max</th><th>Limit</th><th>Total</th><th>LbTot</th><th>Last</th><th>In</th><th>Out</th><th>Req</th><th>Resp</th><th>Req</th><th>Conn</th><th>Resp</th><th>Retr</th><th>Redis</th><th>Status</th><th>LastChk</th><th>Wght</th><th>Act</th><th>Bck</th><th>Chk</th><th>Dwn</th><th>Dwntme</th><th>Thrtle</th></tr>\n';

function v(r: StatRow, name: string): string {
  return r.values[COL[name]!] ?? '';
}

function td(x: string, cls = ''): string {
  return `<td${cls ? ` class=${cls}` : ''}>${esc(x)}</td>`;
}

function dash(x: string): string {
  return x === '' || x === '0' ? '-' : x;
}

function bytes(x: string): string {
  const n = Number(x || 0);
  return String(n);
}

function tips(value: string, rows: Array<[string, string]>): string {
  return `<u>${esc(value)}<div class=tips><table class=det>${rows.map(([k, x]) => `<tr><th>${esc(k)}</th><td>${esc(x)}</td></tr>`).join('')}</table></div></u>`;
}

function cells(r: StatRow, kind: 'fe' | 'li' | 'sv' | 'be'): string {
  const out: string[] = [];
  // Queue
  if (kind === 'fe' || kind === 'li') out.push('<td colspan=3></td>');
  else out.push(td(v(r, 'qcur')), td(v(r, 'qmax')), td(kind === 'sv' ? dash(v(r, 'qlimit')) : ''));
  // Session rate
  if (kind === 'li') out.push('<td colspan=3></td>');
  else {
    out.push(td(v(r, 'rate')), td(v(r, 'rate_max')), td(kind === 'fe' ? dash(v(r, 'rate_lim')) : ''));
  }
  // Sessions
  const tot = v(r, 'stot');
  const totCell =
    kind === 'fe' || kind === 'be' || kind === 'sv'
      ? `<td>${tips(tot, [
          ['Cum. sessions:', tot],
          ['Cum. HTTP requests:', v(r, 'req_tot') || '0'],
          ['- HTTP 1xx responses:', v(r, 'hrsp_1xx') || '0'],
          ['- HTTP 2xx responses:', v(r, 'hrsp_2xx') || '0'],
          ['- HTTP 3xx responses:', v(r, 'hrsp_3xx') || '0'],
          ['- HTTP 4xx responses:', v(r, 'hrsp_4xx') || '0'],
          ['- HTTP 5xx responses:', v(r, 'hrsp_5xx') || '0'],
          ['- other responses:', v(r, 'hrsp_other') || '0'],
          ['Avg queue / connect / response / total time:', `${v(r, 'qtime') || 0} / ${v(r, 'ctime') || 0} / ${v(r, 'rtime') || 0} / ${v(r, 'ttime') || 0} ms`],
        ])}</td>`
      : td(tot);
  out.push(td(v(r, 'scur')), td(v(r, 'smax')), td(kind === 'sv' ? dash(v(r, 'slim')) : v(r, 'slim')), totCell);
  out.push(td(kind === 'fe' || kind === 'li' ? '' : v(r, 'lbtot')));
  const last = v(r, 'lastsess');
  out.push(td(kind === 'sv' || kind === 'be' ? (last === '-1' || last === '' ? '?' : humanTime(Number(last))) : ''));
  // Bytes, Denied, Errors, Warnings
  out.push(td(bytes(v(r, 'bin'))), td(bytes(v(r, 'bout'))));
  out.push(td(kind === 'sv' ? '' : v(r, 'dreq')), td(v(r, 'dresp')));
  out.push(td(v(r, 'ereq')), td(v(r, 'econ')), td(v(r, 'eresp')));
  out.push(td(v(r, 'wretr')), td(v(r, 'wredis')));
  // Server
  const status = v(r, 'status');
  if (kind === 'fe' || kind === 'li') {
    out.push(`<td class=ac>${esc(status)}</td><td colspan=8></td>`);
    return out.join('');
  }
  const lastchg = humanTime(Number(v(r, 'lastchg') || 0));
  const statusText = kind === 'sv' ? `${lastchg} ${status}` : `${lastchg} ${status}`;
  out.push(`<td class=ac>${esc(statusText)}</td>`);
  const chk = v(r, 'check_status');
  const code = v(r, 'check_code');
  const dur = v(r, 'check_duration');
  out.push(
    `<td class=ac>${chk ? tips(`${chk}${code ? `/${code}` : ''}${dur ? ` in ${dur}ms` : ''}`, [['Check:', v(r, 'check_desc')], ['Info:', v(r, 'last_chk')]]) : ''}</td>`,
  );
  out.push(td(`${v(r, 'weight')}/${v(r, 'uweight')}`, 'ac'));
  out.push(td(kind === 'sv' ? (v(r, 'act') === '1' ? 'Y' : '-') : v(r, 'act'), 'ac'));
  out.push(td(kind === 'sv' ? (v(r, 'bck') === '1' ? 'Y' : '-') : v(r, 'bck'), 'ac'));
  out.push(td(kind === 'sv' ? v(r, 'chkfail') : ''), td(v(r, 'chkdown')), td(v(r, 'downtime') === '' ? '' : humanTime(Number(v(r, 'downtime')))));
  out.push(td(kind === 'sv' ? dash(v(r, 'throttle')) : ''));
  return out.join('');
}

function proxyTable(p: ProxyEntry, rows: StatRow[], admin: boolean, req: PageRequest, legends: boolean): string {
  const m = p.model;
  const cap = p.frontend && p.backend ? 'frontend/backend' : p.frontend ? 'frontend' : 'backend';
  const withAdmin = admin && p.backend !== undefined;
  let h = '';
  if (withAdmin) h += '<form method="post">';
  h += `<table class="tbl" width="100%">\n<tr class="titre"><th class="pxname" width="10%"><a name="${esc(m.name)}"></a><a class=px href="#${esc(m.name)}">${esc(m.name)}</a></th><th class="empty" width="90%">${
    m.description ? esc(m.description) : ''
  }</th></tr>\n</table>\n`;
  h += `<table class="tbl" width="100%" data-proxy="${esc(m.name)}" data-cap="${cap}">\n<tr class="titre"><th rowspan=2${withAdmin ? ' width=1' : ''}></th><th rowspan=2></th><th colspan=3>Queue</th><th colspan=3>Session rate</th><th colspan=6>Sessions</th><th colspan=2>Bytes</th><th colspan=2>Denied</th><th colspan=3>Errors</th><th colspan=2>Warnings</th><th colspan=9>Server</th></tr>\n${COLUMNS}`;
  for (const r of rows) {
    const name = v(r, 'svname');
    if (r.type === 0) h += `<tr class="frontend"><td></td><td class=ac><a class=lfsb href="#${esc(m.name)}/Frontend">Frontend</a></td>${cells(r, 'fe')}</tr>\n`;
    else if (r.type === 3) h += `<tr class="socket"><td></td><td class=ac>${legends ? tips(name, [['address:', v(r, 'addr')]]) : esc(name)}</td>${cells(r, 'li')}</tr>\n`;
    else if (r.type === 2) {
      const status = v(r, 'status');
      if (req.up && !status.startsWith('UP') && status !== 'no check') continue;
      const cls = serverClass(status, v(r, 'bck') === '1');
      const box = withAdmin ? `<td><input class='${esc(m.name)}-checkbox' type="checkbox" name="s" value="${esc(name)}"></td>` : '<td></td>';
      const label = legends && v(r, 'addr') ? tips(name, [['address:', v(r, 'addr')], ['id:', v(r, 'sid')]]) : esc(name);
      h += `<tr class="${cls}" data-server="${esc(name)}">${box}<td class=ac><a name="${esc(m.name)}/${esc(name)}"></a>${label}</td>${cells(r, 'sv')}</tr>\n`;
    } else h += `<tr class="backend"><td></td><td class=ac><a class=lfsb href="#${esc(m.name)}/Backend">Backend</a></td>${cells(r, 'be')}</tr>\n`;
  }
  h += '</table>';
  if (withAdmin) {
    h +=
      'Choose the action to perform on the checked servers : <select name=action><option value=""></option>' +
      '<option value="ready">Set state to READY</option><option value="drain">Set state to DRAIN</option><option value="maint">Set state to MAINT</option>' +
      '<option value="hrunn">Health: force UP</option><option value="hnolb">Health: force NOLB</option><option value="hdown">Health: force DOWN</option>' +
      '<option value="arunn">Agent: force UP</option><option value="adown">Agent: force DOWN</option></select>' +
      `<input type="hidden" name="b" value="#${p.iid}">&nbsp;<input type="submit" value="Apply"></form>`;
  }
  return h + '<p>\n';
}

const ST_TEXT: Record<string, string> = {
  DONE: 'Action processed successfully.',
  PART: 'Action partially processed.',
  NONE: 'Nothing has changed.',
  ERRP: 'Action not processed because of invalid parameters.',
  EXCD: 'Action not processed : the buffer couldn\'t store all the data.',
  DENY: 'Action denied.',
  UNKN: 'Unexpected result.',
};

export function renderStatsPage(graph: RuntimeGraph, svc: StatsService, req: PageRequest, admin: boolean, now: number): string {
  const scope = req.scope ? [req.scope] : svc.scope;
  const rows = statRows(graph, { scope, legends: svc.showLegends }, now);
  const up = Math.floor((now - graph.startTime) / 1000);
  const g = graph.config.global;
  const base = svc.uri;
  let h = `<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.01 Transitional//EN"\n"http://www.w3.org/TR/html4/loose.dtd">\n<html><head><title>Statistics Report for HAProxy${
    svc.showNode ? ` on ${esc(svc.showNode)}` : ''
  }</title>\n<link rel="icon" href="data:,">\n<meta http-equiv="content-type" content="text/html; charset=iso-8859-1">\n<style type="text/css"><!--\n${STATS_CSS}\n--></style></head>\n<body>`;
  h += svc.hideVersion
    ? '<h1><a href="http://www.haproxy.org/" style="text-decoration: none;">HAProxy</a></h1>\n'
    : `<h1><a href="http://www.haproxy.org/" style="text-decoration: none;">HAProxy version ${VERSION_STRING}, released ${RELEASE_DATE}</a></h1>\n`;
  h += `<h2>Statistics Report for pid ${process.pid}${svc.showNode ? ` on ${esc(svc.showNode)}` : ''}</h2>\n<hr width="100%" class="hr">\n<h3>&gt; General process information</h3>\n`;
  const desc = svc.showDesc;
  h += '<table border=0><tr><td align="left" nowrap width="1%">\n';
  h += `<p><b>pid = </b> ${process.pid} (process #1, nbproc = 1, nbthread = 1)<br>\n<b>uptime = </b> ${uptime(up)}<br>\n`;
  h += `<b>system limits:</b> memmax = unlimited; ulimit-n = ${graph.globalGate.max * 2 + 15}<br>\n<b>maxsock = </b> ${graph.globalGate.max * 2 + 15}; <b>maxconn = </b> ${graph.globalGate.max}; <b>maxpipes = </b> 0<br>\n`;
  let connRate = 0;
  for (const f of graph.frontends) connRate += f.frontend.counters.connRate.read(now);
  h += `current conns = ${graph.globalGate.cur}; current pipes = 0/0; conn rate = ${connRate}/sec<br>\n`;
  if (svc.showNode) h += `<b>node = </b>${esc(svc.showNode)}<br>\n`;
  if (desc) h += `<b>description = </b>${esc(desc)}<br>\n`;
  h += '</td><td align="center" nowrap>\n';
  h +=
    '<table class="lgd"><tr>\n<td class="active_up">&nbsp;</td><td class="noborder">active UP </td><td class="backup_up">&nbsp;</td><td class="noborder">backup UP </td></tr><tr>\n' +
    '<td class="active_going_down"></td><td class="noborder">active UP, going down </td><td class="backup_going_down"></td><td class="noborder">backup UP, going down </td></tr><tr>\n' +
    '<td class="active_going_up"></td><td class="noborder">active DOWN, going up </td><td class="backup_going_up"></td><td class="noborder">backup DOWN, going up </td></tr><tr>\n' +
    '<td class="active_down"></td><td class="noborder">active or backup DOWN &nbsp;</td><td class="active_no_check"></td><td class="noborder">not checked </td></tr><tr>\n' +
    '<td class="maintain"></td><td class="noborder" colspan="3">active or backup DOWN for maintenance (MAINT) &nbsp;</td></tr><tr>\n' +
    '<td class="active_draining"></td><td class="noborder" colspan="3">active or backup SOFT STOPPED for maintenance &nbsp;</td></tr></table>\n' +
    'Note: "NOLB"/"DRAIN" = UP with load-balancing disabled.';
  h += '</td><td align="left" valign="top" nowrap width="1%"><b>Display option:</b><ul style="margin-top: 0.25em;">';
  h += `<li><form method="GET">Scope : <input value="${esc(req.scope ?? '')}" name="scope" size="8" maxlength="20" tabindex="1"/></form>\n`;
  h += req.up ? `<li><a href="${esc(base)}">Show all servers</a><br>\n` : `<li><a href="${esc(base)};up">Hide 'DOWN' servers</a><br>\n`;
  if (svc.refresh > 0) h += req.norefresh ? `<li><a href="${esc(base)}">Enable refresh</a><br>\n` : `<li><a href="${esc(base)};norefresh">Disable refresh</a><br>\n`;
  h += `<li><a href="${esc(base)}">Refresh now</a><br>\n<li><a href="${esc(base)};csv">CSV export</a><br>\n<li><a href="${esc(base)};dashboard">Live dashboard</a><br>\n</ul></td>`;
  h += '<td align="left" valign="top" nowrap width="1%"><b>External resources:</b><ul style="margin-top: 0.25em;">\n<li><a href="http://www.haproxy.org/">Primary site</a><br>\n<li><a href="http://www.haproxy.org/#docs">Online manual</a><br>\n</ul></td></tr></table>\n';
  if (req.st && ST_TEXT[req.st]) {
    h += `<p><div class=active_up><a class=lfsb href="${esc(base)}" title="Remove this message">[X]</a> ${esc(ST_TEXT[req.st]!)}</div>\n`;
  }
  for (const p of graph.proxies) {
    const pr = rows.filter((r) => r.iid === p.iid);
    if (pr.length === 0) continue;
    h += proxyTable(p, pr, admin, req, svc.showLegends);
  }
  return h + '</body></html>\n';
}

export { hostname };
