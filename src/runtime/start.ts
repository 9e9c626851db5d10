/**
 * Start the proxy from a checked configuration. The data plane (issue: listeners, TCP and HTTP
 * proxying) plugs in here; it resolves only when the process should exit, with its exit status.
 */
import type { CliOptions } from '../cli/args.js';
import type { Io } from '../cli/main.js';
import { formatPlain } from '../cli/messages.js';
import type { ConfigModel } from '../config/model/config.js';

export async function startRuntime(_config: ConfigModel, _o: CliOptions, io: Io): Promise<number> {
  io.err(formatPlain('alert', 'the data plane is not built yet; use -c to check a configuration.') + '\n');
  return 1;
}
