/** Global TLS defaults and paths, and the internal HTTP client's settings. */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { ConfigError } from '../../diagnostics.js';
import type { GlobalModel } from '../../model/global.js';
import { noMoreThan } from '../args.js';
import { warnIgnored } from './emit.js';
import { missing, type GlobalKeyword as K } from './types.js';

const SSL_VERSIONS = ['SSLv3', 'TLSv1.0', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3'];
const COMMON_OPTIONS = [
  'no-sslv3', 'no-tlsv10', 'no-tlsv11', 'no-tlsv12', 'no-tlsv13',
  'force-sslv3', 'force-tlsv10', 'force-tlsv11', 'force-tlsv12', 'force-tlsv13', 'no-tls-tickets',
];
const BIND_OPTIONS = [...COMMON_OPTIONS, 'prefer-client-ciphers'];

function sslOptions(name: string, allowed: readonly string[], get: (g: GlobalModel) => string[]): K {
  return {
    name,
    help: `${name} <option>...: TLS options every ${name.includes('bind') ? 'bind' : 'server'} line starts with`,
    status: 'parsed-only',
    parse({ g }, args) {
      if (missing(args[1])) throw new ConfigError(`global statement '${name}' expects an option as an argument.`);
      const out = get(g);
      for (let i = 1; i < args.length; i++) {
        const o = args[i]!;
        if (o === 'ssl-min-ver' || o === 'ssl-max-ver') {
          const v = args[++i];
          if (missing(v)) throw new ConfigError(`'${o}' : missing the ssl/tls version on global statement '${name}'.`);
          if (!SSL_VERSIONS.includes(v!)) throw new ConfigError(`'${v}' : unknown ssl/tls version on global statement '${name}'.`);
          out.push(o, v!);
          continue;
        }
        if (!allowed.includes(o)) throw new ConfigError(`unknown option '${o}' on global statement '${name}'.`);
        out.push(o);
      }
    },
  };
}

type StrField =
  | 'sslDefaultBindCiphers'
  | 'sslDefaultBindCiphersuites'
  | 'sslDefaultBindCurves'
  | 'sslDefaultServerCiphers'
  | 'sslDefaultServerCiphersuites'
  | 'sslProviderPath'
  | 'sslPropquery';

/** `global statement 'X' expects ...` keywords taking one string. */
function globalString(name: string, field: StrField, what: string, help: string, strict = true): K {
  return {
    name,
    help,
    status: 'parsed-only',
    parse({ g }, args) {
      if (strict) noMoreThan(args, 1, 1);
      if (missing(args[1])) throw new ConfigError(`global statement '${name}' expects ${what}.`);
      g[field] = args[1]!;
    },
  };
}

function basePath(name: 'ca-base' | 'crt-base', field: 'caBase' | 'crtBase'): K {
  return {
    name,
    help: `${name} <dir>: directory relative ${name === 'ca-base' ? 'CA and CRL' : 'certificate'} paths start from`,
    status: 'parsed-only',
    parse({ g }, args) {
      noMoreThan(args, 1, 1);
      if (g[field] !== undefined) throw new ConfigError(`'${name}' already specified.`);
      if (missing(args[1])) throw new ConfigError(`global statement '${name}' expects a directory path as an argument.`);
      g[field] = args[1];
    },
  };
}

function isDir(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

const EXTRA_FILES = ['none', 'all', 'bundle', 'sctl', 'ocsp', 'issuer', 'key'];

const tls: K[] = [
  basePath('ca-base', 'caBase'),
  basePath('crt-base', 'crtBase'),
  sslOptions('ssl-default-bind-options', BIND_OPTIONS, (g) => g.sslDefaultBindOptions),
  sslOptions('ssl-default-server-options', COMMON_OPTIONS, (g) => g.sslDefaultServerOptions),
  globalString('ssl-default-bind-ciphers', 'sslDefaultBindCiphers', 'a cipher suite as an argument', 'default TLS ≤1.2 ciphers of bind lines'),
  globalString('ssl-default-bind-ciphersuites', 'sslDefaultBindCiphersuites', 'a cipher suite as an argument', 'default TLS 1.3 cipher suites of bind lines'),
  globalString('ssl-default-bind-curves', 'sslDefaultBindCurves', 'a curves suite as an arguments', 'default ECDHE curves of bind lines'),
  globalString('ssl-default-server-ciphers', 'sslDefaultServerCiphers', 'a cipher suite as an argument', 'default TLS ≤1.2 ciphers of server lines'),
  globalString('ssl-default-server-ciphersuites', 'sslDefaultServerCiphersuites', 'a cipher suite as an argument', 'default TLS 1.3 cipher suites of server lines'),
  globalString('ssl-provider-path', 'sslProviderPath', 'a directory path as an argument', 'OpenSSL providers directory', false),
  globalString('ssl-propquery', 'sslPropquery', 'a property string as an argument', 'OpenSSL property query'),
  {
    name: 'ssl-provider',
    help: 'ssl-provider <name>: load an OpenSSL provider',
    status: 'parsed-only',
    parse({ g }, args, ctx) {
      if (missing(args[1]))
        throw new ConfigError(`global statement 'ssl-provider' expects a valid engine provider name as an argument.`);
      if (!['default', 'legacy', 'fips', 'base', 'null'].includes(args[1]!)) {
        ctx.diag.alert(`ssl-provider ${args[1]}: unknown provider`);
        throw new ConfigError('(null)');
      }
      (g.sslProvider ??= []).push(args[1]!);
    },
  },
  {
    name: 'ssl-dh-param-file',
    help: 'ssl-dh-param-file <file>: DH parameters for DHE ciphers',
    status: 'parsed-only',
    parse({ g }, args) {
      noMoreThan(args, 1, 1);
      if (missing(args[1])) throw new ConfigError(`'ssl-dh-param-file' expects a file path as an argument.`);
      let text = '';
      try {
        text = readFileSync(args[1]!, 'latin1');
      } catch {
        /* reported below */
      }
      if (!text.includes('-----BEGIN DH PARAMETERS-----'))
        throw new ConfigError(`'ssl-dh-param-file': unable to load DH parameters from file <${args[1]}>.`);
      g.sslDhParamFile = args[1];
    },
  },
  {
    name: 'ssl-server-verify',
    help: 'ssl-server-verify none|required: default certificate verification of servers',
    status: 'parsed-only',
    parse({ g }, args) {
      noMoreThan(args, 1, 1);
      if (missing(args[1])) throw new ConfigError(`'ssl-server-verify' expects an integer argument.`);
      if (args[1] !== 'none' && args[1] !== 'required')
        throw new ConfigError(`'ssl-server-verify' expects 'none' or 'required' as argument.`);
      g.sslServerVerify = args[1];
    },
  },
  {
    name: 'ssl-mode-async',
    help: 'asynchronous TLS engines',
    status: 'ignored',
    parse({ g }, _args, ctx) {
      g.sslModeAsync = true;
      warnIgnored(ctx, 'ssl-mode-async');
    },
  },
  {
    name: 'ssl-load-extra-files',
    help: 'ssl-load-extra-files none|all|bundle|sctl|ocsp|issuer|key...: files loaded next to certificates',
    status: 'parsed-only',
    parse({ g }, args) {
      const vals = args.slice(1);
      if (vals.length === 0 || vals.some((v) => !EXTRA_FILES.includes(v)))
        throw new ConfigError(
          `'ssl-load-extra-files' expects one or multiple arguments (none, all, bundle, sctl, ocsp, issuer).`,
        );
      if (vals.length > 1 && vals.some((v) => v === 'none' || v === 'all'))
        throw new ConfigError(`'ssl-load-extra-files' 'none' and 'all' can be only used alone`);
      g.sslLoadExtraFiles = vals;
    },
  },
  {
    name: 'ssl-load-extra-del-ext',
    help: 'strip the certificate file extension before looking for extra files',
    status: 'parsed-only',
    parse({ g }) {
      g.sslLoadExtraDelExt = true;
    },
  },
  {
    name: 'ssl-skip-self-issued-ca',
    help: 'do not send self-issued CA certificates in the chain',
    status: 'parsed-only',
    parse({ g }) {
      g.sslSkipSelfIssuedCa = true;
    },
  },
  {
    name: 'issuers-chain-path',
    help: 'issuers-chain-path <dir>: issuer certificates completing chains',
    status: 'parsed-only',
    parse({ g }, args) {
      noMoreThan(args, 1, 1);
      if (missing(args[1]) || !isDir(args[1]!))
        throw new ConfigError(`global statement 'issuers-chain-path' expects a directory path as an argument.\n`);
      g.issuersChainPath = args[1];
    },
  },
];

const httpclient: K[] = [
  {
    name: 'httpclient.resolvers.id',
    help: 'httpclient.resolvers.id <name>: resolvers section of the internal HTTP client',
    status: 'parsed-only',
    parse({ g }, args) {
      noMoreThan(args, 1, 1);
      g.httpclientResolversId = args[1] ?? '';
    },
  },
  {
    name: 'httpclient.resolvers.prefer',
    help: 'httpclient.resolvers.prefer ipv4|ipv6',
    status: 'parsed-only',
    parse({ g }, args, ctx) {
      noMoreThan(args, 1, 1);
      if (args[1] !== 'ipv4' && args[1] !== 'ipv6') {
        ctx.alert(`'httpclient.resolvers.prefer' expects 'ipv4' or 'ipv6' as argument.`);
        throw new ConfigError('(null)');
      }
      g.httpclientResolversPrefer = args[1];
    },
  },
  {
    name: 'httpclient.ssl.verify',
    help: 'httpclient.ssl.verify none|required',
    status: 'parsed-only',
    parse({ g }, args, ctx) {
      noMoreThan(args, 1, 1);
      if (args[1] !== 'none' && args[1] !== 'required') {
        ctx.alert(`'httpclient.ssl.verify' expects 'none' or 'required' as argument.`);
        throw new ConfigError('(null)');
      }
      g.httpclientSslVerify = args[1];
    },
  },
  {
    name: 'httpclient.ssl.ca-file',
    help: 'httpclient.ssl.ca-file <file>: CA file of the internal HTTP client',
    status: 'parsed-only',
    parse({ g }, args, ctx) {
      noMoreThan(args, 1, 1);
      const f = args[1] ?? '';
      if (!existsSync(f)) {
        ctx.diag.alert(`Couldn't open the ca-file '${f}' (No such file or directory).`);
        ctx.diag.alert(`httpclient: cannot initialize: cannot initialize SSL verify with 'ca-file "${f}"'.`);
        return;
      }
      g.httpclientSslCaFile = f;
    },
  },
];

export const SSL_KEYWORDS: K[] = [...tls, ...httpclient];
