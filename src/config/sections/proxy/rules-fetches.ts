/**
 * HAProxy 2.6 sample fetch names and ACL keywords, as `haproxy -dKsmp` / `haproxy -dKacl` list them
 * (2.6.12 built with OpenSSL, Lua, OpenTracing and the Prometheus exporter).
 *
 * Each fetch line is `mask|name(args)|output type`; the mask has one character per place a fetch can be
 * used (Y = usable there), in the order of FETCH_CONTEXTS below.
 */

/** The places a sample fetch may be used, in the column order of HAProxy's `-dKsmp` dump. */
export const FETCH_CONTEXTS = [
  'frontend tcp-request connection rule',
  'frontend tcp-request session rule',
  'frontend tcp-request content rule',
  'frontend http-request header rule',
  'frontend http-request body rule',
  'frontend use-backend rule',
  'backend tcp-request content rule',
  'backend http-request header rule',
  'backend http-request body rule',
  'backend use-server, balance or stick-match rule',
  'server source selection',
  'backend tcp-response content rule',
  'backend http-response header rule',
  'backend http-response body rule',
  'backend stick-store rule',
  'frontend tcp-response content rule',
  'frontend http-response header rule',
  'frontend http-response body rule',
  'logs',
  'backend tcp-check rule',
  'configuration parser',
  'CLI parser',
] as const;

