/** Corpus cases: ACL syntax, match methods, fetch families and converters, each shown in a reply. */
import { get, post, type CorpusCase } from './rules-corpus-harness.js';

/** A frontend answering `text` (a log-format string) as a text/plain 200. */
const ret = (text: string): string => `http-request return status 200 content-type text/plain lf-string "${text}"`;

/** A case echoing `text` for each request. */
function show(name: string, text: string, reqs: CorpusCase['reqs'], pre = ''): CorpusCase {
  return { name, fe: `${pre}\n${ret(text)}`, reqs };
}

/** A case answering 403 when `cond` holds, the backend otherwise. */
function acl(name: string, cond: string, reqs: CorpusCase['reqs'], pre = ''): CorpusCase {
  return { name, fe: `${pre}\nhttp-request deny if ${cond}`, reqs };
}

export const FETCH_CASES: CorpusCase[] = [
  // ---- ACL syntax -------------------------------------------------------------------------------
  acl('acl named or', 'a || b', [get('/a'), get('/b'), get('/c')], 'acl a path /a\nacl b path /b'),
  acl('acl implicit and', 'a b', [get('/a', { 'X-B': '1' }), get('/a')], 'acl a path /a\nacl b hdr(x-b) -m found'),
  acl('acl negation', '!a', [get('/a'), get('/z')], 'acl a path_beg /a'),
  acl('acl multi-line or', 'a', [get('/1'), get('/2'), get('/3')], 'acl a path /1\nacl a path /2'),
  acl('acl anonymous or', '{ path /1 } or { path /2 }', [get('/1'), get('/2'), get('/3')]),
  acl('acl -i', '{ hdr(x-k) -i ABC }', [get('/', { 'X-K': 'abc' }), get('/', { 'X-K': 'abd' })]),
  acl('acl -f file', '{ hdr(host) -f $DIR/hosts.lst }', [get('/', {}, 'blocked.example.com'), get('/')]),
  acl('acl -n', '{ path -n /a }', [get('/a')]),
  acl('acl -- values', '{ hdr(x-v) -- -i }', [get('/', { 'X-V': '-i' }), get('/', { 'X-V': 'i' })]),
  acl('acl -m found', '{ req.hdr(x-f) -m found }', [get('/', { 'X-F': '' }), get('/')]),
  acl('acl -m len', '{ path -m len 3 }', [get('/ab'), get('/abc')]),
  acl('acl -m sub', '{ path -m sub adm }', [get('/x/admin'), get('/x')]),
  acl('acl -m reg', '{ path -m reg ^/[0-9]+$ }', [get('/123'), get('/12a')]),
  acl('acl -m beg -m end', '{ path -m beg /img } { path -m end .png }', [get('/img/a.png'), get('/img/a.gif')]),
  acl('acl -m dir', '{ path -m dir api }', [get('/v1/api/x'), get('/v1/apix')]),
  acl('acl -m dom', '{ hdr(host) -m dom example.com }', [get('/', {}, 'a.example.com'), get('/', {}, 'example.org')]),
  acl('acl -m bool', '{ req.hdr_cnt(x-a) -m bool }', [get('/', { 'X-A': '1' }), get('/')]),
  acl('acl -m int ranges', '{ req.hdr_val(x-n) 10:20 }', [get('/', { 'X-N': '15' }), get('/', { 'X-N': '21' })]),
  acl('acl int operators', '{ req.hdr_val(x-n) ge 10 } { req.hdr_val(x-n) lt 12 }', [get('/', { 'X-N': '11' }), get('/', { 'X-N': '12' })]),
  acl('acl -m ip', '{ req.hdr(x-ip) -m ip 10.0.0.0/8 192.168.1.1 }', [get('/', { 'X-IP': '10.9.8.7' }), get('/', { 'X-IP': '192.168.1.2' })]),
  acl('acl src -f ranges', '{ src -f $DIR/nets.lst }', [{ send: get('/'), from: '127.0.0.3' }, { send: get('/'), from: '127.0.0.9' }]),
  acl('acl -M map as patterns', '{ hdr(host) -M -f $DIR/hosts.map }', [get('/', {}, 'shop.example.com'), get('/')]),
  acl('predefined TRUE FALSE', 'TRUE !FALSE { path /t }', [get('/t'), get('/f')]),
  acl('predefined METH_POST', 'METH_POST', [post('/', 'x'), get('/')]),
  acl('predefined HTTP_1.0', 'HTTP_1.0', ['GET / HTTP/1.0\r\nHost: a\r\n\r\n', get('/')]),
  acl('predefined HTTP_URL_SLASH', '!HTTP_URL_SLASH', ['GET http://a.example.com/x HTTP/1.1\r\nHost: a.example.com\r\nConnection: close\r\n\r\n', get('/')]),
  acl('predefined HTTP_CONTENT', 'HTTP_CONTENT', [post('/', 'abc'), get('/')]),
  acl('predefined LOCALHOST', '!LOCALHOST', [get('/'), { send: get('/'), from: '127.0.0.5' }]),
  acl('missing header is no match', '{ req.hdr(x-none) -m reg .* }', [get('/')]),
  acl('bad int is no match', '{ req.hdr_val(x-n) gt 0 }', [get('/', { 'X-N': 'abc' }), get('/', { 'X-N': '3' })]),
  // ---- HTTP fetches -----------------------------------------------------------------------------
  show('method path query url', 'm=%[method] p=%[path] q=%[query] u=%[url] pq=%[pathq]', [get('/a/b?c=d&e'), get('/x')]),
  show('base and base32', 'b=%[base] h=%[base32]', [get('/p?q=1')]),
  show('url_param', 'a=%[url_param(a)] b=%[url_param(b)] n=%[urlp(none)]', [get('/?a=1&b=two&a=3')]),
  show('url_param delim', 'x=%[url_param(x,;)]', [get('/p;x=5;y=6')]),
  show('req.hdr occurrences', 'l=%[req.hdr(x-m)] f=%[req.hdr(x-m,1)] m1=%[req.hdr(x-m,-1)] c=%[req.hdr_cnt(x-m)]', [get('/', { 'X-M': 'a, b', 'x-m': 'c' })]),
  show('req.fhdr', 'f=%[req.fhdr(x-m)] c=%[req.fhdr_cnt(x-m)]', [get('/', { 'X-M': 'a, b' })]),
  show('req.hdr_val and names', 'v=%[req.hdr_val(x-n)] names=%[req.hdr_names]', [get('/', { 'X-N': '42' })]),
  show('req.cook', 'a=%[req.cook(a)] b=%[req.cook(b)] n=%[req.cook_cnt(a)] v=%[req.cook_val(n)]', [get('/', { Cookie: 'a=1; b=two; a=3; n=7' })]),
  show('hdr_ip and req.ver', 'ip=%[req.hdr_ip(x-ff)] v=%[req.ver]', [get('/', { 'X-FF': '10.0.0.1' })]),
  show('req.hdrs_len and len path', 'l=%[path,length]', [get('/1234567')]),
  show('capture.req.method uri ver', 'm=%[capture.req.method] u=%[capture.req.uri] v=%[capture.req.ver]', [get('/a?b')]),
  show('http_first_req', 'f=%[http_first_req]', [get('/')]),
  show('req.body_param from query-like body', 'p=%[req.body_param(k)]', [post('/', 'k=v&z=1')], 'http-request wait-for-body time 1s'),
  // ---- connection / proxy -----------------------------------------------------------------------
  show('src dst', 's=%[src] d=%[dst] sp=%[src_port,bool] so=%[so_id]', [get('/'), { send: get('/'), from: '127.0.0.7' }]),
  show('src_is_local and ipmask', 'l=%[src_is_local] m=%[src,ipmask(24)]', [{ send: get('/'), from: '127.0.0.9' }]),
  show('fc fetches', 'fc=%[fc_rcvd_proxy] ssl=%[ssl_fc] http=%[fc_http_major]', [get('/')]),
  show('fe be names', 'fe=%[fe_name] id=%[fe_id,bool]', [get('/')]),
  {
    ...show('nbsrv srv_is_up queue', 'n=%[nbsrv($ID_x)] up=%[srv_is_up($ID_x/s1)] down=%[srv_is_up($ID_x/s2)] q=%[queue($ID_x)] aq=%[avg_queue($ID_x)] cs=%[connslots($ID_x)]', [get('/')]),
    extra: 'backend $ID_x\nserver s1 $A maxconn 10\nserver s2 $B disabled',
  },
  { ...show('be_conn fe_conn', 'bc=%[be_conn($ID_x)] fc=%[fe_conn]', [get('/')]), extra: 'backend $ID_x\nserver s1 $A' },
  // ---- misc fetches -----------------------------------------------------------------------------
  show('str int bool', 's=%[str(abc)] i=%[int(-12)] b=%[bool(1)] bin=%[bin(4142),hex]', [get('/')]),
  show('env', 'e=%[env(SY_CORPUS_ENV)] n=%[env(SY_UNSET_ENV)]', [get('/')]),
  show('rand bounded', 'r=%[rand(1),add(7)]', [get('/')]),
  show('date formats', 'ok=%[date,sub(1),bool]', [get('/')]),
  show('uuid length', 'l=%[uuid,length]', [get('/')]),
  show('ipv4 ipv6 fetch', 'a=%[ipv4(10.0.0.1)] b=%[ipv6(2001:db8::1)]', [get('/')]),
  show('var with default', 'v=%[var(txn.nope,def)]', [get('/')]),
  // ---- converters -------------------------------------------------------------------------------
  show('lower upper length', 'l=%[req.hdr(x-s),lower] u=%[req.hdr(x-s),upper] n=%[req.hdr(x-s),length]', [get('/', { 'X-S': 'MiXeD' })]),
  show('field word', 'f=%[req.hdr(x-s),field(2,/)] w=%[req.hdr(x-s),word(2,/)] fl=%[req.hdr(x-s),field(-1,/)] fc=%[req.hdr(x-s),field(2,/,2)]', [get('/', { 'X-S': '/a/b//c' })]),
  show('bytes', 'b=%[req.hdr(x-s),bytes(2,3)] e=%[req.hdr(x-s),bytes(4)]', [get('/', { 'X-S': 'abcdefgh' })]),
  show('regsub', 'r=%[req.hdr(x-s),regsub(a+,X,g)] f=%[req.hdr(x-s),regsub(^b,Y)]', [get('/', { 'X-S': 'baaacaa' })]),
  show('regsub case-insensitive', 'r=%[req.hdr(x-s),regsub(A,z,gi)]', [get('/', { 'X-S': 'aAbA' })]),
  show('json url_enc url_dec', 'j=%[req.hdr(x-s),json] d=%[query,url_dec] e=%[req.hdr(x-s),url_enc]', [get('/?a%20b%2Fc', { 'X-S': 'q"u\\o/te' })]),
  show('base64 b64dec', 'e=%[req.hdr(x-s),base64] d=%[req.hdr(x-b),b64dec]', [get('/', { 'X-S': 'hello!', 'X-B': 'aGk=' })]),
  show('hex and ub64', 'h=%[req.hdr(x-s),hex] u=%[req.hdr(x-s),ub64enc]', [get('/', { 'X-S': 'ab?>' })]),
  show('hashes', 'c=%[req.hdr(x-s),crc32] d=%[req.hdr(x-s),djb2] s=%[req.hdr(x-s),sdbm] w=%[req.hdr(x-s),wt6] x=%[req.hdr(x-s),xxh32] x64=%[req.hdr(x-s),xxh64] cc=%[req.hdr(x-s),crc32c]', [get('/', { 'X-S': 'switchyard' })]),
  show('hashes with seed', 'c=%[req.hdr(x-s),crc32(1)] d=%[req.hdr(x-s),djb2(1)] x=%[req.hdr(x-s),xxh32(5)] x64=%[req.hdr(x-s),xxh64(7)]', [get('/', { 'X-S': 'abc' })]),
  show('sha1 sha2', 's1=%[req.hdr(x-s),sha1,hex] s256=%[req.hdr(x-s),sha2,hex] s512=%[req.hdr(x-s),sha2(512),base64]', [get('/', { 'X-S': 'abc' })]),
  show('concat', 'c=%[str(a),concat(-,txn.v,-)]', [get('/')], 'http-request set-var(txn.v) str(mid)'),
  show('arith', 'a=%[int(7),add(3)] s=%[int(7),sub(10)] m=%[int(7),mul(-3)] d=%[int(7),div(2)] md=%[int(-7),mod(3)] z=%[int(7),div(0)] zm=%[int(7),mod(0)]', [get('/')]),
  show('arith with var', 'a=%[int(5),add(txn.n)] m=%[int(5),mul(txn.n)]', [get('/')], 'http-request set-var(txn.n) int(4)'),
  show('bitwise', 'and=%[int(12),and(10)] or=%[int(12),or(3)] xor=%[int(12),xor(5)] neg=%[int(3),neg] cpl=%[int(0),cpl]', [get('/')]),
  show('bool converters', 'n=%[int(0),not] b=%[int(3),bool] o=%[int(3),odd] e=%[int(3),even]', [get('/')]),
  show('64-bit arith', 'm=%[int(4294967296),mul(4294967296)] a=%[int(9007199254740993),add(0)] b=%[int(9223372036854775807),add(1)] s=%[int(-9223372036854775807),sub(2)] d=%[int(9223372036854775807),div(3)]', [get('/')]),
  show('64-bit header arith', 'v=%[req.hdr(x-n),add(1)] h=%[req.hdr_val(x-n),mul(3)]', [get('/', { 'X-N': '123456789012345678' })]),
  show('ltime utime', 'u=%[int(0),utime(%Y-%m-%d %H:%M:%S)] o=%[int(86400),utime(%d/%b/%Y,3600)]', [get('/')]),
  show('http_date', 'd=%[int(784111777),http_date] o=%[int(0),http_date(3600)]', [get('/')]),
  show('host_only port_only', 'h=%[req.hdr(host),host_only] p=%[req.hdr(host),port_only]', [get('/', {}, 'shop.example.com:8443'), get('/', {}, 'plain')]),
  show('ipmask v6', 'm=%[req.hdr(x-ip),ipmask(16,64)]', [get('/', { 'X-IP': '2001:db8:1:2:3::1' }), get('/', { 'X-IP': '10.1.2.3' })]),
  show('map string', 'b=%[req.hdr(host),lower,map($DIR/hosts.map,none)]', [get('/', {}, 'SHOP.example.com'), get('/')]),
  show('map_beg map_sub map_end', 'b=%[path,map_beg($DIR/paths.map)] s=%[path,map_sub($DIR/paths.map,-)] e=%[path,map_end($DIR/ends.map,-)]', [get('/api/users'), get('/static/app.js'), get('/nothing')]),
  show('map_reg map_dom', 'r=%[path,map_reg($DIR/regs.map,-)] d=%[req.hdr(host),map_dom($DIR/doms.map,-)]', [get('/v2/items', {}, 'a.b.example.net')]),
  show('map_ip map_int', 'i=%[src,map_ip($DIR/ips.map,-)] n=%[req.hdr_val(x-n),map_int($DIR/ints.map,-)]', [{ send: get('/', { 'X-N': '2' }), from: '127.0.0.4' }]),
  show('map_str_int', 'n=%[req.hdr(x-k),map_str_int($DIR/ints-out.map,0),add(1)]', [get('/', { 'X-K': 'two' })]),
  show('set-var converter', 'a=%[str(abc),set-var(txn.c)] b=%[var(txn.c)]', [get('/')]),
  show('in_table without table', 'x=%[str(a),length]', [get('/')]),
  show('iif and cut', 'i=%[bool(1),iif(yes,no)] j=%[bool(0),iif(yes,no)]', [get('/')]),
  show('protobuf-free digest', 'd=%[str(abc),digest(md5),hex]', [get('/')]),
  show('hmac', 'h=%[str(abc),hmac(sha256,a2V5),hex]', [get('/')]),
  show('ltrim rtrim', 'l=%[req.hdr(x-s),ltrim(x)] r=%[req.hdr(x-s),rtrim(x)]', [get('/', { 'X-S': 'xxaxx' })]),
  show('strcmp secure_memcmp', 'c=%[req.hdr(x-a),strcmp(txn.b)]', [get('/', { 'X-A': 'abc' })], 'http-request set-var(txn.b) str(abd)'),
];
