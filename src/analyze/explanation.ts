/**
 * The explanation in words (design.md, "How the explanation works" §8): cause → first symptom →
 * impact, with times and numbers, naming what is shared; or why no cause could be established.
 */
import type { DataCoverage, IncidentResult, Suspect } from './types.js';

/** "5 times in 7 days", "once in 2 hours". */
export function countInSpan(n: number, spanMs: number): string {
  const times = n === 1 ? 'once' : n === 2 ? 'twice' : `${n} times`;
  if (!(spanMs > 0)) return times;
  const h = spanMs / 3_600_000;
  const span =
    h >= 48
      ? `${Math.round(h / 24)} days`
      : h >= 2
        ? `${Math.round(h)} hours`
        : `${Math.max(1, Math.round(h * 60))} minutes`;
  return `${times} in ${span}`;
}

export function describeSuspect(s: Suspect): string {
  const who = s.domain === '' ? 'the host' : `${s.domain}'s`;
  const what = s.device ? `${s.metric} on ${s.device}` : s.metric;
  return `${who} ${what}`;
}

function leadText(s: Suspect): string {
  const l = s.leadSeconds;
  if (!l) return '';
  return l.lo === l.hi ? `${l.median} s earlier` : `${l.lo}–${l.hi} s earlier`;
}

function levelText(s: Suspect): string {
  return s.ratio > 1.05
    ? `rose to ${s.ratio.toFixed(1)}× its usual level`
    : `rose ${s.score.toFixed(1)} σ above its usual level`;
}

function symptomChain(
  incidents: readonly IncidentResult[],
  victim: string,
  cause: Suspect | undefined,
): string {
  // The symptom seen first most often, and what followed it.
  const firsts = new Map<string, { n: number; after: number[]; next: Map<string, number> }>();
  for (const inc of incidents) {
    const [a, b] = inc.symptoms;
    if (!a) continue;
    const k = a.device ? `${a.metric} on ${a.device}` : a.metric;
    let e = firsts.get(k);
    if (!e) firsts.set(k, (e = { n: 0, after: [], next: new Map() }));
    e.n++;
    const lead = cause
      ? inc.suspects.find(
          (s) => s.domain === cause.domain && s.metric === cause.metric && s.device === cause.device,
        )
      : undefined;
    if (lead?.leadSeconds) e.after.push(lead.leadSeconds.median - (inc.ts - a.onset) / 1000);
    if (b) {
      const kb = b.device ? `${b.metric} on ${b.device}` : b.metric;
      if (kb !== k) e.next.set(kb, (e.next.get(kb) ?? 0) + 1);
    }
  }
  const best = [...firsts.entries()].sort((x, y) => y[1].n - x[1].n)[0];
  if (!best) return '';
  const [what, e] = best;
  const after =
    e.after.length > 0
      ? ` ${Math.max(0, Math.round(e.after.sort((x, y) => x - y)[e.after.length >> 1]!))} s later`
      : '';
  const next = [...e.next.entries()].sort((x, y) => y[1] - x[1])[0];
  return `${victim}'s ${what} rose${after}${next ? `, then ${next[0]}` : ''}`;
}

/** "48 s", "3 min 5 s", "26 minutes". */
function duration(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 120) return `${s} s`;
  const m = Math.floor(s / 60);
  return s % 60 === 0 ? `${m} minutes` : `${m} min ${s % 60} s`;
}

/**
 * Why an incident could not be scored, in words (a clause: no capital, no full stop), for the
 * explanation and the reports: no samples at all around it, samples that start too late (a capture
 * begun a minute before the crash), or samples that reach back far enough but hold no usage
 * series of the victim or its neighbours that the window can score.
 */
export function noDataReason(c: DataCoverage | undefined, what = 'the crash'): string {
  return reasonOf(c ? [c] : [], what, false);
}

/** `noDataReason` as a sentence of its own (the Markdown and HTML reports). */
export function noDataSentence(c: DataCoverage | undefined, what = 'the crash'): string {
  const r = noDataReason(c, what);
  return `${r[0]!.toUpperCase()}${r.slice(1)}.`;
}

