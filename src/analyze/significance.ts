/**
 * Significance from empirical nulls (design.md, "How the explanation works" §6). Each candidate's
 * score is taken with the same max over the lag grid at random incident-free times; that gives
 * its own background rate of "a change at least this large before a moment" (an always-spiky
 * neighbour has a high rate). The count of incidents it hit is then tested against that rate
 * (binomial tail, as Luo et al., KDD 2014, test pre-event windows against random ones), and
 * Benjamini–Hochberg controls the false-discovery rate across candidates.
 */
import { binomialTail } from './stats.js';

export { benjaminiHochberg } from './stats.js';

/** Fewer incidents than this: ranked, never confirmed (design.md §6). */
export const MIN_INCIDENTS_TO_CONFIRM = 3;
export const Q_CONFIRM = 0.05;

/** A candidate's background hit rate from `refHits` of `refs` random windows (Jeffreys-smoothed). */
export function backgroundRate(refHits: number, refs: number): number {
  return (refHits + 0.5) / (refs + 1);
}

/** P(at least `hits` of `n` incidents hit by chance) for a background rate. */
export function recurrenceP(hits: number, n: number, rate: number): number {
  return binomialTail(hits, n, rate);
}

/** One incident's empirical p: the share of null windows scoring at least as high (with +1). */
export function incidentP(score: number, nullScores: ArrayLike<number>): number {
  if (Number.isNaN(score)) return 1;
  let ge = 0;
  let n = 0;
  for (let i = 0; i < nullScores.length; i++) {
    const v = nullScores[i]!;
    if (Number.isNaN(v)) continue;
    n++;
    if (v >= score) ge++;
  }
  return (ge + 1) / (n + 1);
}