const FETCH_LINES = `
YYYYYYYYYYYYYYYYYYYYYY|always_false|bool
YYYYYYYYYYYYYYYYYYYYYY|always_true|bool
YYYYYYYYYYYYYYYYYYYY.Y|avg_queue(backend)|sint
..YYYYYYYYY...........|base|str
..YYYYYYYYY...........|base32|sint
..YYYYYYYYY...........|base32+src|bin
..YYYYYYYYY...........|baseq|str
...........YYYYYYYYY..|bc_dst|sint
...........YYYYYYYYY..|bc_dst_port|sint
...........YYYYYYYYY..|bc_err|sint
...........YYYYYYYYY..|bc_err_str|str
...........YYYYYYYYY..|bc_http_major|sint
...........YYYYYYYYY..|bc_src|sint
...........YYYYYYYYY..|bc_src_port|sint
YYYYYYYYYYYYYYYYYYYY.Y|be_conn(backend)|sint
YYYYYYYYYYYYYYYYYYYY.Y|be_conn_free(backend)|sint
......YYYYYYYYYYYYYY..|be_id|sint
......YYYYYYYYYYYYYY..|be_name|str
......YYYYYYYYYYYYYY..|be_server_timeout|sint
YYYYYYYYYYYYYYYYYYYY.Y|be_sess_rate(backend)|sint
......YYYYYYYYYYYYYY..|be_tunnel_timeout|sint
YYYYYYYYYYYYYYYYYYYYYY|bin(string)|bin
YYYYYYYYYYYYYYYYYYYYYY|bool(string)|bool
..YYYYYYYYYYYYYYYYY...|capture.req.hdr(integer)|str
..YYYYYYYYYYYYYYYYY...|capture.req.method|str
..YYYYYYYYYYYYYYYYY...|capture.req.uri|str
..YYYYYYYYYYYYYYYYY...|capture.req.ver|str
...........YYYYYYYYY..|capture.res.hdr(integer)|str
..YYYYYYYYYYYYYYYYY...|capture.res.ver|str
YYYYYYYYYYYYYYYYYYYY.Y|connslots(backend)|sint
..YYYYYYYYY...........|cook([string])|str
..YYYYYYYYY...........|cook_cnt([string])|sint
..YYYYYYYYY...........|cook_val([string])|sint
..YYYYYYYYYYYYYYYY.Y..|cookie([string])|str
YYYYYYYYYYYYYYYYYYYY.Y|cpu_calls|sint
YYYYYYYYYYYYYYYYYYYY.Y|cpu_ns_avg|sint
YYYYYYYYYYYYYYYYYYYY.Y|cpu_ns_tot|sint
......YYYYYYYYYYYYYY..|cur_server_timeout|sint
......YYYYYYYYYYYYYY..|cur_tunnel_timeout|sint
YYYYYYYYYYYYYYYYYYYYYY|date([integer,string])|sint
YYYYYYYYYYYYYYYYYYYYYY|date_us|sint
..YYYYYYYYYYYYYYYY.Y..|distcc_body(string[,integer])|bin
..YYYYYYYYYYYYYYYY.Y..|distcc_param(string[,integer])|sint
YYYYYYYYYYYYYYYYYYYY..|dst|ipv4
YYYYYYYYYYYYYYYYYYY...|dst_conn|sint
YYYYYYYYYYYYYYYYYYYY..|dst_is_local|bool
YYYYYYYYYYYYYYYYYYYY..|dst_port|sint
YYYYYYYYYYYYYYYYYYYYYY|env(string)|str
YYYYYYYYYYYYYYYYYYYY..|fc_dst|ipv4
YYYYYYYYYYYYYYYYYYYY..|fc_dst_is_local|bool
YYYYYYYYYYYYYYYYYYYY..|fc_dst_port|sint
YYYYYYYYYYYYYYYYYYYY..|fc_err|sint
YYYYYYYYYYYYYYYYYYYY..|fc_err_str|str
YYYYYYYYYYYYYYYYYYYY..|fc_fackets([string])|sint
YYYYYYYYYYYYYYYYYYYY..|fc_http_major|sint
YYYYYYYYYYYYYYYYYYYY..|fc_lost([string])|sint
YYYYYYYYYYYYYYYYYYYY..|fc_pp_authority|str
YYYYYYYYYYYYYYYYYYYY..|fc_pp_unique_id|str
YYYYYYYYYYYYYYYYYYYY..|fc_rcvd_proxy|bool
YYYYYYYYYYYYYYYYYYYY..|fc_reordering([string])|sint
YYYYYYYYYYYYYYYYYYYY..|fc_retrans([string])|sint
YYYYYYYYYYYYYYYYYYYY..|fc_rtt([string])|sint
YYYYYYYYYYYYYYYYYYYY..|fc_rttvar([string])|sint
YYYYYYYYYYYYYYYYYYYY..|fc_sacked([string])|sint
YYYYYYYYYYYYYYYYYYYY..|fc_src|ipv4
YYYYYYYYYYYYYYYYYYYY..|fc_src_is_local|bool
YYYYYYYYYYYYYYYYYYYY..|fc_src_port|sint
YYYYYYYYYYYYYYYYYYYY..|fc_unacked([string])|sint
..YYYYYYYYY...........|fcgi.docroot|str
..YYYYYYYYY...........|fcgi.index|str
YYYYYYYYYYYYYYYYYYY...|fe_client_timeout|sint
YYYYYYYYYYYYYYYYYYYY.Y|fe_conn(frontend)|sint
YYYYYYYYYYYYYYYYYYY...|fe_defbe|str
YYYYYYYYYYYYYYYYYYY...|fe_id|sint
YYYYYYYYYYYYYYYYYYY...|fe_name|str
YYYYYYYYYYYYYYYYYYYY.Y|fe_req_rate(frontend)|sint
YYYYYYYYYYYYYYYYYYYY.Y|fe_sess_rate(frontend)|sint
..YYYYYYYYYYYYYYYY.Y..|hdr([string,integer])|str
..YYYYYYYYY...........|hdr_cnt([string])|sint
..YYYYYYYYY...........|hdr_ip([string,integer])|ipv4
..YYYYYYYYY...........|hdr_val([string,integer])|sint
YYYYYYYYYYYYYYYYYYYYYY|hostname|str
..YYYYYYYYY...........|http_auth(user list)|bool
..YYYYYYYYY...........|http_auth_bearer([string])|str
..YYYYYYYYY...........|http_auth_group(user list)|str
..YYYYYYYYY...........|http_auth_pass|str
..YYYYYYYYY...........|http_auth_type|str
..YYYYYYYYY...........|http_auth_user|str
..YYYYYYYYYYYYYYYYY...|http_first_req|bool
YYYYYYYYYYYYYYYYYYYYYY|int(integer)|sint
..YYYYYYYYYYYYYYYY.Y..|internal.htx.data|sint
..YYYYYYYYYYYYYYYY.Y..|internal.htx.free|sint
..YYYYYYYYYYYYYYYY.Y..|internal.htx.free_data|sint
..YYYYYYYYYYYYYYYY.Y..|internal.htx.has_eom|bool
..YYYYYYYYYYYYYYYY.Y..|internal.htx.nbblks|sint
..YYYYYYYYYYYYYYYY.Y..|internal.htx.size|sint
..YYYYYYYYYYYYYYYY.Y..|internal.htx.used|sint
..YYYYYYYYYYYYYYYY.Y..|internal.htx_blk.data(string)|bin
..YYYYYYYYYYYYYYYY.Y..|internal.htx_blk.hdrname(string)|str
..YYYYYYYYYYYYYYYY.Y..|internal.htx_blk.hdrval(string)|str
..YYYYYYYYYYYYYYYY.Y..|internal.htx_blk.size(string)|sint
..YYYYYYYYYYYYYYYY.Y..|internal.htx_blk.start_line(string)|str
..YYYYYYYYYYYYYYYY.Y..|internal.htx_blk.type(string)|str
YYYYYYYYYYYYYYYYYYYY.Y|internal.strm.is_htx|bool
YYYYYYYYYYYYYYYYYYYYYY|ipv4(IPv4 address)|ipv4
YYYYYYYYYYYYYYYYYYYYYY|ipv6(IPv6 address)|ipv6
YYYYYYYYYYYYYYYYYYYY.Y|last_rule_file|str
YYYYYYYYYYYYYYYYYYYY.Y|last_rule_line|sint
YYYYYYYYYYYYYYYYYYYY.Y|lat_ns_avg|sint
YYYYYYYYYYYYYYYYYYYY.Y|lat_ns_tot|sint
YYYYYYYYYYYYYYYYYYYYYY|meth(string)|meth
..YYYYYYYYYYYYYYYYY...|method|meth
YYYYYYYYYYYYYYYYYYYYYY|nbproc|sint
YYYYYYYYYYYYYYYYYYYY.Y|nbsrv(backend)|sint
..YYYYYYYYY...........|path|str
..YYYYYYYYY...........|pathq|str
..YYYYYYYYYYYYYYYY.Y..|payload(integer,integer)|bin
..YYYYYYYYYYYYYYYY.Y..|payload_lv(integer,integer[,string])|bin
YYYYYYYYYYYYYYYYYYYY.Y|prio_class|sint
YYYYYYYYYYYYYYYYYYYY.Y|prio_offset|sint
YYYYYYYYYYYYYYYYYYYYYY|proc|sint
..YYYYYYYYY...........|query|str
YYYYYYYYYYYYYYYYYYYY.Y|queue(backend)|sint
YYYYYYYYYYYYYYYYYYYYYY|rand([integer])|sint
..YYYYYYYYY...........|rdp_cookie([string])|str
..YYYYYYYYY...........|rdp_cookie_cnt([string])|sint
...........YYYYYYY.Y..|rep_ssl_hello_type|sint
..YYYYYYYYY...........|req.body|bin
..YYYYYYYYY...........|req.body_len|sint
..YYYYYYYYY...........|req.body_param([string])|bin
..YYYYYYYYY...........|req.body_size|sint
..YYYYYYYYY...........|req.cook([string])|str
..YYYYYYYYY...........|req.cook_cnt([string])|sint
..YYYYYYYYY...........|req.cook_val([string])|sint
..YYYYYYYYY...........|req.fhdr([string,integer])|str
..YYYYYYYYY...........|req.fhdr_cnt([string])|sint
..YYYYYYYYY...........|req.hdr([string,integer])|str
..YYYYYYYYY...........|req.hdr_cnt([string])|sint
..YYYYYYYYY...........|req.hdr_ip([string,integer])|ipv4
..YYYYYYYYY...........|req.hdr_names([string])|str
..YYYYYYYYY...........|req.hdr_val([string,integer])|sint
..YYYYYYYYY...........|req.hdrs|bin
..YYYYYYYYY...........|req.hdrs_bin|bin
..YYYYYYYYY...........|req.len|sint
..YYYYYYYYY...........|req.payload(integer,integer)|bin
..YYYYYYYYY...........|req.payload_lv(integer,integer[,string])|bin
..YYYYYYYYYYYYYYYYY...|req.proto_http|bool
..YYYYYYYYY...........|req.rdp_cookie([string])|str
..YYYYYYYYY...........|req.rdp_cookie_cnt([string])|sint
..YYYYYYYYY...........|req.ssl_alpn|str
..YYYYYYYYY...........|req.ssl_ec_ext|bool
..YYYYYYYYY...........|req.ssl_hello_type|sint
..YYYYYYYYY...........|req.ssl_sni|str
..YYYYYYYYY...........|req.ssl_st_ext|sint
..YYYYYYYYY...........|req.ssl_ver|sint
..YYYYYYYYY...........|req.ver|str
..YYYYYYYYY...........|req_len|sint
..YYYYYYYYYYYYYYYYY...|req_proto_http|bool
..YYYYYYYYY...........|req_ssl_hello_type|sint
..YYYYYYYYY...........|req_ssl_sni|str
..YYYYYYYYY...........|req_ssl_ver|sint
..YYYYYYYYY...........|req_ver|str
...........YYYYYYY.Y..|res.body|bin
...........YYYYYYY.Y..|res.body_len|sint
...........YYYYYYY.Y..|res.body_size|sint
..........YYYYYYYYYY..|res.cache_hit|bool
..........YYYYYYYYYY..|res.cache_name|str
...........YYYYYYYYY..|res.comp|bool
...........YYYYYYYYY..|res.comp_algo|str
...........YYYYYYY.Y..|res.cook([string])|str
...........YYYYYYY.Y..|res.cook_cnt([string])|sint
...........YYYYYYY.Y..|res.cook_val([string])|sint
...........YYYYYYY.Y..|res.fhdr([string,integer])|str
...........YYYYYYY.Y..|res.fhdr_cnt([string])|sint
...........YYYYYYY.Y..|res.hdr([string,integer])|str
...........YYYYYYY.Y..|res.hdr_cnt([string])|sint
...........YYYYYYY.Y..|res.hdr_ip([string,integer])|ipv4
...........YYYYYYY.Y..|res.hdr_names([string])|str
...........YYYYYYY.Y..|res.hdr_val([string,integer])|sint
...........YYYYYYY.Y..|res.hdrs|bin
...........YYYYYYY.Y..|res.hdrs_bin|bin
...........YYYYYYY.Y..|res.len|sint
...........YYYYYYY.Y..|res.payload(integer,integer)|bin
...........YYYYYYY.Y..|res.payload_lv(integer,integer[,string])|bin
...........YYYYYYY.Y..|res.ssl_hello_type|sint
...........YYYYYYY.Y..|res.ver|str
...........YYYYYYY.Y..|resp_ver|str
YYYYYYYYYYYYYYYYYYYY.Y|sc0_bytes_in_rate([table])|sint
YYYYYYYYYYYYYYYYYYYY.Y|sc0_bytes_out_rate([table])|sint
YYYYYYYYYYYYYYYYYYYY.Y|sc0_clr_gpc0([table])|sint
YYYYYYYYYYYYYYYYYYYY.Y|sc0_clr_gpc1([table])|sint
YYYYYYYYYYYYYYYYYYYY.Y|sc0_conn_cnt([table])|sint
YYYYYYYYYYYYYYYYYYYY.Y|sc0_conn_cur([table])|sint
YYYYYYYYYYYYYYYYYYYY.Y|sc0_conn_rate([table])|sint
YYYYYYYYYYYYYYYYYYYY.Y|sc0_get_gpc0([table])|sint
YYYYYYYYYYYYYYYYYYYY.Y|sc0_get_gpc1([table])|sint
YYYYYYYYYYYYYYYYYYYY.Y|sc0_get_gpt0([table])|sint
YYYYYYYYYYYYYYYYYYYY.Y|sc0_gpc0_rate([table])|sint
YYYYYYYYYYYYYYYYYYYY.Y|sc0_gpc1_rate([table])|sint
YYYYYYYYYYYYYYYYYYYY.Y|sc0_http_err_cnt([table])|sint
YYYYYYYYYYYYYYYYYYYY.Y|sc0_http_err_rate([table])|sint
YYYYYYYYYYYYYYYYYYYY.Y|sc0_http_fail_cnt([table])|sint
YYYYYYYYYYYYYYYYYYYY.Y|sc0_http_fail_rate([table])|sint
YYYYYYYYYYYYYYYYYYYY.Y|sc0_http_req_cnt([table])|sint
YYYYYYYYYYYYYYYYYYYY.Y|sc0_http_req_rate([table])|sint
YYYYYYYYYYYYYYYYYYYY.Y|sc0_inc_gpc0([table])|sint
YYYYYYYYYYYYYYYYYYYY.Y|sc0_inc_gpc1([table])|sint
YYYYYYYYYYYYYYYYYYYY..|sc0_kbytes_in([table])|sint
YYYYYYYYYYYYYYYYYYYY..|sc0_kbytes_out([table])|sint
YYYYYYYYYYYYYYYYYYYY.Y|sc0_sess_cnt([table])|sint
YYYYYYYYYYYYYYYYYYYY.Y|sc0_sess_rate([table])|sint
YYYYYYYYYYYYYYYYYYYY.Y|sc0_tracked([table])|bool
YYYYYYYYYYYYYYYYYYYY.Y|sc0_trackers([table])|sint
YYYYYYYYYYYYYYYYYYYY.Y|sc1_bytes_in_rate([table])|sint
YYYYYYYYYYYYYYYYYYYY.Y|sc1_bytes_out_rate([table])|sint
YYYYYYYYYYYYYYYYYYYY.Y|sc1_clr_gpc(integer[,table])|sint
YYYYYYYYYYYYYYYYYYYY.Y|sc1_clr_gpc0([table])|sint
YYYYYYYYYYYYYYYYYYYY.Y|sc1_clr_gpc1([table])|sint
YYYYYYYYYYYYYYYYYYYY.Y|sc1_conn_cnt([table])|sint
YYYYYYYYYYYYYYYYYYYY.Y|sc1_conn_cur([table])|sint
YYYYYYYYYYYYYYYYYYYY.Y|sc1_conn_rate([table])|sint
YYYYYYYYYYYYYYYYYYYY.Y|sc1_get_gpc0([table])|sint
YYYYYYYYYYYYYYYYYYYY.Y|sc1_get_gpc1([table])|sint
YYYYYYYYYYYYYYYYYYYY.Y|sc1_get_gpt0([table])|sint
YYYYYYYYYYYYYYYYYYYY.Y|sc1_gpc0_rate([table])|sint
YYYYYYYYYYYYYYYYYYYY.Y|sc1_gpc1_rate([table])|sint
YYYYYYYYYYYYYYYYYYYY.Y|sc1_http_err_cnt([table])|sint
YYYYYYYYYYYYYYYYYYYY.Y|sc1_http_err_rate([table])|sint
YYYYYYYYYYYYYYYYYYYY.Y|sc1_http_fail_cnt([table])|sint
YYYYYYYYYYYYYYYYYYYY.Y|sc1_http_fail_rate([table])|sint
YYYYYYYYYYYYYYYYYYYY.Y|sc1_http_req_cnt([table])|sint
YYYYYYYYYYYYYYYYYYYY.Y|sc1_http_req_rate([table])|sint
YYYYYYYYYYYYYYYYYYYY.Y|sc1_inc_gpc0([table])|sint
YYYYYYYYYYYYYYYYYYYY.Y|sc1_inc_gpc1([table])|sint
YYYYYYYYYYYYYYYYYYYY..|sc1_kbytes_in([table])|sint
YYYYYYYYYYYYYYYYYYYY..|sc1_kbytes_out([table])|sint
YYYYYYYYYYYYYYYYYYYY.Y|sc1_sess_cnt([table])|sint
YYYYYYYYYYYYYYYYYYYY.Y|sc1_sess_rate([table])|sint
YYYYYYYYYYYYYYYYYYYY.Y|sc1_tracked([table])|bool
YYYYYYYYYYYYYYYYYYYY.Y|sc1_trackers([table])|sint
YYYYYYYYYYYYYYYYYYYY.Y|sc2_bytes_in_rate([table])|sint
YYYYYYYYYYYYYYYYYYYY.Y|sc2_bytes_out_rate([table])|sint
YYYYYYYYYYYYYYYYYYYY.Y|sc2_clr_gpc0([table])|sint
YYYYYYYYYYYYYYYYYYYY.Y|sc2_clr_gpc1([table])|sint
YYYYYYYYYYYYYYYYYYYY.Y|sc2_conn_cnt([table])|sint
YYYYYYYYYYYYYYYYYYYY.Y|sc2_conn_cur([table])|sint
YYYYYYYYYYYYYYYYYYYY.Y|sc2_conn_rate([table])|sint
YYYYYYYYYYYYYYYYYYYY.Y|sc2_get_gpc0([table])|sint
YYYYYYYYYYYYYYYYYYYY.Y|sc2_get_gpc1([table])|sint
YYYYYYYYYYYYYYYYYYYY.Y|sc2_get_gpt0([table])|sint
YYYYYYYYYYYYYYYYYYYY.Y|sc2_gpc0_rate([table])|sint
YYYYYYYYYYYYYYYYYYYY.Y|sc2_gpc1_rate([table])|sint
YYYYYYYYYYYYYYYYYYYY.Y|sc2_http_err_cnt([table])|sint
YYYYYYYYYYYYYYYYYYYY.Y|sc2_http_err_rate([table])|sint
YYYYYYYYYYYYYYYYYYYY.Y|sc2_http_fail_cnt([table])|sint
YYYYYYYYYYYYYYYYYYYY.Y|sc2_http_fail_rate([table])|sint
YYYYYYYYYYYYYYYYYYYY.Y|sc2_http_req_cnt([table])|sint
YYYYYYYYYYYYYYYYYYYY.Y|sc2_http_req_rate([table])|sint
YYYYYYYYYYYYYYYYYYYY.Y|sc2_inc_gpc0([table])|sint
YYYYYYYYYYYYYYYYYYYY.Y|sc2_inc_gpc1([table])|sint
YYYYYYYYYYYYYYYYYYYY..|sc2_kbytes_in([table])|sint
YYYYYYYYYYYYYYYYYYYY..|sc2_kbytes_out([table])|sint
YYYYYYYYYYYYYYYYYYYY.Y|sc2_sess_cnt([table])|sint
YYYYYYYYYYYYYYYYYYYY.Y|sc2_sess_rate([table])|sint
YYYYYYYYYYYYYYYYYYYY.Y|sc2_tracked([table])|bool
YYYYYYYYYYYYYYYYYYYY.Y|sc2_trackers([table])|sint
YYYYYYYYYYYYYYYYYYYY.Y|sc_bytes_in_rate(integer[,table])|sint
YYYYYYYYYYYYYYYYYYYY.Y|sc_bytes_out_rate(integer[,table])|sint
YYYYYYYYYYYYYYYYYYYY.Y|sc_clr_gpc(integer,integer[,table])|sint
YYYYYYYYYYYYYYYYYYYY.Y|sc_clr_gpc0(integer[,table])|sint
YYYYYYYYYYYYYYYYYYYY.Y|sc_clr_gpc1(integer[,table])|sint
YYYYYYYYYYYYYYYYYYYY.Y|sc_conn_cnt(integer[,table])|sint
YYYYYYYYYYYYYYYYYYYY.Y|sc_conn_cur(integer[,table])|sint
YYYYYYYYYYYYYYYYYYYY.Y|sc_conn_rate(integer[,table])|sint
YYYYYYYYYYYYYYYYYYYY.Y|sc_get_gpc(integer,integer[,table])|sint
YYYYYYYYYYYYYYYYYYYY.Y|sc_get_gpc0(integer[,table])|sint
YYYYYYYYYYYYYYYYYYYY.Y|sc_get_gpc1(integer[,table])|sint
YYYYYYYYYYYYYYYYYYYY.Y|sc_get_gpt(integer,integer[,table])|sint
YYYYYYYYYYYYYYYYYYYY.Y|sc_get_gpt0(integer[,table])|sint
YYYYYYYYYYYYYYYYYYYY.Y|sc_gpc0_rate(integer[,table])|sint
YYYYYYYYYYYYYYYYYYYY.Y|sc_gpc1_rate(integer[,table])|sint
YYYYYYYYYYYYYYYYYYYY.Y|sc_gpc_rate(integer,integer[,table])|sint
YYYYYYYYYYYYYYYYYYYY.Y|sc_http_err_cnt(integer[,table])|sint
YYYYYYYYYYYYYYYYYYYY.Y|sc_http_err_rate(integer[,table])|sint
YYYYYYYYYYYYYYYYYYYY.Y|sc_http_fail_cnt(integer[,table])|sint
YYYYYYYYYYYYYYYYYYYY.Y|sc_http_fail_rate(integer[,table])|sint
YYYYYYYYYYYYYYYYYYYY.Y|sc_http_req_cnt(integer[,table])|sint
YYYYYYYYYYYYYYYYYYYY.Y|sc_http_req_rate(integer[,table])|sint
YYYYYYYYYYYYYYYYYYYY.Y|sc_inc_gpc(integer,integer[,table])|sint
YYYYYYYYYYYYYYYYYYYY.Y|sc_inc_gpc0(integer[,table])|sint
YYYYYYYYYYYYYYYYYYYY.Y|sc_inc_gpc1(integer[,table])|sint
YYYYYYYYYYYYYYYYYYYY..|sc_kbytes_in(integer[,table])|sint
YYYYYYYYYYYYYYYYYYYY..|sc_kbytes_out(integer[,table])|sint
YYYYYYYYYYYYYYYYYYYY.Y|sc_sess_cnt(integer[,table])|sint
YYYYYYYYYYYYYYYYYYYY.Y|sc_sess_rate(integer[,table])|sint
YYYYYYYYYYYYYYYYYYYY.Y|sc_tracked(integer[,table])|bool
YYYYYYYYYYYYYYYYYYYY.Y|sc_trackers(integer[,table])|sint
...........YYYYYYY.Y..|scook([string])|str
...........YYYYYYY.Y..|scook_cnt([string])|sint
...........YYYYYYY.Y..|scook_val([string])|sint
...........YYYYYYY.Y..|shdr([string,integer])|str
...........YYYYYYY.Y..|shdr_cnt([string])|sint
...........YYYYYYY.Y..|shdr_ip([string,integer])|ipv4
...........YYYYYYY.Y..|shdr_val([string,integer])|sint
YYYYYYYYYYYYYYYYYYY...|so_id|sint
YYYYYYYYYYYYYYYYYYY...|so_name|str
YYYYYYYYYYYYYYYYYYYY..|src|ipv4
YYYYYYYYYYYYYYYYYYYY..|src_bytes_in_rate(table)|sint
YYYYYYYYYYYYYYYYYYYY..|src_bytes_out_rate(table)|sint
YYYYYYYYYYYYYYYYYYYY..|src_clr_gpc(integer,table)|sint
YYYYYYYYYYYYYYYYYYYY..|src_clr_gpc0(table)|sint
YYYYYYYYYYYYYYYYYYYY..|src_clr_gpc1(table)|sint
YYYYYYYYYYYYYYYYYYYY..|src_conn_cnt(table)|sint
YYYYYYYYYYYYYYYYYYYY..|src_conn_cur(table)|sint
YYYYYYYYYYYYYYYYYYYY..|src_conn_rate(table)|sint
YYYYYYYYYYYYYYYYYYYY..|src_get_gpc(integer,table)|sint
YYYYYYYYYYYYYYYYYYYY..|src_get_gpc0(table)|sint
YYYYYYYYYYYYYYYYYYYY..|src_get_gpc1(table)|sint
YYYYYYYYYYYYYYYYYYYY..|src_get_gpt(integer,table)|sint
YYYYYYYYYYYYYYYYYYYY..|src_get_gpt0(table)|sint
YYYYYYYYYYYYYYYYYYYY..|src_gpc0_rate(table)|sint
YYYYYYYYYYYYYYYYYYYY..|src_gpc1_rate(table)|sint
YYYYYYYYYYYYYYYYYYYY..|src_gpc_rate(integer,table)|sint
YYYYYYYYYYYYYYYYYYYY..|src_http_err_cnt(table)|sint
YYYYYYYYYYYYYYYYYYYY..|src_http_err_rate(table)|sint
YYYYYYYYYYYYYYYYYYYY..|src_http_fail_cnt(table)|sint
YYYYYYYYYYYYYYYYYYYY..|src_http_fail_rate(table)|sint
YYYYYYYYYYYYYYYYYYYY..|src_http_req_cnt(table)|sint
YYYYYYYYYYYYYYYYYYYY..|src_http_req_rate(table)|sint
YYYYYYYYYYYYYYYYYYYY..|src_inc_gpc(integer,table)|sint
YYYYYYYYYYYYYYYYYYYY..|src_inc_gpc0(table)|sint
YYYYYYYYYYYYYYYYYYYY..|src_inc_gpc1(table)|sint
YYYYYYYYYYYYYYYYYYYY..|src_is_local|bool
YYYYYYYYYYYYYYYYYYYY..|src_kbytes_in(table)|sint
YYYYYYYYYYYYYYYYYYYY..|src_kbytes_out(table)|sint
YYYYYYYYYYYYYYYYYYYY..|src_port|sint
YYYYYYYYYYYYYYYYYYYY..|src_sess_cnt(table)|sint
YYYYYYYYYYYYYYYYYYYY..|src_sess_rate(table)|sint
YYYYYYYYYYYYYYYYYYYY..|src_updt_conn_cnt(table)|sint
YYYYYYYYYYYYYYYYYYYY.Y|srv_conn(server)|sint
YYYYYYYYYYYYYYYYYYYY.Y|srv_conn_free(server)|sint
..........YYYYYYYYYY..|srv_id|sint
YYYYYYYYYYYYYYYYYYYY.Y|srv_is_up(server)|bool
YYYYYYYYYYYYYYYYYYYY.Y|srv_iweight(server)|sint
..........YYYYYYYYYY..|srv_name|str
YYYYYYYYYYYYYYYYYYYY.Y|srv_queue(server)|sint
YYYYYYYYYYYYYYYYYYYY.Y|srv_sess_rate(server)|sint
YYYYYYYYYYYYYYYYYYYY.Y|srv_uweight(server)|sint
YYYYYYYYYYYYYYYYYYYY.Y|srv_weight(server)|sint
...........YYYYYYYYY..|ssl_bc|bool
...........YYYYYYYYY..|ssl_bc_alg_keysize|sint
...........YYYYYYYYY..|ssl_bc_alpn|str
...........YYYYYYYYY..|ssl_bc_cipher|str
...........YYYYYYYYY..|ssl_bc_client_random|bin
...........YYYYYYYYY..|ssl_bc_err|sint
...........YYYYYYYYY..|ssl_bc_err_str|str
...........YYYYYYYYY..|ssl_bc_is_resumed|bool
...........YYYYYYYYY..|ssl_bc_npn|str
...........YYYYYYYYY..|ssl_bc_protocol|str
...........YYYYYYYYY..|ssl_bc_server_random|bin
...........YYYYYYYYY..|ssl_bc_session_id|bin
...........YYYYYYYYY..|ssl_bc_session_key|bin
...........YYYYYYYYY..|ssl_bc_unique_id|bin
...........YYYYYYYYY..|ssl_bc_use_keysize|sint
.YYYYYYYYYYYYYYYYYY...|ssl_c_ca_err|sint
.YYYYYYYYYYYYYYYYYY...|ssl_c_ca_err_depth|sint
.YYYYYYYYYYYYYYYYYY...|ssl_c_chain_der|bin
.YYYYYYYYYYYYYYYYYY...|ssl_c_der|bin
.YYYYYYYYYYYYYYYYYY...|ssl_c_err|sint
.YYYYYYYYYYYYYYYYYY...|ssl_c_i_dn([string,integer,string])|str
.YYYYYYYYYYYYYYYYYY...|ssl_c_key_alg|str
.YYYYYYYYYYYYYYYYYY...|ssl_c_notafter|str
.YYYYYYYYYYYYYYYYYY...|ssl_c_notbefore|str
.YYYYYYYYYYYYYYYYYY...|ssl_c_s_dn([string,integer,string])|str
.YYYYYYYYYYYYYYYYYY...|ssl_c_serial|bin
.YYYYYYYYYYYYYYYYYY...|ssl_c_sha1|bin
.YYYYYYYYYYYYYYYYYY...|ssl_c_sig_alg|str
.YYYYYYYYYYYYYYYYYY...|ssl_c_used|bool
.YYYYYYYYYYYYYYYYYY...|ssl_c_verify|sint
.YYYYYYYYYYYYYYYYYY...|ssl_c_version|sint
.YYYYYYYYYYYYYYYYYY...|ssl_f_der|bin
.YYYYYYYYYYYYYYYYYY...|ssl_f_i_dn([string,integer,string])|str
.YYYYYYYYYYYYYYYYYY...|ssl_f_key_alg|str
.YYYYYYYYYYYYYYYYYY...|ssl_f_notafter|str
.YYYYYYYYYYYYYYYYYY...|ssl_f_notbefore|str
.YYYYYYYYYYYYYYYYYY...|ssl_f_s_dn([string,integer,string])|str
.YYYYYYYYYYYYYYYYYY...|ssl_f_serial|bin
.YYYYYYYYYYYYYYYYYY...|ssl_f_sha1|bin
.YYYYYYYYYYYYYYYYYY...|ssl_f_sig_alg|str
.YYYYYYYYYYYYYYYYYY...|ssl_f_version|sint
.YYYYYYYYYYYYYYYYYY...|ssl_fc|bool
.YYYYYYYYYYYYYYYYYY...|ssl_fc_alg_keysize|sint
.YYYYYYYYYYYYYYYYYY...|ssl_fc_alpn|str
.YYYYYYYYYYYYYYYYYY...|ssl_fc_cipher|str
.YYYYYYYYYYYYYYYYYY...|ssl_fc_cipherlist_bin([integer])|str
.YYYYYYYYYYYYYYYYYY...|ssl_fc_cipherlist_hex([integer])|bin
.YYYYYYYYYYYYYYYYYY...|ssl_fc_cipherlist_str([integer])|str
.YYYYYYYYYYYYYYYYYY...|ssl_fc_cipherlist_xxh|sint
.YYYYYYYYYYYYYYYYYY...|ssl_fc_client_early_traffic_secret|str
.YYYYYYYYYYYYYYYYYY...|ssl_fc_client_handshake_traffic_secret|str
.YYYYYYYYYYYYYYYYYY...|ssl_fc_client_random|bin
.YYYYYYYYYYYYYYYYYY...|ssl_fc_client_traffic_secret_0|str
.YYYYYYYYYYYYYYYYYY...|ssl_fc_early_exporter_secret|str
.YYYYYYYYYYYYYYYYYY...|ssl_fc_ecformats_bin|str
.YYYYYYYYYYYYYYYYYY...|ssl_fc_eclist_bin([integer])|str
.YYYYYYYYYYYYYYYYYY...|ssl_fc_err|sint
.YYYYYYYYYYYYYYYYYY...|ssl_fc_err_str|str
.YYYYYYYYYYYYYYYYYY...|ssl_fc_exporter_secret|str
.YYYYYYYYYYYYYYYYYY...|ssl_fc_extlist_bin([integer])|str
.YYYYYYYYYYYYYYYYYY...|ssl_fc_has_crt|bool
.YYYYYYYYYYYYYYYYYY...|ssl_fc_has_early|bool
.YYYYYYYYYYYYYYYYYY...|ssl_fc_has_sni|bool
.YYYYYYYYYYYYYYYYYY...|ssl_fc_is_resumed|bool
.YYYYYYYYYYYYYYYYYY...|ssl_fc_npn|str
.YYYYYYYYYYYYYYYYYY...|ssl_fc_protocol|str
.YYYYYYYYYYYYYYYYYY...|ssl_fc_protocol_hello_id|sint
.YYYYYYYYYYYYYYYYYY...|ssl_fc_server_handshake_traffic_secret|str
.YYYYYYYYYYYYYYYYYY...|ssl_fc_server_random|bin
.YYYYYYYYYYYYYYYYYY...|ssl_fc_server_traffic_secret_0|str
.YYYYYYYYYYYYYYYYYY...|ssl_fc_session_id|bin
.YYYYYYYYYYYYYYYYYY...|ssl_fc_session_key|bin
.YYYYYYYYYYYYYYYYYY...|ssl_fc_sni|str
.YYYYYYYYYYYYYYYYYY...|ssl_fc_unique_id|bin
.YYYYYYYYYYYYYYYYYY...|ssl_fc_use_keysize|sint
.YYYYYYYYYYYYYYYYYY...|ssl_s_chain_der|bin
.YYYYYYYYYYYYYYYYYY...|ssl_s_der|bin
.YYYYYYYYYYYYYYYYYY...|ssl_s_i_dn([string,integer,string])|str
.YYYYYYYYYYYYYYYYYY...|ssl_s_key_alg|str
.YYYYYYYYYYYYYYYYYY...|ssl_s_notafter|str
.YYYYYYYYYYYYYYYYYY...|ssl_s_notbefore|str
.YYYYYYYYYYYYYYYYYY...|ssl_s_s_dn([string,integer,string])|str
.YYYYYYYYYYYYYYYYYY...|ssl_s_serial|bin
.YYYYYYYYYYYYYYYYYY...|ssl_s_sha1|bin
.YYYYYYYYYYYYYYYYYY...|ssl_s_sig_alg|str
.YYYYYYYYYYYYYYYYYY...|ssl_s_version|sint
...........YYYYYYYYY..|status|sint
YYYYYYYYYYYYYYYYYYYY.Y|stopping|bool
YYYYYYYYYYYYYYYYYYYYYY|str(string)|str
YYYYYYYYYYYYYYYYYYYY.Y|table_avl(table)|sint
YYYYYYYYYYYYYYYYYYYY.Y|table_cnt(table)|sint
YYYYYYYYYYYYYYYYYYYYYY|thread|sint
YYYYYYYYYYYYYYYYYYYYYY|unique-id|str
..YYYYYYYYY...........|url|str
..YYYYYYYYY...........|url32|sint
..YYYYYYYYY...........|url32+src|bin
..YYYYYYYYY...........|url_ip|ipv4
..YYYYYYYYY...........|url_param([string,string])|str
..YYYYYYYYY...........|url_port|sint
..YYYYYYYYY...........|urlp([string,string])|str
..YYYYYYYYY...........|urlp_val([string,string])|sint
YYYYYYYYYYYYYYYYYYYYYY|uuid([integer])|str
YYYYYYYYYYYYYYYYYYYYYY|var(string[,string])|any
YYYYYYYYYYYYYYYYYYYY.Y|wait_end|bool
`;

