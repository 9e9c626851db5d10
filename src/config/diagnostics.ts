/**
 * Diagnostics collected while reading a configuration: HAProxy's ALERT / WARNING / NOTICE / DIAG
 * levels, each with the place (file:line) it refers to when there is one.
 * Formatting into HAProxy's message layout lives in src/cli/messages.ts.
 */

export type Level = 'alert' | 'warning' | 'notice' | 'diag';

/** Where a configuration item comes from. */
export interface Place {
  readonly file: string;
  readonly line: number;
}

export interface Diagnostic {
  readonly level: Level;
  /** Message text without the "parsing [file:line] : " prefix. */
  readonly message: string;
  /** The place, when the message is about one line ("parsing [file:line] : ..."). */
  readonly place?: Place;
  /** Extra lines printed below the message with HAProxy's "   | " continuation prefix. */
  readonly details?: readonly string[];
  /**
   * How HAProxy prints the place: 'keyword' "parsing [f:l] : msg" (default), 'tight' "parsing [f:l]: msg"
   * (reader-level messages), 'bare' "[f:l] : msg" (server lines).
   */
  readonly style?: PlaceStyle;
}

export type PlaceStyle = 'keyword' | 'tight' | 'bare';

/** Thrown by keyword parsers: becomes an ALERT at the statement's place. */
export class ConfigError extends Error {
  /**
   * @param fatal stop reading the configuration (HAProxy's ERR_ABORT)
   * @param eachLine for a section header: the message every line of the broken section gets
   *   (HAProxy's "'listen' or 'defaults' expected."); otherwise its lines are skipped silently.
   *   An empty `message` reports nothing for the header itself.
   */
  constructor(
    message: string,
    readonly fatal = false,
    readonly eachLine?: string,
    readonly style?: PlaceStyle,
  ) {
    super(message);
    this.name = 'ConfigError';
  }
}

export class Diagnostics {
  readonly items: Diagnostic[] = [];
  alerts = 0;
  warnings = 0;
  /** Parsing stopped early: the rest of the configuration is not read. */
  aborted = false;
  /**
   * HAProxy's ERR_ABORT: it exits right after the file's "Error(s) found" line, without the final
   * "Fatal errors found in configuration." summary (lexer errors stop too, but keep the summary).
   */
  abortedSilently = false;

  /** Stop parsing; `silent` leaves out the final summary line, as HAProxy's ERR_ABORT. */
  abort(silent: boolean): void {
    this.aborted = true;
    if (silent) this.abortedSilently = true;
  }
  /** Called for each message as it is emitted (the CLI prints them live, as HAProxy does). */
  onEmit?: (d: Diagnostic) => void;

  private add(d: Diagnostic, fatal = true): void {
    if (d.level === 'alert' && fatal) this.alerts++;
    else if (d.level === 'warning') this.warnings++;
    this.items.push(d);
    this.onEmit?.(d);
  }

  alert(message: string, place?: Place, details?: readonly string[], style?: PlaceStyle): void {
    this.add({ level: 'alert', message, place, details, style });
  }
  /**
   * An alert that leaves the configuration valid (HAProxy's ERR_ALERT without ERR_FATAL, e.g.
   * "'maxconn' already specified. Continuing.").
   */
  alertNonFatal(message: string, place?: Place, style?: PlaceStyle): void {
    this.add({ level: 'alert', message, place, style }, false);
  }
  /** A reader-level message (lexer, directives, conditions): "parsing [f:l]: msg". */
  readerMessage(level: Level, message: string, place: Place): void {
    this.add({ level, message, place, style: 'tight' });
  }
  warning(message: string, place?: Place, details?: readonly string[], style?: PlaceStyle): void {
    this.add({ level: 'warning', message, place, details, style });
  }
  notice(message: string, place?: Place): void {
    this.add({ level: 'notice', message, place });
  }
  diag(message: string, place?: Place): void {
    this.add({ level: 'diag', message, place });
  }

  get hasErrors(): boolean {
    return this.alerts > 0;
  }
}
