/** Corpus cases: stick tables, track-sc0..2, the sc_, src_ and table_ fetches, gpc/gpt, rate limiting. */
import { get, type CorpusCase } from './rules-corpus-harness.js';

const ret = (text: string): string => `http-request return status 200 content-type text/plain lf-string "${text}"`;
const n = (k: number, r: string): string[] => Array.from({ length: k }, () => r);

export const STICK_CASES: CorpusCase[] = [
  {
    name: 'stick rate limit http_req_rate',
    fe: 'stick-table type ip size 100 expire 30s store http_req_rate(10s)\nhttp-request track-sc0 src\nhttp-request deny deny_status 429 if { sc_http_req_rate(0) gt 3 }',
    reqs: [{ send: get('/'), status: 200 }, get('/'), get('/'), { send: get('/'), status: 429 }, { send: get('/'), status: 429 }, { send: get('/'), from: '127.0.0.2', status: 200 }],
  },
  {
    name: 'stick counters shown',
    fe: 'stick-table type ip size 100 expire 30s store conn_cur,conn_cnt,conn_rate(10s),http_req_cnt,http_req_rate(10s),sess_cnt\nhttp-request track-sc0 src\n' +
      ret('cur=%[sc0_conn_cur] cnt=%[sc0_conn_cnt] cr=%[sc_conn_rate(0)] req=%[sc0_http_req_cnt] rr=%[sc0_http_req_rate] s=%[sc0_sess_cnt] src=%[src_http_req_cnt] t=%[table_cnt] tr=%[sc0_tracked] tr1=%[sc1_tracked] k=%[sc0_trackers]'),
    reqs: n(3, get('/')),
  },
  {
    name: 'stick tcp-request connection track',
    fe: 'stick-table type ip size 100 store conn_cur,conn_cnt,conn_rate(10s),sess_cnt,sess_rate(10s),http_req_cnt\ntcp-request connection track-sc0 src\n' +
      ret('cur=%[sc0_conn_cur] cnt=%[sc0_conn_cnt] cr=%[sc0_conn_rate] s=%[sc0_sess_cnt] sr=%[sc0_sess_rate] req=%[sc0_http_req_cnt]'),
    reqs: n(3, get('/')),
  },
  {
    name: 'stick tcp-request content track',
    fe: 'stick-table type ip size 100 store conn_cnt,http_req_cnt,http_req_rate(10s)\ntcp-request content track-sc1 src\n' + ret('cnt=%[sc1_conn_cnt] req=%[sc1_http_req_cnt] rr=%[sc1_http_req_rate]'),
    reqs: n(2, get('/')),
  },
  {
    name: 'stick http_err',
    fe: 'stick-table type ip size 100 store http_req_cnt,http_err_cnt,http_err_rate(10s),http_fail_cnt\nhttp-request track-sc0 src\n' +
      `${ret('e=%[sc0_http_err_cnt] er=%[sc0_http_err_rate] f=%[sc0_http_fail_cnt] r=%[sc0_http_req_cnt]')} if { path /show }`,
    reqs: [get('/show'), get('/st/404'), get('/st/401'), get('/st/500'), get('/st/501'), get('/show')],
  },
  {
    name: 'stick http_err from deny',
    fe: 'stick-table type ip size 100 store http_err_cnt\nhttp-request track-sc0 src\nhttp-request deny if { path /d }\n' + `${ret('e=%[sc0_http_err_cnt]')} if { path /show }`,
    reqs: [get('/d'), get('/d'), get('/show')],
  },
  {
    name: 'stick gpc0 gpt0',
    fe: 'stick-table type ip size 100 store gpc0,gpc1,gpt0,gpc0_rate(10s)\nhttp-request track-sc0 src\nhttp-request sc-inc-gpc0(0) if { path /inc }\nhttp-request sc-inc-gpc1(0) if { path /inc }\nhttp-request sc-set-gpt0(0) 42 if { path /gpt }\n' +
      ret('g0=%[sc0_get_gpc0] g1=%[sc_get_gpc1(0)] gr=%[sc0_gpc0_rate] t=%[sc0_get_gpt0]'),
    reqs: [get('/inc'), get('/inc'), get('/gpt'), get('/')],
  },
  {
    name: 'stick inc_gpc0 fetch and clr',
    fe: 'stick-table type ip size 100 store gpc0\nhttp-request track-sc0 src\nhttp-request deny if { sc0_inc_gpc0 gt 2 }\n' + `${ret('g=%[sc0_get_gpc0] c=%[sc0_clr_gpc0] a=%[sc0_get_gpc0]')} if { path /clr }`,
    reqs: [get('/'), get('/'), { send: get('/'), status: 403 }, get('/clr')],
  },
  {
    name: 'stick string table by header in backend table',
    fe: 'http-request track-sc1 req.hdr(x-user) table $ID_t\n' + ret('c=%[sc1_http_req_cnt] s=%[sc_http_req_cnt(1,$ID_t)] t=%[table_cnt($ID_t)] in=%[req.hdr(x-user),in_table($ID_t)] tv=%[req.hdr(x-user),table_http_req_cnt($ID_t)]'),
    extra: 'backend $ID_t\nstick-table type string len 8 size 10 store http_req_cnt',
    reqs: [get('/', { 'X-User': 'alice' }), get('/', { 'X-User': 'alice' }), get('/', { 'X-User': 'bob' }), get('/', { 'X-User': 'alice-long-name' }), get('/')],
  },
  {
    name: 'stick integer table',
    fe: 'stick-table type integer size 10 store http_req_cnt\nhttp-request track-sc2 req.hdr_val(x-id)\n' + ret('c=%[sc2_http_req_cnt] t=%[table_cnt]'),
    reqs: [get('/', { 'X-Id': '7' }), get('/', { 'X-Id': '7' }), get('/', { 'X-Id': '8' })],
  },
  {
    name: 'stick src_ fetches without tracking',
    fe: 'stick-table type ip size 10 store conn_cnt,http_req_cnt,gpc0\nhttp-request track-sc0 src if { path /t }\n' +
      ret('c=%[src_conn_cnt] r=%[src_http_req_cnt] g=%[src_inc_gpc0] g2=%[src_get_gpc0] t=%[table_cnt] a=%[table_avl]'),
    reqs: [get('/'), get('/t'), get('/'), { send: get('/'), from: '127.0.0.3' }],
  },
  {
    name: 'stick ipv6 table',
    fe: 'stick-table type ipv6 size 10 store http_req_cnt\nhttp-request track-sc0 src\n' + ret('c=%[sc0_http_req_cnt] s=%[src_http_req_cnt]'),
    reqs: n(2, get('/')),
  },
  {
    name: 'stick bytes counters',
    fe: 'stick-table type ip size 10 store bytes_in_cnt,bytes_out_cnt,bytes_in_rate(10s),bytes_out_rate(10s)\nhttp-request track-sc0 src\n' +
      `${ret('k=%[sc0_kbytes_out] ki=%[sc0_kbytes_in] or=%[sc0_bytes_out_rate,bool]')} if { path /show }`,
    reqs: [get('/big'), get('/big'), get('/show')],
  },
  {
    name: 'stick not stored data is no match',
    fe: 'stick-table type ip size 10 store http_req_cnt\nhttp-request track-sc0 src\nhttp-request deny if { sc0_conn_rate ge 0 }\n' + ret('r=%[sc0_conn_rate] c=%[sc0_http_req_cnt]'),
    reqs: [get('/')],
  },
  {
    name: 'stick untracked slot is no match',
    fe: 'stick-table type ip size 10 store http_req_cnt\nhttp-request deny if { sc1_http_req_cnt ge 0 }\n' + ret('r=%[sc1_http_req_cnt]'),
    reqs: [get('/')],
  },
  {
    name: 'stick first track wins',
    fe: 'stick-table type string size 10 store http_req_cnt\nhttp-request track-sc0 str(first)\nhttp-request track-sc0 str(second)\n' + ret('c=%[sc0_http_req_cnt] f=%[str(first),table_http_req_cnt($ID)] s=%[str(second),in_table($ID)]'),
    reqs: n(2, get('/')),
  },
  {
    name: 'stick expire',
    fe: 'stick-table type ip size 10 expire 300ms store http_req_cnt\nhttp-request track-sc0 src\n' + ret('c=%[sc0_http_req_cnt]'),
    reqs: [get('/'), get('/'), { send: get('/'), after: 700 }],
  },
  {
    name: 'stick size limit',
    fe: 'stick-table type string size 2 store http_req_cnt\nhttp-request track-sc0 req.hdr(x-k)\n' + ret('c=%[sc0_http_req_cnt] t=%[table_cnt]'),
    reqs: [get('/', { 'X-K': 'a' }), get('/', { 'X-K': 'b' }), get('/', { 'X-K': 'c' }), get('/', { 'X-K': 'a' })],
  },
  {
    name: 'stick tcp mode conn_rate reject',
    mode: 'tcp',
    fe: 'stick-table type ip size 10 store conn_rate(10s)\ntcp-request connection track-sc0 src\ntcp-request connection reject if { sc0_conn_rate gt 2 }',
    reqs: [{ send: 'a', exact: 'tcp:a' }, { send: 'b', exact: 'tcp:b' }, { send: 'c', exact: '' }],
  },
  {
    name: 'stick backend track',
    be: 'stick-table type ip size 10 store http_req_cnt\nhttp-request track-sc0 src\nhttp-response set-header X-Cnt %[sc0_http_req_cnt]',
    reqs: n(2, get('/')),
  },
];
