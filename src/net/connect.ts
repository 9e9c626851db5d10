/** Outgoing connections to servers: TCP or UNIX, no Nagle, half-close allowed, optional PROXY header. */
import { connect, type Socket } from 'node:net';
import type { Server } from '../runtime/server.js';
import { buildProxyV1, buildProxyV2, type ConnAddrs } from './proxy-protocol.js';

/** Open a connection to `srv` for a client that reached us on `localPort`. Returns at once (connecting). */
export function connectServer(srv: Server, localPort: number, addrs: ConnAddrs | undefined): Socket {
  const sock = srv.unixPath
    ? connect({ path: srv.unixPath, allowHalfOpen: true })
    : connect({ host: srv.host, port: srv.portFor(localPort), allowHalfOpen: true, noDelay: true });
  if (srv.sendProxy !== 0 && addrs) sock.write(srv.sendProxy === 2 ? buildProxyV2(addrs) : buildProxyV1(addrs));
  return sock;
}
