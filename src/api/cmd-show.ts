/**
 * `show` commands: `show info`, `show stat`, `show servers state`, `show backend`, `show sess`,
 * `show errors`, `show version`; and HAProxy's numbering of the values they print.
 */
import type { HealthServer } from '../check/server-state.js';
import type { CheckStatusName } from '../check/status.js';
import { CAP_BE } from '../config/model/proxy.js';
import type { Backend } from '../runtime/backend.js';
import type { Server } from '../runtime/server.js';
import { VERSION_STRING } from '../version.js';
import { hasLevel, PERMISSION_DENIED, type CliCommand } from './cli.js';
import type { ApiContext } from './context.js';
import { cliHealth } from './cmd-server.js';
import { apiRows, showInfo, statCsv, statJson, statTyped } from './stat-output.js';

/** enum healthcheck_status, in HAProxy's order. */
const CHECK_STATUS_CODES: readonly CheckStatusName[] = ['UNK', 'INI', 'CHECKED', 'HANA', 'SOCKERR', 'L4OK', 'L4TOUT', 'L4CON', 'L6OK', 'L6TOUT', 'L6RSP', 'L7TOUT', 'L7RSP', 'L7OK', 'L7OKC', 'L7STS', 'PROCERR', 'PROCTOUT', 'PROCOK'];
const CHECK_RESULT: Readonly<Record<string, number>> = { unknown: 0, neutral: 1, failed: 2, passed: 3, condpass: 4 };
const OP_STATE: Readonly<Record<HealthServer['state'], number>> = { stopped: 0, starting: 1, running: 2, stopping: 3 };

/** What `show sess` prints as a session's address: a stable pointer-looking number. */
export function sessionRef(id: number): number {
  return 0x55d0c0a00000 + id * 0x400;
}

const SERVERS_STATE_HEADER =
  '1\n# be_id be_name srv_id srv_name srv_addr srv_op_state srv_admin_state srv_uweight srv_iweight srv_time_since_last_change srv_check_status srv_check_result srv_check_health srv_check_state srv_agent_state bk_f_forced_id srv_f_forced_id srv_fqdn srv_port srvrecord srv_use_ssl srv_check_port srv_check_addr srv_agent_addr srv_agent_port\n';

function serverStateLine(api: ApiContext, be: Backend, s: Server): string {
  const h = api.healthOf(be, s);
  const p = api.cfg.proxies.find((x) => x.name === be.name);
  const m = p?.servers.find((x) => x.name === s.name);
  const dyn = api.dynamic.has(s);
  const disabled = api.configDisabled.has(s);
  let admin = 0;
  if (h) {
    if (h.fmaint || h.cmaint) admin |= 1;
    if (h.imaint) admin |= 2;
    if (disabled) admin |= 4;
    if (h.fdrain) admin |= 8;
    if (h.idrain) admin |= 16;
  }
  const op = h ? (h.maint ? 0 : OP_STATE[h.state]) : s.state === 'UP' ? 2 : 0;
  const c = h?.check;
  const status = c ? CHECK_STATUS_CODES.indexOf(c.last.status) : 1;
  const result = c ? (CHECK_RESULT[resultKind(c.last.status)] ?? 0) : 0;
  const rise = m?.settings.rise ?? 2;
  const health = c ? c.health : (cliHealth.get(s) ?? (disabled || dyn ? 0 : rise));
  let checkState = 0;
  if (c) checkState = 6;
  else if (dyn && api.dynamicSettings.get(s)?.check) checkState = 2;
  if (disabled) checkState |= 8;
  const agentState = h?.agent ? (dyn ? 0x12 : 0x16) : 0;
  const since = Math.max(0, Math.floor((Date.now() - (h ? h.lastChange : api.startTime)) / 1000));
  const beId = api.proxyIds.get(be.name) ?? 0;
  const checkPort = c ? (m?.settings.checkPort ?? 0) : 0;
  return [
    beId, be.name, s.id ?? 0, s.name, s.unixPath ?? s.host, op, admin, h ? h.uweight : s.weight, h ? h.iweight : s.weight, since,
    status < 0 ? 0 : status, result, health, checkState, agentState, p?.id !== undefined ? 1 : 0, m?.id !== undefined ? 1 : 0,
    '-', s.port, '-', 0, checkPort, m?.settings.checkAddr ?? '-', m?.settings.agentAddr ?? '-', m?.settings.agentPort ?? 0,
  ].join(' ') + '\n';
}

function resultKind(st: CheckStatusName): string {
  if (st === 'UNK' || st === 'INI' || st === 'CHECKED') return st === 'INI' ? 'unknown' : 'neutral';
  if (st === 'L7OKC') return 'condpass';
  if (st.endsWith('OK')) return 'passed';
  return 'failed';
}

function fmtDate(ms: number): string {
  const d = new Date(ms);
  const mon = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][d.getMonth()];
  const p2 = (n: number): string => String(n).padStart(2, '0');
  return `${p2(d.getDate())}/${mon}/${d.getFullYear()}:${p2(d.getHours())}:${p2(d.getMinutes())}:${p2(d.getSeconds())}.${String(d.getMilliseconds()).padStart(3, '0')}`;
}

