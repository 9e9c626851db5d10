/**
 * The proxy sections: `defaults [NAME] [from NAME]`, `frontend NAME [from D]`, `backend NAME [from D]`,
 * `listen NAME [addr] [from D]`. They share one keyword table; each keyword says which proxy kinds
 * accept it (cap). A new proxy starts as a copy of its defaults section, as HAProxy's.
 */
import { ConfigError } from '../../diagnostics.js';
import { KeywordTable, type Keyword } from '../../keyword.js';
import {
  CAP_BE,
  CAP_DEF,
  CAP_FE,
  newProxy,
  type ProxyKind,
  type ProxyModel,
} from '../../model/proxy.js';
import type { SectionHandler } from '../../section.js';
import { PROXY_KEYWORDS } from './keywords.js';

export const proxyTable = new KeywordTable<ProxyModel>('proxy', PROXY_KEYWORDS);

const VALID_NAME = /^[A-Za-z0-9_.:-]+$/;

function invalidChar(name: string): string | undefined {
  for (const c of name) if (!/[A-Za-z0-9_.:-]/.test(c)) return c;
  return undefined;
}

/** Fields a proxy does not take from its defaults section. */
function inherit(def: ProxyModel, kind: ProxyKind, name: string, place: ProxyModel['place']): ProxyModel {
  const base = structuredClone(def) as ProxyModel;
  const fresh = newProxy(kind, name, place);
  return {
    ...base,
    kind,
    name,
    place,
    cap: fresh.cap,
    defaultsFrom: def.name,
    id: undefined,
    description: undefined,
    binds: [],
    servers: [],
    serverTemplates: [],
    acls: [],
    useBackends: [],
    useServers: [],
    captures: [],
    stickTable: undefined,
    stickRules: [],
    other: {},
  };
}

function capName(cap: number): string {
  return cap & CAP_FE ? 'frontend' : 'backend';
}

function makeHandler(kind: ProxyKind): SectionHandler<ProxyModel> {
  return {
    kind,
    table: proxyTable,
    help:
      kind === 'defaults'
        ? 'default settings for the proxies that follow'
        : kind === 'frontend'
          ? 'accepts client connections'
          : kind === 'backend'
            ? 'a farm of servers'
            : 'a frontend and a backend in one section',
    begin(st, b, ctx) {
      const args = st.args;
      let name = '';
      let i = 1;
      if (kind !== 'defaults' || (args[1] !== undefined && args[1] !== 'from')) {
        name = args[1] ?? '';
        i = 2;
      }
      if (kind !== 'defaults' && name === '')
        throw new ConfigError(`'${kind}' expects an <id> argument`, true);
      const bad = name ? invalidChar(name) : undefined;
      if (bad !== undefined)
        throw new ConfigError(`character '${bad}' is not permitted in '${kind}' name '${name}'.`);
      let fromName: string | undefined;
      if (args[i] !== undefined && args[i] !== 'from') {
        // HAProxy 2.6 no longer takes a listening address on the section line.
        throw new ConfigError(
          kind === 'backend' ? '' : "please use the 'bind' keyword for listening addresses.",
          false,
          "'listen' or 'defaults' expected.",
        );
      }
      if (args[i] === 'from') {
        fromName = args[i + 1];
        if (fromName === undefined) throw new ConfigError(`'from' expects a defaults section name.`, true);
        i += 2;
      }
      if (args[i] !== undefined)
        throw new ConfigError(`'${kind}' cannot handle unexpected argument '${args[i]}'.`);

      // Duplicate names: frontends and backends live in separate name spaces, listen in both.
      if (kind !== 'defaults') {
        const cap = kind === 'frontend' ? CAP_FE : kind === 'backend' ? CAP_BE : CAP_FE | CAP_BE;
        const clash = b.config.proxies.find((p) => p.name === name && (p.cap & cap) !== 0);
        if (clash) {
          const kindWord = (p: ProxyModel | ProxyKind): string => {
            const k = typeof p === 'string' ? p : p.kind;
            return k === 'listen' ? 'proxy' : k;
          };
          ctx.diag.alert(
            `Parsing [${st.place.file}:${st.place.line}]: ${kindWord(kind)} '${name}' has the same name as ${kindWord(clash)} '${name}' declared at ${clash.place.file}:${clash.place.line}.`,
          );
        }
      } else if (name !== '') {
        // Two defaults sections may share a name; only a `from` naming it is ambiguous (below).
        const px = b.config.proxies.find((p) => p.name === name);
        if (px)
          ctx.diag.alert(
            `Parsing [${st.place.file}:${st.place.line}]: defaults section '${name}' has the same name as ${px.kind === 'listen' ? 'proxy' : px.kind} '${name}' declared at ${px.place.file}:${px.place.line}.`,
          );
      }

      let def: ProxyModel | undefined;
      if (fromName !== undefined) {
        const found = b.config.defaults.filter((d) => d.name === fromName);
        def = found[found.length - 1];
        if (!def) throw new ConfigError(`defaults section '${fromName}' not found for ${kind} '${name}'.`, true);
        if (found.length > 1) {
          const [a, z] = [found[0]!, found[found.length - 1]!];
          ctx.alert(
            `ambiguous defaults section name '${fromName}' referenced by ${kind} '${name}' exists at least at ${a.place.file}:${a.place.line} and ${z.place.file}:${z.place.line}.`,
          );
        }
      } else if (kind !== 'defaults') {
        def = b.lastDefaults;
      }
      const p = def ? inherit(def, kind, name, st.place) : newProxy(kind, name, st.place);
      if (kind === 'defaults') {
        b.config.defaults.push(p);
        b.lastDefaults = p;
      } else {
        b.config.proxies.push(p);
      }
      return p;
    },
    accept(p: ProxyModel, kw: Keyword<ProxyModel>, ctx) {
      const cap = kw.cap;
      if (cap === undefined) return true;
      if (p.kind === 'defaults') {
        if ((cap & CAP_DEF) === 0)
          throw new ConfigError(`'${kw.name}' not allowed in 'defaults' section.`);
        return true;
      }
      if ((cap & CAP_FE) !== 0 && (p.cap & CAP_FE) !== 0) return true;
      if ((cap & CAP_BE) !== 0 && (p.cap & CAP_BE) !== 0) return true;
      const need = capName(cap & (CAP_FE | CAP_BE));
      const kindWord = p.kind === 'listen' ? 'proxy' : p.kind;
      if (kw.capMismatch !== 'alert') {
        ctx.warn(
          kw.capWarning
            ? kw.capWarning(kindWord, p.name, need)
            : `'${kw.name}' ignored because ${kindWord} '${p.name}' has no ${need} capability.`,
        );
        return false;
      }
      // HAProxy prints this one with the place twice: "[f:l] : parsing [f:l] : ...".
      const at = `${ctx.st.place.file}:${ctx.st.place.line}`;
      ctx.diag.alert(`[${at}] : parsing [${at}] : '${kw.name}' not allowed because ${kindWord} '${p.name}' has no ${need} capability.`);
      return false;
    },
    describe(p: ProxyModel) {
      return p.kind;
    },
  };
}

export const defaultsSection = makeHandler('defaults');
export const frontendSection = makeHandler('frontend');
export const backendSection = makeHandler('backend');
export const listenSection = makeHandler('listen');
export { VALID_NAME };
