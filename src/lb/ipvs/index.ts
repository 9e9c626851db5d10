/** The keepalived `lb_algo` schedulers (Linux IPVS), behind the same LbAlgorithm interface. */
import type { LbAlgorithm, LbServer } from '../algorithm.js';
import { IpvsDh } from './dh.js';
import { IpvsLblc } from './lblc.js';
import { IpvsLblcr } from './lblcr.js';
import { IpvsLc } from './lc.js';
import { IpvsNq } from './nq.js';
import { IpvsRr } from './rr.js';
import { IpvsSed } from './sed.js';
import { IpvsSh } from './sh.js';
import { IpvsWlc } from './wlc.js';
import { IpvsWrr } from './wrr.js';

export const IPVS_SCHEDULERS = ['rr', 'wrr', 'lc', 'wlc', 'lblc', 'lblcr', 'dh', 'sh', 'sed', 'nq'] as const;
export type IpvsSchedulerName = (typeof IPVS_SCHEDULERS)[number];

export function createIpvsScheduler<S extends LbServer>(name: IpvsSchedulerName, servers: readonly S[]): LbAlgorithm<S> {
  switch (name) {
    case 'rr':
      return new IpvsRr(servers);
    case 'wrr':
      return new IpvsWrr(servers);
    case 'lc':
      return new IpvsLc(servers);
    case 'wlc':
      return new IpvsWlc(servers);
    case 'lblc':
      return new IpvsLblc(servers);
    case 'lblcr':
      return new IpvsLblcr(servers);
    case 'dh':
      return new IpvsDh(servers);
    case 'sh':
      return new IpvsSh(servers);
    case 'sed':
      return new IpvsSed(servers);
    case 'nq':
      return new IpvsNq(servers);
  }
}
