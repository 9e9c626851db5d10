/** `-v` and `-vv` output, in HAProxy's layout. */
import { release, type as osType, machine, version as osVersion } from 'node:os';
import { featureList, RELEASE_DATE, SWITCHYARD_VERSION, VERSION_STRING } from '../version.js';

export function versionText(): string {
  return (
    `HAProxy version ${VERSION_STRING} ${RELEASE_DATE} - Switchyard ${SWITCHYARD_VERSION}, HAProxy-compatible load balancer on Node.js\n` +
    `Status: development branch - not yet a release.\n` +
    `Known bugs: see the project's issue tracker\n` +
    `Running on: ${osType()} ${release()} ${osVersion()} ${machine()}\n`
  );
}

export function buildText(): string {
  return (
    versionText() +
    `Build options :\n` +
    `  TARGET  = node${process.versions.node}-${process.platform}\n` +
    `  CPU     = ${process.arch}\n` +
    `  CC      = tsc\n` +
    `  CFLAGS  = \n` +
    `  OPTIONS = USE_OPENSSL=1 USE_ZLIB=1 USE_PROMEX=1 USE_SYSTEMD=1\n` +
    `  DEBUG   = \n` +
    `\n` +
    `Feature list : ${featureList()}\n` +
    `\n` +
    `Default settings :\n` +
    `  bufsize = 16384, maxrewrite = 1024, maxpollevents = 200\n` +
    `\n` +
    `Built with multi-threading support (MAX_THREADS=64, default=1).\n` +
    `Built with OpenSSL version : OpenSSL ${process.versions.openssl}\n` +
    `Running on OpenSSL version : OpenSSL ${process.versions.openssl}\n` +
    `OpenSSL library supports TLS extensions : yes\n` +
    `OpenSSL library supports SNI : yes\n` +
    `OpenSSL library supports : TLSv1.2 TLSv1.3\n` +
    `Built with the Prometheus exporter as a service\n` +
    `Built with zlib version : ${process.versions.zlib}\n` +
    `Compression algorithms supported : identity("identity"), deflate("deflate"), raw-deflate("deflate"), gzip("gzip")\n` +
    `Built with Node.js version : ${process.versions.node}\n` +
    `\n` +
    `Available polling systems :\n` +
    `      epoll : pref=300,  test result OK\n` +
    `       poll : pref=200,  test result OK\n` +
    `Total: 2 (2 usable), will use epoll.\n` +
    `\n` +
    `Available multiplexer protocols :\n` +
    `(protocols marked as <default> cannot be specified using 'proto' keyword)\n` +
    `         h2 : mode=HTTP  side=FE|BE  mux=H2    flags=HTX|HOL_RISK|NO_UPG\n` +
    `  <default> : mode=HTTP  side=FE|BE  mux=H1    flags=HTX\n` +
    `  <default> : mode=TCP   side=FE|BE  mux=PASS  flags=\n`
  );
}
