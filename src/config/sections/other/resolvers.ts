/** `resolvers NAME`: DNS nameservers and timing used by servers' `resolvers` option. */
import { ConfigError } from '../../diagnostics.js';
import { KeywordTable, type Keyword } from '../../keyword.js';
import type { ResolversModel } from '../../model/sections.js';
import type { SectionHandler } from '../../section.js';
import { intArg, timeArg } from '../args.js';

type K = Keyword<ResolversModel>;

const HOLD_EVENTS = ['nx', 'timeout', 'valid', 'obsolete', 'other', 'refused'];

const keywords: K[] = [
  {
    name: 'nameserver',
    help: 'nameserver <name> <addr>[:<port>]',
    status: 'parsed-only',
    parse(r, args, ctx) {
      if (!args[1] || !args[2])
        throw new ConfigError(`'nameserver' expects <name> and <addr>[:<port>] as arguments.`);
      const prev = r.nameservers.find((n) => n.name === args[1]);
      if (prev)
        throw new ConfigError(
          `nameserver '${args[1]}' has same name as another nameserver (declared at ${prev.place.file}:${prev.place.line}).`,
        );
      const addr = args[2];
      if (!addr.startsWith('/') && !/^(tcp|tcp4|tcp6)?@?.*:\d+$/.test(addr))
        throw new ConfigError(`'nameserver ${args[1]}' : missing port specification in '${addr}'`);
      r.nameservers.push({ name: args[1], address: addr, place: ctx.st.place });
    },
  },
  {
    name: 'parse-resolv-conf',
    help: 'add the nameservers of /etc/resolv.conf',
    status: 'parsed-only',
    parse(r) {
      r.parseResolvConf = true;
    },
  },
  {
    name: 'accepted_payload_size',
    help: 'accepted_payload_size <512..65535>: EDNS0 payload size',
    status: 'parsed-only',
    parse(r, args) {
      r.acceptedPayloadSize = intArg('accepted_payload_size', args[1], 512, 65535);
    },
  },
  {
    name: 'resolve_retries',
    help: 'resolve_retries <n>: queries before giving up',
    status: 'parsed-only',
    parse(r, args) {
      r.resolveRetries = intArg('resolve_retries', args[1], 0);
    },
  },
  {
    name: 'timeout',
    help: 'timeout resolve|retry <time>',
    status: 'parsed-only',
    parse(r, args) {
      const which = args[1] ?? '';
      if (which !== 'resolve' && which !== 'retry')
        throw new ConfigError(`'timeout' expects 'retry' or 'resolve' and <time> as arguments got '${which}'.`);
      if (!args[2]) throw new ConfigError(`'timeout ${which}' expects <time> as argument.`);
      r.timeouts[which] = timeArg(`timeout ${which}`, args[2]);
    },
  },
  {
    name: 'hold',
    help: 'hold nx|timeout|valid|obsolete|other|refused <time>',
    status: 'parsed-only',
    parse(r, args) {
      if (!args[1] || !args[2])
        throw new ConfigError(
          `'hold' expects an <event> and a <time> as arguments.\n<event> can be either 'valid', 'nx', 'refused', 'timeout', or 'other'`,
        );
      if (!HOLD_EVENTS.includes(args[1]))
        throw new ConfigError(
          `'hold' unknown <event>: '${args[1]}', expects either 'nx', 'timeout', 'valid', 'obsolete' or 'other'.`,
        );
      r.hold[args[1]] = timeArg('hold', args[2]);
    },
  },
];

export const resolversSection: SectionHandler<ResolversModel> = {
  kind: 'resolvers',
  table: new KeywordTable<ResolversModel>('resolvers', keywords),
  help: 'DNS resolvers for run-time server address resolution',
  begin(st, b) {
    const name = st.args[1];
    if (!name) throw new ConfigError('missing name for resolvers section.');
    const prev = b.config.resolvers.find((r) => r.name === name);
    if (prev) {
      b.diag.alert(
        `Parsing [${st.place.file}:${st.place.line}]: resolvers '${name}' has same name as another resolvers (declared at ${prev.place.file}:${prev.place.line}).`,
      );
      throw new ConfigError('out of memory.');
    }
    const r: ResolversModel = { name, place: st.place, nameservers: [], timeouts: {}, hold: {}, other: {} };
    b.config.resolvers.push(r);
    return r;
  },
};
