/**
 * Host-wide load regressed out (design.md, "How the explanation works" §7). A backup or a traffic
 * surge that hits every domain moves the same metric everywhere at once; the common component of a
 * metric is the median of its robust z across the domains that have it, and each candidate keeps
 * only its residual z − β·c (β ≥ 0 by least squares), so a common cause does not make every
 * neighbour look guilty.
 */

/** Fewer series than this and a median is not a common component. */
export const MIN_SERIES_FOR_COMMON = 4;

/** The per-bin median across `zs` (NaN where fewer than half of them are known). */
export function commonComponent(zs: readonly Float64Array[]): Float64Array | null {
  if (zs.length < MIN_SERIES_FOR_COMMON) return null;
  const len = zs[0]!.length;
  const c = new Float64Array(len);
  const buf = new Float64Array(zs.length);
  for (let i = 0; i < len; i++) {
    let k = 0;
    for (const z of zs) if (!Number.isNaN(z[i]!)) buf[k++] = z[i]!;
    if (k * 2 < zs.length) {
      c[i] = Number.NaN;
      continue;
    }
    const sorted = buf.subarray(0, k).sort();
    const m = k >> 1;
    c[i] = k % 2 ? sorted[m]! : (sorted[m - 1]! + sorted[m]!) / 2;
  }
  return c;
}

/**
 * z − β·c, bins where c is unknown left as they are. β is the median of z/c over the bins where
 * the host moved by at least 1 σ (a slope through the origin that, unlike least squares, a
 * domain's own rise during the surge cannot pull up), clamped to [0, 3]; 0 when the host barely
 * moved.
 */
export function removeCommon(z: Float64Array, c: Float64Array): Float64Array {
  const ratios: number[] = [];
  for (let i = 0; i < z.length; i++) {
    if (Number.isNaN(z[i]!) || Number.isNaN(c[i]!) || Math.abs(c[i]!) < 1) continue;
    ratios.push(z[i]! / c[i]!);
  }
  if (ratios.length < 3) return z;
  ratios.sort((a, b) => a - b);
  const m = ratios.length >> 1;
  const beta = Math.max(0, Math.min(3, ratios.length % 2 ? ratios[m]! : (ratios[m - 1]! + ratios[m]!) / 2));
  if (beta === 0) return z;
  const out = new Float64Array(z.length);
  for (let i = 0; i < z.length; i++) out[i] = Number.isNaN(c[i]!) ? z[i]! : z[i]! - beta * c[i]!;
  return out;
}
