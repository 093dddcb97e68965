/**
 * Small robust statistics on typed arrays; NaN (a missing bin) is ignored everywhere.
 */
import type { Prng } from './prng.js';

/** Linear-interpolated quantile of a sorted array; NaN when empty. */
export function quantileSorted(s: ArrayLike<number>, q: number): number {
  if (s.length === 0) return Number.NaN;
  const pos = (s.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return s[lo]! + (s[hi]! - s[lo]!) * (pos - lo);
}

export function median(values: readonly number[]): number {
  return quantileSorted(Float64Array.from(values).sort(), 0.5);
}

/** Benjamini–Hochberg adjusted q-values, in the order of `p`. */
export function benjaminiHochberg(p: readonly number[]): number[] {
  const m = p.length;
  const order = p.map((v, i) => [v, i] as const).sort((a, b) => a[0] - b[0]);
  const q = new Array<number>(m).fill(1);
  let min = 1;
  for (let r = m - 1; r >= 0; r--) {
    const [v, i] = order[r]!;
    min = Math.min(min, (v * m) / (r + 1));
    q[i] = Math.min(1, min);
  }
  return q;
}

/** P(X ≥ k) for X ~ Binomial(n, pi). */
export function binomialTail(k: number, n: number, pi: number): number {
  if (k <= 0) return 1;
  if (k > n) return 0;
  let total = 0;
  let logC = 0; // log C(n, 0)
  for (let j = 0; j <= n; j++) {
    if (j > 0) logC += Math.log(n - j + 1) - Math.log(j);
    if (j >= k) total += Math.exp(logC + j * Math.log(pi) + (n - j) * Math.log1p(-pi));
  }
  return Math.min(1, total);
}

/** Median with a percentile-bootstrap 95 % interval (deterministic for a given PRNG). */
export function bootstrapMedian(
  values: readonly number[],
  rng: Prng,
  draws = 1000,
): { median: number; lo: number; hi: number } {
  const m = median(values);
  if (values.length < 2) return { median: m, lo: m, hi: m };
  const meds = new Float64Array(draws);
  const buf = new Array<number>(values.length);
  for (let d = 0; d < draws; d++) {
    for (let i = 0; i < values.length; i++) buf[i] = values[rng.int(values.length)]!;
    meds[d] = median(buf);
  }
  meds.sort();
  return { median: m, lo: quantileSorted(meds, 0.025), hi: quantileSorted(meds, 0.975) };
}

/**
 * Median of the first `n` values of a scratch array, reordering them (Hoare's selection: linear
 * time on average). `n` instead of a subarray: this runs per bin per window, and views cost.
 */
export function medianInPlace(a: Float64Array, n = a.length): number {
  if (n === 0) return Number.NaN;
  const hi = select(a, n >> 1, 0, n);
  if (n % 2) return hi;
  // The lower middle is the largest value left of the upper one after selection.
  let lo = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < n >> 1; i++) if (a[i]! > lo) lo = a[i]!;
  return (lo + hi) / 2;
}

/**
 * Puts the k-th smallest of a[from, n) at index k (everything in [from, k) ≤ it, everything in
 * (k, n) ≥ it) and returns it.
 */
function select(a: Float64Array, k: number, from: number, n: number): number {
  let l = from;
  let r = n - 1;
  while (r > l) {
    // The median of the first, middle and last values as pivot: a middle value alone degrades on
    // ordered input, such as the deviations from a median just selected in the same array
    // (the middle one is then the median itself, deviation 0, the smallest).
    const x = a[l]!;
    const y = a[(l + r) >> 1]!;
    const z = a[r]!;
    const pivot = Math.max(Math.min(x, y), Math.min(Math.max(x, y), z));
    let i = l;
    let j = r;
    while (i <= j) {
      while (a[i]! < pivot) i++;
      while (a[j]! > pivot) j--;
      if (i <= j) {
        const t = a[i]!;
        a[i] = a[j]!;
        a[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) r = j;
    else if (k >= i) l = i;
    else break;
  }
  return a[k]!;
}

/**
 * Linear-interpolated quartiles (q25, median, q75) of the finite values of `x[from, to)` — the same
 * numbers `quantileSorted` gives on the sorted values — by selection instead of a sort: the robust
 * baseline needs them for every series of every scored window. `scratch` must hold `to − from`
 * values. Null when fewer than `min` values are finite.
 */
export function quartiles(
  x: ArrayLike<number>,
  from: number,
  to: number,
  min: number,
  scratch: Float64Array,
): { q25: number; median: number; q75: number; n: number } | null {
  let n = 0;
  for (let i = Math.max(0, from); i < Math.min(x.length, to); i++) {
    const v = x[i]!;
    if (Number.isFinite(v)) scratch[n++] = v;
  }
  if (n < min || n === 0) return null;
  // Ascending positions: each selection only reorders what lies right of the previous one.
  let done = 0;
  const at = (q: number): number => {
    const pos = (n - 1) * q;
    const lo = Math.floor(pos);
    const vLo = select(scratch, lo, done, n);
    done = lo;
    if (pos === lo) return vLo;
    // The next order statistic is the smallest value right of lo.
    let vHi = Number.POSITIVE_INFINITY;
    for (let i = lo + 1; i < n; i++) if (scratch[i]! < vHi) vHi = scratch[i]!;
    return vLo + (vHi - vLo) * (pos - lo);
  };
  const q25 = at(0.25);
  const median = at(0.5);
  const q75 = at(0.75);
  return { q25, median, q75, n };
}
