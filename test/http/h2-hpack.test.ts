/** HPACK (RFC 7541): the Appendix C examples, Huffman completeness, encoder round trips, and malformed blocks. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { HpackDecoder, HpackEncoder, type H2Field } from '../../src/http/h2/hpack.js';
import { HUFFMAN_LENGTHS, huffmanDecode, huffmanEncode, huffmanLength } from '../../src/http/h2/huffman.js';

const hex = (s: string): Buffer => Buffer.from(s.replace(/\s+/g, ''), 'hex');

function decodeOk(d: HpackDecoder, block: string): [string, string][] {
  const b = hex(block);
  const r = d.decode(b, 0, b.length);
  assert.ok(r.ok, r.ok ? '' : r.error);
  return r.fields.map((f) => [f.name, f.value]);
}

const REQ1: [string, string][] = [[':method', 'GET'], [':scheme', 'http'], [':path', '/'], [':authority', 'www.example.com']];
const REQ2: [string, string][] = [...REQ1, ['cache-control', 'no-cache']];
const REQ3: [string, string][] = [[':method', 'GET'], [':scheme', 'https'], [':path', '/index.html'], [':authority', 'www.example.com'], ['custom-key', 'custom-value']];

test('Huffman code is complete (Kraft sum 1) and EOS is 30 ones', () => {
  let sum = 0;
  for (const l of HUFFMAN_LENGTHS) sum += 2 ** -l;
  assert.equal(sum, 1);
  assert.equal(HUFFMAN_LENGTHS[256], 30);
});

test('C.2.1-C.2.4: literal and indexed representations', () => {
  const d = new HpackDecoder();
  assert.deepEqual(decodeOk(d, '400a637573746f6d2d6b65790d637573746f6d2d686561646572'), [['custom-key', 'custom-header']]);
  assert.equal(d.tableSize, 55);
  assert.deepEqual(decodeOk(new HpackDecoder(), '040c2f73616d706c652f70617468'), [[':path', '/sample/path']]);
  const n = new HpackDecoder();
  assert.deepEqual(decodeOk(n, '100870617373776f726406736563726574'), [['password', 'secret']]);
  assert.equal(n.tableEntries, 0);
  assert.deepEqual(decodeOk(new HpackDecoder(), '82'), [[':method', 'GET']]);
});

test('C.3: requests without Huffman, dynamic table carried over', () => {
  const d = new HpackDecoder();
  assert.deepEqual(decodeOk(d, '828684410f7777772e6578616d706c652e636f6d'), REQ1);
  assert.equal(d.tableSize, 57);
  assert.deepEqual(decodeOk(d, '828684be58086e6f2d6361636865'), REQ2);
  assert.equal(d.tableSize, 110);
  assert.deepEqual(decodeOk(d, '828785bf400a637573746f6d2d6b65790c637573746f6d2d76616c7565'), REQ3);
  assert.equal(d.tableSize, 164);
});

test('C.4: requests with Huffman', () => {
  const d = new HpackDecoder();
  assert.deepEqual(decodeOk(d, '828684418cf1e3c2e5f23a6ba0ab90f4ff'), REQ1);
  assert.deepEqual(decodeOk(d, '828684be5886a8eb10649cbf'), REQ2);
  assert.deepEqual(decodeOk(d, '828785bf408825a849e95ba97d7f8925a849e95bb8e8b4bf'), REQ3);
  assert.equal(d.tableSize, 164);
});

const RESP1: [string, string][] = [[':status', '302'], ['cache-control', 'private'], ['date', 'Mon, 21 Oct 2013 20:13:21 GMT'], ['location', 'https://www.example.com']];
const RESP2: [string, string][] = [[':status', '307'], ['cache-control', 'private'], ['date', 'Mon, 21 Oct 2013 20:13:21 GMT'], ['location', 'https://www.example.com']];
const RESP3: [string, string][] = [
  [':status', '200'],
  ['cache-control', 'private'],
  ['date', 'Mon, 21 Oct 2013 20:13:22 GMT'],
  ['location', 'https://www.example.com'],
  ['content-encoding', 'gzip'],
  ['set-cookie', 'foo=ASDJKHQKBZXOQWEOPIUAXQWEOIU; max-age=3600; version=1'],
];

test('C.5: responses without Huffman, 256-byte table with evictions', () => {
  const d = new HpackDecoder(256);
  // The encoder's first block starts with no size update: a decoder limited to 256 starts at 256.
  assert.deepEqual(
    decodeOk(d, '4803333032580770726976617465611d4d6f6e2c203231204f637420323031332032303a31333a323120474d546e1768747470733a2f2f7777772e6578616d706c652e636f6d'),
    RESP1,
  );
  assert.equal(d.tableSize, 222);
  assert.deepEqual(decodeOk(d, '4803333037c1c0bf'), RESP2);
  assert.equal(d.tableSize, 222);
  assert.deepEqual(
    decodeOk(
      d,
      '88c1611d4d6f6e2c203231204f637420323031332032303a31333a323220474d54c05a04677a69707738666f6f3d4153444a4b48514b425a584f5157454f50495541585157454f49553b206d61782d6167653d333630303b2076657273696f6e3d31',
    ),
    RESP3,
  );
  assert.equal(d.tableSize, 215);
  assert.equal(d.tableEntries, 3);
});

test('C.6: responses with Huffman', () => {
  const d = new HpackDecoder(256);
  assert.deepEqual(decodeOk(d, '488264025885aec3771a4b6196d07abe941054d444a8200595040b8166e082a62d1bff6e919d29ad171863c78f0b97c8e9ae82ae43d3'), RESP1);
  assert.deepEqual(decodeOk(d, '4883640effc1c0bf'), RESP2);
  assert.deepEqual(
    decodeOk(d, '88c16196d07abe941054d444a8200595040b8166e084a62d1bffc05a839bd9ab77ad94e7821dd7f2e6c7b335dfdfcd5b3960d5af27087f3672c1ab270fb5291f9587316065c003ed4ee5b1063d5007'),
    RESP3,
  );
  assert.equal(d.tableSize, 215);
});

test('Huffman round trip of every byte value', () => {
  const src = Buffer.alloc(512);
  for (let i = 0; i < 512; i++) src[i] = (i * 7) & 0xff;
  const out = Buffer.alloc(huffmanLength(src));
  assert.equal(huffmanEncode(src, out, 0), out.length);
  assert.equal(huffmanDecode(out, 0, out.length), src.toString('latin1'));
});

test('encoder output decodes to the same fields, block after block (dynamic table in step)', () => {
  const e = new HpackEncoder();
  const d = new HpackDecoder();
  let seed = 7;
  const rnd = (n: number): number => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed % n;
  };
  for (let round = 0; round < 300; round++) {
    const fields: H2Field[] = [
      { name: ':status', value: String(200 + rnd(5)) },
      { name: 'content-type', value: ['text/plain', 'text/html', 'application/json'][rnd(3)]! },
      { name: `x-h${rnd(40)}`, value: 'v'.repeat(rnd(300)) },
      { name: 'set-cookie', value: `s=${rnd(1000)}` },
      { name: 'server', value: 'switchyard' },
    ];
    if (round === 100) e.setPeerLimit(256);
    if (round === 101) e.setPeerLimit(4096);
    if (round === 200) e.setPeerLimit(0);
    const b = e.encode(fields);
    const r = d.decode(b, 0, b.length);
    assert.ok(r.ok);
    assert.deepEqual(r.fields, fields);
  }
});

test('malformed blocks are errors, never throws (CVE-2018-14645 and friends)', () => {
  const cases: [string, string][] = [
    ['80', 'index 0'],
    ['be', 'index 62 with an empty dynamic table'],
    ['ff80ffffff0f', 'huge index'],
    ['ffffffffffffffff', 'integer that never ends'],
    ['ff', 'truncated integer'],
    ['7f', 'literal with a truncated name index'],
    ['7e', 'name index 62 with an empty table'],
    ['4005616263', 'name shorter than its length'],
    ['400361626305', 'value missing'],
    ['3fe21f', 'table size update above 4096'],
    ['823f01', 'table size update after a field (31+1)'],
    ['4081ff0161', 'Huffman name with EOS'],
    ['408100 0161', 'Huffman padding of zeros'],
    ['4082ffff0161', 'Huffman padding over 7 bits'],
    ['0f2f', 'literal without indexing, index 62 + 47'],
    ['1fffffffff7f', 'never-indexed with an oversized index'],
  ];
  for (const [h, what] of cases) {
    const b = hex(h);
    const r = new HpackDecoder().decode(b, 0, b.length);
    assert.equal(r.ok, false, what);
  }
  // A block decoded after a table size update to 0 loses every dynamic entry.
  const d = new HpackDecoder();
  decodeOk(d, '400a637573746f6d2d6b65790d637573746f6d2d686561646572');
  const b = hex('20be');
  assert.equal(d.decode(b, 0, b.length).ok, false);
});

test('header list size limit is reported while the table stays in step', () => {
  const d = new HpackDecoder();
  const e = new HpackEncoder();
  const big = e.encode([{ name: 'x-big', value: 'a'.repeat(200) }]);
  const r = d.decode(big, 0, big.length, 100);
  assert.ok(r.ok && r.tooLarge);
  const again = e.encode([{ name: 'x-big', value: 'a'.repeat(200) }]);
  const r2 = d.decode(again, 0, again.length);
  assert.ok(r2.ok && r2.fields[0]!.value.length === 200);
});
