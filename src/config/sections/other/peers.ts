import { AddressError, parseAddress } from '../../address.js';
/** `peers NAME`: stick-table synchronisation peers (kept as parsed; replication arrives later). */
import { ConfigError } from '../../diagnostics.js';
import { KeywordTable, type Keyword } from '../../keyword.js';
import type { PeersModel } from '../../model/sections.js';
import type { SectionHandler } from '../../section.js';
import { keepRaw } from '../args.js';
import { parseLogTarget } from '../log-target.js';

type K = Keyword<PeersModel>;

const raw = (name: string, help: string): K => ({
  name,
  help,
  status: 'parsed-only',
  parse(p, args) {
    keepRaw(p.other, name, args.slice(1));
  },
});

const keywords: K[] = [
  {
    name: 'peer',
    help: 'peer <name> <addr>:<port>',
    status: 'parsed-only',
    parse(p, args, ctx) {
      if (!args[1] || !args[2]) throw new ConfigError(`'peer' expects <name> and <addr>[:<port>] as arguments.`);
      try {
        parseAddress(args[2], { port: 'required' });
      } catch (e) {
        if (e instanceof AddressError) throw new ConfigError(`'peer ${args[1]}' : ${e.message}`);
        throw e;
      }
      p.peers.push({ name: args[1], address: args[2], place: ctx.st.place });
    },
  },
  {
    name: 'server',
    help: 'server <name> [<addr>:<port>]',
    status: 'parsed-only',
    parse(p, args, ctx) {
      if (!args[1]) throw new ConfigError(`'server' expects <name> and <addr>[:<port>] as arguments.`);
      p.servers.push({ name: args[1], address: args[2], place: ctx.st.place });
    },
  },
  {
    name: 'bind',
    help: 'bind <addr>:<port> [options]',
    status: 'parsed-only',
    parse(p, args, ctx) {
      if (!args[1]) throw new ConfigError(`'bind' expects <addr>:<port> as argument.`);
      p.binds.push({ address: args[1], place: ctx.st.place, options: args.slice(2) });
    },
  },
  {
    name: 'table',
    help: 'table <name> type <type> size <size> [expire <t>] [store <data>]',
    status: 'parsed-only',
    parse(p, args, ctx) {
      if (!args[1]) throw new ConfigError(`'table' expects a name as argument.`);
      p.tables.push({ name: args[1], args: args.slice(2), place: ctx.st.place });
    },
  },
  {
    name: 'disabled',
    help: 'disable this peers section',
    status: 'parsed-only',
    parse(p) {
      p.disabled = true;
    },
  },
  {
    name: 'enabled',
    help: 'enable this peers section',
    status: 'parsed-only',
    parse(p) {
      p.disabled = false;
    },
  },
  {
    name: 'log',
    help: 'log <target> ... (as in proxies)',
    status: 'parsed-only',
    parse(p, args, ctx) {
      const t = parseLogTarget(args, ctx.st.place);
      keepRaw(p.other, 'log', [t.target ?? 'global']);
    },
  },
  raw('default-bind', 'default-bind [options]: options of the bind line'),
  raw('default-server', 'default-server [options]: options of the server lines'),
  raw('shards', 'shards <n>: number of shards for table updates'),
];

export const peersSection: SectionHandler<PeersModel> = {
  kind: 'peers',
  table: new KeywordTable<PeersModel>('peers', keywords),
  help: 'stick-table replication peers',
  begin(st, b) {
    const name = st.args[1];
    if (!name) throw new ConfigError('missing name for peers section.');
    const prev = b.config.peers.find((p) => p.name === name);
    if (prev) {
      b.diag.alert(
        `Parsing [${st.place.file}:${st.place.line}]: peers section '${name}' has the same name as another peers section declared at ${prev.place.file}:${prev.place.line}.`,
      );
    }
    const p: PeersModel = { name, place: st.place, peers: [], servers: [], binds: [], tables: [], other: {} };
    if (!prev) b.config.peers.push(p);
    return p;
  },
};
