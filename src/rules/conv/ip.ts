/** ipmask(mask4[,mask6]): keep the network part of an address. */
import { RulesError } from '../compile-env.js';
import { ipv4ToString, ipv6ToString, parseIPv4, parseIPv6, mappedIPv4 } from '../ip.js';
import { toStr } from '../sample.js';
import type { ConvBuilder } from './types.js';

function mask4(arg: string): number {
  if (/^\d+$/.test(arg)) {
    const n = Number(arg);
    if (n > 32) throw new RulesError(`ipmask: invalid IPv4 mask '${arg}'`);
    return n === 0 ? 0 : (0xffffffff << (32 - n)) >>> 0;
  }
  const m = parseIPv4(arg);
  if (m === undefined) throw new RulesError(`ipmask: invalid IPv4 mask '${arg}'`);
  return m;
}

export const IP_CONVERTERS: Record<string, ConvBuilder> = {
  ipmask: (args) => {
    const m4 = mask4(args[0] ?? '');
    const bits6 = args[1] === undefined || args[1] === '' ? undefined : Number(args[1]);
    if (bits6 !== undefined && !(bits6 >= 0 && bits6 <= 128)) throw new RulesError(`ipmask: invalid IPv6 mask '${args[1]}'`);
    return {
      out: 'ipv4',
      fn: (v) => {
        const s = toStr(v);
        let a4 = parseIPv4(s);
        if (a4 === undefined) {
          const a6 = parseIPv6(s);
          if (!a6) return undefined;
          const m = mappedIPv4(a6);
          if (m !== undefined) a4 = m;
          else {
            if (bits6 === undefined) return undefined;
            const out = new Uint8Array(16);
            for (let i = 0; i < 16; i++) {
              const keep = Math.max(0, Math.min(8, bits6 - i * 8));
              out[i] = a6[i]! & ((0xff << (8 - keep)) & 0xff);
            }
            return ipv6ToString(out);
          }
        }
        return ipv4ToString((a4 & m4) >>> 0);
      },
    };
  },
};
