/**
 * Host-wide load regressed out (design.md, "How the explanation works" §7). A backup or a traffic
 * surge that hits every domain moves the same metric everywhere at once; the common component of a
 * metric is the median of its robust z across the domains that have it, and each candidate keeps
 * only its residual z − β·c (β ≥ 0, a robust slope), so a common cause does not make every
 * neighbour look guilty. A domain with a quiet past still gets a huge z of its own during a surge,
 * so each series is also compared with its peers at the same moment (`peerZ`); a candidate's
 * change counts only as far as it is unusual both for itself and among its peers.
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

/** The smallest cross-sectional spread of relative levels (log units, ≈ 1 %) a peer z divides by. */
export const PEER_LOG_FLOOR = 0.01;

/**
 * Each member compared with its peers at the same moment: the relative level of a series is
 * r = ln((x + f) / (m + f)) (its value over its own baseline median m, f the metric's resolution so
 * that a quiet counter does not explode), and its peer z is the robust cross-sectional z of r across
 * the members at that bin, (r − median) / (1.4826·MAD). A fleet-wide surge lifts everyone's r alike
 * and leaves every peer z near 0, however quiet a domain's own past was; a lone antagonist stands
 * out. The spread is floored at its typical value over the baseline bins [0, base), so a bin where
 * the peers happen to agree closely does not turn a small difference into a large z. NaN where
 * fewer than `MIN_SERIES_FOR_COMMON` members are known; null when there are too few members.
 */
export function peerZ(
  raws: readonly Float64Array[],
  medians: readonly number[],
  resolution: number,
  base: number,
): Float64Array[] | null {
  const k = raws.length;
  if (k < MIN_SERIES_FOR_COMMON) return null;
  const len = raws[0]!.length;
  const rel = raws.map((x, s) => {
    const m = Math.max(0, medians[s]!) + resolution;
    return Float64Array.from(x, (v) => Math.log((Math.max(0, v) + resolution) / m));
  });
  const centre = new Float64Array(len).fill(Number.NaN);
  const spread = new Float64Array(len).fill(Number.NaN);
  const buf = new Float64Array(k);
  const dev = new Float64Array(k);
  for (let i = 0; i < len; i++) {
    let n = 0;
    for (const r of rel) if (!Number.isNaN(r[i]!)) buf[n++] = r[i]!;
    if (n < MIN_SERIES_FOR_COMMON) continue;
    const c = medianOf(buf.subarray(0, n));
    for (let j = 0; j < n; j++) dev[j] = Math.abs(buf[j]! - c);
    centre[i] = c;
    spread[i] = 1.4826 * medianOf(dev.subarray(0, n));
  }
  const typical: number[] = [];
  for (let i = 0; i < Math.min(base, len); i++) if (!Number.isNaN(spread[i]!)) typical.push(spread[i]!);
  const floor = Math.max(PEER_LOG_FLOOR, typical.length > 0 ? medianOf(Float64Array.from(typical)) : 0);
  return rel.map((r) =>
    Float64Array.from(r, (v, i) =>
      Number.isNaN(v) || Number.isNaN(centre[i]!) ? Number.NaN : (v - centre[i]!) / Math.max(floor, spread[i]!),
    ),
  );
}

/** Median of a scratch array (sorted in place). */
function medianOf(a: Float64Array): number {
  a.sort();
  const m = a.length >> 1;
  return a.length % 2 ? a[m]! : (a[m - 1]! + a[m]!) / 2;
}
