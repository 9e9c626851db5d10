/**
 * Listeners: one net.Server per bound address and port of a `bind` line (IPv4, IPv6, wildcards,
 * port ranges, UNIX and abstract sockets, inherited `fd@N`). Connections arrive paused; each is
 * admitted only when the bind, frontend and global maxconn gates have room, otherwise it waits
 * unread in a queue (accepting pauses, nothing is refused).
 */
import { chmodSync, chownSync, lstatSync, unlinkSync } from 'node:fs';
import { createServer, Socket, type ListenOptions, type Server as NetServer } from 'node:net';
import type { AddressModel } from '../config/model/address.js';
import type { BindModel } from '../config/model/bind.js';
import type { TlsTerminator } from './tls-server.js';
import { ConnGate, type Admitter, type PendingSet } from '../runtime/limits.js';
import { Counters } from '../stats/counters.js';
import { ReadPort } from './read-port.js';

/** Called for each admitted connection; the handler must call `release()` exactly once when done. */
export type ConnHandler = (socket: Socket, listener: Listener) => void;

/** One listening endpoint. */
export class Listener implements Admitter {
  readonly server: NetServer;
  readonly bind: BindModel;
  /** `127.0.0.1:8080`, `/path`, `fd@3`: for messages. */
  readonly label: string;
  readonly gate: ConnGate;
  /** Stats counters of this listener (`option socket-stats`). */
  readonly counters = new Counters();
  /** `bind ... ssl`: the handshake every admitted connection goes through first. */
  tls: TlsTerminator | undefined = undefined;
  private readonly gates: ConnGate[];
  private readonly pending: Socket[] = [];
  private readonly handler: ConnHandler;
  private readonly pendingSet: PendingSet;
  private closed = false;
  /** `disable frontend`: connections wait unaccepted until `enable frontend`. */
  private paused = false;

  constructor(bind: BindModel, label: string, gates: ConnGate[], pendingSet: PendingSet, handler: ConnHandler) {
    this.bind = bind;
    this.label = label;
    this.gate = new ConnGate(bind.maxconn ?? 0);
    this.gates = [this.gate, ...gates];
    this.handler = handler;
    this.pendingSet = pendingSet;
    this.server = createServer({ allowHalfOpen: true, pauseOnConnect: true }, this.onConnection);
    this.server.on('error', () => {
      /* listen errors are reported by listen(); later errors (EMFILE) are transient */
    });
  }

  get pendingCount(): number {
    return this.pending.length;
  }

  private readonly onConnection = (socket: Socket): void => {
    if (this.closed) {
      socket.destroy();
      return;
    }
    if (this.pending.length > 0 || this.blocked()) {
      this.pending.push(socket);
      socket.on('error', noop);
      this.pendingSet.add(this);
      return;
    }
    this.admit(socket);
  };

  /** Stop admitting connections (they wait in the queue, as HAProxy's paused listeners leave them in the backlog). */
  pause(): void {
    this.paused = true;
  }

  resume(): void {
    this.paused = false;
    this.drainPending();
  }

  get isPaused(): boolean {
    return this.paused;
  }

  private blocked(): boolean {
    if (this.paused) return true;
    const g = this.gates;
    for (let i = 0; i < g.length; i++) if (g[i]!.full) return true;
    return false;
  }

  private admit(socket: Socket): void {
    const g = this.gates;
    for (let i = 0; i < g.length; i++) g[i]!.cur++;
    this.handler(socket, this);
  }

  /** A connection admitted here has ended: free its slots and let waiting ones in. */
  release(): void {
    const g = this.gates;
    for (let i = 0; i < g.length; i++) g[i]!.cur--;
    this.pendingSet.wake();
  }

  drainPending(): void {
    while (this.pending.length > 0 && !this.blocked()) {
      const s = this.pending.shift()!;
      s.removeListener('error', noop);
      if (s.destroyed) continue;
      this.admit(s);
    }
  }

