import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BootTimeEstimator } from '../../src/ingest/boot-time.js';

/**
 * The estimator as it was before it streamed (every estimate kept, sorted, median of the last
 * boot): the reference the streaming one must agree with exactly.
 */
function exactMedianEstimate(pairs: readonly (readonly [number, number])[]): number | null {
  const estimates: number[] = [];
  for (const [wallMs, uptimeSeconds] of pairs)
    if (Number.isFinite(wallMs) && Number.isFinite(uptimeSeconds) && uptimeSeconds >= 0)
      estimates.push(wallMs - uptimeSeconds * 1000);
  if (estimates.length === 0) return null;
  const sorted = [...estimates].sort((a, b) => a - b);
  let groupStart = 0;
  for (let i = 1; i < sorted.length; i++) if (sorted[i]! - sorted[i - 1]! > 60_000) groupStart = i;
  const group = sorted.slice(groupStart);
  return Math.round(group[Math.floor(group.length / 2)]!);
}

function streamed(pairs: readonly (readonly [number, number])[]): BootTimeEstimator {
  const b = new BootTimeEstimator();
  for (const [wallMs, uptimeSeconds] of pairs) b.add(wallMs, uptimeSeconds);
  return b;
}

const BOOT = Date.UTC(2026, 4, 17, 8, 0, 0);

/** Kernel lines of one boot: µs uptime stamps, wall stamps late by up to `jitterMs` (syslog's delay). */
function bootLines(boot: number, jitterMs: number) {
  return fc
    .array(
      fc.tuple(
        fc.integer({ min: 0, max: 10 * 86_400_000_000 }),
        fc.double({ min: 0, max: jitterMs, noNaN: true }),
      ),
      { maxLength: 60 },
    )
    .map((lines) =>
      lines.map(([uptimeUs, late]) => [boot + uptimeUs / 1000 + late, uptimeUs / 1e6] as const),
    );
}

describe('BootTimeEstimator', () => {
  it('takes the median of wall − uptime', () => {
    const b = new BootTimeEstimator();
    b.add(1_000_000, 100);
    b.add(1_000_500, 100.4);
    b.add(1_090_000, 190); // a line written across a clock step
    expect(b.estimate()).toBe(900_000);
  });

  it('uses the latest boot when the log spans a reboot', () => {
    const b = new BootTimeEstimator();
    b.add(1_000_000, 10);
    b.add(5_000_000, 20);
    b.add(5_001_000, 21);
    expect(b.estimate()).toBe(4_980_000);
  });

  it('says nothing without evidence', () => {
    expect(new BootTimeEstimator().estimate()).toBeNull();
    const b = streamed([
      [Number.NaN, 1],
      [1_000, -1],
      [1_000, Number.POSITIVE_INFINITY],
    ]);
    expect(b.count).toBe(0);
    expect(b.estimate()).toBeNull();
  });

  it('counts every estimate, also those that round to the same millisecond', () => {
    const b = streamed([
      [BOOT + 1_000.2, 1],
      [BOOT + 2_000.4, 2],
      [BOOT + 3_000.9, 3],
    ]);
    expect(b.count).toBe(3);
    expect(b.estimate()).toBe(BOOT);
  });

  it('splits boots by the exact gap, not the rounded one', () => {
    // Rounded, the estimates are BOOT, BOOT and BOOT + 60 000 (one boot, median BOOT); exactly,
    // the last is 60 000.05 ms after the others: a boot of its own, and the latest.
    const pairs = [
      [BOOT + 10_000.4, 10],
      [BOOT + 20_000.4, 20],
      [BOOT + 90_000.45, 30],
    ] as const;
    expect(exactMedianEstimate(pairs)).toBe(BOOT + 60_000);
    expect(streamed(pairs).estimate()).toBe(BOOT + 60_000);
  });

  it('gives the exact median’s estimate for any one boot’s lines, in any order', () => {
    fc.assert(
      fc.property(bootLines(BOOT, 50), (pairs) => {
        expect(streamed(pairs).estimate()).toBe(exactMedianEstimate(pairs));
      }),
    );
  });

  it('gives the exact median’s estimate across reboots and clock steps, interleaved', () => {
    fc.assert(
      fc.property(
        bootLines(BOOT, 5),
        // A later boot, sometimes less than a minute later (one boot, then) and a clock step.
        fc.integer({ min: 30_000, max: 3_600_000 }),
        bootLines(0, 2_000),
        fc.array(fc.tuple(fc.double({ min: -1e7, max: 1e7, noNaN: true }), fc.double({ min: 0, max: 1e5 }))),
        fc.infiniteStream(fc.nat({ max: 2 })),
        (first, after, second, steps, picks) => {
          const later = second.map(([w, u]) => [w + BOOT + after, u] as const);
          const stepped = steps.map(([w, u]) => [BOOT + w + u * 1000, u] as const);
          // Interleaved as the lines of several files would come.
          const queues = [[...first], [...later], [...stepped]];
          const pairs: (readonly [number, number])[] = [];
          const it = picks[Symbol.iterator]();
          while (queues.some((q) => q.length > 0)) {
            const q = queues[it.next().value as number]!;
            if (q.length > 0) pairs.push(q.shift()!);
          }
          expect(streamed(pairs).estimate()).toBe(exactMedianEstimate(pairs));
        },
      ),
    );
  });

  it('agrees with the exact median on arbitrary numbers, −0 and infinities included', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(
            fc.oneof(fc.double(), fc.double({ min: -2, max: 2 })),
            fc.oneof(fc.double(), fc.constant(0)),
          ),
        ),
        (pairs) => {
          expect(streamed(pairs).estimate()).toBe(exactMedianEstimate(pairs));
        },
      ),
    );
  });
});
