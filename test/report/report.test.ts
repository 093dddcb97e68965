/** Renderers: the JSON shape of design.md, and guest console text escaped in every output. */
import { describe, expect, it } from 'vitest';
import type { IncidentChart, InvestigateResult, Suspect } from '../../src/analyze/index.js';
import {
  escapeHtml,
  escapeMarkdown,
  renderHtml,
  renderMarkdown,
  renderText,
  toJson,
} from '../../src/report/index.js';

const T = Date.parse('2026-05-17T10:04:31Z');
const HOSTILE =
  '\u001b[2J Kernel panic </script><script>alert(1)</script> <img src=x onerror=alert(2)> [x](javascript:y)';

const suspect: Suspect = {
  rank: 1,
  domain: 'db01',
  resource: 'vbd',
  device: 'xvdb',
  metric: 'vbd_wr_sect_per_s',
  score: 7.9,
  support: { hits: 5, n: 5 },
  lift: 9.1,
  p: 0.002,
  q: 0.004,
  leadSeconds: { median: 41, lo: 35, hi: 50 },
  shared: 'LV vg0/shared',
  direction: 'cause',
  confirmed: true,
  ratio: 9.8,
  correlation: 0.7,
};

const result: InvestigateResult = {
  from: T - 3600_000,
  to: T + 3600_000,
  stepSeconds: 5,
  victims: [
    {
      host: 'h1',
      domain: 'web03',
      explanation: 'web03 crashed once in 2 hours.',
      suspects: [suspect],
      incidents: [
        {
          host: 'h1',
          domain: 'web03',
          ts: T,
          kind: 'crash',
          evidence: [
            {
              ts: T,
              tsSource: 'line',
              source: 'console',
              kind: 'panic',
              message: HOSTILE,
              file: 'guest-web03.log',
              line: 9,
            },
          ],
          suspects: [suspect],
          symptoms: [
            { resource: 'vbd', device: 'xvda', metric: 'vbd_oo_reqs_per_s', onset: T - 30_000, ratio: 4 },
          ],
          noData: false,
        },
      ],
    },
  ],
};

const charts: IncidentChart[][] = [
  [
    {
      victim: 'web03',
      host: 'h1',
      incidentTs: T,
      from: T - 900_000,
      to: T + 180_000,
      markers: [{ ts: T, label: HOSTILE }],
      series: [
        { label: 'db01 xvdb vbd_wr_sect_per_s', role: 'suspect', ts: [T - 10_000, T - 5000], values: [1, 2] },
      ],
      shared: 'LV vg0/shared',
    },
  ],
];

describe('report', () => {
  it('prints investigate --json in the shape of design.md', () => {
    const j = toJson(result);
    expect(Object.keys(j.victims[0]!)).toEqual(['host', 'domain', 'incidents', 'suspects', 'explanation']);
    expect(j.victims[0]!.incidents[0]).toMatchObject({
      ts: '2026-05-17T10:04:31Z',
      kind: 'crash',
      evidence: [{ ts: '2026-05-17T10:04:31Z', source: 'console' }],
    });
    expect(Object.keys(j.victims[0]!.suspects[0]!)).toEqual([
      'rank',
      'domain',
      'resource',
      'device',
      'metric',
      'score',
      'support',
      'lift',
      'p',
      'q',
      'leadSeconds',
      'shared',
      'direction',
      'confirmed',
    ]);
  });

  it('never lets console text act in HTML', () => {
    const html = renderHtml(result, charts);
    expect(html).not.toContain('<script>alert');
    expect(html).not.toContain('<img src=x');
    expect(html).toContain('&#60;img src=x');
    // The chart JSON cannot close its script element.
    expect(html.match(/<\/script>/g)?.length).toBe(html.match(/<script/g)?.length);
    expect(escapeHtml('\u001b')).toBe('\\x1b');
  });

  it('escapes Markdown and terminal output', () => {
    const md = renderMarkdown(result, charts);
    expect(md).not.toContain('<img src=x');
    expect(md).not.toContain('[x](javascript');
    expect(md).toContain('data:image/svg+xml;base64,');
    expect(escapeMarkdown('[x](y)')).toBe('\\[x\\]\\(y\\)');
    const text = renderText(result);
    expect(text).not.toContain('\u001b');
    expect(text).toContain('\\x1b[2J');
    expect(text).toContain('web03 crashed once in 2 hours.');
  });

  it("says in an incident's table that q is that crash's and confirmed is across all crashes", () => {
    const md = renderMarkdown(result, charts);
    const html = renderHtml(result, charts);
    // The victim's own table keeps the plain titles; each incident's says which q it shows.
    expect(md).toContain('| lift | q | lead (s) | direction | confirmed | shared |');
    expect(md).toContain('| q (this crash) | lead (s) | direction | confirmed (all crashes) |');
    expect(html).toContain('<th>q (this crash)</th>');
    expect(html).toContain('<th>confirmed (all crashes)</th>');
  });
});