export interface FetchInfo {
  readonly name: string;
  /** Argument spec as HAProxy prints it: `(backend)`, `([string])`, or '' for none. */
  readonly args: string;
  readonly type: string;
  /** One Y/. character per FETCH_CONTEXTS entry. */
  readonly mask: string;
}

export const SAMPLE_FETCHES: ReadonlyMap<string, FetchInfo> = new Map(
  FETCH_LINES.split('\n')
    .filter((l) => l.includes('|'))
    .map((l): [string, FetchInfo] => {
      const [mask, sig, type] = l.split('|') as [string, string, string];
      const p = sig.indexOf('(');
      const name = p < 0 ? sig : sig.slice(0, p);
      return [name, { name, args: p < 0 ? '' : sig.slice(p), type, mask }];
    }),
);

/** ACL keywords that are aliases of a fetch with a default match method (`path_beg` = `path -m beg`). */
export const ACL_KEYWORDS: ReadonlyMap<string, { fetch: string; match: string }> = new Map(
  (
    `
    base=base=str base_beg=base=beg base_dir=base=dir base_dom=base=dom base_end=base=end
    base_len=base=len base_reg=base=reg base_sub=base=sub cook=req.cook=str cook_beg=req.cook=beg
    cook_dir=req.cook=dir cook_dom=req.cook=dom cook_end=req.cook=end cook_len=req.cook=len
    cook_reg=req.cook=reg cook_sub=req.cook=sub hdr=req.hdr=str hdr_beg=req.hdr=beg hdr_dir=req.hdr=dir
    hdr_dom=req.hdr=dom hdr_end=req.hdr=end hdr_len=req.hdr=len hdr_reg=req.hdr=reg hdr_sub=req.hdr=sub
    http_auth_group=http_auth_group=str method=method=str path=path=str path_beg=path=beg
    path_dir=path=dir path_dom=path=dom path_end=path=end path_len=path=len path_reg=path=reg
    path_sub=path=sub payload=req.payload=bin payload_lv=req.payload_lv=bin req.ssl_ver=req.ssl_ver=int
    req_rdp_cookie=req.rdp_cookie=str req_rdp_cookie_cnt=req.rdp_cookie_cnt=int
    req_ssl_sni=req.ssl_sni=str req_ssl_ver=req.ssl_ver=int req_ver=req.ver=str resp_ver=res.ver=str
    scook=res.cook=str scook_beg=res.cook=beg scook_dir=res.cook=dir scook_dom=res.cook=dom
    scook_end=res.cook=end scook_len=res.cook=len scook_reg=res.cook=reg scook_sub=res.cook=sub
    shdr=res.hdr=str shdr_beg=res.hdr=beg shdr_dir=res.hdr=dir shdr_dom=res.hdr=dom
    shdr_end=res.hdr=end shdr_len=res.hdr=len shdr_reg=res.hdr=reg shdr_sub=res.hdr=sub
    ssl_fc_sni_end=ssl_fc_sni=end ssl_fc_sni_reg=ssl_fc_sni=reg url=url=str url_beg=url=beg
    url_dir=url=dir url_dom=url=dom url_end=url=end url_len=url=len url_reg=url=reg url_sub=url=sub
    urlp=urlp=str urlp_beg=urlp=beg urlp_dir=urlp=dir urlp_dom=urlp=dom urlp_end=urlp=end
    urlp_len=urlp=len urlp_reg=urlp=reg urlp_sub=urlp=sub`
  )
    .trim()
    .split(/\s+/)
    .map((e): [string, { fetch: string; match: string }] => {
      const [k, fetch, match] = e.split('=') as [string, string, string];
      return [k, { fetch, match }];
    }),
);

