/** Stats rows and CSV from a runtime graph: HAProxy 2.6's columns, which fields each kind fills, the freq counters. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadConfigText } from '../../src/config/parse.js';
import { RuntimeGraph } from '../../src/runtime/graph.js';
import { csvHeader, csvLines, showInfo, CSV_COLUMNS, COL, FreqCtr, Counters, mergeCounters, statRows } from '../../src/stats/index.js';

/** HAProxy 2.6.12's `;csv` header, as read from the real haproxy. */
const HAPROXY_26_HEADER =
  '# pxname,svname,qcur,qmax,scur,smax,slim,stot,bin,bout,dreq,dresp,ereq,econ,eresp,wretr,wredis,status,weight,act,bck,chkfail,chkdown,lastchg,downtime,qlimit,pid,iid,sid,throttle,lbtot,tracked,type,rate,rate_lim,rate_max,check_status,check_code,check_duration,hrsp_1xx,hrsp_2xx,hrsp_3xx,hrsp_4xx,hrsp_5xx,hrsp_other,hanafail,req_rate,req_rate_max,req_tot,cli_abrt,srv_abrt,comp_in,comp_out,comp_byp,comp_rsp,lastsess,last_chk,last_agt,qtime,ctime,rtime,ttime,agent_status,agent_code,agent_duration,check_desc,agent_desc,check_rise,check_fall,check_health,agent_rise,agent_fall,agent_health,addr,cookie,mode,algo,conn_rate,conn_rate_max,conn_tot,intercepted,dcon,dses,wrew,connect,reuse,cache_lookups,cache_hits,srv_icur,src_ilim,qtime_max,ctime_max,rtime_max,ttime_max,eint,idle_conn_cur,safe_conn_cur,used_conn_cur,need_conn_est,uweight,agg_server_status,agg_server_check_status,agg_check_status,-,ssl_sess,ssl_reused_sess,ssl_failed_handshake,h2_headers_rcvd,h2_data_rcvd,h2_settings_rcvd,h2_rst_stream_rcvd,h2_goaway_rcvd,h2_detected_conn_protocol_errors,h2_detected_strm_protocol_errors,h2_rst_stream_resp,h2_goaway_resp,h2_open_connections,h2_backend_open_streams,h2_total_connections,h2_backend_total_streams,h1_open_connections,h1_open_streams,h1_total_connections,h1_total_streams,h1_bytes_in,h1_bytes_out,h1_spliced_bytes_in,h1_spliced_bytes_out,';

const CFG = `
defaults
  timeout client 5s
  timeout server 5s
  timeout connect 5s
frontend fe
  mode http
  bind 127.0.0.1:1 name web
  option socket-stats
  maxconn 100
  default_backend be
backend be
  mode http
  server s1 127.0.0.1:2 maxconn 10 maxqueue 5 weight 20
  server s2 127.0.0.1:3 backup
listen tl
  mode tcp
  bind 127.0.0.1:4
  server t1 127.0.0.1:5
`;

function graph(): RuntimeGraph {
  const r = loadConfigText(CFG);
  assert.equal(r.diag.alerts, 0);
  return new RuntimeGraph(r.config);
}

test('the CSV header is HAProxy 2.6 column for column', () => {
  assert.equal(csvHeader(), HAPROXY_26_HEADER);
  assert.equal(CSV_COLUMNS.length, 128);
});

test('rows come in HAProxy order and fill the fields HAProxy fills for each kind', () => {
  const g = graph();
  const rows = statRows(g);
  // No listener objects were opened here (the graph is not started): FRONTEND, servers, BACKEND.
  const names = rows.map((r) => `${r.values[0]}/${r.values[1]}`);
  assert.deepEqual(names, ['fe/FRONTEND', 'be/s1', 'be/s2', 'be/BACKEND', 'tl/FRONTEND', 'tl/t1', 'tl/BACKEND']);
  const get = (row: number, col: string): string => rows[row]!.values[COL[col]!]!;
  assert.equal(get(0, 'slim'), '100');
  assert.equal(get(0, 'status'), 'OPEN');
  assert.equal(get(0, 'hrsp_2xx'), '0');
  assert.equal(get(0, 'econ'), '', 'frontends have no econ');
  assert.equal(get(4, 'hrsp_2xx'), '', 'TCP frontends have no hrsp');
  assert.equal(get(4, 'req_tot'), '0', 'TCP frontends still show req_tot');
  assert.equal(get(1, 'slim'), '10');
  assert.equal(get(1, 'qlimit'), '5');
  assert.equal(get(1, 'weight'), '20');
  assert.equal(get(2, 'slim'), '', 'no maxconn, no slim');
  assert.equal(get(2, 'bck'), '1');
  assert.equal(get(2, 'status'), 'no check');
  assert.equal(get(3, 'slim'), '10', 'backend slim is fullconn (10% of the frontend maxconn)');
  assert.equal(get(3, 'weight'), '20');
  assert.equal(get(3, 'act'), '1');
  assert.equal(get(3, 'bck'), '1');
  assert.equal(get(3, 'status'), 'UP');
  assert.equal(get(0, 'iid'), '1');
  assert.equal(get(1, 'iid'), '2');
  assert.equal(get(1, 'sid'), '1');
  assert.equal(get(2, 'sid'), '2');
  assert.equal(get(1, 'addr'), '', 'addresses only with legends');
  assert.equal(statRows(g, { legends: true })[1]!.values[COL['addr']!], '127.0.0.1:2');
  const lines = csvLines(g);
  assert.equal(lines.length, 8);
  for (const l of lines.slice(1)) assert.equal(l.split(',').length, 129, l);
  // Filters as `show stat <iid> <type> <sid>`.
  assert.deepEqual(
    statRows(g, { iid: 2, types: 4, sid: 2 }).map((r) => r.values[1]),
    ['s2'],
  );
});

test('show info names the fields HAProxy 2.6 prints', () => {
  const info = showInfo(graph());
  assert.equal(info[0], 'Name: HAProxy');
  assert.ok(info.some((l) => /^Uptime_sec: \d+$/.test(l)));
  assert.ok(info.some((l) => l === 'Maxconn: 4096'));
  assert.equal(info.at(-1), 'Tainted: 0');
});

test('freq counters read as HAProxy: current second plus the previous one weighted by what is left', () => {
  const f = new FreqCtr();
  const t0 = 1_000_000;
  for (let i = 0; i < 10; i++) f.add(t0 + i);
  assert.equal(f.read(t0 + 500), 10);
  assert.equal(f.read(t0 + 1250), 7, '10 events last second, a quarter into this one');
  f.add(t0 + 1250, 4);
  assert.equal(f.read(t0 + 1250), 11);
  assert.equal(f.read(t0 + 2500), 2, 'the 4 of the previous second, half left');
  assert.equal(f.read(t0 + 3100), 0);
  assert.equal(f.max, 10);
});

test('counters of several processes merge field by field: counts add, maxima take the highest', () => {
  const a = new Counters();
  const b = new Counters();
  a.sessTot = 3;
  b.sessTot = 4;
  a.sessMax = 7;
  b.sessMax = 2;
  a.rsp2 = 1;
  b.rsp2 = 5;
  mergeCounters(a, b);
  assert.equal(a.sessTot, 7);
  assert.equal(a.sessMax, 7);
  assert.equal(a.rsp2, 6);
});
