/** Build the algorithm a backend's `balance` line names. Unknown ones fall back to roundrobin for now. */
import type { LbAlgorithm, LbServer } from './algorithm.js';
import { RoundRobin } from './roundrobin.js';

export type { LbAlgorithm, LbServer, LbContext } from './algorithm.js';

export function createAlgorithm<S extends LbServer>(_name: string | undefined, servers: readonly S[]): LbAlgorithm<S> {
  // TODO(load-balancing issue): static-rr, leastconn, first, source, uri, url_param, hdr, random, rdp-cookie.
  return new RoundRobin(servers);
}
