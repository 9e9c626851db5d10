/**
 * Where state-change messages go: HAProxy prints each as a "[WARNING]"/"[ALERT]" line on stderr
 * (unless quiet) and sends it to the proxy's log targets with a syslog level.
 */
export type LogLevel = 'emerg' | 'alert' | 'crit' | 'err' | 'warning' | 'notice' | 'info' | 'debug';

export interface MessageSink {
  /** One message: `stderr` is the level of the stderr line, `log` the syslog level for the backend's logs. */
  emit(m: { stderr: 'warning' | 'alert'; log: LogLevel; text: string; logText: string; backend: string }): void;
}

/** A sink that keeps messages in memory (tests, and the runtime API's "show events" later). */
export class MemorySink implements MessageSink {
  readonly lines: Array<{ stderr: 'warning' | 'alert'; log: LogLevel; text: string; logText: string; backend: string }> = [];
  emit(m: { stderr: 'warning' | 'alert'; log: LogLevel; text: string; logText: string; backend: string }): void {
    this.lines.push(m);
  }
  texts(): string[] {
    return this.lines.map((l) => l.text);
  }
}
