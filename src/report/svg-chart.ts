/**
 * A small static SVG line chart for the Markdown report (Markdown cannot run uPlot): each series
 * scaled to its own range (they have different units), incident and onset markers as lines.
 */
import type { IncidentChart } from '../analyze/index.js';
import { escapeHtml } from './escape.js';

const W = 720;
const H = 220;
const PAD = 30;
const COLOURS = ['#c0392b', '#2471a3', '#1e8449', '#7d3c98', '#b9770e'];

export function svgChart(c: IncidentChart): string {
  const x = (t: number) => PAD + ((t - c.from) / (c.to - c.from)) * (W - 2 * PAD);
  const parts: string[] = [];
  c.series.forEach((s, i) => {
    const vals = s.values.filter((v) => Number.isFinite(v));
    if (vals.length === 0) return;
    const lo = Math.min(...vals);
    const hi = Math.max(...vals);
    const y = (v: number) => H - PAD - (hi > lo ? (v - lo) / (hi - lo) : 0.5) * (H - 2 * PAD);
    const pts = s.ts.map((t, j) => `${x(t).toFixed(1)},${y(s.values[j]!).toFixed(1)}`).join(' ');
    parts.push(
      `<polyline fill="none" stroke="${COLOURS[i % COLOURS.length]}" stroke-width="1.5" points="${pts}"/>`,
    );
    parts.push(
      `<text x="${PAD + 4}" y="${14 + i * 13}" font-size="11" fill="${COLOURS[i % COLOURS.length]}">${escapeHtml(s.label)}</text>`,
    );
  });
  for (const m of c.markers) {
    const mx = x(m.ts).toFixed(1);
    parts.push(
      `<line x1="${mx}" x2="${mx}" y1="${PAD}" y2="${H - PAD}" stroke="#555" stroke-dasharray="4 3"/>`,
    );
    parts.push(
      `<text x="${mx}" y="${H - 8}" font-size="10" text-anchor="middle" fill="#555">${escapeHtml(m.label)}</text>`,
    );
  }
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}"><rect width="${W}" height="${H}" fill="#fff"/>${parts.join('')}</svg>`;
}
