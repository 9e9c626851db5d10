/**
 * Other global keywords: HTTP/1 header case, server-state files, default-path, unix-bind,
 * process-wide variables and the (unsupported) Lua loaders.
 */
import { existsSync, readFileSync } from 'node:fs';
import { ConfigError } from '../../diagnostics.js';
import type { ParseContext } from '../../keyword.js';
import { noMoreThan } from '../args.js';
import { alertContinue } from './emit.js';
import { groupId, userId } from './system-users.js';
import { atol, flag, missing, type GlobalKeyword as K } from './types.js';

/** Read an h1-case-adjust file: "<from> <to>" per line, '#' comments. Errors carry no place (HAProxy reads it late). */
function readCaseFile(file: string, ctx: ParseContext): Record<string, string> | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'latin1');
  } catch {
    ctx.diag.alert(`h1-headers-case-adjust-file '${file}': failed to open file.`);
    return undefined;
  }
  const out: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i]!.replace(/#.*/, '').trim();
    if (l === '') continue;
    const [from, to, extra] = l.split(/\s+/);
    if (to === undefined) {
      ctx.diag.alert(`h1-headers-case-adjust-file '${file}' : expect <to> at line ${i + 1}.`);
      return undefined;
    }
    if (extra !== undefined || from!.toLowerCase() !== to.toLowerCase()) {
      ctx.diag.alert(`h1-headers-case-adjust-file '${file}' : <from> and <to> must not differ except the case at line ${i + 1}.`);
      return undefined;
    }
    out[from!.toLowerCase()] = to;
  }
  return out;
}

const http: K[] = [
  {
    name: 'h1-case-adjust',
    help: 'h1-case-adjust <from> <to>: header name case sent to HTTP/1 peers that need it',
    status: 'parsed-only',
    parse({ g }, args) {
      noMoreThan(args, 1, 2);
      if (missing(args[1]) || missing(args[2]))
        throw new ConfigError(`'h1-case-adjust' expects <from> and <to> as argument.`);
      if (args[1]!.toLowerCase() !== args[2]!.toLowerCase())
        throw new ConfigError('<from> and <to> must not differ execpt the case');
      g.h1CaseAdjust[args[1]!.toLowerCase()] = args[2]!;
    },
  },
  {
    name: 'h1-case-adjust-file',
    help: 'h1-case-adjust-file <file>: h1-case-adjust pairs read from a file',
    status: 'parsed-only',
    parse({ g }, args, ctx) {
      noMoreThan(args, 1, 1);
      if (missing(args[1])) throw new ConfigError(`'h1-case-adjust-file' expects <file> as argument.`);
      g.h1CaseAdjustFile = args[1];
      const pairs = readCaseFile(args[1]!, ctx);
      if (pairs) Object.assign(g.h1CaseAdjust, pairs);
    },
  },
  flag('h1-accept-payload-with-any-method', 'accept a body on GET/HEAD/DELETE from HTTP/1 clients', 'parsed-only', (g) => void (g.h1AcceptPayloadWithAnyMethod = true)),
  flag('h2-workaround-bogus-websocket-clients', 'do not announce RFC8441 websockets over HTTP/2', 'parsed-only', (g) => void (g.h2WorkaroundBogusWebsocketClients = true)),
  flag('pp2-never-send-local', 'send PROXY v2 health checks as PROXY, not LOCAL', 'parsed-only', (g) => void (g.pp2NeverSendLocal = true)),
  {
    name: 'server-state-base',
    help: 'server-state-base <dir>: directory of server state files',
    status: 'parsed-only',
    parse({ g }, args, ctx) {
      if (g.serverStateBase !== undefined) return alertContinue(ctx, `'server-state-base' already specified. Continuing.`);
      if (missing(args[1])) throw new ConfigError(`'server-state-base' expects one argument: a directory path.`);
      g.serverStateBase = args[1];
    },
  },
  {
    name: 'server-state-file',
    help: 'server-state-file <file>: file server states are loaded from at start',
    status: 'parsed-only',
    parse({ g }, args, ctx) {
      if (g.serverStateFile !== undefined) return alertContinue(ctx, `'server-state-file' already specified. Continuing.`);
      if (missing(args[1])) throw new ConfigError(`'server-state-file' expect one argument: a file path.`);
      g.serverStateFile = args[1];
      const path = args[1]!.startsWith('/') || !g.serverStateBase ? args[1]! : `${g.serverStateBase}/${args[1]}`;
      if (!existsSync(path)) ctx.diag.warning(`config: Can't open global server state file '${path}': No such file or directory`);
    },
  },
  {
    name: 'default-path',
    help: 'default-path current|config|parent|origin [<dir>]: base of relative paths',
    status: 'parsed-only',
    parse({ g }, args) {
      const mode = args[1] ?? '';
      const tail = `for 'default-path', supported modes include 'current', 'config', 'parent', and 'origin'.`;
      if (mode === '') throw new ConfigError(`missing default-path mode '' ${tail}`);
      if (mode !== 'current' && mode !== 'config' && mode !== 'parent' && mode !== 'origin')
        throw new ConfigError(`unsupported default-path mode '${mode}' ${tail}`);
      if (mode === 'origin' && missing(args[2])) throw new ConfigError(`'default-path origin' expects a directory as an argument.`);
      g.defaultPath = mode === 'origin' ? { mode, path: args[2] } : { mode };
    },
  },
  {
    name: 'unix-bind',
    help: 'unix-bind [prefix P] [mode M] [user U] [uid N] [group G] [gid N]: defaults of UNIX socket binds',
    status: 'parsed-only',
    parse({ g }, args, ctx) {
      const u = g.unixBind;
      for (let i = 1; i < args.length; i += 2) {
        const opt = args[i]!;
        const v = args[i + 1];
        switch (opt) {
          case 'prefix':
            if (u.prefix !== undefined) return alertContinue(ctx, `unix-bind 'prefix' already specified. Continuing.`);
            if (missing(v)) throw new ConfigError(`unix_bind 'prefix' expects a path as an argument.`);
            u.prefix = v;
            break;
          case 'mode':
            u.mode = parseInt(v ?? '0', 8) || 0;
            break;
          case 'uid':
            u.uid = atol(v);
            break;
          case 'gid':
            u.gid = atol(v);
            break;
          case 'user': {
            const id = userId(v ?? '');
            if (id === undefined) throw new ConfigError(`'unix-bind' : '${v ?? ''}' unknown user.`);
            u.user = v;
            u.uid = id;
            break;
          }
          case 'group': {
            const id = groupId(v ?? '');
            if (id === undefined) throw new ConfigError(`'unix-bind' : '${v ?? ''}' unknown group.`);
            u.group = v;
            u.gid = id;
            break;
          }
          default:
            throw new ConfigError(
              `'unix-bind' only supports the 'prefix', 'mode', 'uid', 'gid', 'user' and 'group' options.`,
            );
        }
      }
    },
  },
];

