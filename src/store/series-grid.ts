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
 * Per-bin means of samples added in any order, with the same result for every order. A store's
 * engine may return a parallel scan's rows in an order that varies from run to run, and
 * floating-point sums of three or more values depend on their order, so those are summed in
 * ascending order of value. One or two samples per bin are the common cases (a grid at the
 * capture's step, or at twice it) and need no order: a bin's first sample is stored as it is and
 * its second in a parallel array (x + y is y + x exactly); only a third goes to a side list.
 */
export class BinMeans {
  readonly #rows: number;
  readonly #bins: number;
  /** Row-major cells (`row · bins + bin`): each row's first sample, then its mean. */
  readonly #values: Float64Array;
  readonly #counts: Uint32Array;
  /** Each cell's second sample (read only where its count is 2 or more). */
  readonly #second: Float64Array;
  /** The third and later samples of a cell, by cell. */
  readonly #more = new Map<number, number[]>();

  constructor(rows: number, bins: number) {
    this.#rows = rows;
    this.#bins = bins;
    this.#values = new Float64Array(rows * bins).fill(Number.NaN);
    this.#counts = new Uint32Array(rows * bins);
    this.#second = new Float64Array(rows * bins);
  }

  /** One finite sample of row `k` in bin `b` (both in range). */
  add(k: number, b: number, x: number): void {
    const cell = k * this.#bins + b;
    const n = this.#counts[cell]!++;
    if (n === 0) this.#values[cell] = x;
    else if (n === 1) this.#second[cell] = x;
    else {
      const more = this.#more.get(cell);
      if (more) more.push(x);
      else this.#more.set(cell, [x]);
    }
  }

  /** The means, one array per row (views on one buffer; call once, after the last `add`). */
  finish(): Float64Array[] {
    const v = this.#values;
    const counts = this.#counts;
    const second = this.#second;
    for (let cell = 0; cell < v.length; cell++)
      if (counts[cell] === 2) v[cell] = (v[cell]! + second[cell]!) / 2;
    for (const [cell, more] of this.#more) {
      const all = [v[cell]!, second[cell]!, ...more].sort((x, y) => x - y);
      let sum = 0;
      for (const x of all) sum += x;
      v[cell] = sum / all.length;
    }
    return Array.from({ length: this.#rows }, (_, k) => v.subarray(k * this.#bins, (k + 1) * this.#bins));
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
