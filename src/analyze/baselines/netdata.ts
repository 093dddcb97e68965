/**
 * Netdata's Metric Correlations (https://learn.netdata.cloud/docs/ml-and-troubleshooting/metric-correlations;
 * `src/web/api/queries/weights.c` in netdata/netdata): a highlighted window is compared with a
 * baseline window four times as long that immediately precedes it, every metric scored alone.
 * - KS2: a two-sample Kolmogorov–Smirnov test on the first differences of each window; metrics are
 *   ranked by the KS statistic D (the largest gap between the two empirical distributions).
 * - Volume: the relative change of the mean absolute value between the windows,
 *   |mean_h − mean_b| / mean_b (a baseline of 0 counts as a change of the highlight's own size).
 * The highlighted window is the 10-minute lag range xenscope searches (crash − 10 min … crash),
 * so its baseline is the 40 minutes before that.
 */
import type { Store } from '../../store/store.js';
import { LAG_MAX_MS } from '../robust-score.js';
import type { InvestigateOptions, InvestigateResult } from '../types.js';
import { baselineCandidates, binsOf, runPerIncident } from './baseline-input.js';

/** The baseline window is this many times the highlighted one (Netdata's fixed ratio). */
export const NETDATA_BASELINE_RATIO = 4;

/** Successive differences of the known values (a gap is skipped, not differenced across). */
export function firstDifferences(xs: readonly number[]): number[] {
  const out: number[] = [];
  for (let i = 1; i < xs.length; i++) {
    const d = xs[i]! - xs[i - 1]!;
    if (Number.isFinite(d)) out.push(d);
  }
  return out;
}

/** The two-sample Kolmogorov–Smirnov statistic D = sup |F_a − F_b|; 0 when either sample is empty. */
export function ksStatistic(a: readonly number[], b: readonly number[]): number {
  if (a.length === 0 || b.length === 0) return 0;
  const x = Float64Array.from(a).sort();
  const y = Float64Array.from(b).sort();
  let i = 0;
  let j = 0;
  let d = 0;
  while (i < x.length && j < y.length) {
    const v = Math.min(x[i]!, y[j]!);
    while (i < x.length && x[i]! <= v) i++;
    while (j < y.length && y[j]! <= v) j++;
    d = Math.max(d, Math.abs(i / x.length - j / y.length));
  }
  return d;
}

/** Netdata's volume score: relative change of the mean absolute value. */
export function volumeChange(highlight: readonly number[], baseline: readonly number[]): number {
  const known = (xs: readonly number[]) => xs.filter(Number.isFinite);
  const h = known(highlight);
  const b = known(baseline);
  if (h.length === 0 || b.length === 0) return Number.NEGATIVE_INFINITY;
  const mh = h.reduce((s, v) => s + Math.abs(v), 0) / h.length;
  const mb = b.reduce((s, v) => s + Math.abs(v), 0) / b.length;
  if (mb === 0) return mh === 0 ? 0 : 1;
  return Math.abs(mh - mb) / mb;
}

function rankBy(score: (highlight: number[], baseline: number[]) => number) {
  return (store: Store, options: InvestigateOptions = {}): Promise<InvestigateResult> =>
    runPerIncident(store, options, (data, victim, inc) => {
      const split = inc.ts + data.step - LAG_MAX_MS;
      const from = split - NETDATA_BASELINE_RATIO * LAG_MAX_MS;
      return baselineCandidates(data, victim)
        .map((s) => ({
          s: data.series[s]!,
          score: score(binsOf(data, s, split, inc.ts + data.step), binsOf(data, s, from, split)),
        }))
        .sort((a, b) => b.score - a.score);
    });
}

export const investigateNetdataKs2 = rankBy((h, b) => ksStatistic(firstDifferences(h), firstDifferences(b)));
export const investigateNetdataVolume = rankBy(volumeChange);
