/**
 * The event–time-series correlation test of Luo et al., "Correlating events with time series for
 * incident diagnosis" (KDD 2014): for each series, the windows just before the events (here: a
 * victim's crashes) are compared with 500 windows taken at random times; a series that is
 * unusually high before the events is correlated with them, and series are ranked by the test's
 * statistic. Each window is summarised by its mean, and the two samples are compared with the
 * one-sided Wilcoxon–Mann–Whitney rank-sum test (its normal-approximation z, ties corrected) in
 * place of the paper's nearest-neighbour two-sample test, which in one dimension tests the same
 * hypothesis. The ranking is per victim (the pattern across its crashes), the same for each of
 * its incidents. Windows are the 10-minute lag range xenscope searches.
 */
import type { Store } from '../../store/store.js';
import { Prng } from '../prng.js';
import { LAG_MAX_MS } from '../robust-score.js';
import type { IncidentResult, InvestigateOptions, InvestigateResult } from '../types.js';
import { asSuspects, baselineCandidates, baselineInput, binsOf } from './baseline-input.js';

export const LUO_RANDOM_WINDOWS = 500;

/** One-sided rank-sum z: large when `a` tends to exceed `b` (mid-ranks for ties, tie-corrected σ). */
export function rankSumZ(a: readonly number[], b: readonly number[]): number {
  const all = [...a.map((v) => ({ v, g: 0 })), ...b.map((v) => ({ v, g: 1 }))].sort((x, y) => x.v - y.v);
  const n1 = a.length;
  const n2 = b.length;
  const n = n1 + n2;
  if (n1 === 0 || n2 === 0) return Number.NEGATIVE_INFINITY;
  let r1 = 0;
  let ties = 0;
  for (let i = 0; i < n; ) {
    let j = i;
    while (j < n && all[j]!.v === all[i]!.v) j++;
    const mid = (i + j + 1) / 2; // ranks i+1 … j
    for (let k = i; k < j; k++) if (all[k]!.g === 0) r1 += mid;
    const t = j - i;
    ties += t ** 3 - t;
    i = j;
  }
  const u = r1 - (n1 * (n1 + 1)) / 2;
  const sd = Math.sqrt(((n1 * n2) / 12) * (n + 1 - ties / (n * (n - 1))));
  return sd === 0 ? 0 : (u - (n1 * n2) / 2) / sd;
}

const meanOf = (xs: readonly number[]) => {
  const k = xs.filter(Number.isFinite);
  return k.length * 2 < xs.length || k.length === 0 ? Number.NaN : k.reduce((s, v) => s + v, 0) / k.length;
};

export async function investigateLuo(
  store: Store,
  options: InvestigateOptions = {},
): Promise<InvestigateResult> {
  const rng = new Prng(`luo/${options.seed ?? 1}`);
  const hosts = await baselineInput(store, options, true);
  const victims = hosts.flatMap(({ host, data, incidents }) => {
    const block = data.blocks[0];
    return [...new Set(incidents.map((i) => i.domain))].sort().map((victim) => {
      const mine = incidents.filter((i) => i.domain === victim);
      const before = (t: number) => [t + data.step - LAG_MAX_MS, t + data.step] as const;
      // Random windows anywhere in the record except over this victim's pre-crash windows.
      const randomTimes: number[] = [];
      if (block) {
        const lo = block.from + LAG_MAX_MS;
        const hi = block.from + block.len * block.step;
        for (
          let tries = 0;
          tries < 20 * LUO_RANDOM_WINDOWS && randomTimes.length < LUO_RANDOM_WINDOWS;
          tries++
        ) {
          const t = lo + rng.next() * Math.max(0, hi - lo);
          if (mine.some((i) => Math.abs(i.ts - t) < LAG_MAX_MS)) continue;
          randomTimes.push(t);
        }
      }
      const ranked = baselineCandidates(data, victim)
        .map((s) => {
          const pre = mine.map((i) => meanOf(binsOf(data, s, ...before(i.ts)))).filter(Number.isFinite);
          const rand = randomTimes.map((t) => meanOf(binsOf(data, s, ...before(t)))).filter(Number.isFinite);
          return { s: data.series[s]!, score: rankSumZ(pre, rand) };
        })
        .sort((a, b) => b.score - a.score);
      const suspects = asSuspects(ranked, mine.length);
      const results: IncidentResult[] = mine.map((inc) => ({
        ...inc,
        suspects,
        symptoms: [],
        noData: false,
      }));
      return { host, domain: victim, incidents: results, suspects, explanation: '' };
    });
  });
  return { victims, from: null, to: null, stepSeconds: hosts[0] ? hosts[0].data.step / 1000 : null };
}
