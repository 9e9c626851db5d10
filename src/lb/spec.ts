/** The load-balancing settings of a backend's model, as createAlgorithm() takes them. */
import type { ProxyModel } from '../config/model/proxy.js';
import type { LbSpec } from './index.js';

export function lbSpecOf(p: ProxyModel): LbSpec {
  const b = p.balance;
  return {
    algorithm: b?.algorithm ?? 'roundrobin',
    params: b?.params ?? [],
    options: b?.options ?? {},
    hashType: p.hashType,
    hashBalanceFactor: p.hashBalanceFactor,
    allBackups: p.options['allbackups']?.enabled === true,
  };
}
