/** Date converters: ltime utime (strftime) and http_date. */
import { RulesError } from '../compile-env.js';
import { toInt } from '../sample.js';
import { needInt, type ConvBuilder } from './types.js';

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const LDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const LMONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

const p2 = (n: number): string => String(n).padStart(2, '0');

/** A C strftime() subset over a Date seen in UTC (`utc`) or local time. */
export function strftime(fmt: string, d: Date, utc: boolean): string {
  const Y = utc ? d.getUTCFullYear() : d.getFullYear();
  const M = utc ? d.getUTCMonth() : d.getMonth();
  const D = utc ? d.getUTCDate() : d.getDate();
  const h = utc ? d.getUTCHours() : d.getHours();
  const m = utc ? d.getUTCMinutes() : d.getMinutes();
  const s = utc ? d.getUTCSeconds() : d.getSeconds();
  const wd = utc ? d.getUTCDay() : d.getDay();
  const off = utc ? 0 : -d.getTimezoneOffset();
  const jan1 = utc ? Date.UTC(Y, 0, 1) : new Date(Y, 0, 1).getTime();
  const yday = Math.floor((d.getTime() - jan1 + (utc ? 0 : (new Date(Y, 0, 1).getTimezoneOffset() - d.getTimezoneOffset()) * 60000)) / 86400000) + 1;
  let o = '';
  for (let i = 0; i < fmt.length; i++) {
    const c = fmt[i]!;
    if (c !== '%' || i + 1 >= fmt.length) {
      o += c;
      continue;
    }
    const f = fmt[++i]!;
    switch (f) {
      case 'Y': o += Y; break;
      case 'y': o += p2(Y % 100); break;
      case 'm': o += p2(M + 1); break;
      case 'd': o += p2(D); break;
      case 'e': o += String(D).padStart(2, ' '); break;
      case 'H': o += p2(h); break;
      case 'I': o += p2(h % 12 === 0 ? 12 : h % 12); break;
      case 'M': o += p2(m); break;
      case 'S': o += p2(s); break;
      case 'p': o += h < 12 ? 'AM' : 'PM'; break;
      case 'a': o += DAYS[wd]; break;
      case 'A': o += LDAYS[wd]; break;
      case 'b': case 'h': o += MONTHS[M]; break;
      case 'B': o += LMONTHS[M]; break;
      case 'j': o += String(yday).padStart(3, '0'); break;
      case 'u': o += wd === 0 ? 7 : wd; break;
      case 'w': o += wd; break;
      case 's': o += Math.floor(d.getTime() / 1000); break;
      case 'z': o += (off >= 0 ? '+' : '-') + p2(Math.floor(Math.abs(off) / 60)) + p2(Math.abs(off) % 60); break;
      case 'Z': o += utc ? 'GMT' : (Intl.DateTimeFormat('en-US', { timeZoneName: 'short' }).formatToParts(d).find((x) => x.type === 'timeZoneName')?.value ?? ''); break;
      case 'T': o += `${p2(h)}:${p2(m)}:${p2(s)}`; break;
      case 'R': o += `${p2(h)}:${p2(m)}`; break;
      case 'D': o += `${p2(M + 1)}/${p2(D)}/${p2(Y % 100)}`; break;
      case 'F': o += `${Y}-${p2(M + 1)}-${p2(D)}`; break;
      case 'n': o += '\n'; break;
      case 't': o += '\t'; break;
      case '%': o += '%'; break;
      default: o += '%' + f;
    }
  }
  return o;
}

function timeConv(utc: boolean): ConvBuilder {
  return (args) => {
    const fmt = args[0];
    if (fmt === undefined) throw new RulesError(`missing format for converter '${utc ? 'utime' : 'ltime'}'`);
    const off = needInt(args[1], 'ltime', 0);
    return {
      out: 'str',
      fn: (v) => {
        const t = toInt(v);
        return t === undefined ? undefined : strftime(fmt, new Date((t + off) * 1000), utc);
      },
    };
  };
}

const SCALE: Record<string, number> = { s: 1000, ms: 1, us: 0.001 };

export const TIME_CONVERTERS: Record<string, ConvBuilder> = {
  ltime: timeConv(false),
  utime: timeConv(true),
  http_date: (args) => {
    const off = needInt(args[0], 'http_date', 0);
    const unit = args[1] ?? 's';
    const k = SCALE[unit];
    if (k === undefined) throw new RulesError(`http_date: unexpected unit '${unit}'`);
    return {
      out: 'str',
      fn: (v) => {
        const t = toInt(v);
        if (t === undefined) return undefined;
        return new Date(Math.floor((t + off) * k)).toUTCString();
      },
    };
  },
};
