import { describe, expect, it } from 'vitest';
import { iostatFormat } from '../../src/formats/iostat.js';
import { parseIostatTime } from '../../src/formats/iostat-columns.js';
import type { ParseContext } from '../../src/model/index.js';
import { corpusHeads, itClaimsCorpusFiles } from '../helpers/corpus-sniff.js';
import { fixtureLines, goldenCases, itChecksGoldenCases, parseFormatFixture } from '../helpers/golden.js';
import { checkNeverThrows, checkSplicedJunk } from '../helpers/junk.js';
import { ctxFor } from '../helpers/parse.js';

const FORMAT = 'iostat';
const START = Date.UTC(2026, 10, 26, 14, 2, 17);
const CTX: Record<string, Partial<ParseContext>> = {
  'sysstat-12.6-x-no-t': { start: START, intervalSeconds: 1 },
  'sysstat-11-x-t-clocale': { tz: 'Europe/Berlin' },
};

describe('iostat golden fixtures', () => {
  itChecksGoldenCases(
    iostatFormat,
    FORMAT,
    [
      'bad-lines',
      'basic-d-t-clocale',
      'sysstat-11-x-t-clocale',
      'sysstat-11-x-t-en-us-ampm',
      'sysstat-12.0-x-t-iso',
      'sysstat-12.3-d-x-t-iso',
      'sysstat-12.6-d-x-t-iso',
      'sysstat-12.6-x-m-t-iso',
      'sysstat-12.6-x-no-t',
      'sysstat-12.6-x-s-t-iso',
      'sysstat-12.6-x-t-clocale',
      'sysstat-12.6-x-t-iso',
      'sysstat-9-x-rsec',
    ],
    (name) => CTX[name],
  );
});

function parseFixture(name: string, extra = {}) {
  return parseFormatFixture(iostatFormat, FORMAT, name, extra);
}

function byMetric(records: readonly { metric: string; value: number }[]): Record<string, number> {
  return Object.fromEntries(records.map((r) => [r.metric, r.value]));
}

describe('iostat -x (real sysstat 12.6.1 runs on this machine)', () => {
  it('reads C-locale -t stamps in ctx.tz and converts units to sectors and ratios', async () => {
    const { records, diags } = await parseFixture('sysstat-12.6-x-t-clocale');
    expect(diags).toEqual([]);
    expect(records).toHaveLength(3 * 6);
    const second = records.filter((r) => r.ts === Date.UTC(2026, 10, 26, 14, 2, 18));
    expect(byMetric(second)).toEqual({
      disk_reads_per_s: 22,
      disk_read_sect_per_s: 600,
      disk_writes_per_s: 823,
      disk_write_sect_per_s: 821472,
      disk_queue: 1.48,
      disk_util_ratio: 0.932,
    });
    expect(
      second.every((r) => r.device === 'vda' && !r.counter && r.tsSource === 'line' && r.domain === ''),
    ).toBe(true);
    const berlin = await parseFixture('sysstat-12.6-x-t-clocale', { tz: 'Europe/Berlin' });
    expect(berlin.records[0]!.ts).toBe(Date.UTC(2026, 10, 26, 13, 2, 17));
  });

  it('reads ISO stamps with their offset, ignoring ctx.tz', async () => {
    const { records } = await parseFixture('sysstat-12.6-x-t-iso', { tz: 'America/New_York' });
    expect([...new Set(records.map((r) => r.ts))]).toEqual(
      [17, 18, 19].map((s) => Date.UTC(2026, 10, 26, 14, 2, s)),
    );
  });

  it('places reports without -t at ctx.start + i × interval, or leaves them unplaced', async () => {
    const placed = await parseFixture('sysstat-12.6-x-no-t', { start: START, intervalSeconds: 1 });
    expect([...new Set(placed.records.map((r) => [r.ts, r.tsSource].join()))]).toEqual([
      `${START},start+interval`,
      `${START + 1000},start+interval`,
    ]);
    const unplaced = await parseFixture('sysstat-12.6-x-no-t');
    expect(unplaced.records.every((r) => r.ts === null && r.tsSource === null)).toBe(true);
    expect(unplaced.records).toHaveLength(12);
  });

  it('reads -m as MB/s, -s as the short table, -d without avg-cpu', async () => {
    const mb = await parseFixture('sysstat-12.6-x-m-t-iso');
    expect(byMetric(mb.records.slice(0, 6))).toMatchObject({
      disk_read_sect_per_s: 184.32,
      disk_write_sect_per_s: 821473.28,
    });
    const short = await parseFixture('sysstat-12.6-x-s-t-iso');
    expect(short.records.map((r) => r.metric)).toEqual([
      'disk_queue',
      'disk_util_ratio',
      'disk_queue',
      'disk_util_ratio',
    ]);
    const d = await parseFixture('sysstat-12.6-d-x-t-iso');
    expect(d.diags).toEqual([]);
    expect(d.records).toHaveLength(12);
  });
});

