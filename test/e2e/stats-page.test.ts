/**
 * The statistics page side by side with HAProxy 2.6: `stats auth` and `stats realm` (401 with the
 * realm), `stats refresh` (the refresh header, `;norefresh`), `;csv`, `stats admin` actions posted
 * from the page (303 back with `;st=DONE`, the server in MAINT then READY again), `;up`.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { freePorts, httpBackend } from './harness.js';
import { hasHaproxy } from './lb-side.js';
import { get, parseCsv, startEngine, type Engine } from './stats-side.js';

const AUTH = { authorization: `Basic ${Buffer.from('admin:s3cret').toString('base64')}` };

interface Seen {
  unauth: { status: number; realm: string | undefined };
  refresh: string | undefined;
  norefresh: string | undefined;
  html: string;
  post: { status: number; location: string | undefined };
  afterMaint: string;
  up: string;
  afterReady: string;
}

async function scenario(engine: Engine, fe: number, ok: number): Promise<Seen> {
  const cfg = `defaults
  mode http
  timeout client 5s
  timeout server 5s
  timeout connect 2s
listen www
  bind 127.0.0.1:${fe}
  stats enable
  stats uri /admin/stats
  stats realm Ops\\ area
  stats auth admin:s3cret
  stats refresh 5s
  stats admin if TRUE
  server s1 127.0.0.1:${ok}
  server s2 127.0.0.1:${ok}
`;
  const p = await startEngine(engine, cfg, fe);
  try {
    const u = await get(fe, '/admin/stats');
    const page = await get(fe, '/admin/stats', { headers: AUTH });
    const nr = await get(fe, '/admin/stats;norefresh', { headers: AUTH });
    const csv0 = parseCsv((await get(fe, '/admin/stats;csv', { headers: AUTH })).body);
    const iid = csv0.rows.get('www/s2')!['iid'];
    const body = `s=s2&action=maint&b=%23${iid}`;
    const post = await get(fe, '/admin/stats', {
      method: 'POST',
      headers: { ...AUTH, 'content-type': 'application/x-www-form-urlencoded', 'content-length': String(body.length) },
      body,
    });
    const after = parseCsv((await get(fe, '/admin/stats;csv', { headers: AUTH })).body);
    const up = await get(fe, '/admin/stats;up;norefresh', { headers: AUTH });
    const body2 = `s=s2&action=ready&b=%23${iid}`;
    await get(fe, '/admin/stats', {
      method: 'POST',
      headers: { ...AUTH, 'content-type': 'application/x-www-form-urlencoded', 'content-length': String(body2.length) },
      body: body2,
    });
    const after2 = parseCsv((await get(fe, '/admin/stats;csv', { headers: AUTH })).body);
    return {
      unauth: { status: u.status, realm: u.headers['www-authenticate'] as string | undefined },
      refresh: page.headers['refresh'] as string | undefined,
      norefresh: nr.headers['refresh'] as string | undefined,
      html: page.body,
      post: { status: post.status, location: post.headers['location'] as string | undefined },
      afterMaint: after.rows.get('www/s2')!['status']!,
      up: up.body,
      afterReady: after2.rows.get('www/s2')!['status']!,
    };
  } finally {
    await p.stop();
  }
}

test('stats page: auth, realm, refresh, admin actions and ;up as HAProxy 2.6', { timeout: 60_000 }, async () => {
  const ok = await httpBackend((_req, res) => res.end('hello\n'));
  try {
    const [fe] = await freePorts(1);
    const sy = await scenario('switchyard', fe!, ok.port);
    assert.equal(sy.unauth.status, 401);
    assert.equal(sy.unauth.realm, 'Basic realm="Ops area"');
    assert.equal(sy.refresh, '5');
    assert.equal(sy.norefresh, undefined);
    assert.match(sy.html, /Statistics Report for pid \d+/);
    assert.match(sy.html, /General process information/);
    assert.match(sy.html, /<tr class="active_no_check"[^>]*>/);
    assert.match(sy.html, /Choose the action to perform on the checked servers/);
    assert.equal(sy.post.status, 303);
    assert.equal(sy.post.location, '/admin/stats;st=DONE');
    assert.equal(sy.afterMaint, 'MAINT');
    assert.doesNotMatch(sy.up, /value="s2"/, ';up hides the server in maintenance');
    assert.match(sy.up, /value="s1"/);
    assert.equal(sy.afterReady, 'no check');
    if (hasHaproxy()) {
      const ha = await scenario('haproxy', fe!, ok.port);
      assert.deepEqual(sy.unauth, ha.unauth);
      assert.equal(sy.refresh, ha.refresh);
      assert.equal(sy.norefresh, ha.norefresh);
      assert.deepEqual(sy.post, ha.post);
      assert.equal(sy.afterMaint, ha.afterMaint);
      assert.equal(sy.afterReady, ha.afterReady);
      assert.equal(/value="s2"/.test(sy.up), /value="s2"/.test(ha.up));
      // The same sections and state classes in both pages.
      for (const re of [/General process information/, /class="lgd"/, /active_no_check/, /name="action"/]) {
        assert.equal(re.test(sy.html), re.test(ha.html), String(re));
      }
    }
  } finally {
    await ok.close();
  }
});
