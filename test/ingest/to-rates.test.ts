import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SeriesKeys } from '../../src/ingest/series-keys.js';
import { RateConverter } from '../../src/ingest/to-rates.js';
import type { ReadingRecord } from '../../src/model/index.js';

const keys = new SeriesKeys();
const { key, id } = keys.get('h', 'web01', 'vbd', 'xvda', 'vbd_wr_reqs_per_s');

function reading(
  ts: number,
  value: number,
  extra: Partial<ReadingRecord> = {},
): ReadingRecord & { ts: number } {
  return {
    type: 'reading',
    ts,
    tsSource: 'line',
    domain: 'web01',
    domid: 3,
    resource: 'vbd',
    device: 'xvda',
    metric: 'vbd_wr_reqs_per_s',
    value,
    counter: true,
    instance: '3',
    ...extra,
  } as ReadingRecord & { ts: number };
}

describe('RateConverter', () => {
  it('turns successive counter values into per-second rates', () => {
    const rc = new RateConverter();
    expect(rc.push(key, id, reading(0, 100))).toBeNull();
    expect(rc.push(key, id, reading(5000, 600))?.value).toBe(100);
    expect(rc.push(key, id, reading(10_000, 600))?.value).toBe(0);
  });

  it('applies the scale (xentop KiB columns)', () => {
    const rc = new RateConverter();
    rc.push(key, id, reading(0, 1, { scale: 1024 }));
    expect(rc.push(key, id, reading(1000, 3, { scale: 1024 }))?.value).toBe(2048);
  });

  it('treats a decrease as a reset: no sample, and the next rate starts from the new value', () => {
    const rc = new RateConverter();
    rc.push(key, id, reading(0, 1000));
    expect(rc.push(key, id, reading(5000, 10))).toBeNull();
    expect(rc.push(key, id, reading(10_000, 60))?.value).toBe(10);
  });

  it('treats a new instance (a restarted domain) as a reset even when the value grew', () => {
    const rc = new RateConverter();
    rc.push(key, id, reading(0, 10));
    expect(rc.push(key, id, reading(5000, 5000, { instance: '4' }))).toBeNull();
  });

  it('continues from a stored state (a later import)', () => {
    const first = new RateConverter();
    first.push(key, id, reading(0, 10));
    first.push(key, id, reading(5000, 60));
    const second = new RateConverter(first.changedStates());
    expect(second.push(key, id, reading(10_000, 110))?.value).toBe(10);
  });

  it('updates state without a sample for stateOnly readings', () => {
    const rc = new RateConverter();
    rc.push(key, id, reading(0, 10));
    expect(rc.push(key, id, reading(1000, 20, { stateOnly: true }))).toBeNull();
    expect(rc.push(key, id, reading(2000, 25))?.value).toBe(5);
  });

  it('emits no rate across a long gap', () => {
    const rc = new RateConverter([], 60_000);
    rc.push(key, id, reading(0, 10));
    expect(rc.push(key, id, reading(3_600_000, 20))).toBeNull();
  });

  it('passes gauges through with their scale', () => {
    const rc = new RateConverter();
    expect(rc.push(key, id, reading(0, 0.5, { counter: false }))?.value).toBe(0.5);
  });

  it('never yields a negative or non-finite rate (property)', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            dt: fc.integer({ min: -5000, max: 20_000 }),
            value: fc.oneof(
              fc.double({ min: -1e6, max: 1e18, noNaN: false }),
              fc.integer({ min: 0, max: 1e9 }),
            ),
            instance: fc.constantFrom('1', '2'),
          }),
          { maxLength: 60 },
        ),
        (steps) => {
          const rc = new RateConverter();
          let ts = 0;
          for (const s of steps) {
            ts += s.dt;
            const out = rc.push(key, id, reading(ts, s.value, { instance: s.instance }));
            if (out) {
              expect(out.value).toBeGreaterThanOrEqual(0);
              expect(Number.isFinite(out.value)).toBe(true);
            }
          }
        },
      ),
    );
  });
});
