/** A parsed listening or connecting address (HAProxy's str2sa_range()). */
export type AddressFamily = 'ipv4' | 'ipv6' | 'unix' | 'abns' | 'fd' | 'sockpair';

export interface AddressModel {
  readonly family: AddressFamily;
  /** IP literal ('' or '0.0.0.0' / '::' for wildcards), hostname (servers), socket path, or fd number as text. */
  readonly host: string;
  /** First port; 0 when absent. */
  readonly port: number;
  /** Last port of a range (equal to port for a single port). */
  readonly portEnd: number;
  /** The port was written with a sign (+N / -N): an offset from the incoming port (servers). */
  readonly portOffset?: boolean;
  /** The host is a name to resolve, not a literal. */
  readonly isName?: boolean;
  /** Text as written (for messages). */
  readonly text: string;
}
