/** A backend (or the backend half of a `listen`): its servers, algorithm and server-side settings. */
import type { ProxyModel } from '../config/model/proxy.js';
import { createAlgorithm, type LbAlgorithm } from '../lb/index.js';
import { forwardFor, httpConnMode, type ForwardFor, type HttpConnMode } from './http-options.js';
import { Server } from './server.js';

export type HttpReuse = 'never' | 'safe' | 'aggressive' | 'always';

export class Backend {
  readonly name: string;
  readonly mode: 'tcp' | 'http';
  readonly servers: Server[];
  readonly lb: LbAlgorithm<Server>;
  readonly timeoutConnect: number;
  readonly timeoutServer: number;
  readonly timeoutServerFin: number;
  readonly timeoutTunnel: number;
  readonly retries: number;
  readonly redispatch: boolean;
  readonly httpReuse: HttpReuse;
  readonly connMode: HttpConnMode;
  readonly forwardFor: ForwardFor | undefined;
  /** Cumulated streams. */
  total = 0;
  cur = 0;

  constructor(m: ProxyModel) {
    this.name = m.name;
    this.mode = m.mode === 'http' ? 'http' : 'tcp';
    this.servers = m.servers.map((s) => new Server(s, m.name));
    this.lb = createAlgorithm(m.balance?.algorithm, this.servers);
    const t = m.timeouts;
    this.timeoutConnect = t.connect ?? 0;
    this.timeoutServer = t.server ?? 0;
    this.timeoutServerFin = t['server-fin'] ?? 0;
    this.timeoutTunnel = t.tunnel ?? 0;
    this.retries = m.retries ?? 3;
    this.redispatch = m.options['redispatch']?.enabled === true;
    this.httpReuse = m.httpReuse ?? 'safe';
    this.connMode = httpConnMode(m);
    this.forwardFor = forwardFor(m);
  }

  closeIdle(): void {
    for (const s of this.servers) s.closeIdle();
  }
}
