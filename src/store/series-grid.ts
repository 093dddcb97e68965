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
 * ascending order of value. A bin's first sample is stored as it is and its second in a parallel
 * array (x + y is y + x exactly): at the analysis grid of 10 s, captures every 5 s or slower need
 * nothing more. Faster captures (`xentop -d 1` puts ten samples in a bin) send the third and
 * later samples to a flat side list, grouped by bin in `finish` with a counting sort, so a busy
 * grid costs two passes over its samples and a sort per bin of its few values.
 */
export class BinMeans {
  readonly #rows: number;
  readonly #bins: number;
  /** Row-major cells (`row · bins + bin`): each row's first sample, then its mean. */
  readonly #values: Float64Array;
  readonly #counts: Uint32Array;
  /** Each cell's second sample (read only where its count is 2 or more). */
  readonly #second: Float64Array;
  /** The third and later samples: their cells and values, `#extra` of them. */
  #extraCell = new Uint32Array(0);
  #extraValue = new Float64Array(0);
  #extra = 0;

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
      if (this.#extra === this.#extraCell.length) this.#grow();
      this.#extraCell[this.#extra] = cell;
      this.#extraValue[this.#extra++] = x;
    }
  }

  /** The means, one array per row (views on one buffer; call once, after the last `add`). */
  finish(): Float64Array[] {
    const v = this.#values;
    const counts = this.#counts;
    const second = this.#second;
    for (let cell = 0; cell < v.length; cell++)
      if (counts[cell] === 2) v[cell] = (v[cell]! + second[cell]!) / 2;
    if (this.#extra > 0) this.#meansOfBusyCells();
    return Array.from({ length: this.#rows }, (_, k) => v.subarray(k * this.#bins, (k + 1) * this.#bins));
  }

  /** Cells of three or more samples: all of a cell's samples side by side, sorted, summed. */
  #meansOfBusyCells(): void {
    const v = this.#values;
    const counts = this.#counts;
    // A counting sort by cell: where each busy cell's samples start in one flat array.
    const start = new Uint32Array(v.length + 1);
    for (let cell = 0; cell < v.length; cell++) {
      const n = counts[cell]!;
      start[cell + 1] = start[cell]! + (n >= 3 ? n : 0);
    }
    const all = new Float64Array(start[v.length]!);
    const next = start.slice(0, v.length);
    for (let cell = 0; cell < v.length; cell++) {
      if (counts[cell]! < 3) continue;
      all[next[cell]!++] = v[cell]!;
      all[next[cell]!++] = this.#second[cell]!;
    }
    for (let i = 0; i < this.#extra; i++) all[next[this.#extraCell[i]!]!++] = this.#extraValue[i]!;
    for (let cell = 0; cell < v.length; cell++) {
      if (counts[cell]! < 3) continue;
      const samples = all.subarray(start[cell]!, start[cell + 1]!).sort();
      let sum = 0;
      for (const x of samples) sum += x;
      v[cell] = sum / samples.length;
    }
  }

  #grow(): void {
    const size = Math.max(1024, this.#extraCell.length * 2);
    const cells = new Uint32Array(size);
    const values = new Float64Array(size);
    cells.set(this.#extraCell);
    values.set(this.#extraValue);
    this.#extraCell = cells;
    this.#extraValue = values;
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
