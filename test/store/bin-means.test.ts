import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BinMeans } from '../../src/store/series-grid.js';

/** Adds `samples` in the given order to a 2 × 4 grid. */
function meansOf(samples: readonly [number, number, number][]): number[][] {
  const m = new BinMeans(2, 4);
  for (const [k, b, x] of samples) m.add(k, b, x);
  return m.finish().map((v) => [...v]);
}

describe('BinMeans', () => {
  it('is the mean per bin, NaN where a bin got no sample', () => {
    expect(
      meansOf([
        [0, 0, 1],
        [0, 0, 3],
        [0, 2, 7.5],
        [1, 3, 0.1],
        [1, 3, 0.2],
        [1, 3, 0.4],
      ]),
    ).toEqual([
      [2, Number.NaN, 7.5, Number.NaN],
      [Number.NaN, Number.NaN, Number.NaN, (0.1 + 0.2 + 0.4) / 3],
    ]);
  });

  it('gives the same bits whatever order the samples come in (a parallel scan has none)', () => {
    // 0.1 + 0.2 + 0.3 and 0.3 + 0.2 + 0.1 round differently.
    const ab = meansOf([
      [0, 1, 0.1],
      [0, 1, 0.2],
      [0, 1, 0.3],
    ]);
    const ba = meansOf([
      [0, 1, 0.3],
      [0, 1, 0.2],
      [0, 1, 0.1],
    ]);
    expect(Object.is(ab[0]![1], ba[0]![1])).toBe(true);
    const sample = fc.tuple(
      fc.integer({ min: 0, max: 1 }),
      fc.integer({ min: 0, max: 3 }),
      fc.oneof(
        fc.constantFrom(0.1, 0.2, 0.3, 0.7, 1e16, -1e16, 3.3),
        fc.double({ noNaN: true, noDefaultInfinity: true }),
      ),
    );
    fc.assert(
      fc.property(
        fc
          .array(sample, { minLength: 10, maxLength: 60 })
          .chain((s) => fc.tuple(fc.constant(s), fc.shuffledSubarray(s, { minLength: s.length }))),
        ([samples, shuffled]) => {
          const a = meansOf(samples);
          const b = meansOf(shuffled);
          for (let k = 0; k < 2; k++)
            for (let i = 0; i < 4; i++) expect(Object.is(a[k]![i], b[k]![i])).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });
});
