/**
 * Scores every candidate in one window ending at time `t` (an incident, or a random incident-free
 * time for the nulls): robust z against the baseline, host load removed, max over the lag grid;
 * for incidents also the onsets, the victim's first symptom and the CPI2 correlation.
 */
import { antagonistCorrelation } from './antagonist-correlation.js';
import type { Block, HostData, HostSeries } from './candidates.js';
import { locate } from './candidates.js';
import type { GuestIoTotal } from './host-load.js';
import { commonComponent, DOM0, guestIoTotals, peerZBins, removeCommonInPlace } from './host-load.js';
import { onsetBefore, riseStart } from './onsets.js';
import type { Geometry } from './robust-score.js';
import { lagScores, resolutionOf, robustBaseline, robustZ, robustZInto } from './robust-score.js';
import type { Candidate } from './types.js';

/** A window counts as a hit for a candidate when its score reaches this many σ. */
export const HIT_Z = 3;

export type Roles = readonly (Candidate['role'] | null)[];

export interface WindowScores {
  readonly t: number;
  /** Start time of the segment (bin 0). */
  readonly segFrom: number;
  readonly score: Float64Array;
  /** Onset time (ms) per series, NaN when none. */
  readonly onset: Float64Array;
  /** Window mean at the best lag over the baseline median (NaN when the median is ≤ 0). */
  readonly ratio: Float64Array;
  /** CPI2 correlation per series (NaN: no symptom or no usage). */
  readonly corr: Float64Array;
  /** Victim symptom series that rose, earliest onset first. */
  readonly symptoms: readonly { readonly series: number; readonly onset: number; readonly ratio: number }[];
  /** Raw segments and residual z per series (only with `detail`, for charts). */
  readonly raw?: readonly (Float64Array | null)[];
}

/**
 * The segment of `length` bins whose bin `g.end − 1` holds `t`, from one block: inside the block
 * (every null window is) a view, not a copy, since segments are only ever read; at a block's edge
 * a copy with NaN where the block has no bins.
 */
function segment(src: Float64Array, start: number, len: number, length: number): Float64Array {
  if (start >= 0 && start + length <= len) return src.subarray(start, start + length);
  const seg = new Float64Array(length).fill(Number.NaN);
  for (let i = 0; i < length; i++) {
    const j = start + i;
    if (j >= 0 && j < len) seg[i] = src[j]!;
  }
  return seg;
}

/**
 * The host's guest I/O totals over a whole block, computed once per block: the overlapping null
 * windows of a block then take views of them instead of summing the same bins again. One memo
 * serves every victim's roles: a driver metric (a guest's requests, sectors, bytes, packets) has a
 * role whoever the victim is, so the same series are summed.
 */
const blockTotals = new WeakMap<Block, GuestIoTotal[]>();

function guestIoTotalsOf(
  data: HostData,
  block: Block,
  start: number,
  length: number,
  raw: readonly (Float64Array | null)[],
): GuestIoTotal[] {
  if (start < 0 || start + length > block.len) return guestIoTotals(data.series, raw);
  let totals = blockTotals.get(block);
  if (!totals) {
    totals = guestIoTotals(
      data.series,
      block.values.map((v, s) => (raw[s] ? v : null)),
    );
    blockTotals.set(block, totals);
  }
  return totals.map(({ metric, total }) => ({ metric, total: total.subarray(start, start + length) }));
}

/**
 * The per-series z arrays of the window being scored, reused from one window to the next: a null
 * run scores hundreds of windows × every series, and none of these arrays outlives its window
 * (`scoreWindow` returns scores, onsets and raw segments, never z). Single-threaded per module
 * instance (each worker has its own), and scoreWindow never calls itself.
 */
const zPool: Float64Array[] = [];
let zTaken = 0;

function takeZ(length: number): Float64Array {
  let z = zPool[zTaken];
  if (z === undefined || z.length !== length) {
    z = new Float64Array(length);
    zPool[zTaken] = z;
  }
  zTaken++;
  return z;
}

