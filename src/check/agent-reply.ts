/**
 * An agent's reply line interpreted as tcpcheck_agent_expect_reply() does: words for the health
 * (up/down/stopped/fail), the admin state (ready/drain/maint), a weight "NN%" and "maxconn:N",
 * an optional "# description".
 */
import type { CheckStatusName } from './status.js';

export interface AgentReply {
  readonly health?: 'up' | 'down' | 'stopped' | 'fail';
  readonly admin?: 'ready' | 'drain' | 'maint';
  readonly weight?: string;
  readonly maxconn?: string;
  readonly error?: string;
  readonly description: string;
  /** The line had no end (agent closed without CR/LF). */
  readonly incomplete?: boolean;
}

export function parseAgentReply(line: string): AgentReply {
  if (line === '\0incomplete') return { description: '', incomplete: true };
  let health: AgentReply['health'];
  let admin: AgentReply['admin'];
  let weight: string | undefined;
  let maxconn: string | undefined;
  let error: string | undefined;
  let description = '';
  let i = 0;
  while (i < line.length) {
    const c = line[i]!;
    if (c === ' ' || c === '\t' || c === ',') {
      i++;
      continue;
    }
    if (c === '#') {
      i++;
      while (line[i] === ' ' || line[i] === '\t') i++;
      description = line.slice(i);
      break;
    }
    let j = i + 1;
    while (j < line.length && !' \t\n,'.includes(line[j]!)) j++;
    const w = line.slice(i, j);
    const lw = w.toLowerCase();
    if (lw === 'up' || lw === 'down' || lw === 'stopped' || lw === 'fail') health = lw;
    else if (lw === 'ready' || lw === 'drain' || lw === 'maint') admin = lw;
    else if (/^\d/.test(w) && w.includes('%')) weight = w;
    else if (lw.startsWith('maxconn:')) maxconn = w.slice(8);
    else if (error === undefined) error = w;
    i = j + 1;
  }
  return {
    ...(health ? { health } : {}),
    ...(admin ? { admin } : {}),
    ...(weight !== undefined ? { weight } : {}),
    ...(maxconn !== undefined ? { maxconn } : {}),
    ...(error !== undefined ? { error } : {}),
    description: description.replace(/^[ \n]+/, ''),
  };
}

/** server_parse_weight_change_request(): the new user weight, or an error text. */
export function parseWeight(text: string, iweight: number): number | string {
  const m = /^(-?\d+)(.*)$/.exec(text);
  if (!m) return 'Empty weight string empty or preceded by garbage';
  let w = Number(m[1]);
  if (m[2] === '%') {
    if (w < 0) return 'Relative weight must be positive.\n';
    if (w > 25600) w = 25600;
    w = Math.floor((iweight * w) / 100);
    if (w > 256) w = 256;
  } else if (w < 0 || w > 256) return 'Absolute weight can only be between 0 and 256 inclusive.\n';
  else if (m[2] !== '') return 'Trailing garbage in weight string';
  return w;
}

/** server_parse_maxconn_change_request(): the new maxconn (strtol), or an error text. */
export function parseMaxconn(text: string): number | string {
  if (text === '') return 'Require <maxconn>.\n';
  const m = /^[ \t\n\v\f\r]*([-+]?\d+)(.*)$/s.exec(text);
  if (!m) return 'maxconn string empty or preceded by garbage';
  if (m[2] !== '') return 'Trailing garbage in maxconn string';
  return Number(m[1]);
}

/** The status and description the agent check reports for a reply (after its actions are applied). */
export function agentOutcome(r: AgentReply, warning: string | undefined): { status: CheckStatusName; desc: string } {
  if (r.health) {
    const status: CheckStatusName = r.health === 'up' ? 'L7OK' : 'L7STS';
    let msg = r.description;
    if (!msg || status === 'L7OK') {
      if (r.error) msg = r.error;
      else if (warning) msg = warning;
    }
    return { status, desc: `via agent : ${r.health}${msg ? ` (${msg})` : ''}` };
  }
  if (r.error) return { status: 'CHECKED', desc: `agent reports an error : ${r.error}` };
  if (warning) return { status: 'CHECKED', desc: `agent warns : ${warning}` };
  return { status: 'CHECKED', desc: '' };
}
