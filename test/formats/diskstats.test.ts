import { describe, expect, it } from 'vitest';
import { diskstatsFormat } from '../../src/formats/diskstats.js';
import type { ParseContext } from '../../src/model/index.js';
import { corpusHeads, itClaimsCorpusFiles } from '../helpers/corpus-sniff.js';
import { fixtureLines, goldenCases, itChecksGoldenCases, parseFormatFixture } from '../helpers/golden.js';
import { checkNeverThrows, checkSplicedJunk, sameRecordsOnlyJunkReported } from '../helpers/junk.js';
import { ctxFor, runParser } from '../helpers/parse.js';

const FORMAT = 'diskstats';
const BOOT = Date.UTC(2026, 10, 26, 13, 52, 0);
const START = Date.UTC(2026, 10, 26, 14, 5, 0);
const CTX: Record<string, Partial<ParseContext>> = {
  'fields-20-harness-uptime': { bootTime: BOOT },
  'fields-20-loop-no-marker': { start: START, intervalSeconds: 1 },
};

describe('diskstats golden fixtures', () => {
  itChecksGoldenCases(
    diskstatsFormat,
    FORMAT,
    [
      'bad-lines',
      'fields-14-kernel-4.9',
      'fields-18-kernel-4.19',
      'fields-20-harness-uptime',
      'fields-20-loop-iso-date',
      'fields-20-loop-no-marker',
      'partition-7-kernel-2.6',
    ],
    (name) => CTX[name],
  );
});

function parseFixture(name: string, extra = {}) {
  return parseFormatFixture(diskstatsFormat, FORMAT, name, extra);
}

describe('diskstats (real captures of this machine, kernel 6.18: 20 fields)', () => {
  it('reads three dated snapshots of ten devices, six counters each', async () => {
    const { records, diags } = await parseFixture('fields-20-loop-iso-date');
    expect(diags).toEqual([]);
    expect(records).toHaveLength(3 * 10 * 6);
    const vda = records.filter((r) => r.device === 'vda' && r.ts === Date.UTC(2026, 10, 26, 14, 2, 17));
    expect(Object.fromEntries(vda.map((r) => [r.metric, [r.value, r.scale]]))).toEqual({
      disk_reads_per_s: [29358, undefined],
      disk_read_sect_per_s: [915074, undefined],
      disk_writes_per_s: [1928, undefined],
      disk_write_sect_per_s: [1233248, undefined],
      disk_util_ratio: [3660, 0.001],
      disk_queue: [14455, 0.001],
    });
    expect(
      vda.every((r) => r.tsSource === 'line' && r.counter && r.resource === 'host_disk' && r.domain === ''),
    ).toBe(true);
    expect(new Set(records.map((r) => r.ts))).toEqual(
      new Set([17, 18, 19].map((s) => Date.UTC(2026, 10, 26, 14, 2, s))),
    );
    // Idle loop and zram devices are kept: the analysis decides what matters.
    expect(records.filter((r) => r.device === 'loop7')).toHaveLength(18);
  });

  it('places a harness capture at boot + uptime, or keeps the uptime when the boot time is unknown', async () => {
    const placed = await parseFixture('fields-20-harness-uptime', { bootTime: BOOT });
    expect(placed.diags).toEqual([]);
    expect(placed.records).toHaveLength(60);
    expect(placed.records[0]).toMatchObject({ ts: BOOT + 578_090, tsSource: 'boot+uptime', uptime: 578.09 });
    const unplaced = await parseFixture('fields-20-harness-uptime');
    expect(unplaced.records[0]).toMatchObject({ ts: null, tsSource: null, uptime: 578.09 });
  });

  it('splits a loop without markers where a device repeats, and spaces the snapshots by the interval', async () => {
    const { records } = await parseFixture('fields-20-loop-no-marker', { start: START, intervalSeconds: 1 });
    expect(records).toHaveLength(2 * 10 * 6);
    expect(records.slice(0, 60).every((r) => r.ts === START && r.tsSource === 'start+interval')).toBe(true);
    expect(records.slice(60).every((r) => r.ts === START + 1000)).toBe(true);
  });
});

describe('diskstats layouts', () => {
  it('reads 14-, 18- and 20-field lines into the same six counters', async () => {
    const line14 = ' 253       3 dm-3 182233 0 8804464 93120 930121 0 44011232 2233410 2 1402230 2329810';
    const line18 = `${line14} 120 0 40960 12`;
    const line20 = `${line18} 31 220`;
    for (const line of [line14, line18, line20]) {
      const { records, diags } = await runParser(diskstatsFormat, [line], ctxFor('one'));
      expect(diags).toEqual([]);
      expect(records.map((r) => [r.metric, r.value])).toEqual([
        ['disk_reads_per_s', 182233],
        ['disk_writes_per_s', 930121],
        ['disk_read_sect_per_s', 8804464],
        ['disk_write_sect_per_s', 44011232],
        ['disk_util_ratio', 1402230],
        ['disk_queue', 2329810],
      ]);
    }
  });

  it('reads pre-2.6.25 partition lines (4 counters) without util or queue', async () => {
    const { records } = await parseFixture('partition-7-kernel-2.6');
    const hda1 = records.filter((r) => r.device === 'hda1');
    expect(hda1.map((r) => [r.metric, r.value])).toEqual([
      ['disk_reads_per_s', 35486],
      ['disk_writes_per_s', 8188],
      ['disk_read_sect_per_s', 38030],
      ['disk_write_sect_per_s', 64304],
    ]);
  });

  it('reports a truncated line, a non-number and a foreign line, and keeps the good ones', async () => {
    const { records, diags } = await parseFixture('bad-lines');
    expect(diags.map((d) => [d.line, d.code])).toEqual([
      [2, 'bad_field_count'],
      [3, 'bad_number'],
      [4, 'unknown_line'],
    ]);
    expect(new Set(records.map((r) => r.device))).toEqual(new Set(['vda', 'zram0']));
  });
});

describe('diskstats sniff', () => {
  it('claims its fixtures', () => {
    for (const name of goldenCases(FORMAT)) {
      if (name === 'bad-lines') continue;
      expect(diskstatsFormat.sniff(fixtureLines(FORMAT, name)), name).toBeGreaterThan(0.5);
    }
  });

  describe('claims no file of the lab corpus or the real-world pastes', () => {
    itClaimsCorpusFiles(corpusHeads(), [diskstatsFormat], () => null);
  });

  it('matches rows, not prose with numbers', () => {
    expect(diskstatsFormat.matchLine('   8       0 sda 1 2 3 4 5 6 7 8 9 10 11')).toBe(true);
    expect(diskstatsFormat.matchLine('   8       0 sda 1 2 3 4 5 6 7 8 9 10')).toBe(false);
    expect(diskstatsFormat.matchLine('Domain-0 0 1024 2 r----- 95.0')).toBe(false);
  });
});

describe('diskstats properties', () => {
  const real = fixtureLines(FORMAT, 'fields-20-loop-iso-date');

  it('never throws', async () => {
    await checkNeverThrows(diskstatsFormat, real, ctxFor('x', { start: START, intervalSeconds: 5 }));
  });

  it('spliced junk costs no good record, and only the junk is reported', async () => {
    await checkSplicedJunk(diskstatsFormat, real, ctxFor('x'), sameRecordsOnlyJunkReported);
  });
});
