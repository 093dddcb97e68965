/**
 * `investigate(store, options)`: finds every crash incident and explains it (design.md, "How the
 * explanation works"). Per host: incidents from the events; the host's series read in a few
 * blocks (around the incidents, plus incident-free stretches for the nulls) and binned on one
 * grid; each victim's candidates scored per incident and at random times; ranked and explained.
 * Deterministic for a seed.
 */
import type { Store, StoredEvent } from '../store/store.js';
import {
  blockGrid,
  type HostData,
  inferStep,
  loadHostData,
  mergeSpans,
  roleOf,
  type Span,
  SYMPTOM_LOG_KINDS,
} from './candidates.js';
import { MIN_NULL_WINDOWS, rankVictim } from './explain.js';
import { explain } from './explanation.js';
import { findIncidents } from './incidents.js';
import { NullScoring } from './null-scores.js';
import { Prng } from './prng.js';
import { analysisStep, type Geometry, geometry } from './robust-score.js';
import { loadTopologyPrior } from './topology-prior.js';
import type {
  DataCoverage,
  Incident,
  IncidentResult,
  InvestigateOptions,
  InvestigateResult,
  TopologyPrior,
  VictimResult,
} from './types.js';
import type { Roles, WindowScores } from './window-scores.js';
import { scoreWindow } from './window-scores.js';

/**
 * The nulls (design.md §6): incident-free stretches of this length are read, a few per incident at
 * about the same time of day on any day of the record (a nightly backup or a daily surge is then
 * part of the null an incident at that hour is judged against), plus a few anywhere.
 */
export const REFERENCE_CHUNK_MS = 60 * 60_000;
export const REFERENCE_CHUNKS_PER_INCIDENT = 3;
export const REFERENCE_CHUNKS_ANYWHERE = 4;
export const MAX_REFERENCE_CHUNKS = 48;
/** How far from an incident's time of day its stretches may start (either way). */
export const TIME_OF_DAY_BAND_MS = 2 * 3_600_000;
/** Null windows end this often inside a stretch, and keep this far from any incident. */
export const REFERENCE_STRIDE_MS = 2 * 60_000;
export const REFERENCE_EXCLUDE_BEFORE_MS = 15 * 60_000;
export const REFERENCE_EXCLUDE_AFTER_MS = 30 * 60_000;
export const MAX_REFERENCES = 2400;
/** Each incident is judged against this many null windows nearest to it in time of day. */
export const REFERENCES_PER_INCIDENT = 150;
const DAY_MS = 24 * 3_600_000;

const EVENT_KINDS_NEEDED = [
  'crash',
  'watchdog',
  'panic',
  'reboot',
  'shutdown',
  'domain_start',
  ...SYMPTOM_LOG_KINDS,
] as const;

export async function investigate(
  store: Store,
  options: InvestigateOptions = {},
): Promise<InvestigateResult> {
  const progress = options.onProgress;
  const seed = options.seed ?? 1;
  const range = await store.timeRange();
  const from = Math.max(options.since ?? Number.NEGATIVE_INFINITY, range.from ?? Number.NEGATIVE_INFINITY);
  const to = Math.min(
    options.until ?? Number.POSITIVE_INFINITY,
    range.to === null ? Number.POSITIVE_INFINITY : range.to + 1,
  );
  progress?.({ phase: 'events', done: 0, total: 1 });
  // Symptom logs and lifecycle records from the whole store: a baseline may reach before --since.
  const events = await store.queryEvents({
    ...(options.host !== undefined ? { host: options.host } : {}),
    kinds: [...EVENT_KINDS_NEEDED],
  });
  const incidents = findIncidents(events).filter(
    (i) =>
      (options.domain === undefined || i.domain === options.domain) &&
      (options.since === undefined || i.ts >= options.since) &&
      (options.until === undefined || i.ts < options.until),
  );
  progress?.({ phase: 'events', done: 1, total: 1 });
  const hosts = [...new Set(incidents.map((i) => i.host))].sort();
  const victims: VictimResult[] = [];
  let stepSeconds: number | null = null;
  for (const host of hosts) {
    const hostIncidents = incidents.filter((i) => i.host === host);
    const topology = options.topology
      ? topologyFor(options.topology, host)
      : await loadTopologyPrior(store, host);
    const r = await investigateHost(
      store,
      host,
      hostIncidents,
      events.filter((e) => e.host === host),
      topology,
      seed,
      {
        from: range.from ?? Math.min(...hostIncidents.map((i) => i.ts)),
        to: range.to ?? Math.max(...hostIncidents.map((i) => i.ts)),
        ...(progress ? { progress } : {}),
        ...(options.threads !== undefined ? { threads: options.threads } : {}),
      },
    );
    stepSeconds = r.step / 1000;
    victims.push(...r.victims);
  }
  return {
    victims,
    from: Number.isFinite(from) ? from : null,
    to: Number.isFinite(to) ? to : null,
    stepSeconds,
  };
}

