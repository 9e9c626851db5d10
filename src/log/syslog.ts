/**
 * One `log` destination with its syslog header (HAProxy's build_log_header()): facility, level
 * range, format, maximum length and sampling, over a shared Transport.
 *
 *   rfc3164  `<PRI>Mmm dd hh:mm:ss [host ]tag[pid]: msg`     local    the same without the host
 *   rfc5424  `<PRI>1 ISO host|- tag pid - SD msg`             priority `<PRI>msg`
 *   short    `<LEVEL>msg`   timed `<LEVEL>ISO msg`   iso `ISO msg`   raw `msg`
 * Every datagram ends with LF; header and message together are cut to `len` (default 1024).
 */
import { performance } from 'node:perf_hooks';
import { LOG_FACILITIES, LOG_LEVELS } from '../config/sections/log-target.js';
import { isoTime, legacyTime } from './dates.js';
import type { Transport } from './transport.js';

export type SyslogFormat = 'local' | 'rfc3164' | 'rfc5424' | 'priority' | 'short' | 'timed' | 'iso' | 'raw';

/** Where the header's identity comes from (global log-tag / log-send-hostname, proxy log-tag). */
export interface HeaderIdentity {
  readonly tag: string;
  /** undefined: no host in the header. */
  readonly host: string | undefined;
}

export const levelNumber = (name: string | undefined, dflt: number): number => {
  const i = name === undefined ? -1 : (LOG_LEVELS as readonly string[]).indexOf(name);
  return i < 0 ? dflt : i;
};

export const facilityNumber = (name: string | undefined): number => {
  const i = name === undefined ? -1 : (LOG_FACILITIES as readonly string[]).indexOf(name);
  return i < 0 ? 16 : i;
};

/** `sample <ranges>:<size>`: which lines of every <size> this target takes (1-based). */
class Sampler {
  private idx = 0;
  private readonly take: Uint8Array;
  constructor(spec: string) {
    const [ranges = '', size = '1'] = spec.split(':');
    const n = Math.max(1, Number(size));
    this.take = new Uint8Array(n);
    for (const r of ranges.split(',')) {
      const [lo, hi] = r.split('-').map(Number);
      const h = hi ?? lo!;
      for (let i = lo!; i <= h && i <= n; i++) if (i >= 1) this.take[i - 1] = 1;
    }
  }
  next(): boolean {
    const t = this.take[this.idx] === 1;
    this.idx = (this.idx + 1) % this.take.length;
    return t;
  }
}

let legacySec = -1;
let legacyText = '';

export class SyslogTarget {
  readonly facility: number;
  /** Highest level sent (messages of a higher number are not). */
  readonly maxLevel: number;
  /** Messages are sent at least at this number (less severe). */
  readonly minLevel: number;
  readonly format: SyslogFormat;
  readonly maxLen: number;
  private readonly sampler: Sampler | undefined;

  constructor(
    readonly transport: Transport,
    opts: { facility?: string; level?: string; minlevel?: string; format?: string; len?: number; sample?: string },
  ) {
    this.facility = facilityNumber(opts.facility);
    this.maxLevel = levelNumber(opts.level, 7);
    this.minLevel = levelNumber(opts.minlevel, 0);
    this.format = (opts.format as SyslogFormat | undefined) ?? 'rfc3164';
    this.maxLen = opts.len ?? 1024;
    this.sampler = opts.sample !== undefined ? new Sampler(opts.sample) : undefined;
  }

  /** Queue one message at `level` (HAProxy's process_send_log() for this logger). */
  send(level: number, msg: string, id: HeaderIdentity, sd: string): void {
    if (level > this.maxLevel) return;
    if (this.sampler !== undefined && !this.sampler.next()) return;
    const lv = level > this.minLevel ? level : this.minLevel;
    const hdr = this.header(lv, id, sd);
    let line = hdr + msg;
    if (line.length > this.maxLen) line = line.slice(0, this.maxLen);
    this.transport.push(line + '\n');
  }

  private header(level: number, id: HeaderIdentity, sd: string): string {
    const f = this.format;
    switch (f) {
      case 'raw':
        return '';
      case 'short':
        return `<${level}>`;
      case 'priority':
        return `<${this.facility * 8 + level}>`;
      case 'iso':
        return isoNow() + ' ';
      case 'timed':
        return `<${level}>${isoNow()} `;
      case 'rfc5424':
        return `<${this.facility * 8 + level}>1 ${isoNow()} ${id.host ?? '-'} ${id.tag || '-'} ${process.pid} - ${sd || '-'} `;
      case 'rfc3164':
      case 'local': {
        const sec = Math.floor(Date.now() / 1000);
        if (sec !== legacySec) {
          legacySec = sec;
          legacyText = legacyTime(sec * 1000);
        }
        const host = f === 'rfc3164' && id.host !== undefined ? id.host + ' ' : '';
        return `<${this.facility * 8 + level}>${legacyText} ${host}${id.tag}[${process.pid}]: `;
      }
    }
  }
}

function isoNow(): string {
  const t = performance.timeOrigin + performance.now();
  const ms = Math.floor(t);
  return isoTime(ms, Math.floor((t - ms) * 1000));
}
