/**
 * Counters → per-second rates. Each series keeps its last raw value (and the kernel object it came
 * from, `instance`), so a later import or an agent restart continues the rate. A decrease, a new
 * instance, a step back in time or a gap longer than `maxGapMs` yields no sample: a restart, a
 * wrap or a blkback `log_stats` reset never produces a negative or absurd rate.
 */
import type { CounterState } from '../store/store.js';
import type { ReadingRecord, Sample, SeriesKey } from '../model/index.js';
import { seriesId } from './series-keys.js';

export const DEFAULT_MAX_GAP_MS = 15 * 60_000;

interface State {
  key: SeriesKey;
  instance: string;
  ts: number;
  value: number;
  dirty: boolean;
}

export class RateConverter {
  readonly #states = new Map<string, State>();
  readonly #maxGapMs: number;

  constructor(initial: readonly CounterState[] = [], maxGapMs = DEFAULT_MAX_GAP_MS) {
    this.#maxGapMs = maxGapMs;
    for (const s of initial)
      this.#states.set(stateId(seriesId(s.key), sourceOf(s.instance)), {
        key: s.key,
        instance: s.instance,
        ts: s.ts,
        value: s.value,
        dirty: false,
      });
  }

  /**
   * Feeds one placed reading (ts not null) of series `key`, read by format `source`; returns the
   * sample to store, if any. Each source keeps its own state: xentop and a sysfs dump of the same
   * VBD count the same requests but are sampled at different moments.
   */
  push(key: SeriesKey, id: string, r: ReadingRecord & { ts: number }, source = ''): Sample | null {
    if (!r.counter) {
      return Number.isFinite(r.value) ? { ts: r.ts, key, value: r.value * (r.scale ?? 1) } : null;
    }
    if (!Number.isFinite(r.value) || r.value < 0) return null;
    const instance = `${source}|${r.instance ?? ''}`;
    id = stateId(id, source);
    const prev = this.#states.get(id);
    if (prev && r.ts <= prev.ts) return null; // out of order or duplicate: keep the newer state
    let sample: Sample | null = null;
    if (prev && !r.stateOnly && prev.instance === instance) {
      const dt = r.ts - prev.ts;
      const delta = r.value - prev.value;
      if (delta >= 0 && dt <= this.#maxGapMs) {
        sample = { ts: r.ts, key, value: (delta / (dt / 1000)) * (r.scale ?? 1) };
      }
    }
    if (prev) {
      prev.instance = instance;
      prev.ts = r.ts;
      prev.value = r.value;
      prev.dirty = true;
    } else {
      this.#states.set(id, { key, instance, ts: r.ts, value: r.value, dirty: true });
    }
    return sample;
  }

  /** States changed since construction, to save in the store. */
  changedStates(): CounterState[] {
    const out: CounterState[] = [];
    for (const s of this.#states.values())
      if (s.dirty) out.push({ key: s.key, instance: s.instance, ts: s.ts, value: s.value });
    return out;
  }
}



/** The stored instance carries the source format before a `|`. */
function sourceOf(instance: string): string {
  const bar = instance.indexOf('|');
  return bar === -1 ? '' : instance.slice(0, bar);
}

function stateId(seriesIdText: string, source: string): string {
  return `${seriesIdText}\u0001${source}`;
}