function topologyFor(t: InvestigateOptions['topology'], host: string): TopologyPrior | null {
  if (!t) return null;
  if ('shares' in t) return t as TopologyPrior;
  return (t as ReadonlyMap<string, TopologyPrior>).get(host) ?? null;
}

/**
 * Incident-free stretches for the nulls (seeded): for each incident a few at about its time of
 * day on random days of the span, then a few anywhere.
 */
export function planReferences(from: number, to: number, incidents: readonly Incident[], rng: Prng): Span[] {
  const blocked = (a: number, b: number) =>
    incidents.some((i) => a < i.ts + REFERENCE_EXCLUDE_AFTER_MS && b > i.ts - REFERENCE_EXCLUDE_BEFORE_MS);
  const len = Math.min(REFERENCE_CHUNK_MS, to - from);
  const out: Span[] = [];
  if (!(len > 0)) return out;
  const tryAdd = (a: number, strict: boolean): boolean => {
    const b = a + len;
    if (a < from || b > to || out.length >= MAX_REFERENCE_CHUNKS) return false;
    if (out.some((s) => a < s.to && b > s.from)) return false;
    // Chunks may touch incidents: their null windows near incidents are dropped later.
    if (strict && blocked(a, b)) return false;
    out.push({ from: a, to: b });
    return true;
  };
  const days = Math.floor((to - from) / DAY_MS);
  for (const inc of incidents) {
    let added = 0;
    for (let tries = 0; tries < 200 && added < REFERENCE_CHUNKS_PER_INCIDENT; tries++) {
      const day = rng.int(2 * days + 1) - days;
      const end = inc.ts + day * DAY_MS + (rng.next() * 2 - 1) * TIME_OF_DAY_BAND_MS;
      if (tryAdd(end - len, tries < 150)) added++;
    }
  }
  for (let tries = 0, added = 0; tries < 400 && added < REFERENCE_CHUNKS_ANYWHERE; tries++)
    if (tryAdd(from + rng.next() * Math.max(0, to - from - len), tries < 200)) added++;
  return out;
}

/** Distance between two times of day (ms, 0 … 12 h). */
function timeOfDayDistance(a: number, b: number): number {
  const d = (((a - b) % DAY_MS) + DAY_MS) % DAY_MS;
  return Math.min(d, DAY_MS - d);
}

/**
 * For each incident, the indices of the `REFERENCES_PER_INCIDENT` null windows nearest to it in
 * time of day (ties: nearest in time), its stratum of the null.
 */
export function strataFor(incidents: readonly Incident[], refTimes: readonly number[]): number[][] {
  return incidents.map((inc) =>
    refTimes
      .map((t, r) => ({ r, tod: timeOfDayDistance(t, inc.ts), abs: Math.abs(t - inc.ts) }))
      .sort((a, b) => a.tod - b.tod || a.abs - b.abs)
      .slice(0, REFERENCES_PER_INCIDENT)
      .map((x) => x.r),
  );
}

