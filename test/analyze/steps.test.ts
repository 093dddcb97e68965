/** Each step of the method on small hand-built series where the answer is known. */

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { antagonistCorrelation } from '../../src/analyze/antagonist-correlation.js';
import { commonComponent, peerZ, removeCommon, removeCommonInPlace } from '../../src/analyze/host-load.js';
import { onsetBefore, riseStart } from '../../src/analyze/onsets.js';
import { Prng } from '../../src/analyze/prng.js';
import {
  analysisStep,
  geometry,
  lagScores,
  robustBaseline,
  robustZ,
} from '../../src/analyze/robust-score.js';
import {
  benjaminiHochberg,
  countP,
  empiricalP,
  fisherCombine,
  sortedNull,
} from '../../src/analyze/significance.js';
import {
  binomialTail,
  bootstrapMedian,
  medianInPlace,
  quantileSorted,
  quartiles,
} from '../../src/analyze/stats.js';
import { noise } from './fake-store.js';

const g = geometry(5000); // 5 s bins: 180 baseline, lags 0–120, width 12

function stepSeries(riseAt: number, level: number, base = 100, seed = 1): Float64Array {
  const n = noise(seed);
  return Float64Array.from({ length: g.length }, (_, i) => base + 4 * n() + (i >= riseAt ? level : 0));
}

describe('robust change score', () => {
  it('scores a rise 2 minutes before the incident high, at a lag inside the rise', () => {
    const x = stepSeries(g.end - 24, 200); // scale floored at 8 sectors/s: z = 25
    const b = robustBaseline(x, 0, g.base, 'vbd_wr_sect_per_s', 5)!;
    expect(b.median).toBeCloseTo(100, 0);
    const ls = lagScores(robustZ(x, b), g);
    expect(ls.score).toBeGreaterThan(20);
    expect(ls.lag).toBeLessThanOrEqual(24 - g.width);
  });

  it('gives a flat series no score and a fall a negative one', () => {
    const flat = stepSeries(g.length, 0);
    const bf = robustBaseline(flat, 0, g.base, 'cpu_ratio', 5)!;
    expect(lagScores(robustZ(flat, bf), g).score).toBeLessThan(3);
    const fall = stepSeries(g.base, -60);
    const bd = robustBaseline(fall, 0, g.base, 'cpu_ratio', 5)!;
    expect(lagScores(robustZ(fall, bd), g).score).toBeLessThan(-10);
  });

  it('floors an IQR of 0 (a quiet drop counter) so one drop is a finite change', () => {
    const x = new Float64Array(g.length);
    x[g.end - 3] = 0.2; // one drop in a 5 s bin
    const b = robustBaseline(x, 0, g.base, 'vif_tx_drops_per_s', 5)!;
    expect(b.scale).toBeCloseTo(0.2);
    const z = robustZ(x, b);
    expect(Math.max(...z)).toBe(1);
  });

  it('refuses a baseline with too few known bins', () => {
    const x = new Float64Array(g.length).fill(Number.NaN);
    x[3] = 1;
    expect(robustBaseline(x, 0, g.base, 'cpu_ratio', 5)).toBeNull();
  });
});

describe('analysis grid', () => {
  it('is the capture step in whole multiples, never finer than 10 s', () => {
    expect(analysisStep(1000)).toBe(10_000);
    expect(analysisStep(5000)).toBe(10_000);
    expect(analysisStep(3000)).toBe(12_000);
    expect(analysisStep(10_000)).toBe(10_000);
    expect(analysisStep(60_000)).toBe(60_000);
  });
});

describe('onsets', () => {
  it('dates a rise at its start, and forgets an earlier burst', () => {
    const z = new Float64Array(300);
    for (let i = 50; i < 60; i++) z[i] = 40; // an earlier, unrelated burst
    for (let i = 200; i < 300; i++) z[i] = 8;
    expect(onsetBefore(z, 280)).toBe(200);
    expect(onsetBefore(z, 150)).toBe(-1);
  });

  it('dates a step at the step, not at a mild drift before it, and a ramp near its start', () => {
    // Writes at 1.1k/s, a drift to 1.9k/s for three minutes of 10 s bins (z ≈ 2: the CUSUM's run
    // starts there), then the jump to 146k/s that is the episode.
    const x = new Float64Array(300).fill(1100);
    const z = new Float64Array(300);
    for (let i = 182; i < 200; i++) {
      x[i] = 1900;
      z[i] = 2;
    }
    for (let i = 200; i < 300; i++) {
      x[i] = 146_000;
      z[i] = 40;
    }
    const run = onsetBefore(z, 240);
    expect(run).toBe(182);
    expect(riseStart(x, run, 240, 1100, 146_000)).toBe(200);
    // A ramp from bin 100 to 1,100 + 1,000 at bin 200: a tenth of the way is bin 110.
    const ramp = Float64Array.from(
      { length: 300 },
      (_, i) => 1100 + Math.max(0, Math.min(100, i - 100)) * 10,
    );
    expect(riseStart(ramp, 100, 250, 1100, 2100)).toBe(110);
    // No rise over the baseline: the run's own start.
    expect(riseStart(ramp, 100, 250, 1100, 900)).toBe(100);
  });
});

