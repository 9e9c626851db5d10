/** Post-parse checks about global, userlist, resolvers, peers, cache and http-errors references. */
import type { ConfigCheck } from '../validate.js';

/** Users' groups and groups' users must exist in the same userlist. */
const checkUserlists: ConfigCheck = (cfg, diag) => {
  for (const u of cfg.userlists) {
    const groups = new Set(u.groups.map((g) => g.name));
    const users = new Set(u.users.map((x) => x.name));
    for (const user of u.users)
      for (const g of user.groups)
        if (!groups.has(g)) diag.alert(`userlist '${u.name}': no such group '${g}' specified in user '${user.name}'`);
    for (const g of u.groups)
      for (const name of g.users)
        if (!users.has(name)) diag.alert(`userlist '${u.name}': no such user '${name}' specified in group '${g.name}'`);
  }
};

const checkResolvers: ConfigCheck = (cfg, diag) => {
  for (const r of cfg.resolvers)
    if (r.nameservers.length === 0 && !r.parseResolvConf)
      diag.warning(`resolvers '${r.name}' [${r.place.file}:${r.place.line}] has no nameservers configured!`);
  for (const p of cfg.proxies)
    for (const s of p.servers)
      if (s.settings.resolvers !== undefined && !cfg.resolvers.some((r) => r.name === s.settings.resolvers))
        diag.alert(`${p.kind === 'listen' ? 'proxy' : p.kind} '${p.name}', server '${s.name}': unable to find required resolvers '${s.settings.resolvers}'`);
  const id = cfg.global.httpclientResolversId;
  if (id !== undefined && !cfg.resolvers.some((r) => r.name === id))
    diag.alert(`Proxy '<HTTPCLIENT>': Can't find resolvers section '${id}' for do-resolve action.`);
};

const checkHttpErrors: ConfigCheck = (cfg, diag) => {
  for (const p of [...cfg.defaults, ...cfg.proxies])
    for (const ref of p.errorfilesFrom)
      if (!cfg.httpErrors.some((h) => h.name === ref.name))
        diag.alert(`proxy '${p.name}': unknown http-errors section '${ref.name}' (at ${ref.place.file}:${ref.place.line}).`);
};

const checkPrograms: ConfigCheck = (cfg, diag) => {
  if (cfg.rawSections.some((s) => s.kind === 'program') && !cfg.global.masterWorker)
    diag.alert(`Can't use a 'program' section without master worker mode.`);
};

export const SECTIONS_CHECKS: ConfigCheck[] = [checkUserlists, checkHttpErrors, checkResolvers, checkPrograms];
