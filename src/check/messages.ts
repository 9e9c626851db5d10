/**
 * HAProxy's server state-change texts (server.c srv_append_status(), check.c
 * set_server_check_status()), without the "[WARNING] (pid) : " prefix and without the final '.'
 * and newline the callers add.
 */
import { CHECK_STATUSES, type CheckOutcome } from './status.js';

/** chunk_asciiencode(): non-printable bytes, '<', '>' and the quote become <XX>. */
export function asciiEncode(s: string, quote = '"'): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const ch = s[i]!;
    if (c < 0x20 || c >= 0x7f || ch === '<' || ch === '>' || ch === quote)
      out += '<' + (c & 0xff).toString(16).toUpperCase().padStart(2, '0') + '>';
    else out += ch;
  }
  return out;
}

/** ", reason: ..., code: N, info: "...", check duration: Nms" for a check outcome. */
export function checkDetails(o: CheckOutcome): string {
  const st = CHECK_STATUSES[o.status];
  let out = `, reason: ${st.desc}`;
  if (st.hasCode) out += `, code: ${o.code}`;
  if (o.desc) out += `, info: "${asciiEncode(o.desc)}"`;
  if (o.duration >= 0) out += `, check duration: ${o.duration}ms`;
  return out;
}

export interface FarmCounts {
  readonly act: number;
  readonly bck: number;
}

/** ". 1 active and 0 backup servers left. ..." (going down) or "... online. ..." (otherwise). */
export function countsTail(c: FarmCounts, down: boolean, sessions: number, requeued: number, queued: number): string {
  const onBackup = c.bck > 0 && c.act === 0 ? ' Running on backup.' : '';
  if (down)
    return `. ${c.act} active and ${c.bck} backup servers left.${onBackup} ${sessions} sessions active, ${requeued} requeued, ${queued} remaining in queue`;
  return `. ${c.act} active and ${c.bck} backup servers online.${onBackup} ${requeued} sessions requeued, ${queued} total in queue`;
}

/** "Server be/srv" or "Backup Server be/srv". */
export function serverLabel(backend: string, server: string, backup: boolean): string {
  return `${backup ? 'Backup ' : ''}Server ${backend}/${server}`;
}

/** `option log-health-checks` line: "Health check for server be/srv failed, reason: ..., status: 0/2 DOWN". */
export function healthCheckLine(
  agent: boolean,
  backend: string,
  server: string,
  backup: boolean,
  o: CheckOutcome,
  pos: { n: number; of: number },
  stateWord: 'UP' | 'DOWN' | 'DRAIN',
): string {
  const r = CHECK_STATUSES[o.status].result;
  const verb = r === 'passed' || r === 'condpass' ? 'succeeded' : 'failed';
  return (
    `${agent ? 'Agent' : 'Health'} check for ${backup ? 'backup ' : ''}server ${backend}/${server} ` +
    `${r === 'condpass' ? 'conditionally ' : ''}${verb}${checkDetails(o)}, status: ${pos.n}/${pos.of} ${stateWord}`
  );
}

/** proxy_type_str(): "backend" for a backend, "proxy" for a listen section. */
export function noServerLine(kind: 'backend' | 'listen', name: string): { alert: string; log: string } {
  const t = kind === 'listen' ? 'proxy' : 'backend';
  return { alert: `${t} '${name}' has no server available!`, log: `${t} ${name} has no server available!` };
}
