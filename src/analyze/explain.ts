/**
 * Suspect ranking per incident and per victim, direction, and the explanation text (design.md,
 * "How the explanation works" §5–8): cause → first symptom → impact, with times and numbers, naming
 * what is shared.
 */

import { CPI2_CUTOFF } from './antagonist-correlation.js';
import type { HostData, HostSeries } from './candidates.js';
import type { Prng } from './prng.js';
import { leadInterval, lift as liftOf } from './recurrence.js';
import type { Geometry } from './robust-score.js';
import {
  backgroundRate,
  benjaminiHochberg,
  countP,
  empiricalP,
  fisherCombine,
  HIT_P,
  MIN_INCIDENTS_TO_CONFIRM,
  Q_CONFIRM,
  sortedNull,
} from './significance.js';
import { median } from './stats.js';
import type { Incident, IncidentResult, Suspect, Symptom, TopologyPrior } from './types.js';
import type { Roles, WindowScores } from './window-scores.js';
import { HIT_Z } from './window-scores.js';

/** How many suspects are listed per incident and per victim. */
export const TOP_SUSPECTS = 10;

export interface VictimInput {
  readonly victim: string;
  readonly data: HostData;
  readonly roles: Roles;
  readonly geometry: Geometry;
  readonly incidents: readonly Incident[];
  /** Scores of each incident's window (null: no series data around it). */
  readonly windows: readonly (WindowScores | null)[];
  /** Null-window scores: `refScores[r][s]`. */
  readonly refScores: readonly Float64Array[];
  /** Per incident, the null windows of its time-of-day stratum (indices into `refScores`). */
  readonly strata: readonly (readonly number[])[];
  readonly topology: TopologyPrior | null;
  readonly rng: Prng;
}

interface CandidateStats {
  readonly s: number;
  readonly hits: number;
  readonly n: number;
  readonly rate: number;
  readonly p: number;
  readonly lift: number;
  readonly prior: number;
  readonly shared: string | null;
  readonly cause: boolean;
  /** Incidents where it rose before the victim's first symptom (hits that read as a cause). */
  readonly causeHits: number;
}

/** What the suspect shares with the victim according to the topology, in words. */
export function sharedWith(topology: TopologyPrior | null, victim: string, s: HostSeries): string | null {
  if (s.domain === victim) return 'itself';
  if (s.domain === 'Domain-0') return "dom0 (it runs every guest's backends)";
  if (!topology) return null;
  const both = topology.shares.filter(
    (sh) =>
      (sh.resource === undefined || sh.resource === s.resource) &&
      sh.members.some((m) => m.domain === victim) &&
      sh.members.some((m) => m.domain === s.domain),
  );
  if (both.length === 0) return null;
  // The share holding the suspect's own device names it best.
  const own = both.filter((sh) =>
    sh.members.some((m) => m.domain === s.domain && (m.device ?? '') === s.device),
  );
  const pick = (own.length > 0 ? own : both).slice(0, 2);
  return pick.map((sh) => `${sh.kind.toUpperCase()} ${sh.name}`).join(', ');
}

/**
 * The prior weight of a suspect: what the topology says (it shares something with the victim: 1,
 * or not: 0.3), times what the victim's distress says (design.md §4, CPI2's antagonist test): a
 * suspect whose usage tracked the victim's symptom, correlation at or above CPI2's cut-off, keeps
 * its weight; one below it, however much it rose (a backup that started long before the victim
 * suffered, an unrelated burst), gets half. Without a symptom the correlation is unknown and says
 * nothing. The topology speaks only about the resources it has shares for (a host without pCPU
 * pinning facts says nothing about CPU contention).
 */
function priorOf(topology: TopologyPrior | null, s: HostSeries, shared: string | null, corr: number): number {
  const knowsResource = topology?.shares.some(
    (sh) => sh.resource === undefined || sh.resource === s.resource,
  );
  const byTopology = knowsResource ? (shared ? 1 : 0.3) : 1;
  const bySymptom = Number.isNaN(corr) || corr >= CPI2_CUTOFF ? 1 : 0.5;
  return byTopology * bySymptom;
}

const finite = (xs: readonly number[]) => xs.filter((x) => Number.isFinite(x));

export interface RankedVictim {
  readonly suspects: Suspect[];
  readonly incidents: IncidentResult[];
  /**
   * Whether the null was large enough for an incident to be significant (see `rankVictim`); with
   * `nullWindows`, the fewest null windows an incident was judged against.
   */
  readonly testable: boolean;
  readonly nullWindows: number;
}

