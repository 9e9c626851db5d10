/**
 * Post-parse TLS checks (HAProxy's ssl_sock_prepare_bind_conf() / ssl_sock_prepare_srv_ctx()):
 * a certificate on every `bind ... ssl`, a CA where verification is asked, and every secure
 * context built once so that bad ciphers, suites or curves are reported by `-c` with HAProxy's words.
 */
import type { BindModel } from '../model/bind.js';
import type { ConfigModel } from '../model/config.js';
import { CAP_FE } from '../model/proxy.js';
import type { ConfigCheck } from '../validate.js';
import { TlsSetupError, TlsTerminator } from '../../net/tls-server.js';
import { checkServerTls } from '../../net/tls-client.js';

export function bindLabel(b: BindModel): string {
  return `bind '${b.addresses.map((a) => a.text).join(',')}' at [${b.place.file}:${b.place.line}]`;
}

const checkBinds: ConfigCheck = (cfg: ConfigModel, diag) => {
  for (const p of cfg.proxies) {
    if (p.disabled || (p.cap & CAP_FE) === 0) continue;
    for (const b of p.binds) {
      const ssl = b.ssl;
      if (!ssl?.enabled) continue;
      const label = bindLabel(b);
      if (ssl.certs.length === 0 && !ssl.generateCertificates) {
        diag.alert(`Proxy '${p.name}': no SSL certificate specified for ${label} (use 'crt').`);
        continue;
      }
      const verifies = ssl.verify !== undefined && ssl.verify !== 'none';
      if (verifies && ssl.caPem === undefined) {
        diag.alert(`Proxy '${p.name}': verify is enabled but no CA file specified for ${label}.`);
        continue;
      }
      try {
        new TlsTerminator(b, cfg.global, 0, label).prepareAll();
      } catch (e) {
        if (!(e instanceof TlsSetupError)) throw e;
        diag.alert(`Proxy '${p.name}': ${e.message}`);
      }
    }
  }
};

const checkServers: ConfigCheck = (cfg, diag) => {
  for (const p of cfg.proxies) {
    if (p.disabled) continue;
    for (const s of p.servers) {
      const msg = checkServerTls(s, cfg.global);
      if (msg !== undefined) diag.alert(`[${s.place.file}:${s.place.line}] : 'server ${p.name}/${s.name}' : ${msg}`);
    }
  }
};

export const TLS_CHECKS: ConfigCheck[] = [checkBinds, checkServers];
