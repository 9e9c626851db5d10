/**
 * Where log datagrams go, batched off the request path: lines are queued and sent on the next
 * setImmediate (or as soon as a batch fills), never synchronously from the data plane, and a
 * failing target never throws into it (lost lines are counted, as HAProxy's dropped_logs).
 *
 *   UDP (IPv4/IPv6 `host[:port]`, default port 514): one connected dgram socket per target.
 *   UNIX datagram (`/dev/log`, `unix@/path`): Node has no AF_UNIX SOCK_DGRAM, so a small Perl
 *     helper (perl-base is essential on Debian) reads length-prefixed lines from a pipe and
 *     sendto()s each as one datagram, as HAProxy's logger does.
 *   `fd@1` / `fd@2` (stdout / stderr): one write per batch.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createSocket, type Socket as DgramSocket } from 'node:dgram';
import { isIP } from 'node:net';

/** Lines a target keeps while a batch is being built; beyond, new lines are dropped. */
const MAX_QUEUED = 4096;
/** A batch is flushed at once when it reaches this many lines. */
const BATCH = 256;
/** Bytes waiting in the pipe to the UNIX helper beyond which lines are dropped. */
const MAX_PIPE_BACKLOG = 4 * 1024 * 1024;

export const logStats = { dropped: 0, sent: 0 };

export abstract class Transport {
  private queue: string[] = [];
  private scheduled = false;

  /** Queue one complete datagram (header + message + LF). */
  push(line: string): void {
    const q = this.queue;
    if (q.length >= MAX_QUEUED) {
      logStats.dropped++;
      return;
    }
    q.push(line);
    if (q.length >= BATCH) this.flush();
    else if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(this.onTick);
    }
  }

  private readonly onTick = (): void => {
    this.scheduled = false;
    this.flush();
  };

  flush(): void {
    const q = this.queue;
    if (q.length === 0) return;
    this.queue = [];
    try {
      this.send(q);
    } catch {
      logStats.dropped += q.length;
    }
  }

  protected abstract send(lines: string[]): void;
  abstract close(): void;
}

function noop(): void {}

export class UdpTransport extends Transport {
  private readonly sock: DgramSocket;
  private ready = false;
  private pending: string[] = [];

  constructor(host: string, port: number) {
    super();
    const family = isIP(host) === 6 ? 'udp6' : 'udp4';
    this.sock = createSocket({ type: family, sendBufferSize: 1 << 20 });
    this.sock.on('error', noop);
    this.sock.unref();
    this.sock.connect(port, host, () => {
      this.ready = true;
      const p = this.pending;
      this.pending = [];
      if (p.length) this.send(p);
    });
  }

  protected send(lines: string[]): void {
    if (!this.ready) {
      for (const l of lines) if (this.pending.length < MAX_QUEUED) this.pending.push(l);
      return;
    }
    const s = this.sock;
    for (let i = 0; i < lines.length; i++) s.send(lines[i]!, onSent);
  }

  close(): void {
    try {
      this.sock.close();
    } catch {
      /* already closed */
    }
  }
}

function onSent(err: Error | null): void {
  if (err) logStats.dropped++;
  else logStats.sent++;
}

/** The helper: frames are a 4-byte big-endian length then the datagram. */
const PERL_HELPER = `
use strict; use Socket;
my $path = $ARGV[0];
socket(my $s, PF_UNIX, SOCK_DGRAM, 0) or exit 1;
my $to = sockaddr_un($path);
my $buf = '';
binmode STDIN;
while (1) {
  my $n = sysread(STDIN, $buf, 65536, length($buf));
  last if !defined($n) || $n == 0;
  while (length($buf) >= 4) {
    my $len = unpack('N', substr($buf, 0, 4));
    last if length($buf) < 4 + $len;
    my $msg = substr($buf, 4, $len);
    substr($buf, 0, 4 + $len) = '';
    send($s, $msg, 0x40, $to);
  }
}
`;

export class UnixDgramTransport extends Transport {
  private child: ChildProcess | undefined;

  constructor(private readonly path: string) {
    super();
    this.start();
  }

  private start(): void {
    try {
      const c = spawn('perl', ['-e', PERL_HELPER, this.path], { stdio: ['pipe', 'ignore', 'ignore'] });
      c.on('error', () => {
        this.child = undefined;
      });
      c.on('exit', () => {
        if (this.child === c) this.child = undefined;
      });
      c.stdin?.on('error', noop);
      c.unref();
      (c.stdin as unknown as { unref?: () => void } | null)?.unref?.();
      this.child = c;
    } catch {
      this.child = undefined;
    }
  }

  protected send(lines: string[]): void {
    const stdin = this.child?.stdin;
    if (!stdin || stdin.destroyed || stdin.writableLength > MAX_PIPE_BACKLOG) {
      logStats.dropped += lines.length;
      return;
    }
    const bufs: Buffer[] = [];
    for (const l of lines) {
      const b = Buffer.from(l, 'utf8');
      const h = Buffer.allocUnsafe(4);
      h.writeUInt32BE(b.length, 0);
      bufs.push(h, b);
    }
    stdin.write(Buffer.concat(bufs));
    logStats.sent += lines.length;
  }

  close(): void {
    const c = this.child;
    this.child = undefined;
    if (c) {
      c.stdin?.end();
      setTimeout(() => c.kill(), 1000).unref();
    }
  }
}

export class FdTransport extends Transport {
  constructor(private readonly fd: 1 | 2) {
    super();
  }

  protected send(lines: string[]): void {
    const out = this.fd === 1 ? process.stdout : process.stderr;
    out.write(lines.join(''));
    logStats.sent += lines.length;
  }

  close(): void {
    this.flush();
  }
}

/** One transport per destination, shared by every `log` line naming it. */
export class TransportPool {
  private readonly byKey = new Map<string, Transport>();

  get(target: string): Transport | undefined {
    let t = this.byKey.get(target);
    if (t) return t;
    t = openTransport(target);
    if (t) this.byKey.set(target, t);
    return t;
  }

  flushAll(): void {
    for (const t of this.byKey.values()) t.flush();
  }

  closeAll(): void {
    for (const t of this.byKey.values()) {
      t.flush();
      t.close();
    }
    this.byKey.clear();
  }
}

/** `target` as the config parser left it: fd@N, /path, unix@/path, [udp@|ipv4@|...]host[:port]. */
function openTransport(target: string): Transport | undefined {
  if (target === 'fd@1') return new FdTransport(1);
  if (target === 'fd@2') return new FdTransport(2);
  if (target.startsWith('fd@') || target.startsWith('ring@') || target.startsWith('abns@')) return undefined;
  if (target.startsWith('/')) return new UnixDgramTransport(target);
  if (target.startsWith('unix@')) return new UnixDgramTransport(target.slice(5));
  let rest = target.replace(/^(udp|udp4|udp6|ipv4|ipv6)@/i, '');
  if (/^tcp[46]?@/i.test(rest)) return undefined;
  let host = rest;
  let port = 514;
  if (rest.startsWith('[')) {
    const e = rest.indexOf(']');
    host = rest.slice(1, e);
    rest = rest.slice(e + 1);
    if (rest.startsWith(':') && rest.length > 1) port = Number(rest.slice(1));
  } else if (isIP(rest) !== 6) {
    const c = rest.lastIndexOf(':');
    if (c >= 0) {
      host = rest.slice(0, c);
      if (c + 1 < rest.length) port = Number(rest.slice(c + 1));
    }
  }
  if (host === '' || host === '*') host = '127.0.0.1';
  return new UdpTransport(host, port);
}