/** The reason for one incident, or for several (`several`: worded for all of them at once). */
function reasonOf(coverages: readonly DataCoverage[], what: string, several: boolean): string {
  const covered = coverages.filter((c) => c.samples > 0);
  if (covered.length === 0) return `no metrics were recorded around ${what}`;
  const needs = `it needs ${duration(Math.max(...covered.map((c) => c.neededMs)))} of samples before ${several ? 'each' : 'a'} crash`;
  const short = covered.filter((c) => c.beforeMs < c.neededMs);
  if (short.length === 0)
    return `the metrics recorded before ${what} hold no usage series of the domain or its neighbours with enough samples to analyse (${needs})`;
  const reach = Math.max(...short.map((c) => c.beforeMs));
  const it = several ? 'them' : 'it';
  if (reach === 0) return `the metrics recorded around ${what} all come after ${it} (${needs})`;
  const covers = several ? 'the captures cover at most' : 'the capture covers';
  return `too few metrics were recorded before ${what} to analyse (${needs}; ${covers} ${duration(reach)} before ${several ? 'any of them' : 'it'})`;
}

/** `noDataReason` for every incident of a victim, none of which could be scored. */
function noDataReasonAll(incidents: readonly IncidentResult[]): string {
  if (incidents.length === 1) return noDataReason(incidents[0]!.coverage);
  return reasonOf(
    incidents.flatMap((i) => (i.coverage ? [i.coverage] : [])),
    'the crashes',
    true,
  );
}

export function explain(
  victim: string,
  spanMs: number,
  incidents: readonly IncidentResult[],
  suspects: readonly Suspect[],
  /** The fewest null windows an incident was judged against, when fewer than a test needs. */
  tooFewNulls?: { readonly windows: number; readonly needed: number },
): string {
  const n = incidents.length;
  const head = `${victim} crashed ${countInSpan(n, spanMs)}.`;
  if (incidents.every((i) => i.noData))
    return `${head} No cause could be established: ${noDataReasonAll(incidents)}.`;
  // One line per device: a device's request and sector counts tell the same story.
  const seen = new Set<string>();
  const confirmed = suspects.filter((s) => {
    const k = `${s.domain}\u0000${s.resource}\u0000${s.device}`;
    if (!s.confirmed || seen.has(k)) return false;
    seen.add(k);
    return true;
  });
  if (confirmed.length > 0) {
    const parts = confirmed.slice(0, 2).map((s) => {
      const shared = s.shared ? ` (shared: ${s.shared})` : '';
      const lead = leadText(s);
      return `In ${s.support.hits} of ${s.support.n}${lead ? `, ${lead}` : ''}, ${describeSuspect(s)}${shared} ${levelText(s)}`;
    });
    const chain = symptomChain(incidents, victim, confirmed[0]);
    const qs = confirmed[0]!.q;
    return `${head} ${parts.join('; ')}${chain ? `; ${chain}` : ''}; chance of this pattern q = ${qs}.`;
  }
  const top = suspects.find((s) => s.direction === 'cause');
  if (tooFewNulls && n >= 3 && top) {
    const lead = leadText(top);
    return `${head} No cause could be established: the record has too little crash-free time to tell what is unusual (${tooFewNulls.windows} comparison windows, ${tooFewNulls.needed} needed); the change seen before most of them was ${describeSuspect(top)}, which ${levelText(top)}${lead ? ` ${lead}` : ''} (in ${top.support.hits} of ${n}; not confirmed).`;
  }
  if (n < 3 && top) {
    const lead = leadText(top);
    return `${head} No cause could be established with fewer than 3 incidents; the strongest change before ${n === 1 ? 'it' : 'them'} was ${describeSuspect(top)}, which ${levelText(top)}${lead ? ` ${lead}` : ''} (in ${top.support.hits} of ${n}; not confirmed).`;
  }
  return `${head} No cause could be established: no neighbour's usage changed before the crashes more often than it does at random.`;
}
