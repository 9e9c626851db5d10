/** Post-parse checks about rules, ACLs, logging and http-only keywords in tcp proxies. */
import type { ProxyModel } from '../model/proxy.js';
import type { ConfigCheck } from '../validate.js';

function typeStr(p: ProxyModel): string {
  return p.kind === 'frontend' ? 'frontend' : p.kind === 'backend' ? 'backend' : 'proxy';
}

/** A tcp proxy that upgrades to HTTP (`tcp-request content switch-mode http`) keeps its HTTP settings. */
function isHttp(p: ProxyModel): boolean {
  return p.mode === 'http' || (p.rules['tcp-request content'] ?? []).some((r) => r.action === 'switch-mode' && r.args[0] === 'http');
}

/** HTTP-only statements in a non-HTTP proxy are ignored with a warning (check_config_validity). */
const checkHttpOnly: ConfigCheck = (cfg, diag) => {
  for (const p of cfg.proxies) {
    if (p.disabled || isHttp(p)) continue;
    const who = `${typeStr(p)} '${p.name}'`;
    if (p.stats.enabled) diag.warning(`'stats' statement ignored for ${who} as it requires HTTP mode.`);
    if (p.captures.some((c) => c.what === 'cookie')) diag.warning(`'capture' statement ignored for ${who} as it requires HTTP mode.`);
    for (const rs of ['http-request', 'http-response', 'http-after-response', 'redirect']) {
      if ((p.rules[rs] ?? []).length > 0) diag.warning(`'${rs}' rules ignored for ${who} as they require HTTP mode.`);
    }
  }
  for (const p of cfg.proxies) {
    if (p.disabled || isHttp(p)) continue;
    if (p.monitor.uri !== undefined) diag.warning(`monitor-uri will be ignored for ${typeStr(p)} '${p.name}' (needs 'mode http').`);
  }
};

/** `use-server` must name a server of the proxy. */
const checkUseServer: ConfigCheck = (cfg, diag) => {
  for (const p of cfg.proxies) {
    for (const r of p.useServers) {
      if (r.target.includes('%[')) continue;
      if (!p.servers.some((s) => s.name === r.target))
        diag.alert(`${typeStr(p)} '${p.name}' : unable to find server '${r.target}' referenced in a 'use-server' rule.`);
    }
  }
};

/** `track-scN` needs a stick table: the one named by `table`, or the proxy's own. */
const checkTrackTables: ConfigCheck = (cfg, diag) => {
  const tables = new Set(cfg.proxies.filter((p) => p.stickTable).map((p) => p.name));
  for (const p of cfg.proxies) {
    for (const [rs, rules] of Object.entries(p.rules)) {
      if (!rs.startsWith('tcp-') && !rs.startsWith('http-')) continue;
      for (const r of rules) {
        const m = /^track-sc(\d+)$/.exec(r.action);
        if (!m) continue;
        const i = r.args.indexOf('table');
        const name = i >= 0 ? (r.args[i + 1] ?? '') : p.name;
        if (!tables.has(name)) diag.alert(`Proxy '${p.name}': unable to find table '${name}' referenced by track-sc${m[1]}.`);
      }
    }
  }
};

const checkEmailAlert: ConfigCheck = (cfg, diag) => {
  for (const p of cfg.proxies) {
    const e = p.emailAlert;
    if (!e || (e.from !== undefined && e.mailers !== undefined && e.to !== undefined)) continue;
    diag.warning(
      `'email-alert' will be ignored for ${typeStr(p)} '${p.name}' (the presence any of 'email-alert from', 'email-alert level' 'email-alert mailers', 'email-alert myhostname', or 'email-alert to' requires each of 'email-alert from', 'email-alert mailers' and 'email-alert to' to be present).`,
    );
  }
};

export const RULES_CHECKS: ConfigCheck[] = [
  checkUseServer,
  checkTrackTables,
  checkEmailAlert,
  checkHttpOnly,
];

