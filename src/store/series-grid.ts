/**
 * The reference meaning of `Store.readGrid`, from `readSeries`' windows: each bin the mean of the
 * finite samples in it, NaN where none. Stores bin in their own engine; this is what they must
 * agree with (tests compare them), and what a store without a binning engine can fall back on.
 */
import type { SeriesKey } from '../model/records.js';
import type { SeriesGrid, SeriesWindow } from './store.js';

const keyText = (k: SeriesKey) =>
  `${k.host}\u0000${k.domain}\u0000${k.resource}\u0000${k.device}\u0000${k.metric}`;

export function gridOfWindows(
  keys: readonly SeriesKey[],
  windows: readonly SeriesWindow[],
  from: number,
  step: number,
  bins: number,
): SeriesGrid {
  const row = new Map(keys.map((k, i) => [keyText(k), i]));
  const values = keys.map(() => new Float64Array(bins).fill(Number.NaN));
  const counts = new Uint32Array(bins);
  for (const w of windows) {
    const k = row.get(keyText(w.key));
    if (k === undefined) continue;
    const v = values[k]!;
    counts.fill(0);
    for (let j = 0; j < w.ts.length; j++) {
      const b = Math.floor((w.ts[j]! - from) / step);
      const x = w.values[j]!;
      if (b < 0 || b >= bins || !Number.isFinite(x)) continue;
      v[b] = counts[b] === 0 ? x : v[b]! + x;
      counts[b]!++;
    }
    for (let b = 0; b < bins; b++) if (counts[b]! > 1) v[b] = v[b]! / counts[b]!;
  }
  return { keys, values };
}
