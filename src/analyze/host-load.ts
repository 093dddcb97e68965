/**
 * Host-wide load regressed out (design.md, "How the explanation works" §7). A backup or a traffic
 * surge that hits every domain moves the same metric everywhere at once; the common component of a
 * metric is the median of its robust z across the domains that have it, and each candidate keeps
 * only its residual z − β·c (β ≥ 0, a robust slope), so a common cause does not make every
 * neighbour look guilty. A domain with a quiet past still gets a huge z of its own during a surge,
 * so each series is also compared with its peers at the same moment (`peerZ`); a candidate's
 * change counts only as far as it is unusual both for itself and among its peers.
 */

import { Scratch } from './scratch.js';
import { medianInPlace } from './stats.js';

/** Fewer series than this and a median is not a common component. */
export const MIN_SERIES_FOR_COMMON = 4;

/**
 * The per-bin median across `zs` (NaN where fewer than half of them are known).
 *
 * `exactFrom`: bins before it are needed only for fitting β (`removeCommon` fits on the bins where
 * |c| ≥ 1 and ignores the rest), so there a bin whose median is certainly inside (−1, 1) is left
 * NaN, decided by counting, and only the others get their median selected. A null window passes
 * its lag range's start: it reads z nowhere before it (its baseline bins only feed the fit), and
 * most baseline bins are quiet, so most selections are skipped. The scores are the same.
 */
export function commonComponent(zs: readonly Float64Array[], exactFrom = 0): Float64Array | null {
  if (zs.length < MIN_SERIES_FOR_COMMON) return null;
  const k = zs.length;
  const len = zs[0]!.length;
  const c = new Float64Array(len);
  const buf = COMMON_BUF.atLeast(k);
  const fitOnly = Math.min(exactFrom, len);
  for (let i = 0; i < fitOnly; i++) {
    let n = 0;
    let high = 0;
    let low = 0;
    for (let s = 0; s < k; s++) {
      const v = zs[s]![i]!;
      if (Number.isNaN(v)) continue;
      buf[n++] = v;
      if (v >= 1) high++;
      else if (v <= -1) low++;
    }
    // The upper middle value, sorted[n >> 1], is ≥ 1 only when at least n − (n >> 1) values are;
    // the lower middle one, sorted[(n − 1) >> 1], is ≤ −1 only when at least ((n − 1) >> 1) + 1
    // are. When neither is, both middles lie in (−1, 1), and so does their mean (rounding a sum
    // below 2 cannot reach 2).
    const quiet = high < n - (n >> 1) && low < ((n - 1) >> 1) + 1;
    c[i] = n * 2 < k || quiet ? Number.NaN : medianInPlace(buf, n);
  }
  // Bin-major copy of the rest: each bin's median then reads contiguous memory.
  const rest = len - fitOnly;
  const m = COMMON_MATRIX.atLeast(rest * k);
  for (let s = 0; s < k; s++) {
    const z = zs[s]!;
    for (let i = 0; i < rest; i++) m[i * k + s] = z[fitOnly + i]!;
  }
  for (let i = 0; i < rest; i++) {
    let n = 0;
    for (let j = i * k, e = j + k; j < e; j++) if (!Number.isNaN(m[j]!)) buf[n++] = m[j]!;
    c[fitOnly + i] = n * 2 < k ? Number.NaN : medianInPlace(buf, n);
  }
  return c;
}

const COMMON_BUF = new Scratch();
const COMMON_MATRIX = new Scratch();

/**
 * z − β·c, bins where c is unknown left as they are. β is the least-absolute-deviations slope
 * through the origin over the bins where the host moved by at least 1 σ: it minimises
 * Σ |z − β·c| = Σ |c|·|z/c − β|, so it is the median of the ratios z/c weighted by |c|. Unlike
 * least squares, a domain's own rise during a surge cannot pull it up; unlike a plain median of
 * the ratios, the few bins of a real surge outweigh the many baseline bins where the host moved
 * by a chance σ or two. Clamped to [0, 3]; 0 when the host barely moved. β is fitted on bins
 * [0, fitTo) only: what happens after an incident must not change its score (and a null window,
 * which has no such bins, is then scored the same way).
 */
export function removeCommon(z: Float64Array, c: Float64Array, fitTo = z.length): Float64Array {
  const beta = commonSlope(z, c, fitTo);
  if (beta === 0) return z;
  const out = Float64Array.from(z);
  subtractCommon(out, c, beta);
  return out;
}

/** `removeCommon` on a z array the caller owns, in place (scoring reuses its arrays). */
export function removeCommonInPlace(z: Float64Array, c: Float64Array, fitTo = z.length): void {
  const beta = commonSlope(z, c, fitTo);
  if (beta !== 0) subtractCommon(z, c, beta);
}

function subtractCommon(z: Float64Array, c: Float64Array, beta: number): void {
  for (let i = 0; i < z.length; i++) if (!Number.isNaN(c[i]!)) z[i] = z[i]! - beta * c[i]!;
}

