/** The date layouts of HAProxy's log lines and syslog headers (log.c, tools.c). */

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

const p2 = (n: number): string => (n < 10 ? '0' + n : String(n));
const p3 = (n: number): string => (n < 10 ? '00' + n : n < 100 ? '0' + n : String(n));

/** `+hhmm` / `-hhmm` of local time at `d` (`sep`: ':' between hours and minutes for ISO). */
function tzOffset(d: Date, sep: string): string {
  const off = -d.getTimezoneOffset();
  const a = Math.abs(off);
  return (off < 0 ? '-' : '+') + p2(Math.floor(a / 60)) + sep + p2(a % 60);
}

/** %t, %tr: `02/Dec/2026:17:00:01.530` in local time (date2str_log). */
export function logDate(ms: number): string {
  const d = new Date(ms);
  return `${p2(d.getDate())}/${MONTHS[d.getMonth()]}/${d.getFullYear()}:${p2(d.getHours())}:${p2(d.getMinutes())}:${p2(d.getSeconds())}.${p3(d.getMilliseconds())}`;
}

/** %T, %trg: `02/Dec/2026:17:00:01 +0000` (gmt2str_log). */
export function gmtDate(ms: number): string {
  const d = new Date(ms);
  return `${p2(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())} +0000`;
}

/** %Tl, %trl: `02/Dec/2026:17:00:01 +0100` (localdate2str_log). */
export function localDate(ms: number): string {
  const d = new Date(ms);
  return `${p2(d.getDate())}/${MONTHS[d.getMonth()]}/${d.getFullYear()}:${p2(d.getHours())}:${p2(d.getMinutes())}:${p2(d.getSeconds())} ${tzOffset(d, '')}`;
}

/** rfc3164 header time: `Dec  2 17:00:01` (day padded with a space). */
export function legacyTime(ms: number): string {
  const d = new Date(ms);
  const day = d.getDate();
  return `${MONTHS[d.getMonth()]} ${day < 10 ? ' ' + day : day} ${p2(d.getHours())}:${p2(d.getMinutes())}:${p2(d.getSeconds())}`;
}

/** rfc5424 / timed / iso header time: `2026-12-02T17:00:01.539914+00:00` (local time, microseconds). */
export function isoTime(ms: number, us: number): string {
  const d = new Date(ms);
  const frac = String(Math.floor(ms % 1000) * 1000 + us).padStart(6, '0');
  return `${d.getFullYear()}-${p2(d.getMonth() + 1)}-${p2(d.getDate())}T${p2(d.getHours())}:${p2(d.getMinutes())}:${p2(d.getSeconds())}.${frac}${tzOffset(d, ':')}`;
}
