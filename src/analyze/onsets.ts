/**
 * Onsets by change-point detection (design.md, "How the explanation works" §3): a one-sided CUSUM
 * on the robust z (Page 1954). The onset of a rise is where the cumulative excess last left zero
 * before it. z is clipped and the statistic capped so that an earlier burst is forgotten within a
 * few bins instead of carrying its huge excess into the next rise.
 */

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
 * The reference value for dating a rise of `size` σ: k = size / 2, the choice that makes Page's
 * statistic optimal for a shift of that size (Lorden 1971), and whose last zero before the alarm
 * is then the maximum-likelihood change point. With the fixed k = 1, a mild drift before the
 * real step (z of 1.5–3 for minutes, in a quiet baseline) kept the statistic above zero and
 * dated a 75× jump minutes early. Between CUSUM_K and half the z cap: above it the clipped z
 * could never accumulate.
 */
export function referenceFor(size: number): number {
  return Number.isFinite(size) ? Math.max(CUSUM_K, Math.min(Z_CAP / 2, size / 2)) : CUSUM_K;
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
