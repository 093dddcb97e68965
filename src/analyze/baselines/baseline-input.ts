/**
 * What every baseline starts from, the same as xenscope: the incidents found in the events, and
 * the host's series binned on the same grid around each incident. Baselines differ only in how
 * they rank the candidates.
 */
import type { Store } from '../../store/store.js';
import {
  type HostData,
  type HostSeries,
  inferStep,
  loadHostData,
  mergeSpans,
  roleOf,
} from '../candidates.js';
import { findIncidents } from '../incidents.js';
import type { Incident, IncidentResult, InvestigateOptions, InvestigateResult, Suspect } from '../types.js';

/** How much before an incident a baseline looks at (normal stretch + the 10-minute lag range). */
export const BASELINE_LOOKBACK_MS = 70 * 60_000;

export interface BaselineHost {
  readonly host: string;
  readonly data: HostData;
  readonly incidents: readonly Incident[];
}

/**
 * The incidents per host and the host's series around them (the 70 minutes before each); with
 * `whole`, the host's whole recorded span instead (for methods that sample random windows).
 */
export async function baselineInput(
  store: Store,
  options: InvestigateOptions,
  whole = false,
): Promise<BaselineHost[]> {
  const events = await store.queryEvents({
    ...(options.host !== undefined ? { host: options.host } : {}),
    kinds: ['crash', 'watchdog', 'panic', 'reboot', 'shutdown', 'domain_start'],
  });
  const incidents = findIncidents(events).filter(
    (i) =>
      (options.domain === undefined || i.domain === options.domain) &&
      (options.since === undefined || i.ts >= options.since) &&
      (options.until === undefined || i.ts < options.until),
  );
  const out: BaselineHost[] = [];
  for (const host of [...new Set(incidents.map((i) => i.host))].sort()) {
    const mine = incidents.filter((i) => i.host === host);
    const step = await inferStep(store, host, mine[0]!.ts);
    const range = whole ? await store.timeRange() : null;
    const spans =
      range && range.from !== null && range.to !== null
        ? [{ from: range.from, to: range.to + step }]
        : mergeSpans(
            mine.map((i) => ({ from: i.ts - BASELINE_LOOKBACK_MS, to: i.ts + step })),
            step,
          );
    out.push({ host, incidents: mine, data: await loadHostData(store, host, spans, step, []) });
  }
  return out;
}

/** The candidates a baseline may name for a victim: everyone's usage, the victim's own included. */
export function baselineCandidates(data: HostData, victim: string): number[] {
  const out: number[] = [];
  data.series.forEach((s, i) => {
    const r = roleOf(s, victim);
    if (r === 'suspect' || r === 'self') out.push(i);
  });
  return out;
}

/** Wraps ranked series as suspects (a baseline has no significance: p = q = 1, never confirmed). */
export function asSuspects(ranked: readonly { s: HostSeries; score: number }[], n: number): Suspect[] {
  return ranked.slice(0, 10).map((r, i) => ({
    rank: i + 1,
    domain: r.s.domain,
    resource: r.s.resource,
    device: r.s.device,
    metric: r.s.metric,
    score: Number.isFinite(r.score) ? Math.round(r.score * 100) / 100 : 0,
    support: { hits: 0, n },
    lift: 0,
    p: 1,
    q: 1,
    leadSeconds: null,
    shared: null,
    direction: 'cause',
    confirmed: false,
    ratio: 0,
    correlation: null,
  }));
}

/** Runs a per-incident ranker over every host and victim and shapes the answer like xenscope's. */
export async function runPerIncident(
  store: Store,
  options: InvestigateOptions,
  rank: (data: HostData, victim: string, incident: Incident) => { s: HostSeries; score: number }[],
): Promise<InvestigateResult> {
  const hosts = await baselineInput(store, options);
  const victims = hosts.flatMap(({ host, data, incidents }) =>
    [...new Set(incidents.map((i) => i.domain))].sort().map((victim) => {
      const mine = incidents.filter((i) => i.domain === victim);
      const results: IncidentResult[] = mine.map((inc) => ({
        ...inc,
        suspects: asSuspects(rank(data, victim, inc), mine.length),
        symptoms: [],
        noData: false,
      }));
      return {
        host,
        domain: victim,
        incidents: results,
        suspects: results[0]?.suspects ?? [],
        explanation: '',
      };
    }),
  );
  return { victims, from: null, to: null, stepSeconds: hosts[0] ? hosts[0].data.step / 1000 : null };
}

/** A series' bins in [from, to) (NaN where missing). */
export function binsOf(data: HostData, series: number, from: number, to: number): number[] {
  const out: number[] = [];
  for (const b of data.blocks) {
    const a = Math.max(0, Math.floor((from - b.from) / b.step));
    const z = Math.min(b.len, Math.ceil((to - b.from) / b.step));
    for (let i = a; i < z; i++) out.push(b.values[series]![i]!);
  }
  return out;
}
