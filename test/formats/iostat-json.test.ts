import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { iostatJsonFormat } from '../../src/formats/iostat-json.js';
import type { ParseContext } from '../../src/model/index.js';
import { corpusHeads, itClaimsCorpusFiles } from '../helpers/corpus-sniff.js';
import { fixtureLines, goldenCases, itChecksGoldenCases, parseFormatFixture } from '../helpers/golden.js';
import { hostileLines } from '../helpers/junk.js';
import { ctxFor, runParser } from '../helpers/parse.js';

const FORMAT = 'iostat-json';
const START = Date.UTC(2026, 10, 26, 14, 2, 17);
const CTX: Record<string, Partial<ParseContext>> = {
  'sysstat-12.6-x-no-t': { start: START, intervalSeconds: 1 },
};

describe('iostat-json golden fixtures', () => {
  itChecksGoldenCases(
    iostatJsonFormat,
    FORMAT,
    [
      'bad-token',
      'keys-reordered-and-bad-entries',
      'sadf-like-envelope',
      'sysstat-12.6-d-x-t',
      'sysstat-12.6-x-no-t',
      'sysstat-12.6-x-t-clocale',
      'sysstat-12.6-x-t-iso',
      'truncated',
    ],
    (name) => CTX[name],
  );
});

function parseFixture(name: string, extra = {}) {
  return parseFormatFixture(iostatJsonFormat, FORMAT, name, extra);
}

describe('iostat -o JSON (real sysstat 12.6.1 runs on this machine)', () => {
  it('reads ISO timestamps and the keys without %', async () => {
    const { records, diags } = await parseFixture('sysstat-12.6-x-t-iso');
    expect(diags).toEqual([]);
    expect(records).toHaveLength(12);
    const second = records.slice(6);
    expect(Object.fromEntries(second.map((r) => [r.metric, r.value]))).toEqual({
      disk_reads_per_s: 14,
      disk_writes_per_s: 823,
      disk_read_sect_per_s: 192,
      disk_write_sect_per_s: 821472,
      disk_util_ratio: 0.936,
      disk_queue: 1.48,
    });
    expect(second.every((r) => r.ts === Date.UTC(2026, 10, 26, 14, 2, 18) && r.tsSource === 'line')).toBe(
      true,
    );
    expect(second.every((r) => r.device === 'vda' && r.resource === 'host_disk' && !r.counter)).toBe(true);
  });

  it('reads C-locale timestamps in ctx.tz; places reports without them by ctx.start and interval', async () => {
    const c = await parseFixture('sysstat-12.6-x-t-clocale', { tz: 'Europe/Berlin' });
    expect(c.records[0]!.ts).toBe(Date.UTC(2026, 10, 26, 13, 2, 17));
    const noT = await parseFixture('sysstat-12.6-x-no-t', { start: START, intervalSeconds: 1 });
    expect([...new Set(noT.records.map((r) => r.ts))]).toEqual([START, START + 1000]);
    expect(noT.records.every((r) => r.tsSource === 'start+interval')).toBe(true);
  });

  it('reads -d reports, which have no avg-cpu', async () => {
    const { records, diags } = await parseFixture('sysstat-12.6-d-x-t');
    expect(diags).toEqual([]);
    expect(records).toHaveLength(12);
  });
});

describe('iostat-json damage', () => {
  it('names the line of a syntax error', async () => {
    const { records, diags } = await parseFixture('bad-token');
    expect(records).toEqual([]);
    expect(diags).toHaveLength(1);
    const line = fixtureLines(FORMAT, 'bad-token').findIndex((l) => l.includes('"aqu-sz": ,')) + 1;
    expect(diags[0]).toMatchObject({ code: 'bad_json', line });
  });

  it('names the last line of a truncated document', async () => {
    const { diags } = await parseFixture('truncated');
    expect(diags.map((d) => [d.line, d.code])).toEqual([[14, 'bad_json']]);
  });

  it('reads entries in any key order, and reports bad entries and stamps without losing the good ones', async () => {
    const { records, diags } = await parseFixture('keys-reordered-and-bad-entries');
    expect(diags.map((d) => [d.line, d.code])).toEqual([
      [15, 'bad_number'],
      [16, 'unknown_value'],
      [21, 'bad_time'],
    ]);
    expect(records.map((r) => `${r.device} ${r.metric} ${r.value}`)).toEqual([
      'sda disk_reads_per_s 12',
      'sda disk_writes_per_s 210',
      'sda disk_read_sect_per_s 960',
      'sda disk_write_sect_per_s 16800',
      'sda disk_util_ratio 0.116',
      'sda disk_queue 0.24',
      'md0 disk_read_sect_per_s 1024',
      'md0 disk_write_sect_per_s 4608',
      'sda disk_reads_per_s 3',
    ]);
    expect(records.at(-1)).toMatchObject({ ts: null, tsSource: null });
  });

  it('says so when valid JSON is not an iostat document', async () => {
    const { diags } = await parseFixture('sadf-like-envelope');
    expect(diags.map((d) => d.code)).toEqual(['unsupported']);
  });
});

describe('iostat-json sniff', () => {
  it('claims its documents, not the text reports', () => {
    for (const name of goldenCases(FORMAT)) {
      if (name === 'sadf-like-envelope') continue;
      expect(iostatJsonFormat.sniff(fixtureLines(FORMAT, name)), name).toBeGreaterThan(0.5);
    }
    expect(iostatJsonFormat.sniff(fixtureLines('iostat', 'sysstat-12.6-x-t-iso'))).toBe(0);
  });

  it('does not claim sadf -j output, which shares the envelope', () => {
    const sadf = [
      '{"sysstat": {',
      '\t"hosts": [',
      '\t\t{',
      '\t\t\t"nodename": "dom0-a",',
      '\t\t\t"file-date": "2026-11-26",',
    ];
    expect(iostatJsonFormat.sniff(sadf)).toBe(0);
  });

  describe('claims no file of the lab corpus or the real-world pastes', () => {
    itClaimsCorpusFiles(corpusHeads(), [iostatJsonFormat], () => null);
  });
});

describe('iostat-json properties', () => {
  const real = fixtureLines(FORMAT, 'sysstat-12.6-x-t-iso');

  it('never throws', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          hostileLines(real),
          fc.json().map((j) => j.split('\n')),
        ),
        async (lines) => {
          await runParser(iostatJsonFormat, lines, ctxFor('x', { start: START, intervalSeconds: 5 }));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('gives the same records whatever the key order and layout', async () => {
    const base = await runParser(iostatJsonFormat, real, ctxFor('x'));
    const doc = JSON.parse(real.join('\n'));
    /** The entry's keys in the order `rank` gives them. */
    const reorder = (entry: Record<string, unknown>, rank: readonly number[]) =>
      Object.fromEntries(
        Object.entries(entry)
          .map((e, k) => [rank[k % rank.length]! * 100 + k, e] as const)
          .sort((a, b) => a[0] - b[0])
          .map(([, e]) => e),
      );
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.nat(), { minLength: 64, maxLength: 64 }),
        fc.constantFrom(0, 1, '\t'),
        async (rank, indent) => {
          const shuffled = structuredClone(doc);
          for (const report of shuffled.sysstat.hosts[0].statistics) {
            report.disk = report.disk.map((d: Record<string, unknown>) => reorder(d, rank));
          }
          const lines = JSON.stringify(shuffled, null, indent).split('\n');
          const got = await runParser(iostatJsonFormat, lines, ctxFor('x'));
          expect(got.diags).toEqual([]);
          expect(got.records).toEqual(base.records);
        },
      ),
      { numRuns: 50 },
    );
  });
});
