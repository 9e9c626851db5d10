/**
 * Health-check status codes as HAProxy's check_statuses[] (check.c): the short name shown in stats
 * (L4OK, L7STS ...), its description used in state-change messages, and the result it stands for.
 */

export type CheckResultKind = 'unknown' | 'neutral' | 'failed' | 'passed' | 'condpass';

export type CheckStatusName =
  | 'UNK'
  | 'INI'
  | 'CHECKED'
  | 'HANA'
  | 'SOCKERR'
  | 'L4OK'
  | 'L4TOUT'
  | 'L4CON'
  | 'L6OK'
  | 'L6TOUT'
  | 'L6RSP'
  | 'L7TOUT'
  | 'L7RSP'
  | 'L7OK'
  | 'L7OKC'
  | 'L7STS'
  | 'PROCERR'
  | 'PROCTOUT'
  | 'PROCOK';

interface StatusInfo {
  readonly result: CheckResultKind;
  readonly desc: string;
  /** HAProxy prints ", code: N" for statuses at or above HCHK_STATUS_L57DATA. */
  readonly hasCode: boolean;
}

export const CHECK_STATUSES: Readonly<Record<CheckStatusName, StatusInfo>> = {
  UNK: { result: 'unknown', desc: 'Unknown', hasCode: false },
  INI: { result: 'unknown', desc: 'Initializing', hasCode: false },
  CHECKED: { result: 'neutral', desc: 'No status change', hasCode: false },
  HANA: { result: 'failed', desc: 'Health analyze', hasCode: false },
  SOCKERR: { result: 'failed', desc: 'Socket error', hasCode: false },
  L4OK: { result: 'passed', desc: 'Layer4 check passed', hasCode: false },
  L4TOUT: { result: 'failed', desc: 'Layer4 timeout', hasCode: false },
  L4CON: { result: 'failed', desc: 'Layer4 connection problem', hasCode: false },
  L6OK: { result: 'passed', desc: 'Layer6 check passed', hasCode: false },
  L6TOUT: { result: 'failed', desc: 'Layer6 timeout', hasCode: false },
  L6RSP: { result: 'failed', desc: 'Layer6 invalid response', hasCode: false },
  L7TOUT: { result: 'failed', desc: 'Layer7 timeout', hasCode: false },
  L7RSP: { result: 'failed', desc: 'Layer7 invalid response', hasCode: false },
  L7OK: { result: 'passed', desc: 'Layer7 check passed', hasCode: true },
  L7OKC: { result: 'condpass', desc: 'Layer7 check conditionally passed', hasCode: true },
  L7STS: { result: 'failed', desc: 'Layer7 wrong status', hasCode: true },
  PROCERR: { result: 'failed', desc: 'External check error', hasCode: true },
  PROCTOUT: { result: 'failed', desc: 'External check timeout', hasCode: true },
  PROCOK: { result: 'passed', desc: 'External check passed', hasCode: true },
};

/** HCHK_DESC_LEN: HAProxy keeps at most 127 characters of a check's description. */
export const DESC_LEN = 127;

/** The outcome of one finished check, as HAProxy stores it on the check. */
export interface CheckOutcome {
  readonly status: CheckStatusName;
  /** HTTP status, SMTP code, MySQL error number, LDAP result code ... (0 when none). */
  readonly code: number;
  /** Free text detail ("Connection refused", "via agent : down" ...), truncated to DESC_LEN. */
  readonly desc: string;
  /** Milliseconds from the check start to its result; -1 when not measured (HANA). */
  readonly duration: number;
}

export function outcome(status: CheckStatusName, desc = '', code = 0, duration = 0): CheckOutcome {
  return { status, code, desc: desc.length > DESC_LEN ? desc.slice(0, DESC_LEN) : desc, duration };
}

export function resultOf(status: CheckStatusName): CheckResultKind {
  return CHECK_STATUSES[status].result;
}

/** Parse `ok-status`/`error-status`/`tout-status` values (case-insensitive) to a status. */
export function statusByName(name: string): CheckStatusName | undefined {
  const u = name.toUpperCase();
  return u in CHECK_STATUSES ? (u as CheckStatusName) : undefined;
}