  /** Stop listening (soft stop); connections already accepted carry on. Waiting ones are dropped. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.server.close();
    for (const s of this.pending.splice(0)) s.destroy();
  }
}

function noop(): void {}

/** What to pass to net.Server.listen() for one address and port; also the label for messages. */
export interface ListenTarget {
  /** net.Server.listen() options, or an inherited file descriptor. */
  readonly options: ListenOptions | { readonly fd: number; readonly backlog?: number };
  readonly label: string;
  readonly unixPath?: string;
}

/** Expand a bind line's addresses (and port ranges) into listen targets. */
export function listenTargets(bind: BindModel): ListenTarget[] {
  const out: ListenTarget[] = [];
  for (const a of bind.addresses) out.push(...targetsOf(a, bind));
  return out;
}

function targetsOf(a: AddressModel, bind: BindModel): ListenTarget[] {
  const backlog = bind.backlog;
  const base: ListenOptions = backlog !== undefined ? { backlog } : {};
  switch (a.family) {
    case 'unix':
      return [{ options: { ...base, path: a.host }, label: a.host, unixPath: a.host }];
    case 'abns':
      return [{ options: { ...base, path: '\0' + a.host }, label: `abns@${a.host}` }];
    case 'fd':
      return [{ options: { fd: Number(a.host), backlog }, label: `fd@${a.host}` }];
    case 'sockpair':
      throw new Error(`sockpair@ listeners are not supported (${a.text})`);
    case 'ipv4':
    case 'ipv6': {
      const host = a.host === '' ? (a.family === 'ipv6' ? '::' : '0.0.0.0') : a.host;
      const list: ListenTarget[] = [];
      for (let port = a.port; port <= a.portEnd; port++) {
        const o: ListenOptions = { ...base, host, port, exclusive: true };
        if (a.family === 'ipv6' && bind.v6only) o.ipv6Only = true;
        const label = host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
        list.push({ options: o, label });
      }
      return list;
    }
  }
}

/** Bind a listener; resolves to an error message in HAProxy's words, or undefined on success. */
export function startListening(l: Listener, t: ListenTarget): Promise<string | undefined> {
  if (t.unixPath) removeStaleSocket(t.unixPath);
  return new Promise((resolve) => {
    const onError = (e: NodeJS.ErrnoException): void => {
      resolve(`cannot bind ${t.unixPath ? 'UNIX ' : ''}socket (${errnoText(e)}) for [${t.label}]`);
    };
    l.server.once('error', onError);
    const done = (): void => {
      l.server.removeListener('error', onError);
      if (t.unixPath) {
        const err = applyUnixOwnership(t.unixPath, l.bind);
        if (err) {
          resolve(err);
          return;
        }
      }
      resolve(undefined);
    };
    const o = t.options;
    const listening = (): void => {
      if (!l.bind.ssl) acceptWithReadPorts(l.server);
      done();
    };
    if ('fd' in o) l.server.listen({ fd: o.fd }, o.backlog, listening);
    else l.server.listen(o, listening);
  });
}

/** What net.Server's accept callback receives and the listening handle it is set on (Node internals). */
interface ClientHandle {
  setNoDelay?: (on: boolean) => void;
}
interface ListenHandle {
  onconnection: (err: number, clientHandle: ClientHandle) => void;
}

/**
 * Accepted sockets read through a ReadPort (a reused buffer instead of a new one per read). Node's
 * net.Server gives no way to pass `onread` for the sockets it accepts, so the listening handle's
 * accept callback is replaced by one that builds the same Socket as Node's with `onread` added.
 * Connections accepted this way are not counted in `server._connections`: nothing here uses it.
 */
function acceptWithReadPorts(server: NetServer): void {
  const handle = (server as unknown as { _handle?: ListenHandle | null })._handle;
  if (!handle || typeof handle.onconnection !== 'function') return;
  const nodeAccept = handle.onconnection;
  handle.onconnection = function (this: ListenHandle, err: number, clientHandle: ClientHandle): void {
    if (err) {
      nodeAccept.call(this, err, clientHandle);
      return;
    }
    const port = new ReadPort();
    const socket = new Socket({
      handle: clientHandle,
      allowHalfOpen: true,
      pauseOnCreate: true,
      readable: true,
      writable: true,
      onread: port.onread,
    } as ConstructorParameters<typeof Socket>[0]);
    port.bindTo(socket);
    server.emit('connection', socket);
  };
}

function removeStaleSocket(path: string): void {
  try {
    if (lstatSync(path).isSocket()) unlinkSync(path);
  } catch {
    /* absent */
  }
}

function applyUnixOwnership(path: string, bind: BindModel): string | undefined {
  try {
    if (bind.mode !== undefined) chmodSync(path, bind.mode);
    if (bind.uid !== undefined || bind.gid !== undefined) chownSync(path, bind.uid ?? -1, bind.gid ?? -1);
  } catch (e) {
    return `cannot change UNIX socket ownership (${errnoText(e as NodeJS.ErrnoException)}) for [${path}]`;
  }
  return undefined;
}

function errnoText(e: NodeJS.ErrnoException): string {
  switch (e.code) {
    case 'EADDRINUSE':
      return 'Address already in use';
    case 'EACCES':
      return 'Permission denied';
    case 'EADDRNOTAVAIL':
      return 'Cannot assign requested address';
    case 'EBADF':
      return 'Bad file descriptor';
    case 'ENOTSOCK':
      return 'Socket operation on non-socket';
    default:
      return e.message;
  }
}
