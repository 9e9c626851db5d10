/** HTTP response fetches: status, headers, cookies, version, body. */
import { simple, type FetchBuilder } from './types.js';
import { cookieCountFetch, cookieFetch, cookieValFetch, headerCountFetch, headerFetch, headerIpFetch, headerValFetch } from './http-req.js';

const resVer = simple('str', (c) => (c.res ? (c.res.version === 11 ? '1.1' : '1.0') : undefined));

export const HTTP_RES_FETCHES: Record<string, FetchBuilder> = {
  status: simple('sint', (c) => c.res?.status),
  'res.hdr': headerFetch(true, true),
  shdr: headerFetch(true, true),
  'res.fhdr': headerFetch(true, false),
  'res.hdr_cnt': headerCountFetch(true, true),
  shdr_cnt: headerCountFetch(true, true),
  'res.fhdr_cnt': headerCountFetch(true, false),
  'res.hdr_val': headerValFetch(true),
  shdr_val: headerValFetch(true),
  'res.hdr_ip': headerIpFetch(true),
  shdr_ip: headerIpFetch(true),
  'res.hdr_names': (args) => {
    const d = args[0] ?? ',';
    return { type: 'str', one: (c) => (c.res ? c.res.headers.map((h) => h.lname).join(d) : undefined) };
  },
  'res.cook': cookieFetch(true),
  scook: cookieFetch(true),
  'res.cook_cnt': cookieCountFetch(true),
  scook_cnt: cookieCountFetch(true),
  'res.cook_val': cookieValFetch(true),
  scook_val: cookieValFetch(true),
  'res.ver': resVer,
  resp_ver: resVer,
  'capture.res.ver': resVer,
  'res.body': simple('bin', (c) => c.resBody),
  'res.body_len': simple('sint', (c) => c.resBody?.length),
  'res.body_size': simple('sint', (c) => {
    const f = c.res?.framing;
    return f?.kind === 'length' ? f.length : c.resBody?.length;
  }),
};