/** β of `removeCommon`: 0 when the host barely moved (then z stays as it is). */
function commonSlope(z: Float64Array, c: Float64Array, fitTo: number): number {
  const end = Math.min(fitTo, z.length);
  const ratioOf = SLOPE_RATIOS.atLeast(end);
  const weightOf = SLOPE_WEIGHTS.atLeast(end);
  // The ratios and weights in bin order; `order` then sorts their indices, stably (ties keep bin order).
  const order: number[] = [];
  let total = 0;
  for (let i = 0; i < end; i++) {
    if (Number.isNaN(z[i]!) || Number.isNaN(c[i]!) || Math.abs(c[i]!) < 1) continue;
    const w = Math.abs(c[i]!);
    ratioOf[order.length] = z[i]! / c[i]!;
    weightOf[order.length] = w;
    order.push(order.length);
    total += w;
  }
  if (order.length < 3) return 0;
  const r = ratioOf;
  order.sort((a, b) => r[a]! - r[b]!);
  // The weighted median: the first ratio where the cumulative weight reaches half.
  let acc = 0;
  let slope = r[order[order.length - 1]!]!;
  for (const j of order) {
    acc += weightOf[j]!;
    if (acc * 2 >= total) {
      slope = r[j]!;
      break;
    }
  }
  return Math.max(0, Math.min(3, slope));
}

/** `removeCommon`'s ratios and weights. */
const SLOPE_RATIOS = new Scratch();
const SLOPE_WEIGHTS = new Scratch();

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
export function peerZ(...args: Parameters<typeof peerZBins>): Float64Array[] | null {
  const raws = args[0];
  const pz = peerZBins(...args);
  if (!pz) return null;
  const len = raws[0]!.length;
  const k = raws.length;
  const out = raws.map(() => new Float64Array(len).fill(Number.NaN));
  for (let b = 0; b < pz.bins.length; b++) {
    const i = pz.bins[b]!;
    for (let s = 0; s < k; s++) out[s]![i] = pz.z[b * k + s]!;
  }
  return out;
}

/**
 * `peerZ` without the full-length arrays: the bins compared (`bins`) and their peer z, bin-major
 * (`z[b·k + s]` for member s at `bins[b]`). What scoring reads, once per window per metric;
 * `z` is scratch, valid until the next call.
 */
export function peerZBins(
  raws: readonly Float64Array[],
  medians: readonly number[],
  resolution: number,
  base: number,
  from = 0,
  to = raws[0]?.length ?? 0,
): { bins: Int32Array; z: Float64Array } | null {
  if (raws.length < MIN_SERIES_FOR_COMMON) return null;
  const len = raws[0]!.length;
  const k = raws.length;
  // The bins compared, and every third baseline bin for the typical spread; the rest stay NaN.
  const list: number[] = [];
  for (let i = 0; i < len; i++) if ((i >= from && i < to) || (i < base && i % 3 === 0)) list.push(i);
  const bins = Int32Array.from(list);
  // Bin-major matrices (row = one bin across the members): the cross-sectional statistics read
  // contiguous memory instead of one value from each of k arrays. Scratch: the answer is read
  // before the next call (`peerZ` copies it out).
  const rel = PEER_REL.view(bins.length * k);
  const abs = PEER_ABS.view(bins.length * k);
  for (let s = 0; s < k; s++) {
    const x = raws[s]!;
    const m = medians[s]!;
    const mRel = Math.max(0, m) + resolution;
    for (let b = 0; b < bins.length; b++) {
      const v = x[bins[b]!]!;
      rel[b * k + s] = Math.log((Math.max(0, v) + resolution) / mRel);
      abs[b * k + s] = v - m;
    }
  }
  crossSectionalZ(rel, k, bins, base, PEER_LOG_FLOOR);
  crossSectionalZ(abs, k, bins, base, resolution);
  for (let j = 0; j < rel.length; j++) {
    const r = rel[j]!;
    const a = abs[j]!;
    // NaN when either is unknown, as a comparison with NaN keeps the other.
    rel[j] = a < r ? a : r;
  }
  return { bins, z: rel };
}

const PEER_REL = new Scratch();
const PEER_ABS = new Scratch();

/** The robust spread of a normal sample from its median absolute deviation (1.4826·MAD = σ). */
const MAD_TO_SIGMA = 1.4826;

/**
 * Replaces each value of the bin-major matrix `m` (rows of `k` members, one per bin of `bins`) by
 * its robust cross-sectional z in that row, in place. The spread it divides by is floored at the
 * typical spread of the baseline rows (every third bin before `base`), so those rows are measured
 * first; in every other row the MAD is selected only when it can exceed the floor (a count of the
 * deviations small enough settles it otherwise): the second selection of a row is its costliest
 * step, and the answer is the same.
 */
