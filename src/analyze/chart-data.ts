/**
 * The series the reports chart around each incident: the victim's first symptoms and the top
 * suspects, from 15 minutes before to 3 minutes after. Read here (analyze may use the Store) so
 * that report/ renders plain arrays.
 */
import type { Store } from '../store/store.js';
import type { InvestigateResult } from './types.js';

export interface ChartSeries {
  readonly label: string;
  readonly role: 'symptom' | 'suspect';
  readonly ts: readonly number[];
  readonly values: readonly number[];
}

export interface IncidentChart {
  readonly victim: string;
  readonly host: string;
  readonly incidentTs: number;
  readonly from: number;
  readonly to: number;
  /** Onsets to mark: the suspect's and the victim's first symptom. */
  readonly markers: readonly { readonly ts: number; readonly label: string }[];
  readonly series: readonly ChartSeries[];
  /** What the top suspect shares with the victim, when known. */
  readonly shared: string | null;
}

export const CHART_BEFORE_MS = 15 * 60_000;
export const CHART_AFTER_MS = 3 * 60_000;

export async function chartData(
  store: Store,
  result: InvestigateResult,
  maxSuspects = 3,
): Promise<IncidentChart[][]> {
  const out: IncidentChart[][] = [];
  for (const v of result.victims) {
    const charts: IncidentChart[] = [];
    for (const inc of v.incidents) {
      const from = inc.ts - CHART_BEFORE_MS;
      const to = inc.ts + CHART_AFTER_MS;
      const series: ChartSeries[] = [];
      const markers: { ts: number; label: string }[] = [{ ts: inc.ts, label: `${v.domain} ${inc.kind}` }];
      const first = inc.symptoms[0];
      if (first && first.resource !== 'log') {
        const [w] = await store.readSeries(
          { host: v.host, domain: v.domain, device: first.device, metric: first.metric },
          from,
          to,
        );
        if (w)
          series.push({
            label: `${v.domain} ${first.device} ${first.metric}`,
            role: 'symptom',
            ts: [...w.ts],
            values: [...w.values],
          });
        markers.push({ ts: first.onset, label: `first symptom: ${first.metric}` });
      }
      for (const s of inc.suspects.slice(0, maxSuspects)) {
        if (s.resource === 'log') continue;
        const [w] = await store.readSeries(
          { host: v.host, domain: s.domain, device: s.device, metric: s.metric },
          from,
          to,
        );
        if (w)
          series.push({
            label: `${s.domain || 'host'} ${s.device ? `${s.device} ` : ''}${s.metric}`,
            role: 'suspect',
            ts: [...w.ts],
            values: [...w.values],
          });
      }
      const top = inc.suspects[0];
      if (top?.leadSeconds)
        markers.push({ ts: inc.ts - top.leadSeconds.median * 1000, label: `${top.domain} onset` });
      charts.push({
        victim: v.domain,
        host: v.host,
        incidentTs: inc.ts,
        from,
        to,
        markers,
        series,
        shared: top?.shared ?? null,
      });
    }
    out.push(charts);
  }
  return out;
}
