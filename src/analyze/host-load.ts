/**
 * Host-wide load regressed out (design.md, "How the explanation works" §7). A backup or a traffic
 * surge that hits every domain moves the same metric everywhere at once; the common component of a
 * metric is the median of its robust z across the domains that have it, and each candidate keeps
 * only its residual z − β·c (β ≥ 0, a robust slope), so a common cause does not make every
 * neighbour look guilty. A domain with a quiet past still gets a huge z of its own during a surge,
 * so each series is also compared with its peers at the same moment (`peerZ`); a candidate's
 * change counts only as far as it is unusual both for itself and among its peers.
 */

import { medianInPlace } from './stats.js';

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
    c[i] = medianInPlace(buf.subarray(0, k));
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
 * Each member compared with its peers at the same moment, under both shapes a common shock takes:
 * multiplicative (every domain's traffic doubles: the relative level r = ln((x + f) / (m + f)) moves
 * alike) and additive (every vif gets the same extra share: the excess x − m moves alike); m is
 * the series' own baseline median and f the metric's resolution, so a quiet counter does not
 * explode. Under each, the peer z is the robust cross-sectional z across the members at that bin,
 * (v − median) / (1.4826·MAD), its spread floored at its typical value over the baseline bins
 * [0, base) so that a bin where the peers happen to agree closely does not turn a small
 * difference into a large z. A member's peer z is the smaller of the two: a fleet-wide surge of
 * either shape leaves it near 0, however quiet the domain's own past was; a lone antagonist
 * stands out under both. NaN where fewer than `MIN_SERIES_FOR_COMMON` members are known; null when
 * there are too few members. Only bins [from, to) are compared (elsewhere NaN).
 */
export function peerZ(
  raws: readonly Float64Array[],
  medians: readonly number[],
  resolution: number,
  base: number,
  from = 0,
  to = raws[0]?.length ?? 0,
): Float64Array[] | null {
  if (raws.length < MIN_SERIES_FOR_COMMON) return null;
  const len = raws[0]!.length;
  const rel = raws.map((x, s) => {
    const m = Math.max(0, medians[s]!) + resolution;
    const r = new Float64Array(len);
    for (let i = 0; i < len; i++) r[i] = Math.log((Math.max(0, x[i]!) + resolution) / m);
    return r;
  });
  const abs = raws.map((x, s) => {
    const r = new Float64Array(len);
    for (let i = 0; i < len; i++) r[i] = x[i]! - medians[s]!;
    return r;
  });
  crossSectionalZ(rel, base, PEER_LOG_FLOOR, from, to);
  crossSectionalZ(abs, base, resolution, from, to);
  for (let s = 0; s < rel.length; s++) {
    const r = rel[s]!;
    const a = abs[s]!;
    for (let i = 0; i < len; i++) if (a[i]! < r[i]!) r[i] = a[i]!;
  }
  return rel;
}

/** Replaces each member's values by their robust cross-sectional z at each bin (in place). */
function crossSectionalZ(
  vs: Float64Array[],
  base: number,
  minSpread: number,
  from: number,
  to: number,
): void {
  const k = vs.length;
  const len = vs[0]!.length;
  const centre = new Float64Array(len).fill(Number.NaN);
  const spread = new Float64Array(len).fill(Number.NaN);
  const buf = new Float64Array(k);
  const dev = new Float64Array(k);
  // Only the bins asked for, and every third baseline bin for the typical spread.
  for (let i = 0; i < len; i++) {
    if ((i < from || i >= to) && !(i < base && i % 3 === 0)) continue;
    let n = 0;
    for (const v of vs) if (!Number.isNaN(v[i]!)) buf[n++] = v[i]!;
    if (n < MIN_SERIES_FOR_COMMON) continue;
    const c = medianInPlace(buf.subarray(0, n));
    for (let j = 0; j < n; j++) dev[j] = Math.abs(buf[j]! - c);
    centre[i] = c;
    spread[i] = 1.4826 * medianInPlace(dev.subarray(0, n));
  }
  const typical: number[] = [];
  for (let i = 0; i < Math.min(base, len); i += 3) if (!Number.isNaN(spread[i]!)) typical.push(spread[i]!);
  const floor = Math.max(minSpread, typical.length > 0 ? medianInPlace(Float64Array.from(typical)) : 0);
  for (const v of vs) {
    for (let i = 0; i < len; i++) {
      const c = centre[i]!;
      v[i] = Number.isNaN(v[i]!) || Number.isNaN(c) ? Number.NaN : (v[i]! - c) / Math.max(floor, spread[i]!);
    }
  }
}
