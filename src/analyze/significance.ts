/**
 * Significance from empirical nulls (design.md, "How the explanation works" §6). Each candidate is
 * scored with the same max over the lag grid at random incident-free times, which gives its own
 * null distribution (an always-spiky neighbour has a wide one). An incident's p is the share of
 * null windows scoring at least as high; beyond the largest null score the tail is extrapolated
 * with an exponential fitted to the top fifth of the null (the generalised Pareto tail with shape 0
 * of Knijnenburg et al., "Fewer permutations, more accurate P-values", Bioinformatics 2009), so a
 * few dozen null windows can still tell 1e-3 from 1e-6. A victim's incidents are combined with
 * Fisher's method, and Benjamini–Hochberg controls the false-discovery rate across candidates.
 */
import { quantileSorted } from './stats.js';

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

/** P(null ≥ score): empirical with +1, exponential tail past the largest null score. */
export function tailP(score: number, nul: Float64Array): number {
  if (Number.isNaN(score)) return 1;
  const r = nul.length;
  if (r === 0) return 1;
  let ge = 0;
  for (let i = r - 1; i >= 0 && nul[i]! >= score; i--) ge++;
  const empirical = (ge + 1) / (r + 1);
  if (ge > 0 || r < 10) return empirical;
  const u = quantileSorted(nul, 0.8);
  let exc = 0;
  let sum = 0;
  for (let i = 0; i < r; i++) {
    if (nul[i]! > u) {
      exc++;
      sum += nul[i]! - u;
    }
  }
  if (exc < 3) return empirical;
  const beta = Math.max(0.25, sum / exc);
  return Math.max(P_FLOOR, Math.min(empirical, (exc / (r + 1)) * Math.exp(-(score - u) / beta)));
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
