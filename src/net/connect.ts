/** Outgoing connections to servers: TCP or UNIX, no Nagle, half-close allowed, optional PROXY header. */
import { connect, type Socket } from 'node:net';
import type { Server } from '../runtime/server.js';
import { buildProxyV1, buildProxyV2, type ConnAddrs } from './proxy-protocol.js';
import { ReadPort } from './read-port.js';

/**
 * Open a connection to `srv` for a client that reached us on `localPort`. Returns at once
 * (connecting). The socket reads through a ReadPort (`readPort(socket)`).
 */
export function connectServer(srv: Server, localPort: number, addrs: ConnAddrs | undefined): Socket {
  const port = new ReadPort();
  const sock = srv.unixPath
    ? connect({ path: srv.unixPath, allowHalfOpen: true, onread: port.onread })
    : connect({ host: srv.host, port: srv.portFor(localPort), allowHalfOpen: true, noDelay: true, onread: port.onread });
  port.bindTo(sock);
  if (srv.sendProxy !== 0 && addrs) sock.write(srv.sendProxy === 2 ? buildProxyV2(addrs) : buildProxyV1(addrs));
  return sock;
}
