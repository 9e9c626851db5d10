/**
 * A write function for a socket that corks it on the first write of a tick and uncorks on the next
 * tick, so everything written in one tick (HTTP/2 frames of several streams) leaves in one writev.
 * Answers false when the socket is gone or wants the writer to wait for 'drain'.
 */
import type { Socket } from 'node:net';

export function corkedWriter(socket: Socket): (b: Buffer) => boolean {
  let corked = false;
  const uncork = (): void => {
    corked = false;
    socket.uncork();
  };
  return (b) => {
    if (socket.destroyed) return false;
    if (!corked) {
      corked = true;
      socket.cork();
      process.nextTick(uncork);
    }
    return socket.write(b);
  };
}
