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
  const buf: number[] = [];
  for (let i = 0; i < len; i++) {
    buf.length = 0;
    for (const z of zs) if (!Number.isNaN(z[i]!)) buf.push(z[i]!);
    if (buf.length * 2 < zs.length) {
      c[i] = Number.NaN;
      continue;
    }
    buf.sort((a, b) => a - b);
    const m = buf.length >> 1;
    c[i] = buf.length % 2 ? buf[m]! : (buf[m - 1]! + buf[m]!) / 2;
  }
  return c;
}

/** z − β·c with β = max(0, Σzc/Σc²); bins where c is unknown are left as they are. */
export function removeCommon(z: Float64Array, c: Float64Array): Float64Array {
  let zc = 0;
  let cc = 0;
  for (let i = 0; i < z.length; i++) {
    if (Number.isNaN(z[i]!) || Number.isNaN(c[i]!)) continue;
    zc += z[i]! * c[i]!;
    cc += c[i]! * c[i]!;
  }
  const beta = cc > 1e-9 ? Math.max(0, zc / cc) : 0;
  if (beta === 0) return z;
  const out = new Float64Array(z.length);
  for (let i = 0; i < z.length; i++) out[i] = Number.isNaN(c[i]!) ? z[i]! : z[i]! - beta * c[i]!;
  return out;
}