const VAR_SCOPES = ['proc', 'sess', 'txn', 'req', 'res', 'check'];

function setVar(name: 'set-var' | 'set-var-fmt'): K {
  const what = name === 'set-var' ? 'a sample expression' : 'a format string';
  return {
    name,
    help: `${name} proc.<name> <${name === 'set-var' ? 'expr' : 'format'}>: set a process-wide variable at startup`,
    status: 'parsed-only',
    parse({ g }, args, ctx) {
      if (missing(args[1]) || missing(args[2]))
        throw new ConfigError(`'${name}' requires a process-wide variable name ('proc.<name>') and ${what}.`);
      const v = args[1]!;
      const scope = v.slice(0, v.indexOf('.'));
      if (!v.includes('.') || !VAR_SCOPES.includes(scope))
        throw new ConfigError(
          `invalid variable name '${v}'. A variable name must be start by its scope. The scope can be 'proc', 'sess', 'txn', 'req', 'res' or 'check'`,
        );
      if (scope !== 'proc')
        throw new ConfigError(`'${name}': cannot set variable '${v}', only scope 'proc' is permitted in the global section.`);
      g.vars.push({ place: ctx.st.place, name: v, expr: args[2]!, fmt: name === 'set-var-fmt' });
    },
  };
}

function lua(name: string): K {
  return {
    name,
    help: `${name}: Lua (not supported by Switchyard)`,
    status: 'ignored',
    parse() {
      throw new ConfigError(`'${name}' : Lua is not supported by Switchyard; remove this line.`);
    },
  };
}

export const MISC_KEYWORDS: K[] = [
  ...http,
  setVar('set-var'),
  setVar('set-var-fmt'),
  lua('lua-load'),
  lua('lua-load-per-thread'),
  lua('lua-prepend-path'),
];
