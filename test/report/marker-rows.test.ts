/** Marker labels of the HTML report's charts: close markers get their own rows. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { markerRows } from '../../src/report/marker-rows.js';

describe('markerRows', () => {
  it('puts a label on the next row when it would print over the one before it', () => {
    // first symptom at x 100, crash 10 px later, an onset far to the left
    expect(markerRows([100, 110, 20], [80, 60, 50], 6)).toEqual([0, 1, 0]);
    // far apart: one row
    expect(markerRows([0, 200, 400], [80, 80, 80], 6)).toEqual([0, 0, 0]);
  });

  it('never lets two labels on one row overlap', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 860 }), fc.integer({ min: 1, max: 200 })), {
          maxLength: 12,
        }),
        (marks) => {
          const xs = marks.map((m) => m[0]);
          const ws = marks.map((m) => m[1]);
          const rows = markerRows(xs, ws, 6);
          for (let a = 0; a < xs.length; a++)
            for (let b = 0; b < xs.length; b++) {
              if (a === b || rows[a] !== rows[b] || xs[a]! > xs[b]!) continue;
              if (xs[a] === xs[b] && a > b) continue;
              expect(xs[a]! + ws[a]! + 6).toBeLessThanOrEqual(xs[b]!);
            }
        },
      ),
    );
  });

  it('runs from its own source text, as the report page embeds it', () => {
    const embedded = new Function(`return (${markerRows.toString()});`)() as typeof markerRows;
    expect(embedded([100, 110, 20], [80, 60, 50], 6)).toEqual([0, 1, 0]);
  });
});
