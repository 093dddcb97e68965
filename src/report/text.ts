/** The terminal report of `investigate`: per victim the explanation, its suspects and incidents. */
import { noDataReason } from '../analyze/explanation.js';
import type { InvestigateResult, Suspect } from '../analyze/index.js';
import { toIso } from '../model/index.js';
import { escapeControl } from './escape.js';
import { suspectColumns } from './suspect-columns.js';

function lead(s: Suspect): string {
  const l = s.leadSeconds;
  if (!l) return '-';
  return l.lo === l.hi ? `${l.median}s` : `${l.median}s (${l.lo}–${l.hi})`;
}

function suspectRows(list: readonly Suspect[], max: number): string[][] {
  return list
    .slice(0, max)
    .map((s) => [
      String(s.rank),
      s.domain || 'host',
      s.device ? `${s.resource} ${s.device}` : s.resource,
      s.metric,
      s.score.toFixed(1),
      `${s.support.hits}/${s.support.n}`,
      s.lift.toFixed(1),
      s.q < 0.001 ? s.q.toExponential(1) : s.q.toFixed(3),
      lead(s),
      s.direction,
      s.confirmed ? 'yes' : 'no',
      s.shared ?? '-',
    ]);
}

/** The terminal's lead cells carry their unit ("97s (74–193)"). */
const HEADER = suspectColumns('victim', 'lead');

export function renderTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  return [header, ...rows]
    .map((r) =>
      r
        .map((c, i) => c.padEnd(widths[i]!))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

export function renderText(r: InvestigateResult): string {
  if (r.victims.length === 0)
    return 'No crash incidents found (crash, watchdog, panic, or a reboot the guest did not ask for).\n';
  const out: string[] = [];
  for (const v of r.victims) {
    out.push(`${v.domain} on ${v.host}`, '', escapeControl(v.explanation), '');
    if (v.suspects.length > 0)
      out.push('Suspects across incidents:', renderTable(HEADER, suspectRows(v.suspects, 5)), '');
    for (const i of v.incidents) {
      const first = i.evidence[0];
      out.push(
        `  ${toIso(i.ts)}  ${i.kind}  (${i.evidence.length} record${i.evidence.length === 1 ? '' : 's'}${first ? `: ${first.source} ${escapeControl(first.message.split('\n')[0]!.slice(0, 80))}` : ''})`,
      );
      if (i.noData) out.push(`    ${noDataReason(i.coverage, 'this incident')}`);
      for (const s of i.suspects.slice(0, 3))
        out.push(
          `    ${s.rank}. ${s.domain || 'host'} ${s.device ? `${s.device} ` : ''}${s.metric}  score ${s.score.toFixed(1)}  lead ${lead(s)}  ${s.direction}${s.confirmed ? '  confirmed' : ''}`,
        );
    }
    out.push('');
  }
  return `${out.join('\n')}`;
}