/** Match methods accepted by `-m`. */
export const MATCH_METHODS: ReadonlySet<string> = new Set([
  'found', 'bool', 'int', 'ip', 'bin', 'len', 'str', 'beg', 'end', 'sub', 'reg', 'dir', 'dom',
]);

/** Is `name` a sample fetch or an ACL keyword HAProxy 2.6 knows? */
export function isKnownFetch(name: string): boolean {
  return SAMPLE_FETCHES.has(name) || ACL_KEYWORDS.has(name);
}

/** Sample converter names (`haproxy -dKcnv`). */
export const CONVERTERS: ReadonlySet<string> = new Set(
  `
    add add_item aes_gcm_dec and b64dec base64 be2dec be2hex bool bytes capture-req capture-res concat
    cpl crc32 crc32c cut_crlf debug digest div djb2 even field fix_is_valid fix_tag_value hex hex2i
    hmac host_only htonl http_date iif in_table ipmask json json_query jwt_header_query
    jwt_payload_query jwt_verify language length lower ltime ltrim map map_beg map_beg_int map_beg_ip
    map_dir map_dir_int map_dir_ip map_dom map_dom_int map_dom_ip map_end map_end_int map_end_ip
    map_int map_int_int map_int_ip map_ip map_ip_int map_ip_ip map_reg map_reg_int map_reg_ip map_regm
    map_str map_str_int map_str_ip map_sub map_sub_int map_sub_ip mod mqtt_field_value mqtt_is_valid
    mul nbsrv neg not odd or port_only protobuf regsub rtrim sdbm secure_memcmp set-var sha1 sha2
    srv_queue strcmp sub table_bytes_in_rate table_bytes_out_rate table_conn_cnt table_conn_cur
    table_conn_rate table_expire table_gpc table_gpc0 table_gpc0_rate table_gpc1 table_gpc1_rate
    table_gpc_rate table_gpt table_gpt0 table_http_err_cnt table_http_err_rate table_http_fail_cnt
    table_http_fail_rate table_http_req_cnt table_http_req_rate table_idle table_kbytes_in
    table_kbytes_out table_server_id table_sess_cnt table_sess_rate table_trackers ub64dec ub64enc
    ungrpc unset-var upper url_dec url_enc utime word wt6 xor xxh3 xxh32 xxh64`
    .trim()
    .split(/\s+/),
);