describe('iostat older layouts and locales', () => {
  it('reads sysstat 11 (Device:, avgqu-sz) and 12.0 column orders by name', async () => {
    const v11 = await parseFixture('sysstat-11-x-t-clocale');
    expect(byMetric(v11.records.filter((r) => r.device === 'sda').slice(6))).toEqual({
      disk_reads_per_s: 4,
      disk_writes_per_s: 1880,
      disk_read_sect_per_s: 32,
      disk_write_sect_per_s: 192512,
      disk_queue: 31.7,
      disk_util_ratio: 0.996,
    });
    const v12 = await parseFixture('sysstat-12.0-x-t-iso');
    expect(byMetric(v12.records)).toEqual({
      disk_reads_per_s: 12,
      disk_writes_per_s: 210,
      disk_read_sect_per_s: 960,
      disk_write_sect_per_s: 16800,
      disk_queue: 0.24,
      disk_util_ratio: 0.116,
    });
    expect(v12.records[0]!.ts).toBe(Date.UTC(2026, 10, 26, 11, 4, 5));
  });

  it('reads sysstat 9 sectors, the 12.1–12.3 table without flushes, -N names and the basic table', async () => {
    const v9 = await parseFixture('sysstat-9-x-rsec');
    expect(byMetric(v9.records.slice(6))).toMatchObject({ disk_write_sect_per_s: 128, disk_queue: 0.02 });
    const v123 = await parseFixture('sysstat-12.3-d-x-t-iso');
    expect(v123.records.filter((r) => r.device === 'vg0-web01--root')).toHaveLength(6);
    const basic = await parseFixture('basic-d-t-clocale');
    expect(byMetric(basic.records)).toEqual({ disk_read_sect_per_s: 2.28, disk_write_sect_per_s: 252.74 });
  });

  it('reads en_US stamps with a four-digit year and AM/PM', async () => {
    const { records } = await parseFixture('sysstat-11-x-t-en-us-ampm');
    expect([...new Set(records.map((r) => r.ts))]).toEqual([
      Date.UTC(2026, 10, 26, 14, 4, 5),
      Date.UTC(2026, 10, 26, 0, 0, 5),
    ]);
  });

  it('reports bad stamps, short rows, non-numbers and unknown tables, and keeps the good rows', async () => {
    const { records, diags } = await parseFixture('bad-lines');
    expect(diags.map((d) => [d.line, d.code])).toEqual([
      [3, 'bad_time'],
      [4, 'unknown_line'],
      [7, 'bad_field_count'],
      [8, 'bad_number'],
      [11, 'unsupported'],
      [13, 'unsupported'],
    ]);
    expect(records.map((r) => `${r.device} ${r.metric} ${r.value}`)).toEqual([
      'dm-0 disk_reads_per_s 12',
      'dm-0 disk_read_sect_per_s 960',
      'dm-0 disk_writes_per_s 210',
      'dm-0 disk_write_sect_per_s 16800',
      'dm-0 disk_queue 0.24',
      'dm-0 disk_util_ratio 0.116',
      // A decimal comma (a non-C locale) is still a number.
      'dm-3 disk_reads_per_s 1.5',
      'dm-3 disk_read_sect_per_s 6',
      'dm-3 disk_writes_per_s 2',
      'dm-3 disk_write_sect_per_s 8',
      'dm-3 disk_queue 0.01',
      'dm-3 disk_util_ratio 0.002',
    ]);
  });

  it('rejects impossible stamps instead of rolling them over', () => {
    expect(parseIostatTime('02/28/26 12:00:00', 'UTC')).toBe(Date.UTC(2026, 1, 28, 12));
    expect(parseIostatTime('02/30/26 12:00:00', 'UTC')).toBeNull();
    expect(parseIostatTime('13/01/26 12:00:00', 'UTC')).toBeNull();
    expect(parseIostatTime('2026-11-26T24:00:00+0000', 'UTC')).toBeNull();
    expect(parseIostatTime('11/26/26 13:00:00 PM', 'UTC')).toBeNull();
  });
});

describe('iostat sniff', () => {
  it('claims its fixtures', () => {
    for (const name of goldenCases(FORMAT))
      expect(iostatFormat.sniff(fixtureLines(FORMAT, name)), name).toBeGreaterThan(0.5);
  });

  it('does not claim the banner alone (sar and mpstat print it too)', () => {
    expect(iostatFormat.sniff(fixtureLines(FORMAT, 'sysstat-12.6-x-t-iso').slice(0, 2))).toBeLessThanOrEqual(
      0.5,
    );
  });

  describe('claims no file of the lab corpus or the real-world pastes', () => {
    itClaimsCorpusFiles(corpusHeads(), [iostatFormat], () => null);
  });
});

describe('iostat properties', () => {
  const real = fixtureLines(FORMAT, 'sysstat-12.6-x-t-iso');

  it('never throws', async () => {
    await checkNeverThrows(iostatFormat, real, ctxFor('x', { start: START, intervalSeconds: 5 }));
  });

  it('spliced junk costs no good record, and only the junk is reported', async () => {
    await checkSplicedJunk(iostatFormat, real, ctxFor('x'), (got, base, junkAt) => {
      expect(got.records).toEqual(base.records);
      // A junk line may also cost the line after it (a row read as a header it broke).
      for (const d of got.diags)
        expect(junkAt.has(d.line) || junkAt.has(d.line - 1), String(d.line)).toBe(true);
    });
  });
});
