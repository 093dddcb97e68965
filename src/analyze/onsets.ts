/**
 * Onsets by change-point detection (design.md, "How the explanation works" §3): a one-sided CUSUM
 * on the robust z (Page 1954). The onset of a rise is where the cumulative excess last left zero
 * before it. z is clipped and the statistic capped so that an earlier burst is forgotten within a
 * few bins instead of carrying its huge excess into the next rise.
 */

/** The share of its height at which a rise is dated (the 10 % of a 10–90 % rise time). */
export const RISE_FRACTION = 0.1;

/** Drift (in σ) the CUSUM tolerates, the alarm level, the cap and the z clip. */
export const CUSUM_K = 1;
export const CUSUM_H = 5;
const CUSUM_CAP = 2 * CUSUM_H;
const Z_CAP = 5;

/** The CUSUM statistic over `z` (NaN bins carry the previous value). */
export function cusum(z: ArrayLike<number>, k = CUSUM_K): Float64Array {
  const s = new Float64Array(z.length);
  let acc = 0;
  for (let i = 0; i < z.length; i++) {
    const v = z[i]!;
    if (!Number.isNaN(v))
      acc = Math.min(CUSUM_CAP, Math.max(0, acc + Math.max(-Z_CAP, Math.min(Z_CAP, v)) - k));
    s[i] = acc;
  }
  return s;
}

/**
 * The onset of the rise that is under way at bin `at`: the bin after the CUSUM last stood at zero
 * before `at`, provided the run alarms (exceeds `h`) by `at`; -1 otherwise.
 */
export function onsetBefore(z: ArrayLike<number>, at: number, k = CUSUM_K, h = CUSUM_H): number {
  const s = cusum(z, k);
  if (at < 0 || at >= s.length || s[at]! <= 0) return -1;
  let alarmed = false;
  let i = at;
  for (; i >= 0 && s[i]! > 0; i--) alarmed ||= s[i]! > h;
  return alarmed ? i + 1 : -1;
}

/**
 * Where a rise reached a tenth of its height: the transition's start as a 10–90 % rise time
 * measures it (IEEE Std 181). The CUSUM run gives where the series first kept above its past,
 * which includes a mild drift that preceded the real step (a neighbour's writes going from 1.1k to
 * 1.9k/s for minutes, then to 146k/s: the run starts minutes before the step). Within the run the
 * onset is the first bin whose excess over the baseline `base` reaches RISE_FRACTION of the
 * window's `level` excess: a step is dated at the step, a ramp near its start. The run's own
 * start when the level is not above the baseline.
 */
export function riseStart(
  x: ArrayLike<number>,
  from: number,
  to: number,
  base: number,
  level: number,
): number {
  const height = level - base;
  if (!(height > 0)) return from;
  for (let j = from; j <= to; j++) if (x[j]! - base >= RISE_FRACTION * height) return j;
  return from;
}
