/** The baselines on a tiny hand-built host: each ranks as its method defines. */
import { describe, expect, it } from 'vitest';
import { pearson } from '../../src/analyze/baselines/cpi2.js';
import {
  investigateBaro,
  investigateCpi2,
  investigateLuo,
  investigateNetdataKs2,
  investigateNetdataVolume,
  investigateNSigma,
  investigateRandom,
} from '../../src/analyze/baselines/index.js';
import { rankSumZ } from '../../src/analyze/baselines/luo-event-test.js';
import { firstDifferences, ksStatistic, volumeChange } from '../../src/analyze/baselines/netdata.js';
import { event, fakeStore, noise } from './fake-store.js';

const START = Date.parse('2026-05-11T00:00:00Z');
const STEP = 5000;
const CRASH = START + 2 * 3600_000;

/** db01 writes hard (and unevenly: KS2 looks at first differences) for `episode` ms before the crash. */
function store(episode = 120_000) {
  const inEpisode = (t: number) => t >= CRASH - episode && t < CRASH;
  const n = noise(9);
  const ts = Float64Array.from({ length: (3 * 3600_000) / STEP }, (_, i) => START + i * STEP);
  const mk = (domain: string, device: string, f: (t: number) => number) => ({
    key: { host: 'h1', domain, resource: 'vbd' as const, device, metric: 'vbd_wr_sect_per_s' as const },
    ts,
    values: Float64Array.from(ts, f),
  });
  return fakeStore(
    [
      mk('db01', 'xvdb', (t) => 1000 + 100 * n() + (inEpisode(t) ? 5000 + 3000 * n() : 0)),
      mk('app01', 'xvda', () => 1000 + 100 * n()),
      mk('app02', 'xvda', () => 1000 + 100 * n()),
      // web03's distress: outstanding requests while db01 writes (it is the victim: never a suspect).
      {
        key: { host: 'h1', domain: 'web03', resource: 'vbd', device: 'xvda', metric: 'vbd_oo_reqs_per_s' },
        ts,
        values: Float64Array.from(ts, (t) => (inEpisode(t) ? 20 + 2 * n() : 0)),
      },
    ],
    [event(CRASH, 'web03', 'panic')],
  );
}

describe('baselines', () => {
  it('BARO and NSigma rank the metric that rose after the split first', async () => {
    for (const run of [investigateBaro, investigateNSigma]) {
      const r = await run(store(), {});
      expect(r.victims[0]!.incidents[0]!.suspects[0]).toMatchObject({
        domain: 'db01',
        device: 'xvdb',
        confirmed: false,
      });
    }
  });

  it('random is a seeded permutation of the candidates', async () => {
    const a = await investigateRandom(store(), { seed: 1 });
    const b = await investigateRandom(store(), { seed: 1 });
    expect(a).toEqual(b);
    expect(a.victims[0]!.incidents[0]!.suspects.map((s) => s.domain).sort()).toEqual([
      'app01',
      'app02',
      'db01',
    ]);
  });

  it('Netdata KS2 and volume, CPI2 and the Luo event test put db01 first', async () => {
    for (const run of [investigateNetdataKs2, investigateNetdataVolume, investigateCpi2, investigateLuo]) {
      const r = await run(store(8 * 60_000), {});
      expect(r.victims[0]!.incidents[0]!.suspects[0]).toMatchObject({
        domain: 'db01',
        device: 'xvdb',
        confirmed: false,
      });
    }
  });

  it('CPI2 names only suspects correlated at 0.35 or more', async () => {
    const r = await investigateCpi2(store(), {});
    expect(r.victims[0]!.incidents[0]!.suspects.map((s) => s.domain)).toEqual(['db01']);
    expect(r.victims[0]!.incidents[0]!.suspects[0]!.score).toBeGreaterThan(0.9);
  });

  it('computes the statistics the baselines rank by', () => {
    expect(firstDifferences([1, 3, Number.NaN, 4, 8])).toEqual([2, 4]);
    expect(ksStatistic([1, 2, 3], [1, 2, 3])).toBe(0);
    expect(ksStatistic([1, 2, 3], [4, 5, 6])).toBe(1);
    expect(ksStatistic([1, 2, 3, 4], [3, 4, 5, 6])).toBeCloseTo(0.5);
    expect(volumeChange([30, 30], [10, 10, 10, 10])).toBeCloseTo(2);
    expect(volumeChange([5], [0, 0])).toBe(1);
    expect(pearson([1, 2, 3, 4], [2, 4, 6, 8])).toBeCloseTo(1);
    expect(pearson([1, 2, 3, 4], [8, 6, 4, 2])).toBeCloseTo(-1);
    expect(Number.isNaN(pearson([1, 1, 1], [1, 2, 3]))).toBe(true);
    expect(rankSumZ([10, 11, 12], [1, 2, 3, 4, 5, 6])).toBeGreaterThan(2);
    expect(rankSumZ([1, 2, 3], [10, 11, 12, 13])).toBeLessThan(-2);
    expect(rankSumZ([5, 5], [5, 5, 5])).toBe(0);
  });
});
