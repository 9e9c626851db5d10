/**
 * `option <name> [args]`, `no option <name>`, `default option <name>`.
 * One entry per option: where it is allowed, what arguments it takes.
 */
import { ConfigError } from '../../diagnostics.js';
import type { Keyword } from '../../keyword.js';
import { CAP_ALL, CAP_BE_DEF, CAP_FE_DEF, type ProxyModel } from '../../model/proxy.js';

interface OptionSpec {
  readonly name: string;
  readonly cap: number;
  readonly help: string;
  readonly status: 'supported' | 'parsed-only' | 'ignored';
  /** Maximum number of arguments (0: a plain flag). Parse functions validate them further. */
  readonly maxArgs: number;
  readonly negatable?: boolean;
  validate?(args: readonly string[]): void;
}

const O = (name: string, cap: number, help: string, maxArgs = 0, status: OptionSpec['status'] = 'parsed-only'): OptionSpec => ({
  name,
  cap,
  help,
  status,
  maxArgs,
  negatable: true,
});

export const OPTIONS: OptionSpec[] = [
  O('httplog', CAP_FE_DEF, 'HTTP log format', 1),
  O('tcplog', CAP_FE_DEF, 'TCP log format'),
  O('dontlognull', CAP_FE_DEF, 'do not log connections without data'),
  O('http-keep-alive', CAP_ALL, 'keep-alive on both sides (default)'),
  O('http-server-close', CAP_ALL, 'close the server side after each response'),
  O('httpclose', CAP_ALL, 'close both sides after each response'),
  O('forwardfor', CAP_ALL, 'add X-Forwarded-For', 5),
  O('redispatch', CAP_BE_DEF, 'retry on another server', 1),
];

export const OPTION_KEYWORDS: Keyword<ProxyModel>[] = [
  ...OPTIONS.map(
    (o): Keyword<ProxyModel> => ({
      name: `option ${o.name}`,
      help: o.help,
      status: o.status,
      cap: o.cap,
      negatable: o.negatable,
      parse(p, args, ctx) {
        const rest = args.slice(2);
        if (rest.length > o.maxArgs)
          throw new ConfigError(`'option ${o.name}' cannot handle unexpected argument '${rest[o.maxArgs]}'.`);
        o.validate?.(rest);
        if (ctx.st.prefix === 'default') {
          delete p.options[o.name];
          return;
        }
        p.options[o.name] = { enabled: ctx.st.prefix !== 'no', args: rest, place: ctx.st.place };
      },
    }),
  ),
  {
    name: 'option',
    help: 'option <name> [args]',
    status: 'supported',
    negatable: true,
    parse(_p, args) {
      throw new ConfigError(`unknown option '${args[1] ?? ''}'.`);
    },
  },
];
