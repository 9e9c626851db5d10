/** Logging, error pages, captures, stats and monitoring keywords of proxies. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadConfigText } from '../../src/config/parse.js';

const HEAD = 'defaults\n mode http\n timeout client 1s\n timeout server 1s\n timeout connect 1s\n';

function load(body: string, header = 'listen f\n bind :80\n') {
  const { config, diag } = loadConfigText(HEAD + header + body, 't.cfg');
  return { diag, p: config.proxies[0]! };
}

function first(body: string, header?: string): string {
  return load(body, header).diag.items[0]?.message ?? 'ok';
}

test('log targets are kept', () => {
  const { diag, p } = load(' log global\n log 127.0.0.1:514 len 1024 format rfc5424 local0 info notice\n');
  assert.equal(diag.alerts, 0);
  assert.equal(p.logs[0]!.global, true);
  assert.deepEqual(
    { ...p.logs[1]!, place: undefined },
    { place: undefined, target: '127.0.0.1:514', len: 1024, format: 'rfc5424', sample: undefined, facility: 'local0', level: 'info', minlevel: 'notice' },
  );
  const n = load(' log global\n no log\n');
  assert.deepEqual(n.p.logs, []);
  assert.equal(n.p.noLog, true);
});

test('log errors', () => {
  assert.equal(first(' log\n'), 'log : expects <address> and <facility> or global as arguments');
  assert.equal(first(' log 127.0.0.1 local9\n'), "log : unknown log facility 'local9'");
  assert.equal(first(' log 127.0.0.1 local0 infox\n'), "log : unknown optional log level 'infox'");
  assert.equal(first(' log 127.0.0.1 local0 info debugx\n'), "log : unknown optional minimum log level 'debugx'");
  assert.equal(first(' log 127.0.0.1 local0 info debug x\n'), "log : cannot handle unexpected argument 'x'");
  assert.equal(first(' log 127.0.0.1 len 10 local0\n'), "log : invalid log length '10', must be between 80 and 65535");
  assert.equal(first(' log 127.0.0.1 format foo local0\n'), "log : unknown log format 'foo'");
  assert.equal(first(' no log x\n'), "log : 'no log' does not expect arguments");
  assert.equal(first(' log-format a b\n'), "log-format expects only one argument, don't forget to escape spaces!");
  assert.equal(first(' log-tag\n'), "'log-tag' expects a tag for use in syslog.");
  assert.equal(first(' log-format %ci\n', 'backend f\n'), "backend 'f' : 'log-format' directive is ignored in backends.");
});

test('errorfile, errorloc and http-error', () => {
  const { diag, p } = load(' errorfile 503 /dev/null\n errorloc303 502 http://x/\n http-error status 503 content-type text/plain string down\n');
  assert.equal(diag.alerts, 0);
  assert.equal(p.errorfiles[503], '/dev/null');
  assert.deepEqual(p.errorloc[502], { code: 303, url: 'http://x/' });
  assert.equal(p.httpErrorReplies![0]!.status, 503);
  assert.equal(first(' errorfile 503\n'), 'errorfile : expects <status_code> and <file> as arguments.\n');
  assert.equal(first(' errorfile 204 /dev/null\n'), "errorfile : status code '204' not handled.");
  assert.equal(first(' errorfile 503 /nonexistent\n'), "errorfile : error opening file '/nonexistent'.");
  assert.equal(first(' http-error status 999\n'), "http-error : Unexpected status code '999'");
  assert.equal(first(' http-error status 503 string x\n'), 'http-error : a content type must be defined when non-empty payload is configured');
});

test('capture, declare capture', () => {
  const { p } = load(' capture request header Host len 20\n capture cookie SID len 32\n declare capture response len 8\n');
  assert.deepEqual(p.captures.map((c) => [c.direction, c.what, c.name, c.len]), [
    ['request', 'header', 'Host', 20],
    ['request', 'cookie', 'SID', 32],
  ]);
  assert.equal(p.declaredCaptures![0]!.len, 8);
  assert.equal(first(' capture request header\n'), "'capture request' expects 'header' <header_name> 'len' <len>.");
  assert.equal(first(' capture foo\n'), "'capture' expects 'cookie' or 'request header' or 'response header'.");
  assert.equal(first(' capture request header Host len 20\n', 'backend f\n'), "'capture' ignored because backend 'f' has no frontend capability.");
  assert.equal(first(' declare capture request\n'), "'declare capture' requires a capture length ('len')");
});

test('stats and monitor', () => {
  const { diag, p } = load(' stats enable\n stats uri /st\n stats auth a:b\n stats refresh 10s\n stats admin if TRUE\n monitor-uri /m\n monitor fail if FALSE\n');
  assert.equal(diag.alerts, 0);
  assert.equal(p.stats.uri, '/st');
  assert.deepEqual(p.stats.auth, [{ user: 'a', password: 'b' }]);
  assert.equal(p.stats.refresh, 10000);
  assert.equal(p.stats.admin.length, 1);
  assert.equal(p.monitor.uri, '/m');
  assert.equal(p.monitor.fail.length, 1);
  assert.equal(
    first(' stats foo\n'),
    "unknown stats parameter 'foo', expects 'admin', 'uri', 'realm', 'auth', 'scope', 'enable', 'hide-version', 'show-node', 'show-desc' or 'show-legends'.",
  );
  assert.equal(first(' stats uri\n'), "'uri' needs an URI prefix.");
  assert.equal(first(' monitor-uri a b\n'), "'monitor-uri' cannot handle unexpected argument 'b'.");
  assert.equal(first(' monitor foo\n'), "'monitor' only supports 'fail'.");
  assert.equal(
    first(' monitor-net 1.2.3.4\n'),
    "'monitor-net' doesn't exist anymore. Please use 'http-request return status 200 if { src 1.2.3.4 }' instead.",
  );
});

test('misc backend keywords', () => {
  const { p } = load(' http-send-name-header X-Srv\n load-server-state-from-file local\n server-state-file-name\n max-keep-alive-queue 5\n');
  assert.equal(p.httpSendNameHeader, 'x-srv');
  assert.equal(p.loadServerStateFromFile, 'local');
  assert.equal(p.serverStateFileName, 'f');
  assert.equal(p.maxKeepAliveQueue, 5);
  assert.equal(first(' load-server-state-from-file foo\n'), "'load-server-state-from-file' expects 'global', 'local' or 'none'. Got 'foo'");
  assert.equal(first(' email-alert level foo\n'), "unknown log level 'level' after 'foo'");
  assert.equal(first(' max-keep-alive-queue x\n'), "'max-keep-alive-queue' : unexpected character 'x' in integer value 'x'");
});
