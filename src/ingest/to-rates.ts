/**
 * Counters → per-second rates. Each series keeps its last raw value (and the kernel object it came
 * from, `instance`), so a later import or an agent restart continues the rate. A decrease, a new
 * instance, a step back in time or a gap longer than `maxGapMs` yields no sample: a restart, a
 * wrap or a blkback `log_stats` reset never produces a negative or absurd rate.
 */

import type { ReadingRecord, ReadingSlot, Sample, SeriesKey } from '../model/index.js';
import type { CounterState } from '../store/store.js';
import { seriesId } from './series-keys.js';

export const DEFAULT_MAX_GAP_MS = 15 * 60_000;

interface State {
  key: SeriesKey;
  /** The stored `instance` is `${source}|${inst}`; kept apart so a push compares without joining. */
  source: string;
  /** The reading's own instance; null for a stored one without a source (it never matches). */
  inst: string | null;
  ts: number;
  value: number;
  dirty: boolean;
}

export class RateConverter {
  readonly #states = new Map<string, State>();
  /** The same states by key object and source: callers reuse one key object per series. */
  readonly #byKey = new Map<SeriesKey, Map<string, State>>();
  readonly #maxGapMs: number;
  /**
   * Counter readings that moved a state on without yielding a sample (the first of a series, a
   * reset): stored all the same, as the start of the next rate. The import report counts them.
   */
  #kept = 0;

  constructor(initial: readonly CounterState[] = [], maxGapMs = DEFAULT_MAX_GAP_MS) {
    this.#maxGapMs = maxGapMs;
    for (const s of initial) {
      const bar = s.instance.indexOf('|');
      const source = bar === -1 ? '' : s.instance.slice(0, bar);
      this.#states.set(stateId(seriesId(s.key), source), {
        key: s.key,
        source,
        inst: bar === -1 ? null : s.instance.slice(bar + 1),
        ts: s.ts,
        value: s.value,
        dirty: false,
      });
    }
  }

  /**
   * Feeds one placed reading (ts not null) of series `key`, read by format `source`; returns the
   * sample to store, if any. Each source keeps its own state: xentop and a sysfs dump of the same
   * VBD count the same requests but are sampled at different moments.
   */
  push(key: SeriesKey, id: string, r: ReadingRecord & { ts: number }, source = ''): Sample | null {
    return this.pushValue(key, id, r.ts, r, r.value, r.instance, source);
  }

  /**
   * `push` for one value of a batch (`ReadingsRecord`): the slot says what the value is, and the
   * batch gives the time and the counters' instance. No reading object is built for it.
   */
  pushValue(
    key: SeriesKey,
    id: string,
    ts: number,
    slot: ReadingSlot,
    value: number,
    instance: string | undefined,
    source = '',
  ): Sample | null {
    if (!slot.counter) {
      return Number.isFinite(value) ? { ts, key, value: value * (slot.scale ?? 1) } : null;
    }
    if (!Number.isFinite(value) || value < 0) return null;
    const inst = instance ?? '';
    let bySource = this.#byKey.get(key);
    let prev = bySource?.get(source);
    if (prev === undefined) {
      // First push for this key object: find (or later create) the state by text id.
      prev = this.#states.get(stateId(id, source));
      if (prev !== undefined) {
        if (!bySource) this.#byKey.set(key, (bySource = new Map()));
        bySource.set(source, prev);
      }
    }
    if (prev && ts <= prev.ts) return null; // out of order or duplicate: keep the newer state
    let sample: Sample | null = null;
    if (prev && !slot.stateOnly && prev.inst === inst) {
      const dt = ts - prev.ts;
      const delta = value - prev.value;
      if (delta >= 0 && dt <= this.#maxGapMs) {
        sample = { ts, key, value: (delta / (dt / 1000)) * (slot.scale ?? 1) };
      }
    }
    if (sample === null) this.#kept++;
    if (prev) {
      prev.inst = inst;
      prev.ts = ts;
      prev.value = value;
      prev.dirty = true;
    } else {
      const state: State = { key, source, inst, ts, value, dirty: true };
      this.#states.set(stateId(id, source), state);
      if (!bySource) this.#byKey.set(key, (bySource = new Map()));
      bySource.set(source, state);
    }
    return sample;
  }

  get kept(): number {
    return this.#kept;
  }

  /** States changed since construction, to save in the store. */
  changedStates(): CounterState[] {
    const out: CounterState[] = [];
    for (const s of this.#states.values())
      if (s.dirty)
        out.push({ key: s.key, instance: `${s.source}|${s.inst ?? ''}`, ts: s.ts, value: s.value });
    return out;
  }
}

function stateId(seriesIdText: string, source: string): string {
  return `${seriesIdText}\u0001${source}`;
}
