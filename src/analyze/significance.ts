/**
 * Significance from empirical nulls (design.md, "How the explanation works" §6). Each candidate is
 * scored with the same max over the lag grid at incident-free times, which gives its own null
 * distribution (an always-spiky neighbour has a wide one). An incident is judged against the null
 * windows nearest to it in time of day (a nightly backup or a daily surge is part of its null), and
 * its p is exact: the share of those windows scoring at least as high, with the +1 of a permutation
 * test, so p ≥ 1/(N+1) and nothing is extrapolated past the largest null score (Phipson & Smyth,
 * "Permutation p-values should never be zero", SAGMB 2010). A victim's incidents are combined with
 * Fisher's method, guarded by a count test: how many incidents reached p ≤ α, against the
 * Binomial(n, α) that such a count follows at most when nothing is going on. The larger of the two
 * p values stands, so one extreme incident cannot carry a pattern the others do not show; then
 * Benjamini–Hochberg controls the false-discovery rate across candidates.
 */
import { binomialTail } from './stats.js';

export { benjaminiHochberg } from './stats.js';

/** Fewer incidents than this: ranked, never confirmed (design.md §6). */
export const MIN_INCIDENTS_TO_CONFIRM = 3;
export const Q_CONFIRM = 0.05;
/** An incident counts as a hit for a candidate when its p is at most this. */
export const HIT_P = 0.05;
const P_FLOOR = 1e-12;

/** The finite null scores, sorted ascending. */
export function sortedNull(values: ArrayLike<number>): Float64Array {
  const out: number[] = [];
  for (let i = 0; i < values.length; i++) if (!Number.isNaN(values[i]!)) out.push(values[i]!);
  return Float64Array.from(out).sort();
}

/** P(null ≥ score) with the +1 of a permutation test: (1 + #{null ≥ score}) / (N + 1); 1 for NaN. */
export function empiricalP(score: number, nul: Float64Array): number {
  if (Number.isNaN(score)) return 1;
  let ge = 0;
  for (let i = nul.length - 1; i >= 0 && nul[i]! >= score; i--) ge++;
  return (ge + 1) / (nul.length + 1);
}

/** The count test: P(X ≥ #{p ≤ alpha}) for X ~ Binomial(n, alpha). */
export function countP(ps: readonly number[], alpha: number): number {
  return binomialTail(ps.filter((p) => p <= alpha).length, ps.length, alpha);
}

/** Fisher's combination of independent p-values: P(χ²(2k) ≥ −2 Σ ln p). */
export function fisherCombine(ps: readonly number[]): number {
  if (ps.length === 0) return 1;
  const x = -2 * ps.reduce((s, p) => s + Math.log(Math.max(P_FLOOR, Math.min(1, p))), 0);
  // Survival function of χ² with even degrees of freedom 2k, in closed form.
  const half = x / 2;
  let term = Math.exp(-half);
  let total = term;
  for (let i = 1; i < ps.length; i++) {
    term *= half / i;
    total += term;
  }
  return Math.max(P_FLOOR ** 2, Math.min(1, total));
}

/** A candidate's background hit rate from `refHits` of `refs` random windows (Jeffreys-smoothed). */
export function backgroundRate(refHits: number, refs: number): number {
  return (refHits + 0.5) / (refs + 1);
}
