/**
 * Checks made once the whole configuration is read (HAProxy's check_config_validity()):
 * references between sections, capabilities, and the warnings HAProxy gives for odd setups.
 * Only run when parsing found no error, as HAProxy does.
 */
import type { Diagnostics, Place } from './diagnostics.js';
import type { ConfigModel } from './model/config.js';
import { CAP_BE, CAP_FE, type ProxyModel } from './model/proxy.js';
import { TRAFFIC_CHECKS } from './checks/traffic.js';
import { RULES_CHECKS } from './checks/rules.js';
import { SECTIONS_CHECKS } from './checks/sections.js';
import { TLS_CHECKS } from './checks/tls.js';

export type ConfigCheck = (cfg: ConfigModel, diag: Diagnostics) => void;

function findBackend(cfg: ConfigModel, name: string): ProxyModel | undefined {
  return cfg.proxies.find((p) => p.name === name && (p.cap & CAP_BE) !== 0);
}

/** A name with `%[` is a dynamic rule resolved per request; it cannot be checked here. */
function isDynamic(name: string): boolean {
  return name.includes('%[');
}

const checkBackendRefs: ConfigCheck = (cfg, diag) => {
  for (const p of cfg.proxies) {
    if ((p.cap & CAP_FE) === 0) continue;
    if (p.defaultBackend && !isDynamic(p.defaultBackend.name)) {
      const be = findBackend(cfg, p.defaultBackend.name);
      if (!be) diag.alert(`Proxy '${p.name}': unable to find required default_backend: '${p.defaultBackend.name}'.`);
    }
    for (const r of p.useBackends) {
      if (isDynamic(r.target)) continue;
      if (!findBackend(cfg, r.target)) diag.alert(`Proxy '${p.name}': unable to find required use_backend: '${r.target}'.`);
    }
  }
};

const checkTimeouts: ConfigCheck = (cfg, diag) => {
  for (const p of cfg.proxies) {
    if (p.disabled || p.mode === 'health') continue;
    const missing: boolean =
      ((p.cap & CAP_FE) !== 0 && !p.timeouts.client) ||
      ((p.cap & CAP_BE) !== 0 && (!p.timeouts.connect || !p.timeouts.server));
    if (missing) {
      diag.warning(`missing timeouts for ${proxyKindName(p)} '${p.name}'.`, undefined, [
        'While not properly invalid, you will certainly encounter various problems',
        'with such a configuration. To fix this, please ensure that all following',
        "timeouts are set to a non-zero value: 'client', 'connect', 'server'.",
      ]);
    }
  }
};

const checkDuplicateServers: ConfigCheck = (cfg, diag) => {
  for (const p of cfg.proxies) {
    const seen = new Map<string, number>();
    for (const srv of p.servers) {
      const first = seen.get(srv.name);
      if (first !== undefined)
        diag.alert(
          `${proxyKindName(p)} '${p.name}', another server named '${srv.name}' was already defined at line ${first}, please use distinct names.`,
          srv.place,
        );
      else seen.set(srv.name, srv.place.line);
    }
  }
};

/** An http frontend cannot hand its traffic to a tcp backend (the reverse is allowed). */
const checkBackendModes: ConfigCheck = (cfg, diag) => {
  for (const p of cfg.proxies) {
    if ((p.cap & CAP_FE) === 0 || p.mode !== 'http' || !p.defaultBackend) continue;
    const be = findBackend(cfg, p.defaultBackend.name);
    if (!be || be.mode !== 'tcp') continue;
    diag.alert(
      `http ${proxyKindName(p)} '${p.name}' (${p.place.file}:${p.place.line}) tries to use incompatible tcp ${proxyKindName(be)} '${be.name}' (${be.place.file}:${be.place.line}) as its default backend (see 'mode').`,
    );
  }
};

