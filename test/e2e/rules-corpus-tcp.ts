/** Corpus cases: tcp mode (tcp-request connection/content with inspect-delay, l4 fetches, tcp-response). */
import type { CorpusCase } from './rules-corpus-harness.js';

const tcp = (name: string, fe: string, reqs: CorpusCase['reqs'], be?: string): CorpusCase => ({ name, mode: 'tcp', fe, reqs, be });

export const TCP_CASES: CorpusCase[] = [
  tcp('tcp connection reject src', 'tcp-request connection reject if { src 127.0.0.2 }', [{ send: 'hi', from: '127.0.0.2', exact: '' }, { send: 'hi', exact: 'tcp:hi' }]),
  tcp('tcp connection accept then reject', 'tcp-request connection accept if { src 127.0.0.1 }\ntcp-request connection reject', [{ send: 'a' }, { send: 'a', from: '127.0.0.3' }]),
  tcp('tcp content req.len', 'tcp-request inspect-delay 1s\ntcp-request content reject if { req.len lt 4 } WAIT_END', [{ send: 'abcdef' }]),
  tcp('tcp content payload', 'tcp-request inspect-delay 1s\ntcp-request content reject if { req.payload(0,4) -m str EVIL }\ntcp-request content accept if { req.len ge 4 }', [{ send: 'EVIL data', exact: '' }, { send: 'GOOD data', exact: 'tcp:GOOD data' }]),
  tcp('tcp content payload hex', 'tcp-request inspect-delay 1s\ntcp-request content reject if { req.payload(0,2) -m bin 4142 }', [{ send: 'AB' }, { send: 'CD' }]),
  tcp('tcp content set-var routing', 'tcp-request inspect-delay 1s\ntcp-request content set-var(sess.k) req.payload(0,3)\ntcp-request content accept if { req.len ge 3 }\nuse_backend $ID_b if { var(sess.k) -m str ZZZ }', [{ send: 'ZZZtop' }, { send: 'AAAtop' }]),
  tcp('tcp content HTTP detect', 'tcp-request inspect-delay 1s\ntcp-request content accept if HTTP\ntcp-request content reject', [{ send: 'GET / HTTP/1.1\r\nHost: a\r\n\r\n' }, { send: 'SSH-2.0-x\r\n' }]),
  tcp('tcp content ssl_hello_type', 'tcp-request inspect-delay 1s\ntcp-request content reject if { req.ssl_hello_type 1 }', [{ send: 'plain' }]),
  tcp('tcp session rule', 'tcp-request session reject if { src 127.0.0.6 }', [{ send: 'x', from: '127.0.0.6' }, { send: 'x' }]),
  tcp('tcp response content close', 'tcp-request inspect-delay 1s', [{ send: 'bad', exact: 'tcp:bad' }, { send: 'ok', exact: 'tcp:ok' }], 'tcp-response inspect-delay 1s\ntcp-response content close if { res.payload(0,7) -m str tcp:bad }'),
  tcp('tcp response content reject', '', [{ send: 'bad', exact: '' }, { send: 'ok', exact: 'tcp:ok' }], 'tcp-response inspect-delay 1s\ntcp-response content reject if { res.payload(0,7) -m str tcp:bad }'),
  tcp('tcp response res.len wait', '', [{ send: 'abcdef', exact: 'tcp:abcdef' }], 'tcp-response inspect-delay 1s\ntcp-response content accept if { res.len ge 8 }\ntcp-response content reject if WAIT_END'),
];
for (const c of TCP_CASES) if (c.name === 'tcp content set-var routing') (c as { extra?: string }).extra = 'backend $ID_b\nmode tcp\nserver sb $T';
