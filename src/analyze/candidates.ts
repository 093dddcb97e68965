/**
 * Candidates (design.md, "How the explanation works" §2): every series of every domain on the
 * victim's host, dom0, host-wide totals and per-kind log rates, binned on one regular grid and
 * read from the store in a few contiguous blocks (the stretches around incidents, and incident-free
 * stretches the empirical nulls draw from). Which part a series plays depends on the victim:
 * `roleOf` separates the victim's own symptoms from its neighbours' usage.
 */
import type { EventKind, Resource, SeriesKey } from '../model/index.js';
import type { SeriesSelector, Store, StoredEvent } from '../store/store.js';
import type { Candidate } from './types.js';

/** A series on the host: identity without the role (which depends on the victim). */
export interface HostSeries {
  readonly domain: string;
  readonly resource: Resource;
  readonly device: string;
  readonly metric: string;
}

/** A contiguous stretch of the host's series on a regular grid; `values[s]` is NaN where missing. */
export interface Block {
  readonly from: number;
  readonly step: number;
  readonly len: number;
  readonly values: Float64Array[];
  /**
   * The memory behind `values` when they are views on one shared buffer (series after series,
   * `len` each), as `loadHostData` makes them: worker threads then read the block in place.
   */
  readonly buffer?: SharedArrayBuffer;
}

/** The grid a span is read on: its start rounded down to the step, and the bins that cover it. */
export function blockGrid(span: Span, step: number): { from: number; len: number } {
  const from = Math.floor(span.from / step) * step;
  return { from, len: Math.max(1, Math.ceil((span.to - from) / step)) };
}

export interface HostData {
  readonly host: string;
  readonly step: number;
  readonly series: readonly HostSeries[];
  readonly blocks: readonly Block[];
}

/** Metrics that show a domain in distress rather than using something. */
const SYMPTOM_METRICS: ReadonlySet<string> = new Set([
  'vbd_oo_reqs_per_s',
  'vif_rx_drops_per_s',
  'vif_tx_drops_per_s',
]);
/** Log kinds that are symptoms when counted per second (the crash records themselves are not). */
export const SYMPTOM_LOG_KINDS: ReadonlySet<EventKind> = new Set([
  'oops',
  'soft_lockup',
  'hung_task',
  'oom_kill',
  'io_error',
  'net_stall',
  'packet_drop',
  'blk_error',
  'pod_exhausted',
]);
/** Static or derived series that cannot cause anything. */
const IGNORED_METRICS: ReadonlySet<string> = new Set(['maxmem_kib']);

export function isSymptomSeries(s: HostSeries): boolean {
  return s.resource === 'log' || SYMPTOM_METRICS.has(s.metric);
}

/** The part a series plays when `victim` crashed; null: not considered. */
export function roleOf(s: HostSeries, victim: string): Candidate['role'] | null {
  if (IGNORED_METRICS.has(s.metric)) return null;
  if (s.domain === '') return 'host';
  const symptom = isSymptomSeries(s);
  if (s.domain === victim) return symptom ? 'symptom' : 'self';
  // A neighbour's own distress (its drops, its hung tasks) is a co-victim of the same contention,
  // not a cause: a suspect is something that uses a shared resource.
  return symptom ? null : 'suspect';
}

/** A span of time to read. */
export interface Span {
  readonly from: number;
  readonly to: number;
}

/** Merges overlapping or touching spans, sorted by start. */
export function mergeSpans(spans: readonly Span[], slack = 0): Span[] {
  const sorted = spans.filter((s) => s.to > s.from).sort((a, b) => a.from - b.from);
  const out: Span[] = [];
  for (const s of sorted) {
    const last = out[out.length - 1];
    if (last && s.from <= last.to + slack)
      out[out.length - 1] = { from: last.from, to: Math.max(last.to, s.to) };
    else out.push({ ...s });
  }
  return out;
}

const seriesId = (s: HostSeries) => `${s.domain}\u0000${s.resource}\u0000${s.device}\u0000${s.metric}`;