describe('host-wide load', () => {
  it("removes a surge every domain shares and keeps one domain's own rise", () => {
    const len = 100;
    const surge = (i: number) => (i >= 50 ? 10 : 0);
    const zs = Array.from({ length: 6 }, (_, d) =>
      Float64Array.from({ length: len }, (_, i) => surge(i) + (d === 0 && i >= 80 ? 20 : 0)),
    );
    const c = commonComponent(zs)!;
    expect(c[60]).toBe(10);
    const own = removeCommon(zs[0]!, c);
    const other = removeCommon(zs[3]!, c);
    expect(Math.max(...other.map(Math.abs))).toBeLessThan(1e-9);
    expect(own[90]).toBeGreaterThan(15);
  });

  it('fits the slope on the few bins of a real surge, not on the many where the host moved by chance', () => {
    // 80 baseline bins where the host moved by a chance 1.2 σ and this domain did not follow,
    // then 12 surge bins where both rose by 10: the least-absolute-deviations slope is 1.
    const c = Float64Array.from({ length: 92 }, (_, i) => (i < 80 ? (i % 2 ? 1.2 : -1.2) : 10));
    const z = Float64Array.from({ length: 92 }, (_, i) => (i < 80 ? 0 : 10));
    const out = removeCommon(z, c);
    expect(Math.abs(out[85]!)).toBeLessThan(1e-9);
    // fitted on the bins before 80 only, nothing is explained
    expect(removeCommon(z, c, 80)[85]).toBe(10);
  });

  it('removes the common component in place exactly as removeCommon does on a copy', () => {
    const c = Float64Array.from({ length: 92 }, (_, i) => (i < 80 ? (i % 2 ? 1.2 : -1.2) : 10 + (i % 3)));
    c[5] = Number.NaN;
    const z = Float64Array.from({ length: 92 }, (_, i) => (i < 80 ? (i % 7) / 10 : 7 + i / 10));
    const copy = removeCommon(z, c, 88);
    expect(copy).not.toBe(z);
    const inPlace = Float64Array.from(z);
    removeCommonInPlace(inPlace, c, 88);
    expect(Array.from(inPlace)).toEqual(Array.from(copy));
    expect(inPlace[5]).toBe(z[5]);
  });

  it('leaves out, before exactFrom, only bins whose median is inside (−1, 1), and fits the same slope', () => {
    // Values around ±1 (exactly ±1 included), so the counting shortcut is tried at its edges.
    const value = fc.oneof(
      fc.constantFrom(-1, 1, -0.5, 0.5, 0, 2, -2),
      fc.double({ min: -3, max: 3, noNaN: true }),
      fc.constant(Number.NaN),
    );
    fc.assert(
      fc.property(
        fc.integer({ min: 4, max: 9 }),
        fc.integer({ min: 0, max: 12 }),
        fc.array(value, { minLength: 9 * 12, maxLength: 9 * 12 }),
        fc.array(fc.double({ min: -5, max: 5, noNaN: true }), { minLength: 12, maxLength: 12 }),
        (k, exactFrom, flat, own) => {
          const len = 12;
          const zs = Array.from({ length: k }, (_, s) =>
            Float64Array.from(flat.slice(s * len, (s + 1) * len)),
          );
          const full = commonComponent(zs)!;
          const part = commonComponent(zs, exactFrom)!;
          for (let i = 0; i < len; i++) {
            if (i >= exactFrom || !Number.isNaN(part[i]!)) expect(Object.is(part[i], full[i])).toBe(true);
            else expect(Number.isNaN(full[i]!) || Math.abs(full[i]!) < 1).toBe(true);
          }
          // What a null window reads after the fit: the bins from exactFrom on.
          const z = Float64Array.from(own);
          const a = removeCommon(z, full, len).subarray(exactFrom);
          const b = removeCommon(z, part, len).subarray(exactFrom);
          expect(Array.from(b)).toEqual(Array.from(a));
        },
      ),
    );
  });

  it('needs at least four series for a common component', () => {
    expect(commonComponent([new Float64Array(3), new Float64Array(3)])).toBeNull();
  });
});