async function investigateHost(
  store: Store,
  host: string,
  incidents: readonly Incident[],
  events: readonly StoredEvent[],
  topology: TopologyPrior | null,
  seed: number,
  ctx: { from: number; to: number; threads?: number; progress?: InvestigateOptions['onProgress'] },
): Promise<{ step: number; victims: VictimResult[] }> {
  // Bins are means of the capture's samples on the explanation's grid (at least 10 s).
  const step = analysisStep(await inferStep(store, host, incidents[0]!.ts));
  const g = geometry(step);
  const rng = new Prng(`${seed}/${host}`);
  const around: Span[] = incidents.map((i) => ({
    from: i.ts - (g.end + 1) * step,
    to: i.ts + (g.post + 1) * step,
  }));
  const refs = planReferences(ctx.from, ctx.to, incidents, rng);
  const spans = mergeSpans([...around, ...refs], step);

  const victimNames = [...new Set(incidents.map((i) => i.domain))].sort();
  // Null windows: every stride inside the blocks to be read, away from every incident on the host.
  const refTimes: number[] = [];
  for (const b of spans.map((span) => blockGrid(span, step))) {
    const first = b.from + g.end * step;
    for (let t = first; t < b.from + b.len * step; t += REFERENCE_STRIDE_MS) {
      if (
        incidents.some((i) => t > i.ts - REFERENCE_EXCLUDE_BEFORE_MS && t < i.ts + REFERENCE_EXCLUDE_AFTER_MS)
      )
        continue;
      refTimes.push(t);
    }
  }
  while (refTimes.length > MAX_REFERENCES) refTimes.splice(rng.int(refTimes.length), 1);
  // Null scores are computed once per host with every domain as a neighbour (the victim's own
  // usage series get their nulls from the same run), starting as each block is read.
  const scoring = new NullScoring(refTimes, g, ctx.threads !== undefined ? { threads: ctx.threads } : {});
  let nullRoles: Roles | null = null;
  let data: HostData;
  try {
    data = await loadHostData(
      store,
      host,
      spans,
      step,
      events,
      (done, total, block, series) => {
        nullRoles ??= series.map((s) => roleOf(s, '\u0000'));
        scoring.add(block, host, step, series, nullRoles);
        ctx.progress?.({ phase: 'series', done, total });
      },
      victimNames,
    );
  } catch (err) {
    scoring.close();
    throw err;
  }
  const nulls = await scoring.finish();
  const refScores = nulls.scores;
  const scoredTimes = nulls.times;

  const victims: VictimResult[] = [];
  let done = 0;
  for (const victim of victimNames) {
    const mine = incidents.filter((i) => i.domain === victim);
    const roles: Roles = data.series.map((s) => roleOf(s, victim));
    const windows: (WindowScores | null)[] = mine.map((i) => {
      const w = scoreWindow(data, roles, i.ts, g, true);
      // A window with no usable series at all is no data, not "nothing changed".
      const usable = w?.score.some(
        (v, s) => Number.isFinite(v) && (roles[s] === 'suspect' || roles[s] === 'self'),
      );
      return usable ? w : null;
    });
    const ranked = rankVictim({
      victim,
      data,
      roles,
      geometry: g,
      incidents: mine,
      windows,
      refScores,
      strata: strataFor(mine, scoredTimes),
      topology,
      rng,
    });
    // An incident nothing could be scored for says why: no samples at all, or too few before it.
    const scoredIncidents: IncidentResult[] = [];
    for (const inc of ranked.incidents)
      scoredIncidents.push(
        inc.noData ? { ...inc, coverage: await coverageAround(store, host, inc.ts, g, step) } : inc,
      );
    victims.push({
      host,
      domain: victim,
      incidents: scoredIncidents,
      suspects: ranked.suspects,
      explanation: explain(
        victim,
        ctx.to - ctx.from,
        scoredIncidents,
        ranked.suspects,
        ranked.testable ? undefined : { windows: ranked.nullWindows, needed: MIN_NULL_WINDOWS },
      ),
    });
    ctx.progress?.({ phase: 'score', done: ++done, total: victimNames.length });
  }
  return { step, victims };
}

/** The host's samples around a crash: how many, and how far before it they reach. */
async function coverageAround(
  store: Store,
  host: string,
  ts: number,
  g: Geometry,
  step: number,
): Promise<DataCoverage> {
  const neededMs = g.end * step;
  let samples = 0;
  let first = Number.POSITIVE_INFINITY;
  for (const w of await store.readSeries({ host }, ts - neededMs, ts + (g.post + 1) * step)) {
    samples += w.ts.length;
    if (w.ts.length > 0 && w.ts[0]! < first) first = w.ts[0]!;
  }
  return { samples, beforeMs: first < ts ? ts - first : 0, neededMs };
}
