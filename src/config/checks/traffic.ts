/**
 * Post-parse checks about servers, balancing, persistence and options, with HAProxy 2.6's
 * check_config_validity() wording.
 */
import type { ConfigModel } from '../model/config.js';
import { CAP_BE, CAP_FE, optionOn, type ProxyModel } from '../model/proxy.js';
import type { ServerModel } from '../model/server.js';
import { FLAG_OPTIONS } from '../sections/proxy/options.js';
import {
  CLF_HTTP_LOG_FORMAT,
  HTTP_LOG_FORMAT,
  HTTPS_LOG_FORMAT,
} from '../sections/proxy/traffic-options-special.js';
import type { ConfigCheck } from '../validate.js';

function typeStr(p: ProxyModel): string {
  return p.kind === 'listen' ? 'proxy' : p.kind;
}

function active(cfg: ConfigModel): ProxyModel[] {
  return cfg.proxies.filter((p) => !p.disabled);
}

/** `option httplog` (or httpslog) in a frontend that is not `mode http`: HAProxy falls back to tcplog. */
const checkHttpLogInTcp: ConfigCheck = (cfg, diag) => {
  for (const p of active(cfg)) {
    if (p.mode !== 'tcp' || !(p.cap & CAP_FE) || p.logFormat === undefined) continue;
    const which =
      p.logFormat === HTTP_LOG_FORMAT || p.logFormat === CLF_HTTP_LOG_FORMAT
        ? 'httplog'
        : p.logFormat === HTTPS_LOG_FORMAT
          ? 'httpslog'
          : undefined;
    if (!which) continue;
    const opt = p.options[which];
    diag.warning(
      `'option ${which}' not usable with ${typeStr(p)} '${p.name}' (needs 'mode http'). Falling back to 'option tcplog'.`,
      opt?.place ?? p.place,
    );
  }
};

/** Options that only work in HTTP mode, in a proxy that is not: warned and ignored. */
const checkHttpOnlyOptions: ConfigCheck = (cfg, diag) => {
  for (const p of active(cfg)) {
    if (p.mode === 'http') continue;
    const warn = (name: string): void =>
      diag.warning(`'option ${name}' ignored for ${typeStr(p)} '${p.name}' as it requires HTTP mode.`);
    if (optionOn(p, 'forwardfor')) warn('forwardfor');
    if (optionOn(p, 'originalto')) warn('originalto');
    for (const o of FLAG_OPTIONS) {
      if (o.httpOnly && o.cap !== undefined && p.cap & o.cap && optionOn(p, o.name)) warn(o.name);
    }
  }
};

const L7_ALGORITHMS = new Set(['uri', 'url_param', 'hdr']);

/** cookie and layer-7 hashing need HTTP. */
const checkHttpPersistence: ConfigCheck = (cfg, diag) => {
  for (const p of active(cfg)) {
    if (!(p.cap & CAP_BE) || p.mode === 'http') continue;
    if (p.cookie) diag.warning(`cookie will be ignored for ${typeStr(p)} '${p.name}' (needs 'mode http').`);
    if (p.balance && L7_ALGORITHMS.has(p.balance.algorithm))
      diag.warning(
        `Layer 7 hash not possible for ${typeStr(p)} '${p.name}' (needs 'mode http'). Falling back to round robin.`,
      );
  }
};

/** `stick ... table NAME` must name a proxy with a stick-table or a peers table. */
const checkStickTables: ConfigCheck = (cfg, diag) => {
  const tables = new Set<string>();
  for (const p of cfg.proxies) if (p.stickTable) tables.add(p.name);
  for (const pe of cfg.peers) for (const t of pe.tables) tables.add(t.name);
  for (const p of active(cfg)) {
    for (const r of p.stickRules) {
      const name = r.table ?? p.name;
      if (!tables.has(name)) diag.alert(`Proxy '${p.name}': unable to find stick-table '${name}'.`);
    }
  }
};

function serverMsg(p: ProxyModel, s: ServerModel, text: string): string {
  return `[${s.place.file}:${s.place.line}] : 'server ${p.name}/${s.name}' : ${text}`;
}

/** `track [proxy/]server`: the target must exist, be unique, and not loop back. */
const checkTracking: ConfigCheck = (cfg, diag) => {
  const backends = cfg.proxies.filter((p) => p.cap & CAP_BE);
  const resolve = (p: ProxyModel, ref: string): { px?: ProxyModel; srv?: ServerModel; pxName: string; srvName: string } => {
    const slash = ref.indexOf('/');
    const pxName = slash < 0 ? p.name : ref.slice(0, slash);
    const srvName = slash < 0 ? ref : ref.slice(slash + 1);
    const px = slash < 0 ? p : backends.find((b) => b.name === pxName);
    return { px, srv: px?.servers.find((x) => x.name === srvName), pxName, srvName };
  };
  // HAProxy resolves servers in order and only follows links it has already resolved.
  const resolved = new Set<ServerModel>();
  for (const p of active(cfg)) {
    for (const s of p.servers) {
      const ref = s.settings.track;
      if (ref === undefined) continue;
      resolved.add(s);
      const { px, srv, pxName, srvName } = resolve(p, ref);
      if (!px) {
        diag.alert(serverMsg(p, s, `unable to find required proxy '${pxName}' for tracking.`));
        continue;
      }
      if (!srv) {
        diag.alert(serverMsg(p, s, `unable to find required server '${srvName}' for tracking.`));
        continue;
      }
      if (px.servers.filter((x) => x.name === srvName).length > 1) {
        diag.alert(serverMsg(p, s, `Refusing to use duplicated server '${srvName}' found in proxy: ${px.name}!`));
        diag.alert(`unable to find required server '${srvName}' for tracking.`);
        continue;
      }
      // Follow the chain: reaching this server again is a loop.
      const seen = new Set<ServerModel>();
      let cur: { px: ProxyModel; srv: ServerModel } = { px, srv };
      for (;;) {
        if (cur.srv === s) {
          diag.alert(
            serverMsg(p, s, `unable to track ${px.name}/${srv.name} as it belongs to a tracking chain looping back to ${p.name}/${s.name}.`),
          );
          break;
        }
        if (seen.has(cur.srv) || !resolved.has(cur.srv)) break;
        seen.add(cur.srv);
        const next = cur.srv.settings.track;
        if (next === undefined) break;
        const r = resolve(cur.px, next);
        if (!r.px || !r.srv) break;
        cur = { px: r.px, srv: r.srv };
      }
    }
  }
};

export const TRAFFIC_CHECKS: ConfigCheck[] = [
  checkHttpLogInTcp,
  checkHttpOnlyOptions,
  checkHttpPersistence,
  checkStickTables,
  checkTracking,
];