function age(ms: number): string {
  const s = Math.floor(ms / 1000);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${s % 60}s`;
  return `${Math.floor(s / 3600)}h${Math.floor((s % 3600) / 60)}m`;
}

export const SHOW_COMMANDS: CliCommand[] = [
  {
    words: ['show', 'info'],
    run(args, _conn, api) {
      const rest = args.slice(2);
      const fmt = rest.includes('json') ? 'json' : rest.includes('typed') ? 'typed' : 'plain';
      return showInfo(api, fmt);
    },
  },
  {
    words: ['show', 'stat'],
    run(args, conn, api) {
      const rest = args.slice(2);
      let iid = -1;
      let types = -1;
      let sid = -1;
      const nums = rest.filter((a) => /^-?\d+$/.test(a));
      if (nums.length >= 3) {
        iid = Number(nums[0]);
        types = Number(nums[1]);
        sid = Number(nums[2]);
      }
      let rows = apiRows(api, { iid, types, sid, legends: hasLevel(conn, 'operator') });
      if (rest.includes('up')) rows = rows.filter((r) => r.type !== 2 || !/^(DOWN|MAINT|NOLB)/.test(r.values[17] ?? ''));
      if (rest.includes('no-maint')) rows = rows.filter((r) => r.type !== 2 || !(r.values[17] ?? '').startsWith('MAINT'));
      if (rest.includes('json')) return statJson(rows);
      if (rest.includes('typed')) return statTyped(rows);
      return statCsv(rows);
    },
  },
  {
    words: ['show', 'servers', 'state'],
    run(args, _conn, api) {
      let list: Backend[];
      if (args[3]) {
        const be = api.backendByRef(args[3]);
        if (!be) return "Can't find backend.\n";
        list = [be];
      } else {
        list = api.cfg.proxies.filter((p) => (p.cap & CAP_BE) !== 0).map((p) => api.graph.backends.get(p.name)).filter((b): b is Backend => b !== undefined);
      }
      let out = SERVERS_STATE_HEADER;
      for (const be of list) for (const s of be.servers) out += serverStateLine(api, be, s);
      return out;
    },
  },
  {
    words: ['show', 'backend'],
    run(_args, _conn, api) {
      let out = '# name\n';
      for (const p of api.cfg.proxies) if ((p.cap & CAP_BE) !== 0 && api.graph.backends.has(p.name)) out += `${p.name}\n`;
      return out;
    },
  },
  {
    words: ['show', 'sess'],
    run(args, conn, api) {
      if (!hasLevel(conn, 'operator')) return PERMISSION_DENIED;
      const now = Date.now();
      const own = `0x${sessionRef(conn.id).toString(16)}: proto=unix_stream src=${conn.peer} fe=GLOBAL be=<NONE> srv=<none> ts=00 epoch=0 age=${age(now - conn.since)} calls=1 rate=0 cpu=0 lat=0 rq[f=c08000h,i=0,an=00h,rx=,wx=,ax=] rp[f=80008000h,i=0,an=00h,rx=,wx=,ax=] scf=[8,0h,fd=-1] scb=[8,1h,fd=-1] exp= rc=0 c_exp=\n`;
      const lines: string[] = [];
      for (const e of api.sessions.entries()) {
        const v = e.session.view?.();
        if (!v) continue;
        const src = v.srcAddr === undefined ? 'unix:1' : `${v.srcAddr.replace(/^::ffff:/, '')}:${v.srcPort ?? 0}`;
        lines.push(
          `0x${sessionRef(e.id).toString(16)}: proto=${v.proto} src=${src} fe=${v.frontend.name} be=${v.backend?.name ?? '<NONE>'} srv=${v.server?.name ?? '<none>'} ts=00 epoch=0 age=${age(now - e.since)} calls=1 rate=0 cpu=0 lat=0 rq[f=848000h,i=0,an=00h,rx=,wx=,ax=] rp[f=80048000h,i=0,an=00h,rx=,wx=,ax=] scf=[8,0h,fd=-1] scb=[8,1h,fd=-1] exp= rc=0 c_exp=\n`,
        );
      }
      if (args[2]) {
        const want = Number.parseInt(args[2], args[2].startsWith('0x') ? 16 : 10);
        const all = [{ ref: sessionRef(conn.id), line: own }, ...api.sessions.entries().map((e, i) => ({ ref: sessionRef(e.id), line: lines[i] ?? '' }))];
        const hit = all.find((x) => x.ref === want);
        return hit ? hit.line : 'Session not found.\n';
      }
      return lines.join('') + own;
    },
  },
  {
    words: ['show', 'errors'],
    run(args, conn, api) {
      if (!hasLevel(conn, 'operator')) return PERMISSION_DENIED;
      const px = args[2];
      if (px && px !== 'request' && px !== 'response' && px !== '-1' && !api.cfg.proxies.some((p) => p.name === px || `#${api.proxyIds.get(p.name)}` === px))
        return 'No such proxy.\n';
      return `Total events captured on [${fmtDate(Date.now())}] : 0\n`;
    },
  },
  {
    words: ['show', 'version'],
    run() {
      return `${VERSION_STRING}\n`;
    },
  },
];
