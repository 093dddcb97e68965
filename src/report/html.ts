/**
 * The HTML report (`investigate --html FILE`): one self-contained file that works offline, with
 * uPlot and its stylesheet inlined (read from the installed package at run time). Chart data goes
 * in as JSON inside a `<script type="application/json">` with `<` escaped, and every piece of text
 * is HTML-escaped: guest console text is attacker-controlled.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { noDataSentence } from '../analyze/explanation.js';
import type { IncidentChart, InvestigateResult, Suspect } from '../analyze/index.js';
import { toIso } from '../model/index.js';
import { escapeHtml } from './escape.js';
import { markerRows } from './marker-rows.js';
import { suspectColumns } from './suspect-columns.js';

function uplotAssets(): { js: string; css: string } {
  const require = createRequire(import.meta.url);
  const dist = dirname(require.resolve('uplot/dist/uPlot.iife.min.js'));
  return {
    js: readFileSync(join(dist, 'uPlot.iife.min.js'), 'utf8'),
    css: readFileSync(join(dist, 'uPlot.min.css'), 'utf8'),
  };
}

function suspectTable(list: readonly Suspect[], scope: 'victim' | 'incident'): string {
  const head = suspectColumns(scope);
  const rows = list
    .slice(0, 5)
    .map((s) =>
      [
        s.rank,
        s.domain || 'host',
        `${s.resource} ${s.device}`.trim(),
        s.metric,
        s.score.toFixed(1),
        `${s.support.hits}/${s.support.n}`,
        s.lift.toFixed(1),
        s.q.toPrecision(2),
        s.leadSeconds ? `${s.leadSeconds.median} (${s.leadSeconds.lo}–${s.leadSeconds.hi})` : '–',
        s.direction,
        s.confirmed ? 'yes' : 'no',
        s.shared ?? '–',
      ]
        .map((c) => `<td>${escapeHtml(String(c))}</td>`)
        .join(''),
    );
  return `<table><tr>${head.map((h) => `<th>${h}</th>`).join('')}</tr>${rows.map((r) => `<tr>${r}</tr>`).join('')}</table>`;
}

/** JSON safe inside a <script> element: no `<` can close it. */
function scriptJson(x: unknown): string {
  return JSON.stringify(x)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

const DRAW = `
const markerRows = ${markerRows.toString()};
for (const el of document.querySelectorAll('script.chart')) {
  const c = JSON.parse(el.textContent);
  const grid = [...new Set(c.series.flatMap((s) => s.ts))].sort((a, b) => a - b);
  const cols = c.series.map((s) => { const m = new Map(s.ts.map((t, i) => [t, s.values[i]])); return grid.map((t) => m.has(t) ? m.get(t) : null); });
  const colours = ['#c0392b', '#2471a3', '#1e8449', '#7d3c98', '#b9770e'];
  const markers = c.markers;
  const opts = {
    width: 860, height: 260,
    scales: { x: { time: true } },
    series: [{}, ...c.series.map((s, i) => ({ label: s.label, stroke: colours[i % colours.length], scale: 'y' + i }))],
    axes: [{}, ...c.series.map((s, i) => ({ scale: 'y' + i, show: i < 2, side: i === 0 ? 3 : 1, stroke: colours[i % colours.length] }))],
    hooks: { draw: [(u) => { const ctx = u.ctx; ctx.save(); ctx.strokeStyle = '#555'; ctx.fillStyle = '#555'; ctx.setLineDash([4, 3]); ctx.font = '11px sans-serif';
      const xs = markers.map((m) => u.valToPos(m.ts / 1000, 'x', true));
      const rows = markerRows(xs, markers.map((m) => ctx.measureText(m.label).width + 3), 6);
      markers.forEach((m, i) => { const x = xs[i]; ctx.beginPath(); ctx.moveTo(x, u.bbox.top); ctx.lineTo(x, u.bbox.top + u.bbox.height); ctx.stroke(); ctx.fillText(m.label, x + 3, u.bbox.top + 12 + rows[i] * 13); });
      ctx.restore(); }] },
  };
  new uPlot(opts, [grid.map((t) => t / 1000), ...cols], el.parentElement);
}`;

export function renderHtml(r: InvestigateResult, charts: readonly (readonly IncidentChart[])[]): string {
  const { js, css } = uplotAssets();
  const body: string[] = ['<h1>xenscope investigation</h1>'];
  if (r.victims.length === 0) body.push('<p>No crash incidents found.</p>');
  r.victims.forEach((v, vi) => {
    body.push(
      `<h2>${escapeHtml(v.domain)} on ${escapeHtml(v.host)}</h2>`,
      `<p class="explanation">${escapeHtml(v.explanation)}</p>`,
    );
    if (v.suspects.length > 0)
      body.push('<h3>Suspects across incidents</h3>', suspectTable(v.suspects, 'victim'));
    v.incidents.forEach((inc, ii) => {
      body.push(`<h3>${escapeHtml(toIso(inc.ts))} — ${escapeHtml(inc.kind)}</h3><ul>`);
      for (const e of inc.evidence)
        body.push(
          `<li>${escapeHtml(toIso(e.ts))} ${escapeHtml(e.source)}: <code>${escapeHtml(e.message.split('\n')[0]!.slice(0, 200))}</code></li>`,
        );
      body.push('</ul>');
      const c = charts[vi]?.[ii];
      if (c && c.series.length > 0) {
        if (c.shared) body.push(`<p>Shared with the top suspect: ${escapeHtml(c.shared)}</p>`);
        body.push(
          `<div class="chart"><script type="application/json" class="chart">${scriptJson(c)}</script></div>`,
        );
      } else if (inc.noData) body.push(`<p>${escapeHtml(noDataSentence(inc.coverage, 'this incident'))}</p>`);
      if (inc.suspects.length > 0) body.push(suspectTable(inc.suspects, 'incident'));
    });
  });
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>xenscope investigation</title>
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'">
<style>${css}
body{font-family:sans-serif;max-width:960px;margin:2em auto;color:#222}table{border-collapse:collapse;font-size:13px}td,th{border:1px solid #ccc;padding:2px 6px}.explanation{font-size:15px;background:#f6f6f6;padding:8px}</style>
</head><body>
${body.join('\n')}
<script>${js}</script>
<script>${DRAW}</script>
</body></html>
`;
}
