/** The baselines on a tiny hand-built host: each ranks as its method defines. */
import { describe, expect, it } from 'vitest';
import { investigateBaro, investigateNSigma, investigateRandom } from '../../src/analyze/baselines/index.js';
import { event, fakeStore, noise } from './fake-store.js';

const START = Date.parse('2026-05-11T00:00:00Z');
const STEP = 5000;
const CRASH = START + 2 * 3600_000;

function store() {
  const n = noise(9);
  const ts = Float64Array.from({ length: (3 * 3600_000) / STEP }, (_, i) => START + i * STEP);
  const mk = (domain: string, device: string, f: (t: number) => number) => ({
    key: { host: 'h1', domain, resource: 'vbd' as const, device, metric: 'vbd_wr_sect_per_s' as const },
    ts,
    values: Float64Array.from(ts, f),
  });
  return fakeStore(
    [
      mk('db01', 'xvdb', (t) => 1000 + 100 * n() + (t >= CRASH - 120_000 && t < CRASH ? 5000 : 0)),
      mk('app01', 'xvda', () => 1000 + 100 * n()),
      mk('app02', 'xvda', () => 1000 + 100 * n()),
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
});
