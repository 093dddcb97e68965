/**
 * The Markdown report (`investigate --md FILE`): readable offline, charts embedded as SVG data
 * URIs, every piece of evidence text escaped (guest console text is attacker-controlled).
 */
import { noDataSentence } from '../analyze/explanation.js';
import type { IncidentChart, InvestigateResult, Suspect } from '../analyze/index.js';
import { toIso } from '../model/index.js';
import { escapeMarkdown } from './escape.js';
import { suspectColumns } from './suspect-columns.js';
import { svgChart } from './svg-chart.js';

function suspectTable(list: readonly Suspect[], scope: 'victim' | 'incident'): string[] {
  const head = suspectColumns(scope);
  const rows = [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`];
  for (const s of list.slice(0, 5)) {
    const lead = s.leadSeconds ? `${s.leadSeconds.median} (${s.leadSeconds.lo}–${s.leadSeconds.hi})` : '–';
    rows.push(
      `| ${s.rank} | ${escapeMarkdown(s.domain || 'host')} | ${escapeMarkdown(`${s.resource} ${s.device}`.trim())} | ${escapeMarkdown(s.metric)} | ${s.score.toFixed(1)} | ${s.support.hits}/${s.support.n} | ${s.lift.toFixed(1)} | ${s.q.toPrecision(2)} | ${lead} | ${s.direction} | ${s.confirmed ? 'yes' : 'no'} | ${escapeMarkdown(s.shared ?? '–')} |`,
    );
  }
  return rows;
}

export function renderMarkdown(r: InvestigateResult, charts: readonly (readonly IncidentChart[])[]): string {
  const out: string[] = ['# xenscope investigation', ''];
  if (r.victims.length === 0) out.push('No crash incidents found.', '');
  r.victims.forEach((v, vi) => {
    out.push(
      `## ${escapeMarkdown(v.domain)} on ${escapeMarkdown(v.host)}`,
      '',
      escapeMarkdown(v.explanation),
      '',
    );
    if (v.suspects.length > 0)
      out.push('### Suspects across incidents', '', ...suspectTable(v.suspects, 'victim'), '');
    v.incidents.forEach((inc, ii) => {
      out.push(`### ${toIso(inc.ts)} — ${inc.kind}`, '');
      for (const e of inc.evidence)
        out.push(`- ${toIso(e.ts)} ${e.source}: ${escapeMarkdown(e.message.split('\n')[0]!.slice(0, 160))}`);
      out.push('');
      const c = charts[vi]?.[ii];
      if (c && c.series.length > 0) {
        if (c.shared) out.push(`Shared with the top suspect: ${escapeMarkdown(c.shared)}`, '');
        out.push(
          `![victim symptom and top suspects around ${toIso(inc.ts)}](data:image/svg+xml;base64,${Buffer.from(svgChart(c)).toString('base64')})`,
          '',
        );
      } else if (inc.noData) out.push(noDataSentence(inc.coverage, 'this incident'), '');
      if (inc.suspects.length > 0) out.push(...suspectTable(inc.suspects, 'incident'), '');
    });
  });
  return `${out.join('\n')}\n`;
}
