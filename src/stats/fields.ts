/**
 * The columns of HAProxy 2.6's stats CSV, in its order (read from `haproxy` 2.6's `;csv` header):
 * the generic fields, the '-' separator, then the ssl, h2 and h1 module fields. Each has its
 * "show stat typed" nature (K key, C config, S status, M metric; origin and scope letters) and
 * type, so callers can print the typed and JSON forms.
 */
export interface FieldDef {
  readonly name: string;
  /** Three letters of `show stat typed`: nature, origin, scope (e.g. MCP). */
  readonly nature: string;
  readonly type: 'str' | 'u32' | 's32' | 'u64';
}

const GENERIC = `pxname KNS str,svname KNS str,qcur MGP u32,qmax MMP u32,scur MGP u32,smax MMP u32,slim CLP u32,
stot MCP u64,bin MCP u64,bout MCP u64,dreq MCP u64,dresp MCP u64,ereq MCP u64,econ MCP u64,eresp MCP u64,
wretr MCP u64,wredis MCP u64,status SGP str,weight MaP u32,act MGP u32,bck MGP u32,chkfail MCP u64,
chkdown MCP u64,lastchg MAP u32,downtime MCP u32,qlimit CGS u32,pid KGP u32,iid KGS u32,sid KGS u32,
throttle MGP u32,lbtot MCP u64,tracked CNS str,type CGS u32,rate MRP u32,rate_lim CLP u32,rate_max MMP u32,
check_status MOP str,check_code MOP u32,check_duration MDP u64,hrsp_1xx MCP u64,hrsp_2xx MCP u64,
hrsp_3xx MCP u64,hrsp_4xx MCP u64,hrsp_5xx MCP u64,hrsp_other MCP u64,hanafail MCP u64,req_rate MRP u32,
req_rate_max MMP u32,req_tot MCP u64,cli_abrt MCP u64,srv_abrt MCP u64,comp_in MCP u64,comp_out MCP u64,
comp_byp MCP u64,comp_rsp MCP u64,lastsess MAP s32,last_chk MOP str,last_agt MOP str,qtime MaP u32,
ctime MaP u32,rtime MaP u32,ttime MaP u32,agent_status MOP str,agent_code MOP u32,agent_duration MDP u64,
check_desc MOP str,agent_desc MOP str,check_rise CGS u32,check_fall CGS u32,check_health CGS u32,
agent_rise MaS u32,agent_fall MaS u32,agent_health MaS u32,addr CGS str,cookie CNS str,mode CGS str,
algo CGS str,conn_rate MRP u32,conn_rate_max MMP u32,conn_tot MCP u64,intercepted MCP u64,dcon MCP u64,
dses MCP u64,wrew MCP u64,connect MCP u64,reuse MCP u64,cache_lookups MCP u64,cache_hits MCP u64,
srv_icur MGP u32,src_ilim MGP u32,qtime_max MMP u32,ctime_max MMP u32,rtime_max MMP u32,ttime_max MMP u32,
eint MCP u64,idle_conn_cur MGP u32,safe_conn_cur MGP u32,used_conn_cur MGP u32,need_conn_est MGP u32,
uweight MaP u32,agg_server_status MGP u32,agg_server_check_status MGP u32,agg_check_status MGP u32`;

const MODULES = `ssl_sess MCP u64,ssl_reused_sess MCP u64,ssl_failed_handshake MCP u64,h2_headers_rcvd MCP u64,
h2_data_rcvd MCP u64,h2_settings_rcvd MCP u64,h2_rst_stream_rcvd MCP u64,h2_goaway_rcvd MCP u64,
h2_detected_conn_protocol_errors MCP u64,h2_detected_strm_protocol_errors MCP u64,h2_rst_stream_resp MCP u64,
h2_goaway_resp MCP u64,h2_open_connections MGP u64,h2_backend_open_streams MGP u64,h2_total_connections MCP u64,
h2_backend_total_streams MCP u64,h1_open_connections MGP u64,h1_open_streams MGP u64,
h1_total_connections MCP u64,h1_total_streams MCP u64,h1_bytes_in MCP u64,h1_bytes_out MCP u64,
h1_spliced_bytes_in MCP u64,h1_spliced_bytes_out MCP u64`;

function parse(s: string): FieldDef[] {
  return s
    .split(',')
    .map((x) => x.trim().split(/\s+/))
    .map(([name, nature, type]) => ({ name: name!, nature: nature!, type: type as FieldDef['type'] }));
}

/** Generic fields (0..102, HAProxy's ST_F_*). */
export const GENERIC_FIELDS: readonly FieldDef[] = parse(GENERIC);
/** Module fields, after the '-' column (typed output numbers them from 103). */
export const MODULE_FIELDS: readonly FieldDef[] = parse(MODULES);
/** Every CSV column in order, with the '-' separator. */
export const CSV_COLUMNS: readonly string[] = [...GENERIC_FIELDS.map((f) => f.name), '-', ...MODULE_FIELDS.map((f) => f.name)];

/** Column index by name (CSV order). */
export const COL: Readonly<Record<string, number>> = Object.fromEntries(CSV_COLUMNS.map((n, i) => [n, i]));

/** HAProxy's stats object types: frontend, backend, server, listener (STATS_TYPE_FE/BE/SV/SO). */
export type StatType = 0 | 1 | 2 | 3;
export const TYPE_FE = 0;
export const TYPE_BE = 1;
export const TYPE_SV = 2;
export const TYPE_SO = 3;
