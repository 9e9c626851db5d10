/**
 * Outgoing connections to servers: TCP or UNIX, no Nagle, half-close allowed, optional PROXY
 * header, then TLS when the server has `ssl` (the PROXY header goes first, in clear).
 */
import { connect, type Socket } from 'node:net';
import type { TLSSocket } from 'node:tls';
import type { Server } from '../runtime/server.js';
import { buildProxyV1, buildProxyV2, type ConnAddrs } from './proxy-protocol.js';
import { ReadPort } from './read-port.js';

/**
 * Open a connection to `srv` for a client that reached us on `localPort`. Returns at once
 * (connecting). The socket reads through a ReadPort (`readPort(socket)`). For a TLS server the
 * socket is a TLSSocket (its port is fed by 'data' events): it is established at 'secureConnect'.
 */
export function connectServer(srv: Server, localPort: number, addrs: ConnAddrs | undefined, sni?: string): Socket {
  const tls = srv.tls;
  const port = tls === undefined ? new ReadPort() : undefined;
  const onread = port ? { onread: port.onread } : {};
  const sock = srv.unixPath
    ? connect({ path: srv.unixPath, allowHalfOpen: true, ...onread })
    : connect({ host: srv.host, port: srv.portFor(localPort), allowHalfOpen: true, noDelay: true, ...onread });
  port?.bindTo(sock);
  if (srv.sendProxy !== 0 && addrs) sock.write(srv.sendProxy === 2 ? buildProxyV2(addrs) : buildProxyV1(addrs));
  if (tls === undefined) return sock;
  const t = tls.wrap(sock, sni);
  t.on('session', (s: Buffer) => tls.keep(sni, s));
  return t;
}

/** The event that says a server connection is ready for bytes. */
export function readyEvent(s: object): 'secureConnect' | 'connect' {
  return (s as TLSSocket).encrypted === true ? 'secureConnect' : 'connect';
}
