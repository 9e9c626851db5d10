/** `userlist NAME` with `group NAME [users U,U]` and `user NAME [password H | insecure-password P] [groups G,G]`. */
import { KeywordTable, type Keyword } from '../../keyword.js';
import type { UserlistModel } from '../../model/sections.js';
import type { SectionHandler } from '../../section.js';
import { alertTight, warnTight } from './common.js';

type K = Keyword<UserlistModel>;

const split = (v: string | undefined): string[] => (v ?? '').split(',').filter((x) => x !== '');

const keywords: K[] = [
  {
    name: 'group',
    help: 'group <name> [users <user>,...]',
    status: 'parsed-only',
    parse(u, args, ctx) {
      if (!args[1]) return alertTight(ctx, `'group' expects <name> as arguments.`);
      if (u.groups.some((g) => g.name === args[1]))
        return warnTight(ctx, `ignoring duplicated group '${args[1]}' in userlist '${u.name}'.`);
      const users: string[] = [];
      for (let i = 2; i < args.length; i += 2) {
        if (args[i] !== 'users') return alertTight(ctx, `'group' only supports 'users' option.`);
        users.push(...split(args[i + 1]));
      }
      u.groups.push({ name: args[1], users, place: ctx.st.place });
    },
  },
  {
    name: 'user',
    help: 'user <name> [password <hash> | insecure-password <text>] [groups <group>,...]',
    status: 'parsed-only',
    parse(u, args, ctx) {
      if (!args[1]) return alertTight(ctx, `'user' expects <name> as arguments.`);
      if (u.users.some((x) => x.name === args[1]))
        return warnTight(ctx, `ignoring duplicated user '${args[1]}' in userlist '${u.name}'.`);
      let password = '';
      let hashed = true;
      const groups: string[] = [];
      for (let i = 2; i < args.length; i += 2) {
        const o = args[i];
        if (o === 'password' || o === 'insecure-password') {
          password = args[i + 1] ?? '';
          hashed = o === 'password';
        } else if (o === 'groups') groups.push(...split(args[i + 1]));
        else return alertTight(ctx, `'user' only supports 'password', 'insecure-password' and 'groups' options.`);
      }
      u.users.push({ name: args[1], password, hashed, groups, place: ctx.st.place });
    },
  },
];

export const userlistSection: SectionHandler<UserlistModel> = {
  kind: 'userlist',
  table: new KeywordTable<UserlistModel>('userlist', keywords),
  help: 'users and groups for HTTP authentication',
  describe: () => 'users',
  begin(st, b, ctx) {
    const name = st.args[1] ?? '';
    const model: UserlistModel = { name, place: st.place, groups: [], users: [] };
    if (!name) alertTight(ctx, `'userlist' expects <name> as arguments.`);
    else if (b.config.userlists.some((u) => u.name === name)) warnTight(ctx, `ignoring duplicated userlist '${name}'.`);
    else b.config.userlists.push(model);
    return model;
  },
};