function crossSectionalZ(
  m: Float64Array,
  k: number,
  bins: Int32Array,
  base: number,
  minSpread: number,
): void {
  const rows = bins.length;
  const centre = ROW_CENTRE.atLeast(rows).fill(Number.NaN, 0, rows);
  const spread = ROW_SPREAD.atLeast(rows).fill(Number.NaN, 0, rows);
  const buf = ROW_VALUES.atLeast(k);
  const dev = ROW_DEVIATIONS.atLeast(k);
  const isTypical = (i: number) => i < base && i % 3 === 0;
  /**
   * Centre and spread of row b; a spread that cannot exceed `floor` is reported as `floor` (with
   * −∞, as for the baseline rows the floor is made of, every spread is measured).
   */
  const measure = (b: number, floor: number) => {
    let n = 0;
    for (let j = b * k, e = j + k; j < e; j++) if (!Number.isNaN(m[j]!)) buf[n++] = m[j]!;
    if (n < MIN_SERIES_FOR_COMMON) return;
    const c = medianInPlace(buf, n);
    let small = 0;
    for (let j = 0; j < n; j++) {
      const d = Math.abs(buf[j]! - c);
      dev[j] = d;
      if (MAD_TO_SIGMA * d <= floor) small++;
    }
    centre[b] = c;
    // The MAD is the middle deviation, or the mean of the two middle ones, so never above the
    // upper middle one, the (n>>1)-th smallest: rounded, (lo + hi) / 2 ≤ hi still holds, and
    // multiplying by 1.4826 keeps the order. When more than n>>1 deviations pass the test, that
    // one does, so 1.4826·MAD ≤ floor and max(floor, spread) is the floor: exactly as measured.
    spread[b] = small > n >> 1 ? floor : MAD_TO_SIGMA * medianInPlace(dev, n);
  };
  const typical: number[] = [];
  for (let b = 0; b < rows; b++) {
    if (!isTypical(bins[b]!)) continue;
    measure(b, Number.NEGATIVE_INFINITY);
    if (!Number.isNaN(spread[b]!)) typical.push(spread[b]!);
  }
  const floor = Math.max(minSpread, typical.length > 0 ? medianInPlace(Float64Array.from(typical)) : 0);
  for (let b = 0; b < rows; b++) if (!isTypical(bins[b]!)) measure(b, floor);
  for (let b = 0; b < rows; b++) {
    const c = centre[b]!;
    const d = Math.max(floor, spread[b]!);
    for (let j = b * k, e = j + k; j < e; j++) m[j] = (m[j]! - c) / d;
  }
}

const ROW_CENTRE = new Scratch();
const ROW_SPREAD = new Scratch();
const ROW_VALUES = new Scratch();
const ROW_DEVIATIONS = new Scratch();

/** dom0's domain name: its CPU runs every guest's block and network backends. */
export const DOM0 = 'Domain-0';

/** Guest usage metrics whose host-wide total drives dom0's backend work (distress counters excluded). */
const BACKEND_DRIVER_METRICS: ReadonlySet<string> = new Set([
  'vbd_rd_reqs_per_s',
  'vbd_wr_reqs_per_s',
  'vbd_rd_sect_per_s',
  'vbd_wr_sect_per_s',
  'vif_rx_bytes_per_s',
  'vif_tx_bytes_per_s',
  'vif_rx_pkts_per_s',
  'vif_tx_pkts_per_s',
]);

export function isBackendDriver(s: { domain: string; metric: string }): boolean {
  return s.domain !== '' && s.domain !== DOM0 && BACKEND_DRIVER_METRICS.has(s.metric);
}

/** One driver metric's host-wide guest total, bin by bin. */
export interface GuestIoTotal {
  readonly metric: string;
  readonly total: Float64Array;
}

/**
 * The host-wide guest I/O per driver metric, summed over every guest bin by bin (NaN where fewer
 * than half of a metric's series are known; the known ones scaled up), in the order the metrics
 * first appear in `series`. dom0's CPU follows these totals whoever moves them — one antagonist or
 * a fleet-wide surge — so the part of a dom0 CPU rise they explain is backend work, not a cause
 * of its own.
 */
export function guestIoTotals(
  series: readonly { domain: string; metric: string }[],
  raws: readonly (Float64Array | null)[],
): GuestIoTotal[] {
  const byMetric = new Map<string, Float64Array[]>();
  series.forEach((s, i) => {
    const x = raws[i];
    if (!x || !isBackendDriver(s)) return;
    let list = byMetric.get(s.metric);
    if (!list) byMetric.set(s.metric, (list = []));
    list.push(x);
  });
  const out: GuestIoTotal[] = [];
  for (const [metric, xs] of byMetric) {
    const len = xs[0]!.length;
    const total = new Float64Array(len);
    for (let i = 0; i < len; i++) {
      let sum = 0;
      let known = 0;
      for (const x of xs) {
        const v = x[i]!;
        if (Number.isNaN(v)) continue;
        sum += v;
        known++;
      }
      total[i] = known * 2 < xs.length ? Number.NaN : (sum * xs.length) / known;
    }
    out.push({ metric, total });
  }
  return out;
}