/** The sampling step of the host's captures: the median spacing of a few series, whole seconds. */
export async function inferStep(store: Store, host: string, around: number): Promise<number> {
  for (const span of [30 * 60_000, 6 * 3_600_000, Number.POSITIVE_INFINITY]) {
    const w = await store.readSeries(
      { host, resource: ['cpu', 'vbd', 'vif', 'host_disk'] },
      around - span,
      around + span,
    );
    const gaps: number[] = [];
    for (const s of w.slice(0, 20)) for (let i = 1; i < s.ts.length; i++) gaps.push(s.ts[i]! - s.ts[i - 1]!);
    if (gaps.length >= 10) {
      gaps.sort((a, b) => a - b);
      return Math.max(1000, Math.round(gaps[Math.floor(gaps.length / 2)]! / 1000) * 1000);
    }
  }
  return 5000;
}

/**
 * What an investigation of `victims` reads of a host: the series some role uses (`roleOf`), that
 * is the host's totals, every domain's usage and the victims' own distress counters. It skips a
 * neighbour's distress counters (a co-victim's drops are never a cause; its usage is still a
 * suspect) and ignored metrics: about a quarter of a host's series and of the reading.
 */
export function seriesRead(
  host: string,
  series: readonly SeriesKey[],
  victims: readonly string[],
): SeriesSelector {
  const totals = new Set<string>();
  const usage = new Set<string>();
  const distress = new Set<string>();
  for (const k of series) {
    if (IGNORED_METRICS.has(k.metric)) continue;
    if (k.domain === '') totals.add(k.metric);
    else if (isSymptomSeries(k)) distress.add(k.metric);
    else usage.add(k.metric);
  }
  return [
    { host, domain: '', metric: [...totals].sort() },
    { host, metric: [...usage].sort() },
    { host, domain: [...victims].sort(), metric: [...distress].sort() },
  ];
}

/**
 * Reads the host's series over `spans` and bins them on the `step` grid (the mean of the samples
 * in each bin). Per-kind log rates are made from `events` (events per second in each bin). With
 * `victims`, only what investigating them uses is read (`seriesRead`); every series of the host
 * still has its place in each block, NaN where it was not read.
 */
export async function loadHostData(
  store: Store,
  host: string,
  spans: readonly Span[],
  step: number,
  events: readonly StoredEvent[],
  onBlock?: (done: number, total: number, block: Block, series: readonly HostSeries[]) => void,
  victims?: readonly string[],
): Promise<HostData> {
  const ids = new Map<string, number>();
  const series: HostSeries[] = [];
  const idOf = (s: HostSeries): number => {
    const k = seriesId(s);
    let i = ids.get(k);
    if (i === undefined) {
      i = series.length;
      ids.set(k, i);
      series.push(s);
    }
    return i;
  };
  // Fix the series list first so every block has the same columns.
  const keys = await store.listSeries({ host });
  for (const k of keys) idOf({ domain: k.domain, resource: k.resource, device: k.device, metric: k.metric });
  const read = victims ? seriesRead(host, keys, victims) : { host };
  const logEvents = events.filter((e) => SYMPTOM_LOG_KINDS.has(e.kind));
  for (const e of logEvents)
    idOf({ domain: e.domain ?? '', resource: 'log', device: e.kind, metric: 'log_events_per_s' });

  const blocks: Block[] = [];
  let done = 0;
  for (const span of spans) {
    const { from, len } = blockGrid(span, step);
    // The store bins each series (mean per bin). The block keeps them on one shared buffer, in
    // `series` order, NaN where a series has no samples and 0 for log rates (counted below).
    const grid = await store.readGrid(read, from, step, len);
    const buffer = new SharedArrayBuffer(series.length * len * 8);
    const values = series.map((s, i) =>
      new Float64Array(buffer, i * len * 8, len).fill(s.resource === 'log' ? 0 : Number.NaN),
    );
    grid.keys.forEach((k, g) => {
      values[ids.get(seriesId(k))!]!.set(grid.values[g]!);
    });
    for (const e of logEvents) {
      const b = Math.floor((e.ts - from) / step);
      if (b < 0 || b >= len) continue;
      const i = ids.get(
        seriesId({ domain: e.domain ?? '', resource: 'log', device: e.kind, metric: 'log_events_per_s' }),
      )!;
      values[i]![b]! += 1000 / step;
    }
    const block: Block = { from, step, len, values, buffer };
    blocks.push(block);
    onBlock?.(++done, spans.length, block, series);
  }
  return { host, step, series, blocks };
}

/** The block and bin index holding time `t`, or null. */
export function locate(data: HostData, t: number): { block: Block; index: number } | null {
  for (const block of data.blocks) {
    const index = Math.floor((t - block.from) / block.step);
    if (index >= 0 && index < block.len) return { block, index };
  }
  return null;
}