const checkStickPeers: ConfigCheck = (cfg, diag) => {
  for (const p of cfg.proxies) {
    const peers = p.stickTable?.peers;
    if (peers !== undefined && !cfg.peers.some((x) => x.name === peers))
      diag.alert(`Proxy '${p.name}': unable to find sync peers '${peers}'.`);
  }
};

/** A log format without anywhere to send the lines (no `log`, or `log global` with no global `log`). */
const checkLogFormatWithoutTarget: ConfigCheck = (cfg, diag) => {
  for (const p of cfg.proxies) {
    if ((p.cap & CAP_FE) === 0 || p.logFormat === undefined || p.logFormat === '') continue;
    const targets = p.logs.some((l) => !l.global || cfg.global.logs.length > 0);
    if (!targets) diag.warning(`log format ignored for ${proxyKindName(p)} '${p.name}' since it has no log address.`);
  }
};

/** Every condition word of a proxy with the place it was written at (ACLs, rules, switching rules). */
function conditionWords(p: ProxyModel): Array<{ word: string; place: Place }> {
  const out: Array<{ word: string; place: Place }> = [];
  for (const a of p.acls) out.push({ word: a.criterion, place: a.place });
  for (const list of Object.values(p.rules))
    for (const r of list) for (const w of r.cond?.terms ?? []) out.push({ word: w, place: r.place });
  for (const r of [...p.useBackends, ...p.useServers])
    for (const w of r.cond?.terms ?? []) out.push({ word: w, place: r.place });
  return out;
}

/** `http_auth(NAME)` / `http_auth_group(NAME)` must name a userlist. */
const checkAuthUserlists: ConfigCheck = (cfg, diag) => {
  for (const p of cfg.proxies) {
    for (const { word, place } of conditionWords(p)) {
      const m = /^(http_auth(?:_group)?)\(([^,)]*)/.exec(word);
      if (!m || cfg.userlists.some((u) => u.name === m[2])) continue;
      diag.readerMessage(
        'alert',
        `unable to find userlist '${m[2]}' referenced in arg 1 of ACL keyword '${m[1]}' in proxy '${p.name}'.`,
        place,
      );
    }
  }
};

/** `http-request cache-use NAME` / `http-response cache-store NAME` must name a cache section. */
const checkCacheRefs: ConfigCheck = (cfg, diag) => {
  for (const p of cfg.proxies) {
    const missing = new Set<string>();
    for (const list of Object.values(p.rules))
      for (const r of list)
        if ((r.action === 'cache-use' || r.action === 'cache-store') && r.args[0] !== undefined)
          if (!cfg.caches.some((c) => c.name === r.args[0])) missing.add(r.args[0]);
    for (const name of missing)
      diag.alert(`config: ${proxyKindName(p)} '${p.name}': unable to find the cache '${name}' referenced by the filter 'cache'.`);
  }
};

/** HAProxy names a listen section "proxy" in several messages. */
export function proxyKindName(p: ProxyModel): string {
  return p.kind === 'listen' ? 'proxy' : p.kind;
}

/** Post-parse checks, in the order HAProxy runs them. Extend this list rather than adding if-chains. */
export const CONFIG_CHECKS: ConfigCheck[] = [
  checkBackendRefs,
  checkBackendModes,
  checkDuplicateServers,
  checkStickPeers,
  checkAuthUserlists,
  checkCacheRefs,
  ...SECTIONS_CHECKS,
  ...TRAFFIC_CHECKS,
  ...RULES_CHECKS,
  ...TLS_CHECKS,
  checkLogFormatWithoutTarget,
  checkTimeouts,
];

export function validateConfig(cfg: ConfigModel, diag: Diagnostics): void {
  for (const check of CONFIG_CHECKS) check(cfg, diag);
}

/** Does the configuration have at least one listener (a bind in an enabled frontend/listen, or a peers bind)? */
export function hasListener(cfg: ConfigModel): boolean {
  return cfg.proxies.some((p) => !p.disabled && (p.cap & CAP_FE) !== 0 && p.binds.length > 0);
}
