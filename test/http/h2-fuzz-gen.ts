/** Frame generators shared by the in-process and the binary HTTP/2 fuzz tests. */
import { frame } from '../../src/http/h2/frame.js';
import { HpackEncoder } from '../../src/http/h2/hpack.js';

export interface Rng {
  int(n: number): number;
}

export function rng(seed: number): Rng {
  let s = seed >>> 0 || 1;
  return {
    int(n: number): number {
      s ^= s << 13;
      s >>>= 0;
      s ^= s >>> 17;
      s ^= s << 5;
      s >>>= 0;
      return n <= 0 ? 0 : s % n;
    },
  };
}

/** HPACK blocks at the edges: indexes past the tables, huge integers, size updates, bad strings. */
const EDGE_BLOCKS: readonly Buffer[] = [
  Buffer.from([0x80]),
  Buffer.from([0xbe]),
  Buffer.from([0xff, 0xe9, 0x07]),
  Buffer.from([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x0f]),
  Buffer.from([0xff]),
  Buffer.from([0x3f, 0xe2, 0x1f]),
  Buffer.from([0x3f, 0xe1, 0x1f, 0x82, 0x86, 0x84]),
  Buffer.from([0x82, 0x3f, 0x01]),
  Buffer.from([0x40, 0x7f, 0xff, 0xff, 0x03, 0x61]),
  Buffer.from([0x40, 0x81, 0xff, 0x01, 0x61]),
  Buffer.from([0x20, 0xbe]),
  Buffer.from([0x7e, 0x01, 0x61]),
  Buffer.from([0x00, 0x00, 0x00]),
  Buffer.from([0x82, 0x86, 0x84, 0x41, 0x01, 0x61, 0x40, 0x00, 0x00]),
];

const enc = new HpackEncoder();
const GOOD = enc.encode([
  { name: ':method', value: 'GET' },
  { name: ':scheme', value: 'http' },
  { name: ':path', value: '/' },
  { name: ':authority', value: 'fuzz' },
]);

/** `n` frames: valid ones, mutated ones, random ones, edge HPACK blocks, window and settings edges. */
export function mutatedFrames(r: Rng, n: number): Buffer[] {
  const out: Buffer[] = [];
  for (let i = 0; i < n; i++) {
    const sid = [0, 1, 3, 2, 5, 0x7fffffff][r.int(6)]!;
    switch (r.int(9)) {
      case 0:
        out.push(frame(1, 0x5, sid || 1, GOOD));
        break;
      case 1: {
        const b = Buffer.from(frame(1, 0x4 | r.int(2), sid, EDGE_BLOCKS[r.int(EDGE_BLOCKS.length)]));
        out.push(b);
        break;
      }
      case 2: {
        const b = Buffer.from(frame(r.int(11), r.int(256), sid, GOOD));
        b[9 + r.int(GOOD.length)] = r.int(256);
        out.push(b);
        break;
      }
      case 3: {
        const p = Buffer.alloc(r.int(40));
        for (let k = 0; k < p.length; k++) p[k] = r.int(256);
        out.push(frame(r.int(12), r.int(256), sid, p));
        break;
      }
      case 4: {
        const p = Buffer.alloc(4);
        p.writeUInt32BE([0, 1, 0x7fffffff, 0xffffffff][r.int(4)]! >>> 0);
        out.push(frame(8, 0, [0, 1, 3][r.int(3)]!, p));
        break;
      }
      case 5: {
        const p = Buffer.alloc(6 * (1 + r.int(3)));
        for (let k = 0; k < p.length; k += 6) {
          p.writeUInt16BE(1 + r.int(7), k);
          p.writeUInt32BE([0, 1, 16383, 16384, 0x7fffffff, 0x80000000, 0xffffffff][r.int(7)]! >>> 0, k + 2);
        }
        out.push(frame(4, r.int(2), 0, p));
        break;
      }
      case 6:
        out.push(frame(0, r.int(2) | (r.int(2) << 3), sid, Buffer.alloc(r.int(100), 0x61)));
        break;
      case 7: {
        // Header block split over CONTINUATION, sometimes interrupted.
        out.push(frame(1, 0x1, 1, GOOD.subarray(0, 2)));
        out.push(frame(r.int(2) ? 9 : 0, 0x4, r.int(2) ? 1 : 3, GOOD.subarray(2)));
        break;
      }
      default: {
        // A frame header announcing more than the limit, or a length that lies.
        const b = Buffer.from(frame(r.int(10), 0, sid, Buffer.alloc(8)));
        b.writeUIntBE([16385, 0xffffff, 3, 20][r.int(4)]!, 0, 3);
        out.push(b);
      }
    }
  }
  return out;
}