export function scoreWindow(
  data: HostData,
  roles: Roles,
  t: number,
  g: Geometry,
  detail: boolean,
): WindowScores | null {
  const n = data.series.length;
  const score = new Float64Array(n).fill(Number.NaN);
  const onset = new Float64Array(n).fill(Number.NaN);
  const ratio = new Float64Array(n).fill(Number.NaN);
  const corr = new Float64Array(n).fill(Number.NaN);
  const raw: (Float64Array | null)[] = new Array(n).fill(null);
  const zs: (Float64Array | null)[] = new Array(n).fill(null);
  const medians = new Float64Array(n).fill(Number.NaN);
  const stepS = data.step / 1000;
  zTaken = 0;
  // The bins after the incident are for charts: a null window stops at its end.
  const length = detail ? g.length : g.end;
  const at = locate(data, t);
  if (!at) return null;
  const start = at.index + 1 - g.end;
  const segFrom = at.block.from + start * at.block.step;
  for (let s = 0; s < n; s++) {
    if (roles[s] == null) continue;
    const seg = segment(at.block.values[s]!, start, at.block.len, length);
    raw[s] = seg;
    const b = robustBaseline(seg, 0, g.base, data.series[s]!.metric, stepS);
    if (!b) continue;
    zs[s] = robustZInto(seg, b, takeZ(length));
    medians[s] = b.median;
  }
  // dom0's CPU runs every guest's backends: the part of its rise that the host's total guest I/O
  // explains (one antagonist's writes or a fleet-wide traffic surge) is backend work, not a cause.
  const dom0Cpu = data.series.findIndex((x) => x.domain === DOM0 && x.resource === 'cpu');
  if (dom0Cpu >= 0 && zs[dom0Cpu]) {
    for (const { metric, total } of guestIoTotalsOf(data, at.block, start, length, raw)) {
      const b = robustBaseline(total, 0, g.base, metric, stepS);
      if (b) removeCommonInPlace(zs[dom0Cpu]!, robustZ(total, b), g.end);
    }
  }
  // Host-wide load: per metric, the median z across the neighbours that have it.
  const byMetric = new Map<string, number[]>();
  const peersOf = new Map<string, number[]>();
  for (let s = 0; s < n; s++) {
    if (!zs[s] || (roles[s] !== 'suspect' && roles[s] !== 'self')) continue;
    const m = data.series[s]!.metric;
    let peers = peersOf.get(m);
    if (!peers) peersOf.set(m, (peers = []));
    peers.push(s);
    if (roles[s] !== 'suspect') continue;
    let list = byMetric.get(m);
    if (!list) byMetric.set(m, (list = []));
    list.push(s);
  }
  for (const [metric, members] of byMetric) {
    // A null window reads z only in its lag range; before it, only where β is fitted.
    const c = commonComponent(
      members.map((s) => zs[s]!),
      detail ? 0 : g.end - g.lags - g.width,
    );
    if (!c) continue;
    for (const s of peersOf.get(metric)!) removeCommonInPlace(zs[s]!, c, g.end);
  }
  // Peers at the same moment (the victim's own usage among them): a change counts as far as it
  // is unusual both against the series' own past and among its peers, bin by bin.
  for (const [metric, members] of peersOf) {
    const pz = peerZBins(
      members.map((s) => raw[s]!),
      members.map((s) => medians[s]!),
      resolutionOf(metric, stepS),
      g.base,
      // The nulls need only the lag range; an incident also its onsets and charts.
      detail ? 0 : g.end - g.lags - g.width,
      detail ? g.length : g.end,
    );
    if (!pz) continue;
    // In place: each z array belongs to this window alone.
    const k = members.length;
    members.forEach((s, j) => {
      const own = zs[s]!;
      for (let b = 0; b < pz.bins.length; b++) {
        const i = pz.bins[b]!;
        const peer = pz.z[b * k + j]!;
        if (!Number.isNaN(peer) && peer < own[i]!) own[i] = peer;
      }
    });
  }
  const symptoms: { series: number; onset: number; ratio: number }[] = [];
  for (let s = 0; s < n; s++) {
    const z = zs[s];
    if (!z) continue;
    const ls = lagScores(z, g);
    score[s] = ls.score;
    if (!detail || !(ls.score >= HIT_Z)) continue;
    let sum = 0;
    let k = 0;
    for (let j = g.end - ls.lag - g.width; j < g.end - ls.lag; j++) {
      const v = raw[s]![j]!;
      if (!Number.isNaN(v)) {
        sum += v;
        k++;
      }
    }
    const med = medians[s]!;
    ratio[s] = med > 0 && k > 0 ? sum / k / med : Number.NaN;
    // The rise under way at the end of the best window: the CUSUM's run, then where in it the
    // series reached a tenth of the window's level; without an alarm, the window's start.
    const end = g.end - ls.lag - 1;
    const run = onsetBefore(z, end);
    const i = run < 0 || k === 0 ? run : riseStart(raw[s]!, run, end, med, sum / k);
    onset[s] = segFrom + (i < 0 ? g.end - ls.lag - g.width : i) * data.step;
    if (roles[s] === 'symptom') symptoms.push({ series: s, onset: onset[s]!, ratio: ratio[s]! });
  }
  symptoms.sort((a, b) => a.onset - b.onset || score[b.series]! - score[a.series]!);
  if (detail && symptoms.length > 0) {
    // The victim's distress per bin: the largest z among its symptom series.
    const sym = new Float64Array(g.length).fill(Number.NaN);
    for (const { series } of symptoms) {
      const z = zs[series]!;
      for (let i = 0; i < g.length; i++)
        if (!(sym[i]! >= z[i]!)) sym[i] = Number.isNaN(z[i]!) ? sym[i]! : z[i]!;
    }
    for (let s = 0; s < n; s++) {
      if (!zs[s] || (roles[s] !== 'suspect' && roles[s] !== 'self')) continue;
      const r = antagonistCorrelation(sym, zs[s]!, undefined, g.base, g.end);
      corr[s] = r ?? Number.NaN;
    }
  }
  return { t, segFrom, score, onset, ratio, corr, symptoms, ...(detail ? { raw } : {}) };
}

export function describeSeries(s: HostSeries): string {
  return s.device ? `${s.domain || 'host'} ${s.device} ${s.metric}` : `${s.domain || 'host'} ${s.metric}`;
}