describe('CPI2 antagonist correlation', () => {
  it('is 1 when the suspect is busy only while the victim suffers and negative when it is busy otherwise', () => {
    const symptom = Float64Array.from({ length: 10 }, (_, i) => (i >= 7 ? 5 : 0));
    expect(
      antagonistCorrelation(
        symptom,
        Float64Array.from({ length: 10 }, (_, i) => (i >= 7 ? 3 : 0)),
      ),
    ).toBe(1);
    expect(
      antagonistCorrelation(
        symptom,
        Float64Array.from({ length: 10 }, (_, i) => (i < 5 ? 3 : 0)),
      ),
    ).toBe(-1);
    expect(antagonistCorrelation(new Float64Array(10), new Float64Array(10).fill(1))).toBeNull();
  });
});

describe('significance', () => {
  it('Benjamini–Hochberg matches the textbook example', () => {
    expect(benjaminiHochberg([0.01, 0.04, 0.03, 0.2]).map((q) => Number(q.toFixed(4)))).toEqual([
      0.04, 0.0533, 0.0533, 0.2,
    ]);
  });

  it('binomial tail and Fisher combination give known values', () => {
    expect(binomialTail(3, 3, 0.1)).toBeCloseTo(0.001, 10);
    expect(binomialTail(0, 5, 0.3)).toBe(1);
    expect(fisherCombine([0.05])).toBeCloseTo(0.05, 10);
    expect(fisherCombine([0.01, 0.01])).toBeCloseTo(0.001 * (1 - Math.log(0.0001)) * 0.1, 6);
  });

  it('takes p exactly from the null, never below 1/(N+1) and never extrapolated past it', () => {
    const nul = sortedNull(Array.from({ length: 59 }, (_, i) => i / 10));
    expect(empiricalP(0, nul)).toBe(1);
    expect(empiricalP(5.75, nul)).toBeCloseTo(2 / 60, 10);
    expect(empiricalP(8, nul)).toBe(1 / 60);
    expect(empiricalP(1e6, nul)).toBe(1 / 60);
    expect(empiricalP(Number.NaN, nul)).toBe(1);
  });

  it('guards Fisher with the count of hits: one extreme incident is not a pattern', () => {
    const ps = [1 / 201, 0.6, 0.4, 0.8, 0.5];
    expect(countP(ps, 0.05)).toBeCloseTo(1 - 0.95 ** 5, 10);
    expect(countP([0.01, 0.02, 0.03], 0.05)).toBeCloseTo(0.05 ** 3, 12);
    expect(Math.max(fisherCombine(ps), countP(ps, 0.05))).toBeGreaterThan(0.2);
  });

  it('bootstraps a median interval that contains the median, deterministically', () => {
    const one = bootstrapMedian([40, 41, 38, 45, 50], new Prng(7));
    expect(one.median).toBe(41);
    expect(one.lo).toBeLessThanOrEqual(41);
    expect(one.hi).toBeGreaterThanOrEqual(41);
    expect(bootstrapMedian([40, 41, 38, 45, 50], new Prng(7))).toEqual(one);
  });
});

