/**
 * Robust signed change scores (design.md, "How the explanation works" §3): each candidate's
 * window before an incident against a baseline before the whole lag range, as (x − median)/IQR
 * (the IQR scaled to σ units), on a lag grid from 0 to 10 minutes. The baseline ends where the lag
 * range starts, so a change anywhere in the range is measured against the same quiet stretch.
 */
import { Scratch } from './scratch.js';
import { quartiles } from './stats.js';

/** The geometry of one scored window, in milliseconds. */
export const LAG_MAX_MS = 10 * 60_000;
export const BASELINE_MS = 15 * 60_000;
export const WIDTH_MS = 60_000;
/** Bins kept after the incident for charts only. */
export const POST_MS = 3 * 60_000;
/** |z| is clipped here so that one absurd bin cannot dominate a mean. */
export const Z_CLIP = 50;

/**
 * The explanation's grid is never finer than this. Its windows are a minute and longer, so bins
 * finer than 10 s only add noise and cost: a host captured every second (`xentop -d 1`) would
 * otherwise cost ten times as much to explain as one captured every 10 s.
 */
export const MIN_ANALYSIS_STEP_MS = 10_000;

/** The grid step for a capture step: the smallest whole multiple of it of at least 10 s. */
export function analysisStep(captureStep: number): number {
  return captureStep * Math.max(1, Math.ceil(MIN_ANALYSIS_STEP_MS / captureStep));
}

/** Bin counts of the window geometry for a grid step. */
export interface Geometry {
  readonly base: number; // baseline bins
  readonly lags: number; // lag grid points − 1 (lag ℓ = 0 … lags bins)
  readonly width: number; // bins averaged at each lag
  readonly post: number;
  /** Index one past the incident's bin, inside a segment. */
  readonly end: number;
  readonly length: number;
}

export function geometry(step: number): Geometry {
  const base = Math.max(6, Math.round(BASELINE_MS / step));
  const lags = Math.max(1, Math.round(LAG_MAX_MS / step));
  const width = Math.max(2, Math.round(WIDTH_MS / step));
  const post = Math.round(POST_MS / step);
  const end = base + lags + width;
  return { base, lags, width, post, end, length: end + post };
}

/**
 * The smallest spread a metric can have: below it a change is noise in the last digit (a quiet
 * drop counter has IQR 0, and one drop in a bin must not be an infinite change).
 */
export function scaleFloor(metric: string, median: number, stepSeconds: number): number {
  let abs: number;
  if (metric === 'cpu_ratio') abs = 0.02;
  else if (metric === 'disk_util_ratio') abs = 0.01;
  else if (metric === 'disk_queue') abs = 0.1;
  else if (metric.endsWith('_kib')) abs = 4096;
  else if (metric.includes('_sect_')) abs = 8;
  else if (metric.includes('_bytes_')) abs = 1024;
  else abs = 1 / stepSeconds; // one event, request or packet in a bin
  // Rates carry multiplicative noise (traffic, requests), so a change smaller than 5 % of their
  // level is noise; a gauge (memory) moves additively, and its own spread is the right scale.
  return metric.endsWith('_kib') ? abs : Math.max(abs, 0.05 * Math.abs(median));
}

/** The absolute resolution of a metric (the floor of its scale at level 0). */
export function resolutionOf(metric: string, stepSeconds: number): number {
  return scaleFloor(metric, 0, stepSeconds);
}

export interface RobustBaseline {
  readonly median: number;
  readonly scale: number;
  /** How many finite bins the baseline had. */
  readonly support: number;
}

/** Median and IQR (as σ) of `x[from, to)`, the scale floored; null when too few bins are known. */
export function robustBaseline(
  x: ArrayLike<number>,
  from: number,
  to: number,
  metric: string,
  stepSeconds: number,
): RobustBaseline | null {
  const q = quartiles(x, from, to, Math.max(5, (to - from) / 3), BASELINE_VALUES.atLeast(to - from));
  if (!q) return null;
  const iqr = q.q75 - q.q25;
  return {
    median: q.median,
    scale: Math.max(iqr / 1.349, scaleFloor(metric, q.median, stepSeconds)),
    support: q.n,
  };
}

const BASELINE_VALUES = new Scratch();

/** Robust z of a whole segment against a baseline (NaN stays NaN; clipped to ±Z_CLIP). */
export function robustZ(x: ArrayLike<number>, b: RobustBaseline): Float64Array {
  return robustZInto(x, b, new Float64Array(x.length));
}

/** `robustZ` written into `out` (at least as long as `x`), for callers that reuse their arrays. */
export function robustZInto(x: ArrayLike<number>, b: RobustBaseline, out: Float64Array): Float64Array {
  for (let i = 0; i < x.length; i++) {
    const v = (x[i]! - b.median) / b.scale;
    out[i] = Number.isNaN(v) ? Number.NaN : Math.max(-Z_CLIP, Math.min(Z_CLIP, v));
  }
  return out;
}

export interface LagScore {
  /** The largest mean z over the lag grid (signed: a rise is positive). */
  readonly score: number;
  /** Lag (bins before the incident's end) where it was reached. */
  readonly lag: number;
}

/** Prefix sums of `lagScores`, of the known values and of their count. */
const PREFIX_SUM = new Scratch();
const PREFIX_COUNT = new Scratch();

/** Mean z over a `width`-bin window ending `lag` bins before `g.end`, for every lag; max over lags. */
export function lagScores(z: ArrayLike<number>, g: Geometry): LagScore {
  // Prefix sums of the known values and of their count: each lag's window mean in O(1).
  const lo = Math.max(0, g.end - g.lags - g.width);
  const sum = PREFIX_SUM.atLeast(g.end - lo + 1);
  const cnt = PREFIX_COUNT.atLeast(g.end - lo + 1);
  sum[0] = 0;
  cnt[0] = 0;
  for (let i = lo; i < g.end; i++) {
    const v = z[i]!;
    const known = !Number.isNaN(v);
    sum[i - lo + 1] = sum[i - lo]! + (known ? v : 0);
    cnt[i - lo + 1] = cnt[i - lo]! + (known ? 1 : 0);
  }
  let best = Number.NEGATIVE_INFINITY;
  let bestLag = -1;
  for (let lag = 0; lag <= g.lags; lag++) {
    const b = g.end - lag - lo;
    const a = b - g.width;
    const n = cnt[b]! - cnt[a]!;
    // A window with too few known bins has no mean (NaN never beats `best`).
    const m = n * 2 >= g.width ? (sum[b]! - sum[a]!) / n : Number.NaN;
    if (m > best) {
      best = m;
      bestLag = lag;
    }
  }
  return { score: bestLag < 0 ? Number.NaN : best, lag: bestLag };
}
