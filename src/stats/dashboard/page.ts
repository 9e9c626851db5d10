/** The dashboard page: one HTML document with its CSS and JS inline (served as is, no build step). */
export const DASHBOARD_PAGE = `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Live dashboard</title>
<link rel="icon" href="data:,">
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
:root { --bg:#f4f5f7; --card:#fff; --ink:#1d2330; --mute:#6b7385; --line:#e3e6ec; --accent:#b00040; }
* { box-sizing: border-box; }
body { margin:0; font: 13px/1.4 system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; background:var(--bg); color:var(--ink); }
header { display:flex; align-items:center; gap:18px; padding:10px 20px; background:#1d2330; color:#fff; }
header h1 { font-size:16px; margin:0; font-weight:600; letter-spacing:.02em; }
header .meta { color:#aeb6c8; font-size:12px; }
header a { color:#ffd34d; text-decoration:none; margin-left:auto; font-size:12px; }
#live { display:inline-block; width:8px; height:8px; border-radius:50%; background:#666; margin-right:6px; vertical-align:middle; }
#live.on { background:#3ddc84; box-shadow:0 0 6px #3ddc84; }
main { padding:16px 20px; max-width:1400px; margin:0 auto; }
.tiles { display:grid; grid-template-columns:repeat(6, 1fr); gap:12px; margin-bottom:14px; }
.tile { background:var(--card); border:1px solid var(--line); border-radius:8px; padding:10px 14px; }
.tile .k { color:var(--mute); font-size:11px; text-transform:uppercase; letter-spacing:.06em; }
.tile .v { font-size:24px; font-weight:600; font-variant-numeric:tabular-nums; }
.tile .v small { font-size:12px; color:var(--mute); font-weight:400; }
.charts { display:grid; grid-template-columns:repeat(3, 1fr); gap:12px; margin-bottom:14px; }
.chart { background:var(--card); border:1px solid var(--line); border-radius:8px; padding:10px 12px 6px; }
.chart h2, .card h2 { font-size:12px; margin:0 0 6px; color:var(--mute); text-transform:uppercase; letter-spacing:.06em; font-weight:600; }
.chart canvas { width:100%; height:150px; display:block; }
.legend { font-size:11px; color:var(--mute); margin-top:4px; min-height:16px; }
.legend span { margin-right:12px; white-space:nowrap; }
.legend i { display:inline-block; width:10px; height:3px; vertical-align:middle; margin-right:4px; border-radius:2px; }
.cards { display:grid; grid-template-columns:repeat(auto-fill, minmax(640px, 1fr)); gap:12px; }
.card { background:var(--card); border:1px solid var(--line); border-radius:8px; padding:10px 14px; overflow-x:auto; }
.card .title { display:flex; align-items:center; gap:10px; margin-bottom:6px; }
.card .title b { font-size:15px; color:var(--accent); }
.card .title .sub { color:var(--mute); font-size:12px; }
.badge { padding:1px 8px; border-radius:10px; font-size:11px; font-weight:600; }
.badge.UP { background:#c0ffc0; color:#135c13; } .badge.DOWN { background:#ff9090; color:#6b0000; }
table { width:100%; border-collapse:collapse; font-variant-numeric:tabular-nums; }
th { text-align:right; font-weight:600; color:var(--mute); font-size:11px; padding:4px 6px; border-bottom:1px solid var(--line); }
th:first-child, td:first-child { text-align:left; }
td { text-align:right; padding:4px 5px; border-bottom:1px solid #f0f1f4; white-space:nowrap; }
td.state span { display:inline-block; min-width:70px; text-align:center; padding:1px 6px; border-radius:4px; font-size:11px; font-weight:600; color:#222; }
.active_up{background:#c0ffc0}.active_going_up{background:#ffd020}.active_going_down{background:#ffffa0}.active_down{background:#ff9090}
.active_nolb,.active_draining{background:#20a0ff}.active_no_check,.backup_no_check{background:#e0e0e0}.backup_up{background:#b0d0ff}
.backup_going_up{background:#ff80ff}.backup_going_down{background:#c060ff}.backup_down{background:#ff9090}.backup_nolb{background:#90b0e0}
.backup_draining{background:#cc9900}.maintain{background:#c07820}
canvas.spark { width:90px; height:22px; vertical-align:middle; }
.err { color:#c0102a; font-weight:600; }
footer { color:var(--mute); font-size:11px; text-align:center; padding:12px; }
@media (max-width: 900px) { .tiles { grid-template-columns:repeat(3, 1fr); } .charts { grid-template-columns:1fr; } }
</style></head>
<body>
<header><h1>Live dashboard</h1><span class="meta"><span id="live"></span><span id="meta">connecting…</span></span><a id="back" href="#">static stats page &rarr;</a></header>
<main>
<section class="tiles">
 <div class="tile"><div class="k">Requests / s</div><div class="v" id="t-req">–</div></div>
 <div class="tile"><div class="k">Errors / s</div><div class="v" id="t-err">–</div></div>
 <div class="tile"><div class="k">p50 response</div><div class="v" id="t-p50">–</div></div>
 <div class="tile"><div class="k">p90 response</div><div class="v" id="t-p90">–</div></div>
 <div class="tile"><div class="k">p99 response</div><div class="v" id="t-p99">–</div></div>
 <div class="tile"><div class="k">Servers up</div><div class="v" id="t-up">–</div></div>
</section>
<section class="charts">
 <div class="chart"><h2>Requests per second</h2><canvas id="c-req"></canvas><div class="legend" id="l-req"></div></div>
 <div class="chart"><h2>Errors per second (5xx, conn, resp)</h2><canvas id="c-err"></canvas><div class="legend" id="l-err"></div></div>
 <div class="chart"><h2>Response time, ms (last 10 s)</h2><canvas id="c-lat"></canvas><div class="legend" id="l-lat"></div></div>
</section>
<section class="cards" id="cards"></section>
</main>
<footer>Polling <span id="url"></span> every second · history: last 60 s</footer>
<script>
(function () {
  var DATA = __DATA_URL__, STATS = __STATS_URL__, N = 60;
  var COLORS = ['#2b6cb0', '#d53f8c', '#38a169', '#dd6b20', '#805ad5', '#319795', '#b7791f', '#e53e3e'];
  document.getElementById('back').href = STATS;
  document.getElementById('url').textContent = DATA;
  var prev = null, hist = { req: {}, err: {}, lat: { p50: [], p90: [], p99: [] } }, spark = {};
  function push(a, v) { a.push(v); while (a.length > N) a.shift(); }
  function series(map, key) { return map[key] || (map[key] = []); }
  function fmtMs(v) { return v == null ? '–' : (v >= 1000 ? (v / 1000).toFixed(1) + '<small> s</small>' : v + '<small> ms</small>'); }
  function fmt(v) { return v >= 100 ? Math.round(v) : (Math.round(v * 10) / 10); }
  function draw(id, lines, unit) {
    var c = document.getElementById(id), dpr = window.devicePixelRatio || 1;
    var w = c.clientWidth, h = c.clientHeight; c.width = w * dpr; c.height = h * dpr;
    var g = c.getContext('2d'); g.scale(dpr, dpr); g.clearRect(0, 0, w, h);
    var max = 1; lines.forEach(function (l) { l.data.forEach(function (v) { if (v != null && v > max) max = v; }); });
    var mag = Math.pow(10, Math.floor(Math.log10(max))); max = Math.ceil(max / mag) * mag;
    var L = 38, B = h - 16, T = 6, R = w - 4;
    g.strokeStyle = '#eceef2'; g.fillStyle = '#8a92a6'; g.font = '10px system-ui, sans-serif'; g.lineWidth = 1;
    for (var i = 0; i <= 4; i++) { var y = B - (B - T) * i / 4; g.beginPath(); g.moveTo(L, y); g.lineTo(R, y); g.stroke(); g.fillText(fmt(max * i / 4) + (i === 4 ? unit : ''), 2, y + 3); }
    g.fillText('-60s', L, h - 3); g.fillText('now', R - 20, h - 3);
    lines.forEach(function (l) {
      g.strokeStyle = l.color; g.lineWidth = 1.8; g.beginPath(); var started = false;
      l.data.forEach(function (v, i) { if (v == null) return; var x = L + (R - L) * (i + N - l.data.length) / (N - 1), y = B - (B - T) * v / max; if (!started) { g.moveTo(x, y); started = true; } else g.lineTo(x, y); });
      g.stroke();
    });
  }
  function legend(id, lines) {
    document.getElementById(id).innerHTML = lines.map(function (l) { var last = l.data[l.data.length - 1]; return '<span><i style="background:' + l.color + '"></i>' + esc(l.name) + ' ' + (last == null ? '–' : fmt(last)) + '</span>'; }).join('');
  }
  function sparkline(c, data, color) {
    var dpr = window.devicePixelRatio || 1, w = c.clientWidth, h = c.clientHeight; c.width = w * dpr; c.height = h * dpr;
    var g = c.getContext('2d'); g.scale(dpr, dpr); var max = 1; data.forEach(function (v) { if (v > max) max = v; });
    g.strokeStyle = color; g.lineWidth = 1.3; g.beginPath();
    data.forEach(function (v, i) { var x = w * (i + N - data.length) / (N - 1), y = h - 2 - (h - 4) * v / max; if (i === 0) g.moveTo(x, y); else g.lineTo(x, y); });
    g.stroke();
  }
  function esc(s) { return String(s).replace(/[&<>"]/g, function (c) { return '&#' + c.charCodeAt(0) + ';'; }); }
  function rate(cur, old, k, dt) { return old ? Math.max(0, (cur[k] - old[k]) / dt) : 0; }
  function errs(x) { return x.h5xx + x.econ + x.eresp; }
  function render(d) {
    var dt = prev ? Math.max(0.2, (d.time - prev.time) / 1000) : 1, old = {};
    if (prev) prev.proxies.forEach(function (p) { old[p.name] = p; });
    var totReq = 0, totErr = 0, up = 0, all = 0, best = null;
    d.proxies.forEach(function (p) {
      var o = old[p.name];
      if (p.frontend) {
        var r = o && o.frontend ? (p.mode === 'http' ? rate(p.frontend, o.frontend, 'req', dt) : rate(p.frontend, o.frontend, 'stot', dt)) : 0;
        var e = o && o.frontend ? Math.max(0, (errs(p.frontend) + p.frontend.ereq - errs(o.frontend) - o.frontend.ereq) / dt) : 0;
        totReq += r; totErr += e;
        push(series(hist.req, p.name), r); push(series(hist.err, p.name), e);
        if (p.frontend.n > 0 && (!best || p.frontend.n > best.n)) best = p.frontend;
      }
      if (p.backend) {
        var be = p.backend, ob = o && o.backend;
        var eb = ob ? Math.max(0, (errs(be) - errs(ob)) / dt) : 0;
        if (!p.frontend) { push(series(hist.err, p.name), eb); totErr += eb; }
        if (be.n > 0 && (!best || be.n > best.n)) best = be;
      }
      p.servers.forEach(function (s) { all++; if (/^UP|^no check/.test(s.status)) up++; });
    });
    push(hist.lat.p50, best ? best.p50 : null); push(hist.lat.p90, best ? best.p90 : null); push(hist.lat.p99, best ? best.p99 : null);
    document.getElementById('t-req').textContent = fmt(totReq);
    var te = document.getElementById('t-err'); te.textContent = fmt(totErr); te.className = 'v' + (totErr > 0 ? ' err' : '');
    document.getElementById('t-p50').innerHTML = fmtMs(best ? best.p50 : null);
    document.getElementById('t-p90').innerHTML = fmtMs(best ? best.p90 : null);
    document.getElementById('t-p99').innerHTML = fmtMs(best ? best.p99 : null);
    document.getElementById('t-up').innerHTML = up + '<small> / ' + all + '</small>';
    var names = Object.keys(hist.req);
    var reqLines = names.map(function (n, i) { return { name: n, color: COLORS[i % COLORS.length], data: hist.req[n] }; });
    var errLines = Object.keys(hist.err).map(function (n, i) { return { name: n, color: COLORS[(i + 3) % COLORS.length], data: hist.err[n] }; });
    var latLines = [{ name: 'p50', color: '#38a169', data: hist.lat.p50 }, { name: 'p90', color: '#dd6b20', data: hist.lat.p90 }, { name: 'p99', color: '#e53e3e', data: hist.lat.p99 }];
    draw('c-req', reqLines, '/s'); legend('l-req', reqLines);
    draw('c-err', errLines, '/s'); legend('l-err', errLines);
    draw('c-lat', latLines, 'ms'); legend('l-lat', latLines);
    var html = '';
    d.proxies.forEach(function (p) {
      if (!p.backend) return;
      var o = old[p.name], os = {};
      if (o) o.servers.forEach(function (s) { os[s.name] = s; });
      html += '<div class="card" data-proxy="' + esc(p.name) + '"><div class="title"><b>' + esc(p.name) + '</b><span class="badge ' + esc(p.backend.status) + '">' + esc(p.backend.status) + '</span><span class="sub">' + esc(p.mode) + ' · ' + esc(p.backend.algo) + ' · ' + p.backend.scur + ' active · queue ' + p.backend.qcur + '</span></div>';
      html += '<table><tr><th>Server</th><th>State</th><th>Weight</th><th>Sessions</th><th>Req/s</th><th>last 60 s</th><th>Err/s</th><th>p50</th><th>p90</th><th>p99</th><th>Check</th></tr>';
      p.servers.forEach(function (s) {
        var k = p.name + '/' + s.name, prevS = os[s.name];
        var r = prevS ? rate(s, prevS, p.mode === 'http' ? 'req' : 'stot', dt) : 0;
        var e = prevS ? Math.max(0, (errs(s) - errs(prevS)) / dt) : 0;
        push(series(spark, k), r);
        html += '<tr data-server="' + esc(s.name) + '"><td>' + esc(s.name) + (s.backup ? ' <small>(backup)</small>' : '') + '</td><td class="state"><span class="' + esc(s.cls) + '">' + esc(s.status) + '</span></td><td>' + s.weight + '</td><td>' + s.scur + '</td><td>' + fmt(r) + '</td><td><canvas class="spark" data-k="' + esc(k) + '"></canvas></td><td' + (e > 0 ? ' class="err"' : '') + '>' + fmt(e) + '</td><td>' + (s.p50 == null ? '–' : s.p50) + '</td><td>' + (s.p90 == null ? '–' : s.p90) + '</td><td>' + (s.p99 == null ? '–' : s.p99) + '</td><td>' + esc(s.check || '') + '</td></tr>';
      });
      html += '</table></div>';
    });
    document.getElementById('cards').innerHTML = html;
    Array.prototype.forEach.call(document.querySelectorAll('canvas.spark'), function (c) { sparkline(c, spark[c.getAttribute('data-k')] || [], '#2b6cb0'); });
    document.getElementById('meta').textContent = 'pid ' + d.pid + ' · uptime ' + d.uptime + ' s · ' + d.conns + ' connections · updated ' + new Date(d.time).toLocaleTimeString();
    document.body.setAttribute('data-updates', String((Number(document.body.getAttribute('data-updates')) || 0) + 1));
    prev = d;
  }
  function tick() {
    fetch(DATA, { cache: 'no-store', credentials: 'same-origin' }).then(function (r) { return r.json(); }).then(function (d) {
      document.getElementById('live').className = 'on'; render(d);
    }).catch(function () { document.getElementById('live').className = ''; document.getElementById('meta').textContent = 'disconnected, retrying…'; })
      .then(function () { setTimeout(tick, 1000); });
  }
  tick();
})();
</script>
</body></html>
`;
