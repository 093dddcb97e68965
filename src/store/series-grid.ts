/**
 * The reference meaning of `Store.readGrid`, from `readSeries`' windows: each bin the mean of the
 * finite samples in it, NaN where none. Stores bin in their own engine; this is what they must
 * agree with (tests compare them), and what a store without a binning engine can fall back on.
 */
import type { SeriesKey } from '../model/records.js';
import type { SeriesGrid, SeriesWindow } from './store.js';

const keyText = (k: SeriesKey) =>
  `${k.host}\u0000${k.domain}\u0000${k.resource}\u0000${k.device}\u0000${k.metric}`;

/**
 * Per-bin means of samples added in any order, with the same result for every order: a bin's
 * samples are summed in ascending order of value. A store's engine may return a parallel scan's
 * rows in an order that varies from run to run, and floating-point sums of three or more values
 * depend on their order; one sample per bin (the common case: a grid at the capture's step) is
 * simply stored.
 */
export class BinMeans {
  readonly values: Float64Array[];
  readonly #bins: number;
  readonly #counts: Uint32Array[];
  /** The second and later samples of a bin, by `row · bins + bin`. */
  readonly #more = new Map<number, number[]>();

  constructor(rows: number, bins: number) {
    this.#bins = bins;
    this.values = Array.from({ length: rows }, () => new Float64Array(bins).fill(Number.NaN));
    this.#counts = Array.from({ length: rows }, () => new Uint32Array(bins));
  }

  /** One finite sample of row `k` in bin `b` (both in range). */
  add(k: number, b: number, x: number): void {
    const c = this.#counts[k]!;
    if (c[b]!++ === 0) {
      this.values[k]![b] = x;
      return;
    }
    const cell = k * this.#bins + b;
    const more = this.#more.get(cell);
    if (more) more.push(x);
    else this.#more.set(cell, [x]);
  }

  /** The means (call once, after the last `add`). */
  finish(): Float64Array[] {
    for (const [cell, more] of this.#more) {
      const k = Math.floor(cell / this.#bins);
      const b = cell - k * this.#bins;
      const all = [this.values[k]![b]!, ...more].sort((x, y) => x - y);
      let sum = 0;
      for (const x of all) sum += x;
      this.values[k]![b] = sum / all.length;
    }
    return this.values;
  }
}

export function gridOfWindows(
  keys: readonly SeriesKey[],
  windows: readonly SeriesWindow[],
  from: number,
  step: number,
  bins: number,
): SeriesGrid {
  const row = new Map(keys.map((k, i) => [keyText(k), i]));
  const means = new BinMeans(keys.length, bins);
  for (const w of windows) {
    const k = row.get(keyText(w.key));
    if (k === undefined) continue;
    for (let j = 0; j < w.ts.length; j++) {
      const b = Math.floor((w.ts[j]! - from) / step);
      const x = w.values[j]!;
      if (b >= 0 && b < bins && Number.isFinite(x)) means.add(k, b, x);
    }
  }
  return { keys, values: means.finish() };
}
