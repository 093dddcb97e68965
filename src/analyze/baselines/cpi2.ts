/**
 * CPI2 alone (Zhang et al., "CPI2: CPU performance isolation for shared compute clusters", EuroSys
 * 2013, §4.2) as the accuracy benchmark defines it: over the window before the crash, the Pearson
 * correlation of the victim's symptom with each suspect's usage; suspects correlated at 0.35 or
 * more (CPI2's antagonist cut-off) are named, strongest first, and nothing else is. There is no
 * recurrence, significance, lag search or host-load removal: one incident, one correlation.
 * (CPI2's own correlation is the signed usage sum that xenscope uses inside its pipeline,
 * `antagonist-correlation.ts`; the baseline is the plain Pearson form.)
 *
 * The victim's symptom is, per bin, the largest robust z among its distress series (outstanding
 * requests, dropped packets, per-kind log rates), each against its own hour before the window. A
 * victim with no distress series has no symptom, and CPI2 names nobody.
 */
import type { Store } from '../../store/store.js';
import { CPI2_CUTOFF } from '../antagonist-correlation.js';
import { roleOf } from '../candidates.js';
import { LAG_MAX_MS, robustBaseline } from '../robust-score.js';
import type { InvestigateOptions, InvestigateResult } from '../types.js';
import { BASELINE_LOOKBACK_MS, baselineCandidates, binsOf, runPerIncident } from './baseline-input.js';

/** Pearson's r over the bins where both are known; NaN when either is constant or too short. */
export function pearson(x: readonly number[], y: readonly number[]): number {
  let n = 0;
  let sx = 0;
  let sy = 0;
  for (let i = 0; i < x.length; i++) {
    if (!Number.isFinite(x[i]!) || !Number.isFinite(y[i]!)) continue;
    n++;
    sx += x[i]!;
    sy += y[i]!;
  }
  if (n < 3) return Number.NaN;
  const mx = sx / n;
  const my = sy / n;
  let cxy = 0;
  let cxx = 0;
  let cyy = 0;
  for (let i = 0; i < x.length; i++) {
    if (!Number.isFinite(x[i]!) || !Number.isFinite(y[i]!)) continue;
    cxy += (x[i]! - mx) * (y[i]! - my);
    cxx += (x[i]! - mx) ** 2;
    cyy += (y[i]! - my) ** 2;
  }
  return cxx === 0 || cyy === 0 ? Number.NaN : cxy / Math.sqrt(cxx * cyy);
}

export async function investigateCpi2(
  store: Store,
  options: InvestigateOptions = {},
): Promise<InvestigateResult> {
  return runPerIncident(store, options, (data, victim, inc) => {
    const end = inc.ts + data.step;
    const split = end - LAG_MAX_MS;
    const stepS = data.step / 1000;
    const zs: number[][] = [];
    for (const [i, s] of data.series.entries()) {
      if (roleOf(s, victim) !== 'symptom') continue;
      const normal = binsOf(data, i, inc.ts - BASELINE_LOOKBACK_MS, split);
      const base = robustBaseline(normal, 0, normal.length, s.metric, stepS);
      if (!base) continue;
      zs.push(binsOf(data, i, split, end).map((v) => (v - base.median) / base.scale));
    }
    if (zs.length === 0) return [];
    const symptom = zs[0]!.map((_, k) =>
      Math.max(...zs.map((z) => (Number.isFinite(z[k]!) ? z[k]! : Number.NEGATIVE_INFINITY))),
    );
    return baselineCandidates(data, victim)
      .map((s) => ({ s: data.series[s]!, score: pearson(symptom, binsOf(data, s, split, end)) }))
      .filter((r) => r.score >= CPI2_CUTOFF)
      .sort((a, b) => b.score - a.score);
  });
}