/** The fewest null windows with which an exact empirical p can reach HIT_P: 1/(N + 1) ≤ HIT_P. */
export const MIN_NULL_WINDOWS = Math.ceil(1 / HIT_P) - 1;

export function rankVictim(input: VictimInput): RankedVictim {
  const { data, roles, windows, refScores, victim, topology } = input;
  const scored = windows.filter((w): w is WindowScores => w !== null);
  const n = scored.length;
  const stats: CandidateStats[] = [];
  const candidates: number[] = [];
  for (let s = 0; s < data.series.length; s++)
    if (roles[s] === 'suspect' || roles[s] === 'self') candidates.push(s);

  // A cause rises before (or with, within one bin of the grid: at least 10 s) the victim's first
  // symptom. dom0's backend work for the guests' I/O is already regressed out of its CPU score
  // (window-scores.ts): what is left of a dom0 rise is dom0's own.
  const isCause = (w: WindowScores, s: number) => {
    const first = w.symptoms[0];
    return !first || !(w.onset[s]! > first.onset + data.step);
  };
  // Per candidate: each incident's exact empirical p against its own time-of-day stratum of the
  // null, hits, and the victim-level p (Fisher's combination, guarded by the count of hits).
  const scoredStrata = input.strata.filter((_, k) => windows[k] !== null);
  // A capture with little crash-free time (a short one where the crashes come close together) has
  // too few null windows for any p to reach HIT_P. Its incidents cannot be judged significant, so
  // nothing is confirmed; the suspects are then ranked, per victim and in every incident, by how
  // often they rose (≥ HIT_Z against their own past and their peers) ahead of the victim's first
  // symptom before its crashes, the recurrence Luo et al.'s event test ranks by, instead of by p
  // values that all sit at the null's floor.
  const nullWindows = scoredStrata.length === 0 ? 0 : Math.min(...scoredStrata.map((st) => st.length));
  const testable = nullWindows >= MIN_NULL_WINDOWS;
  /** A hit: the candidate rose, and (when the null can tell) more than at random. */
  const hitAt = (p: number, score: number) => (!testable || p <= HIT_P) && score >= HIT_Z;
  /**
   * The ordering's first evidence without a usable null: before how many of the victim's crashes
   * it rose ahead of the victim's first symptom. Without a null, one incident's rise tells a cause
   * from a coincidence no better than chance, so this comes before what happened in the incident.
   */
  const recurrence = (c: CandidateStats) => (testable ? 0 : c.causeHits);
  const incP = new Map<number, Float64Array>();
  for (const s of candidates)
    incP.set(
      s,
      Float64Array.from(scored, (w, k) =>
        empiricalP(w.score[s]!, sortedNull(scoredStrata[k]!.map((r) => refScores[r]![s]!))),
      ),
    );
  for (const s of candidates) {
    const ps = incP.get(s)!;
    const nul = sortedNull(refScores.map((r) => r[s]!));
    const isHit = (k: number) => hitAt(ps[k]!, scored[k]!.score[s]!);
    const hitWindows = scored.filter((_, k) => isHit(k));
    const hits = hitWindows.length;
    // The same threshold on all null windows gives the background rate behind the lift.
    const threshold = Math.max(
      HIT_Z,
      nul.length > 0 ? nul[Math.min(nul.length - 1, Math.floor(nul.length * (1 - HIT_P)))]! : HIT_Z,
    );
    let refHits = 0;
    for (const v of nul) if (v >= threshold) refHits++;
    const rate = backgroundRate(refHits, nul.length);
    const corr = median(finite(hitWindows.map((w) => w.corr[s]!)));
    const shared = sharedWith(topology, victim, data.series[s]!);
    const causes = hitWindows.filter((w) => isCause(w, s)).length;
    stats.push({
      s,
      hits,
      n,
      rate,
      p:
        n === 0 || nul.length === 0 || !testable
          ? 1
          : Math.max(fisherCombine([...ps]), countP([...ps], HIT_P)),
      lift: liftOf(hits, n, rate),
      prior: priorOf(topology, data.series[s]!, shared, corr),
      shared,
      cause: causes * 2 >= hits,
      causeHits: causes,
    });
  }
  const q = benjaminiHochberg(stats.map((c) => c.p));
  const qOf = new Map(stats.map((c, i) => [c.s, q[i]!]));
  const statOf = new Map(stats.map((c) => [c.s, c]));
  const strength = (c: CandidateStats) => -Math.log10(c.p) + Math.log10(c.prior);
  const confirmedOf = (c: CandidateStats) =>
    n >= MIN_INCIDENTS_TO_CONFIRM && c.hits >= 2 && c.hits * 2 >= n && qOf.get(c.s)! <= Q_CONFIRM && c.cause;

  // Per victim: the recurring pattern.
  const victimOrder = stats
    .filter((c) => c.hits > 0)
    .map((c) => {
      const ps = incP.get(c.s)!;
      const hw = scored.filter((w, k) => hitAt(ps[k]!, w.score[c.s]!));
      return { c, med: median(hw.map((w) => w.score[c.s]!)), hw };
    })
    .sort((a, b) => recurrence(b.c) - recurrence(a.c) || strength(b.c) - strength(a.c) || b.med - a.med);
  const suspects: Suspect[] = victimOrder.slice(0, TOP_SUSPECTS).map(({ c, med, hw }, i) => {
    const s = data.series[c.s]!;
    const leads = finite(hw.map((w) => (w.t - w.onset[c.s]!) / 1000));
    const corr = median(finite(hw.map((w) => w.corr[c.s]!)));
    return {
      rank: i + 1,
      domain: s.domain,
      resource: s.resource,
      device: s.device,
      metric: s.metric,
      score: round(med, 2),
      support: { hits: c.hits, n },
      lift: round(c.lift, 2),
      p: sig(c.p),
      q: sig(qOf.get(c.s)!),
      leadSeconds: leadInterval(leads, input.rng),
      shared: c.shared,
      direction: c.cause ? 'cause' : 'effect',
      confirmed: confirmedOf(c),
      ratio: round(median(finite(hw.map((w) => w.ratio[c.s]!))), 2),
      correlation: Number.isNaN(corr) ? null : round(corr, 2),
    };
  });

  // Per incident: what preceded this crash, ordered by the recurring evidence first.
  const incidents: IncidentResult[] = input.incidents.map((inc, k) => {
    const w = windows[k];
    if (!w) return { ...inc, suspects: [], symptoms: [], noData: true };
    const ks = scored.indexOf(w);
    const ps = candidates.map((s) => incP.get(s)![ks]!);
    const qs = benjaminiHochberg(ps);
    const rows = candidates
      .map((s, i) => ({ s, p: ps[i]!, q: qs[i]!, c: statOf.get(s)! }))
      .filter((r) => Number.isFinite(w.score[r.s]!) && w.score[r.s]! > 0);
    const hitHere = (r: (typeof rows)[number]) => hitAt(r.p, w.score[r.s]!);
    const tier = (r: (typeof rows)[number]) => (hitHere(r) ? (isCause(w, r.s) ? 0 : 1) : 2);
    const prior = (r: (typeof rows)[number]) =>
      priorOf(topology, data.series[r.s]!, r.c.shared, w.corr[r.s]!);
    const key = (r: (typeof rows)[number]) => -Math.log10(r.c.p) - Math.log10(r.p) + Math.log10(prior(r));
    rows.sort(
      (a, b) =>
        recurrence(b.c) - recurrence(a.c) ||
        tier(a) - tier(b) ||
        key(b) - key(a) ||
        w.score[b.s]! - w.score[a.s]!,
    );
    const list: Suspect[] = rows.slice(0, TOP_SUSPECTS).map((r, i) => {
      const s = data.series[r.s]!;
      const hit = hitHere(r);
      const lead = hit && Number.isFinite(w.onset[r.s]!) ? Math.round((w.t - w.onset[r.s]!) / 1000) : null;
      return {
        rank: i + 1,
        domain: s.domain,
        resource: s.resource,
        device: s.device,
        metric: s.metric,
        score: round(w.score[r.s]!, 2),
        support: { hits: r.c.hits, n },
        lift: round(r.c.lift, 2),
        p: sig(r.p),
        q: sig(r.q),
        leadSeconds: lead === null ? null : { median: lead, lo: lead, hi: lead },
        shared: r.c.shared,
        direction: tier(r) === 1 ? 'effect' : 'cause',
        confirmed: hit && confirmedOf(r.c),
        ratio: round(w.ratio[r.s]!, 2),
        correlation: Number.isNaN(w.corr[r.s]!) ? null : round(w.corr[r.s]!, 2),
      };
    });
    const symptoms: Symptom[] = w.symptoms.map((x) => {
      const s = data.series[x.series]!;
      return {
        resource: s.resource,
        device: s.device,
        metric: s.metric,
        onset: x.onset,
        ratio: round(x.ratio, 2),
      };
    });
    return { ...inc, suspects: list, symptoms, noData: false };
  });
  return { suspects, incidents, testable, nullWindows };
}

function round(x: number, digits: number): number {
  if (!Number.isFinite(x)) return 0;
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

/** Two significant digits (p and q span many decades). */
function sig(x: number): number {
  return x === 0 ? 0 : Number(x.toPrecision(2));
}
