/** What a command handler gets: its connection's state and the runtime it acts on. */
import type { ApiContext, Level } from './context.js';
import { LEVEL_RANK } from './context.js';

export const PERMISSION_DENIED = 'Permission denied\n';

export interface CliConn {
  level: Level;
  /** Idle timeout of this connection in ms (`set timeout cli`). */
  setTimeout(ms: number): void;
  /** This connection's own session number (`show sess`). */
  readonly id: number;
  readonly since: number;
  readonly peer: string;
}

export interface CliCommand {
  readonly words: readonly string[];
  /** Returns the text to print (the prompt or line feed follows). */
  run(args: readonly string[], conn: CliConn, api: ApiContext, payload?: string): string;
}

export function hasLevel(conn: CliConn, level: Level): boolean {
  return LEVEL_RANK[conn.level] >= LEVEL_RANK[level];
}
