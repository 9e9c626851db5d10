/**
 * The configuration-coverage table (docs/configuration.md), generated from the keyword tables
 * themselves so it cannot drift: a test compares the file with this output.
 */
import type { KeywordStatus } from './keyword.js';
import { CAP_BE, CAP_DEF, CAP_FE } from './model/proxy.js';
import { SECTION_LIST } from './sections/index.js';
import { BIND_OPTIONS } from './sections/proxy/bind.js';
import { SERVER_OPTIONS } from './sections/proxy/server.js';

const STATUS_TEXT: Record<KeywordStatus, string> = {
  supported: 'supported',
  'parsed-only': 'parsed-only',
  ignored: 'ignored (warning)',
};

function esc(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function capText(cap: number | undefined): string {
  if (cap === undefined) return 'd f l b';
  return [cap & CAP_DEF ? 'd' : '-', cap & CAP_FE ? 'f' : '-', cap & (CAP_FE | CAP_BE) ? 'l' : '-', cap & CAP_BE ? 'b' : '-'].join(' ');
}

export function coverageMarkdown(): string {
  const out: string[] = [];
  const counts: Record<KeywordStatus, number> = { supported: 0, 'parsed-only': 0, ignored: 0 };
  const count = (s: KeywordStatus): void => void counts[s]++;
  out.push('# Configuration coverage');
  out.push('');
  out.push('Generated from the keyword tables by `npm run docs`; a test fails when this file is out of date.');
  out.push('');
  out.push('Status: **supported** — parsed and acted upon; **parsed-only** — read and validated into the model,');
  out.push('its run-time behaviour arrives with later work; **ignored (warning)** — a tuning knob with no meaning in');
  out.push('Node.js, accepted with a warning. A keyword not listed here is an error naming file, line and keyword.');
  out.push('');
  const body: string[] = [];
  const seenProxy = new Set<string>();
  for (const s of SECTION_LIST) {
    const isProxy = s.kind === 'defaults' || s.kind === 'frontend' || s.kind === 'backend' || s.kind === 'listen';
    if (isProxy) {
      if (seenProxy.size > 0) continue;
      seenProxy.add(s.kind);
      body.push('## Proxy sections: defaults, frontend, listen, backend');
      body.push('');
      body.push('Where: d = defaults, f = frontend, l = listen, b = backend.');
      body.push('');
      body.push('| keyword | where | status | what it does |');
      body.push('|---|---|---|---|');
      for (const k of s.table.all()) {
        count(k.status);
        body.push(`| \`${esc(k.docName ?? k.name)}\` | ${capText(k.cap)} | ${STATUS_TEXT[k.status]} | ${esc(k.help)} |`);
      }
      body.push('');
      body.push('### `bind` options');
      body.push('');
      body.push('| option | arguments | status | what it does |');
      body.push('|---|---|---|---|');
      for (const o of BIND_OPTIONS) {
        count(o.status);
        body.push(`| \`${esc(o.name)}\` | ${o.nargs} | ${STATUS_TEXT[o.status]} | ${esc(o.help)} |`);
      }
      body.push('');
      body.push('### `server` / `default-server` options');
      body.push('');
      body.push('| option | arguments | status | what it does |');
      body.push('|---|---|---|---|');
      for (const o of SERVER_OPTIONS) {
        count(o.status);
        body.push(`| \`${esc(o.name)}\` | ${o.nargs} | ${STATUS_TEXT[o.status]} | ${esc(o.help)} |`);
      }
      body.push('');
      continue;
    }
    body.push(`## \`${s.kind}\` section`);
    body.push('');
    body.push(esc(s.help));
    body.push('');
    body.push('| keyword | status | what it does |');
    body.push('|---|---|---|');
    for (const k of s.table.all()) {
      count(k.status);
      body.push(`| \`${esc(k.docName ?? k.name)}\` | ${STATUS_TEXT[k.status]} | ${esc(k.help)} |`);
    }
    body.push('');
  }
  out.push(
    `Totals: ${counts.supported} supported, ${counts['parsed-only']} parsed-only, ${counts.ignored} ignored with a warning.`,
  );
  out.push('');
  return [...out, ...body].join('\n');
}
