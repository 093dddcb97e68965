import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { classify, DomainTimeline } from '../../src/logs/index.js';
import { labLines, xenstoredRecords } from './log-records.js';

const H = 'lab';
const at = (iso: string) => Date.parse(iso);

/** The lab's timeline, from the `write /local/domain/<d>/name` lines of xenstored-access.log. */
function labTimeline(): DomainTimeline {
  const t = new DomainTimeline();
  for (const r of xenstoredRecords(labLines('var-log-xen', 'xenstored-access.log'))) {
    const c = classify(r);
    if (c.domid !== undefined && c.domain !== undefined && r.ts !== null)
      t.add(H, c.domid, c.domain, r.ts, 'xenstored');
  }
  return t;
}

describe('DomainTimeline on the lab (xenstored-access.log lines 24, 75, 748, 1411)', () => {
  const t = labTimeline();

  it('knows every name', () => {
    expect(t.names(H)).toEqual(['Domain-0', 'domu1', 'domu2']);
  });

  it('names each domid at its crash times (§5.13: domu1 12:28:08, domu2 as domid 2 at 12:29:20)', () => {
    expect(t.resolve(H, 1, at('2026-11-26T12:28:08.128Z'))).toBe('domu1');
    expect(t.resolve(H, 2, at('2026-11-26T12:29:20.213Z'))).toBe('domu2');
    expect(t.resolve(H, 3, at('2026-11-26T12:30:02.394Z'))).toBe('domu2');
    expect(t.resolve(H, 0, at('2026-11-26T12:30:00Z'))).toBe('Domain-0');
  });

  it('lends a name to a line just before the write (domu1 written 12:26:49.925), not long before', () => {
    expect(t.resolve(H, 1, at('2026-11-26T12:26:49Z'))).toBe('domu1');
    expect(t.resolve(H, 1, at('2026-11-26T12:25:00Z'))).toBeNull();
  });

  it('does not know domids nobody named, nor other hosts', () => {
    expect(t.resolve(H, 4, at('2026-11-26T12:30:00Z'))).toBeNull();
    expect(t.resolve('elsewhere', 1, at('2026-11-26T12:28:08Z'))).toBeNull();
    expect(t.names('elsewhere')).toEqual([]);
  });
});

describe('DomainTimeline rules', () => {
  it('a reused domid takes the name of its latest sighting', () => {
    const t = new DomainTimeline();
    t.add(H, 5, 'web01', 1000, 'xenstored');
    t.add(H, 5, 'db02', 5000, 'xenstored');
    expect(t.resolve(H, 5, 999)).toBe('web01'); // within the look-ahead
    expect(t.resolve(H, 5, 1000)).toBe('web01');
    expect(t.resolve(H, 5, 4999)).toBe('web01');
    expect(t.resolve(H, 5, 5000)).toBe('db02');
    expect(t.resolve(H, 5, 1e12)).toBe('db02');
  });

  it('accepts sightings out of order, ignores repeats and junk', () => {
    const t = new DomainTimeline({ lookaheadMs: 10 });
    t.add(H, 2, 'b', 200, 'xl');
    t.add(H, 2, 'a', 100, 'xl-list');
    t.add(H, 2, 'a', 100, 'xl-list');
    t.add(H, 2, 'x', Number.NaN, 'xl');
    t.add(H, -1, 'x', 1, 'xl');
    t.add(H, 2, '', 150, 'xl');
    expect(t.sightings(H, 2).map((s) => [s.ts, s.name])).toEqual([
      [100, 'a'],
      [200, 'b'],
    ]);
    expect(t.resolve(H, 2, 50)).toBeNull(); // beyond the 10 ms look-ahead
    expect(t.resolve(H, 2, 95)).toBe('a');
    expect(t.names(H)).toEqual(['a', 'b']);
  });

  it('resolves names xentop cut to 10 characters only when exactly one fits', () => {
    const t = new DomainTimeline();
    t.add(H, 1, 'webserver-01', 1, 'xl-list');
    t.add(H, 2, 'webserver-02', 1, 'xl-list');
    t.add(H, 3, 'database-primary', 1, 'xl-list');
    t.add(H, 4, 'db1', 1, 'xl-list');
    expect(t.resolveTruncated(H, 'webserver-')).toBeNull();
    expect(t.resolveTruncated(H, 'database-p')).toBe('database-primary');
    expect(t.resolveTruncated(H, 'db1')).toBe('db1');
    // shorter than the cut: the whole name, so a mere prefix is no match
    expect(t.resolveTruncated(H, 'db')).toBeNull();
    expect(t.resolveTruncated(H, 'unknown-na')).toBeNull();
    expect(t.resolveTruncated('elsewhere', 'database-p')).toBeNull();
  });

  it('resolve equals the brute-force answer', () => {
    const sighting = fc.record({
      domid: fc.nat({ max: 3 }),
      name: fc.constantFrom('a', 'b', 'c'),
      ts: fc.nat({ max: 1000 }),
    });
    fc.assert(
      fc.property(
        fc.array(sighting, { maxLength: 30 }),
        fc.nat({ max: 3 }),
        fc.nat({ max: 1100 }),
        (all, domid, ts) => {
          const t = new DomainTimeline({ lookaheadMs: 50 });
          for (const s of all) t.add(H, s.domid, s.name, s.ts, 'test');
          const mine = all.map((s, i) => ({ ...s, i })).filter((s) => s.domid === domid);
          // latest at or before ts (the last added wins a tie), else the earliest within 50 ms after
          const before = mine
            .filter((s) => s.ts <= ts)
            .sort((x, y) => x.ts - y.ts || x.i - y.i)
            .at(-1);
          const after = mine
            .filter((s) => s.ts > ts && s.ts - ts <= 50)
            .sort((x, y) => x.ts - y.ts || x.i - y.i)[0];
          const expected = before?.name ?? after?.name ?? (domid === 0 ? 'Domain-0' : null);
          expect(t.resolve(H, domid, ts)).toBe(expected);
        },
      ),
      { numRuns: 500 },
    );
  });
});
