/** Addresses as HAProxy 2.6's str2sa_range() reads them on `bind` lines (messages observed with haproxy -c). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AddressError, inetAton, parseAddress, parseBindAddresses } from '../../src/config/address.js';

const bind = { port: 'required', range: true } as const;
const err = (text: string, opts: Parameters<typeof parseAddress>[1] = bind): string => {
  try {
    parseAddress(text, opts);
  } catch (e) {
    assert.ok(e instanceof AddressError);
    return e.message;
  }
  return 'ok';
};

test('accepted listener addresses', () => {
  const cases: Array<[string, string, string, number, number]> = [
    [':80', 'ipv4', '', 80, 80], ['*:80', 'ipv4', '', 80, 80], ['0.0.0.0:80', 'ipv4', '0.0.0.0', 80, 80],
    ['[::]:80', 'ipv6', '::', 80, 80], [':::80', 'ipv6', '::', 80, 80], ['::1:80', 'ipv6', '::1', 80, 80],
    ['2001:db8::1:80', 'ipv6', '2001:db8::1', 80, 80], ['[::ffff:1.2.3.4]:80', 'ipv6', '::ffff:1.2.3.4', 80, 80],
    ['ipv4@:80', 'ipv4', '', 80, 80], ['ipv6@:80', 'ipv6', '', 80, 80], [':80-85', 'ipv4', '', 80, 85],
    [':65535', 'ipv4', '', 65535, 65535], [':8a', 'ipv4', '', 8, 8], [':80-90x', 'ipv4', '', 80, 90], [':08', 'ipv4', '', 8, 8],
    ['1.2.3:80', 'ipv4', '1.2.3', 80, 80], ['localhost:80', 'ipv4', 'localhost', 80, 80],
  ];
  for (const [t, fam, host, p, e] of cases) {
    const a = parseAddress(t, bind);
    assert.deepEqual([a.family, a.host, a.port, a.portEnd], [fam, host, p, e], t);
  }
  assert.equal(parseAddress('unix@/tmp/x.sock', bind).family, 'unix');
  assert.equal(parseAddress('/tmp/y.sock', bind).host, '/tmp/y.sock');
  assert.equal(parseAddress('abns@foo', bind).family, 'abns');
  assert.equal(parseAddress('unix@', bind).host, '');
  assert.equal(parseAddress('fd@3', bind).family, 'fd');
});

test('rejected listener addresses, with HAProxy wording', () => {
  const cases: Array<[string, string]> = [
    ['127.0.0.1', "missing port specification in '127.0.0.1'"],
    ['[::1]', "missing port specification in '[::1]'"],
    ['[::1]x', "missing port specification in '[::1]x'"],
    ['[::1]:', "missing port specification in '[::1]:'"],
    ['*', "missing port specification in '*'"],
    [':', "missing port specification in ':'"],
    ['ipv4@', "missing port specification in 'ipv4@'"],
    ['::1', "invalid address: ':' in '::1'"],
    ['ipv6@::1', "invalid address: ':' in 'ipv6@::1'"],
    ['2001:db8::1', "invalid address: '2001:db8:' in '2001:db8::1'"],
    ['ipv4@[::1]:80', "invalid address: '[::1]' in 'ipv4@[::1]:80'"],
    ['ipv6@127.0.0.1:80', "invalid address: '127.0.0.1' in 'ipv6@127.0.0.1:80'"],
    ['foo@:80', "invalid address: 'foo@' in 'foo@:80'"],
    ['[::1:80', "invalid address: '[::1' in '[::1:80'"],
    ['1.2.3.4:80:90', "invalid address: '1.2.3.4:80' in '1.2.3.4:80:90'"],
    ['fe80::1%lo:80', "invalid address: 'fe80::1%lo' in 'fe80::1%lo:80'"],
    ['fd@x', "file descriptor 'x' is not a valid integer in 'fd@x'"],
    [':0', "invalid port '0'"],
    [':65536', "invalid port '65536'"],
    [':0-10', "invalid port '0'"],
    [':80-', "invalid port ''"],
    [':85-80', "invalid port range '85-80'"],
    [':-80', "port offset not permitted here in ':-80'"],
    [':+80', "port offset not permitted here in ':+80'"],
    ['1.2.3.4:+80', "port offset not permitted here in '1.2.3.4:+80'"],
    [': 80', "invalid character ' ' in port number ' 80' in ': 80'"],
  ];
  for (const [t, m] of cases) assert.equal(err(t), m, t);
});

test('server-side options: optional port, offsets, names', () => {
  const srv = { port: 'optional', offset: true, names: true } as const;
  assert.equal(parseAddress('10.0.0.1', srv).port, 0);
  assert.equal(parseAddress('10.0.0.1:+1000', srv).portOffset, true);
  assert.equal(parseAddress('backend.example:8080', srv).isName, true);
  assert.equal(err('10.0.0.1:80-90', srv), "port range not permitted here in '10.0.0.1:80-90'");
});

test('bind lists', () => {
  assert.equal(parseBindAddresses(':80,:81').length, 2);
  assert.equal(parseBindAddresses(':80,').length, 1);
  assert.throws(() => parseBindAddresses(',:80'), new AddressError("'' resolves to an empty address (environment variable missing?)"));
  assert.throws(() => parseBindAddresses(':80,,:81'), AddressError);
});

test('inet_aton forms', () => {
  for (const h of ['1.2.3.4', '1.2.3', '1.2', '16909060', '0x7f.1', '0177.0.0.1']) assert.ok(inetAton(h), h);
  for (const h of ['1.2.3.4.5', '256.1.1.1', '1.2.3.256', 'a.b', '08.1.1.1', '']) assert.ok(!inetAton(h), h);
});
