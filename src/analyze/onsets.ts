/**
 * Onsets by change-point detection (design.md, "How the explanation works" §3): a one-sided CUSUM
 * on the robust z (Page 1954). The onset is where the cumulative excess last left zero before the
 * alarm, which dates a rise more steadily than the bin where the mean window peaked.
 */

/** Drift (in σ) the CUSUM tolerates, and the alarm level. */
export const CUSUM_K = 1;
export const CUSUM_H = 5;

/**
 * The onset index of the first sustained rise that alarms inside `[from, to)`, scanning from
 * `start` so the statistic has warmed up; -1 when nothing alarms. NaN bins are skipped.
 */
export function cusumOnset(z: ArrayLike<number>, start: number, from: number, to: number, k = CUSUM_K, h = CUSUM_H): number {
  let s = 0;
  let lastZero = start;
  for (let i = start; i < to; i++) {
    const v = z[i]!;
    if (Number.isNaN(v)) continue;
    s = Math.max(0, s + v - k);
    if (s === 0) {
      lastZero = i;
      continue;
    }
    if (s > h && i >= from) return Math.max(from, lastZero + 1);
  }
  return -1;
}