describe('peer comparison', () => {
  const bins = 40;
  const base = 20;
  const mk = (level: number, during: (i: number) => number) =>
    Float64Array.from(
      { length: bins },
      (_, i) => level * (1 + 0.01 * Math.sin(i * 7 + level)) + (i >= base ? during(i) : 0),
    );

  it('leaves every domain near 0 in a surge that adds the same share to all (a quiet one included)', () => {
    const levels = [2_000, 30_000, 50_000, 80_000, 60_000];
    const raws = levels.map((l) => mk(l, () => 60_000));
    const z = peerZ(raws, levels, 1024, base)!;
    for (const s of z) for (let i = base; i < bins; i++) expect(Math.abs(s[i]!)).toBeLessThan(1.5);
  });

  it('leaves every domain near 0 in a surge that multiplies everyone, and singles out a lone antagonist', () => {
    const levels = [2_000, 30_000, 50_000, 80_000, 60_000];
    const surge = peerZ(
      levels.map((l) => mk(l, () => 2 * l)),
      levels,
      1024,
      base,
    )!;
    // Nobody rises above its peers (the resolution makes the quiet one lag a little: negative).
    for (const s of surge) for (let i = base; i < bins; i++) expect(s[i]!).toBeLessThan(1.5);
    const lone = peerZ(
      levels.map((l, k) => mk(l, () => (k === 2 ? 10 * l : 0))),
      levels,
      1024,
      base,
    )!;
    for (let i = base; i < bins; i++) expect(lone[2]![i]!).toBeGreaterThan(10);
  });

  it('needs at least four peers', () => {
    expect(peerZ([mk(1, () => 0), mk(1, () => 0), mk(1, () => 0)], [1, 1, 1], 1, base)).toBeNull();
  });

  /**
   * peerZ written out plainly: every row's median and MAD from a sorted copy, the floor from every
   * third baseline row. The real one skips the MAD where it cannot exceed the floor.
   */
  function plainPeerZ(raws: Float64Array[], medians: number[], res: number, baseBins: number): number[][] {
    const med = (v: number[]) => {
      const a = Float64Array.from(v).sort();
      const n = a.length;
      return n % 2 ? a[n >> 1]! : (a[(n >> 1) - 1]! + a[n >> 1]!) / 2;
    };
    const len = raws[0]!.length;
    const shapes = [
      (v: number, m: number) => Math.log((Math.max(0, v) + res) / (Math.max(0, m) + res)),
      (v: number, m: number) => v - m,
    ];
    const floors = [0.01, res];
    const z = shapes.map((shape, f) => {
      const rows = Array.from({ length: len }, (_, i) => raws.map((x, s) => shape(x[i]!, medians[s]!)));
      const stats = rows.map((row) => {
        const known = row.filter((v) => !Number.isNaN(v));
        if (known.length < 4) return { c: Number.NaN, spread: Number.NaN };
        const c = med(known);
        return { c, spread: 1.4826 * med(known.map((v) => Math.abs(v - c))) };
      });
      const typical = stats.filter((st, i) => i < baseBins && i % 3 === 0 && !Number.isNaN(st.spread));
      const floor = Math.max(floors[f]!, typical.length > 0 ? med(typical.map((st) => st.spread)) : 0);
      return rows.map((row, i) => row.map((v) => (v - stats[i]!.c) / Math.max(floor, stats[i]!.spread)));
    });
    return raws.map((_, s) =>
      Array.from({ length: len }, (_, i) => (z[1]![i]![s]! < z[0]![i]![s]! ? z[1]![i]![s]! : z[0]![i]![s]!)),
    );
  }

  it('gives exactly the numbers of computing every row in full', () => {
    const value = fc.oneof(
      fc.integer({ min: 0, max: 6 }),
      fc.double({ min: -50, max: 5000, noNaN: true }),
      fc.constant(Number.NaN),
    );
    fc.assert(
      fc.property(
        fc.integer({ min: 4, max: 13 }),
        fc.integer({ min: 7, max: 30 }),
        fc.array(value, { minLength: 13 * 30, maxLength: 13 * 30 }),
        fc.array(fc.double({ min: 0, max: 1000, noNaN: true }), { minLength: 13, maxLength: 13 }),
        fc.constantFrom(0.1, 1, 8, 1024),
        (k, len, pool, medians, res) => {
          const raws = Array.from({ length: k }, (_, s) =>
            Float64Array.from(pool.slice(s * len, (s + 1) * len)),
          );
          const baseBins = Math.floor(len / 2);
          const got = peerZ(raws, medians.slice(0, k), res, baseBins)!;
          const want = plainPeerZ(raws, medians.slice(0, k), res, baseBins);
          for (let s = 0; s < k; s++)
            for (let i = 0; i < len; i++)
              expect(Object.is(got[s]![i], want[s]![i]) || got[s]![i] === want[s]![i]).toBe(true);
        },
      ),
    );
  });
});

describe('medianInPlace', () => {
  it('agrees with sorting on random arrays, ties and both parities', () => {
    const rng = new Prng(5);
    for (let n = 1; n < 60; n++) {
      const a = Float64Array.from({ length: n }, () => Math.floor(rng.next() * 10));
      const s = Float64Array.from(a).sort();
      const want = n % 2 ? s[n >> 1]! : (s[(n >> 1) - 1]! + s[n >> 1]!) / 2;
      expect(medianInPlace(a)).toBe(want);
    }
  });

  it('takes the median of a prefix when given a length', () => {
    expect(medianInPlace(Float64Array.from([5, 1, 3, 100, 200]), 3)).toBe(3);
    expect(medianInPlace(Float64Array.from([4, 2, 100]), 2)).toBe(3);
  });
});

describe('quartiles', () => {
  it('equals the interpolated quantiles of the sorted finite values, by selection', () => {
    const value = fc.oneof(
      fc.integer({ min: -5, max: 5 }),
      fc.double({ noNaN: false }),
      fc.constant(Number.NaN),
    );
    fc.assert(
      fc.property(fc.array(value, { maxLength: 200 }), fc.nat(20), (xs, cut) => {
        const a = Float64Array.from(xs);
        const from = Math.min(cut, a.length);
        const sorted = Float64Array.from(a.subarray(from).filter((v) => Number.isFinite(v))).sort();
        const got = quartiles(a, from, a.length, 1, new Float64Array(a.length));
        if (sorted.length === 0) return got === null;
        return (
          got !== null &&
          // === : a tie of 0 and −0 may come out as either
          got.q25 === quantileSorted(sorted, 0.25) &&
          got.median === quantileSorted(sorted, 0.5) &&
          got.q75 === quantileSorted(sorted, 0.75) &&
          got.n === sorted.length
        );
      }),
    );
  });
});
