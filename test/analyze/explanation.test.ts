/**
 * The words for a crash nothing could be scored for (`noDataReason`, `explain`): no samples at all,
 * samples that start too late, samples only after it, or enough time with nothing scorable.
 */
import { describe, expect, it } from 'vitest';
import { explain, noDataReason, noDataSentence } from '../../src/analyze/explanation.js';
import type { DataCoverage, IncidentResult } from '../../src/analyze/types.js';

const NEEDED = 26 * 60_000;
const T0 = Date.UTC(2026, 10, 26, 12, 28, 8);

function incident(ts: number, coverage?: DataCoverage): IncidentResult {
  return {
    host: 'h1',
    domain: 'web03',
    ts,
    kind: 'crash',
    evidence: [],
    suspects: [],
    symptoms: [],
    noData: true,
    ...(coverage ? { coverage } : {}),
  };
}

describe('noDataReason', () => {
  it('says no metrics were recorded when there are no samples (or nothing is known)', () => {
    expect(noDataReason(undefined)).toBe('no metrics were recorded around the crash');
    expect(noDataReason({ samples: 0, beforeMs: 0, neededMs: NEEDED })).toBe(
      'no metrics were recorded around the crash',
    );
  });

  it('says the capture is too short, with what the window needs and what it covers', () => {
    expect(noDataReason({ samples: 973, beforeMs: 48_000, neededMs: NEEDED })).toBe(
      'too few metrics were recorded before the crash to analyse (it needs 26 minutes of samples before a crash; the capture covers 48 s before it)',
    );
    expect(noDataReason({ samples: 9000, beforeMs: 605_000, neededMs: 1_570_000 }, 'this incident')).toBe(
      'too few metrics were recorded before this incident to analyse (it needs 26 min 10 s of samples before a crash; the capture covers 10 min 5 s before it)',
    );
  });

  it('tells samples only after the crash, and enough time with nothing scorable, apart', () => {
    expect(noDataReason({ samples: 40, beforeMs: 0, neededMs: NEEDED })).toBe(
      'the metrics recorded around the crash all come after it (it needs 26 minutes of samples before a crash)',
    );
    expect(noDataReason({ samples: 40, beforeMs: NEEDED, neededMs: NEEDED })).toMatch(
      /^the metrics recorded before the crash hold no usage series of the domain or its neighbours with enough samples/,
    );
  });

  it('makes a sentence for the reports', () => {
    expect(noDataSentence(undefined, 'this incident')).toBe('No metrics were recorded around this incident.');
  });
});

describe('explain for victims whose every incident had no data', () => {
  it('one crash: the reason of that crash', () => {
    expect(
      explain('web03', 0, [incident(T0, { samples: 973, beforeMs: 48_000, neededMs: NEEDED })], []),
    ).toBe(
      'web03 crashed once. No cause could be established: too few metrics were recorded before the crash to analyse (it needs 26 minutes of samples before a crash; the capture covers 48 s before it).',
    );
  });

  it('several crashes: no metrics only when none has a sample, else the longest short capture', () => {
    const none = [incident(T0), incident(T0 + 3_600_000, { samples: 0, beforeMs: 0, neededMs: NEEDED })];
    expect(explain('web03', 7_200_000, none, [])).toBe(
      'web03 crashed twice in 2 hours. No cause could be established: no metrics were recorded around the crashes.',
    );
    const some = [
      incident(T0),
      incident(T0 + 3_600_000, { samples: 50, beforeMs: 30_000, neededMs: NEEDED }),
      incident(T0 + 7_200_000, { samples: 90, beforeMs: 90_000, neededMs: NEEDED }),
    ];
    expect(explain('web03', 7_200_000, some, [])).toBe(
      'web03 crashed 3 times in 2 hours. No cause could be established: too few metrics were recorded before the crashes to analyse (it needs 26 minutes of samples before each crash; the captures cover at most 90 s before any of them).',
    );
  });
});
