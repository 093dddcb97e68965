import { describe, expect, it } from 'vitest';
import { xlUptimeFormat } from '../../src/formats/xl-uptime.js';
import { checkGolden, itChecksGoldenCases } from '../helpers/golden.js';
import { checkNeverThrows, checkSplicedJunk, sameRecordsBesideLines } from '../helpers/junk.js';
import { ctxFor, parseLab, runParser } from '../helpers/parse.js';
import { pasteLines } from '../helpers/shared.js';

const FORMAT = 'xl-uptime';
const BOOT = Date.UTC(2026, 10, 26, 12, 0, 0);

describe('xl uptime golden fixtures', () => {
  itChecksGoldenCases(xlUptimeFormat, FORMAT, ['forms'], () => ({ bootTime: BOOT }));
});

describe('xl uptime', () => {
  it('reads the lab capture, placed at the capture uptime', async () => {
    const { records, diags } = await parseLab(xlUptimeFormat, 'xl-uptime.txt', { bootTime: BOOT });
    expect(diags).toEqual([]);
    expect(records).toEqual([
      {
        type: 'domain',
        ts: BOOT + 31_960,
        tsSource: 'poll',
        uptime: 31.96,
        domid: 0,
        name: 'Domain-0',
        uptimeSeconds: 32,
        line: 4,
      },
    ]);
  });

  it('reads days and a 3-digit domid that pushes the column (Ganeti test data)', async () => {
    const { records } = await runParser(xlUptimeFormat, pasteLines('005'), ctxFor('005'));
    expect(records.map((r) => [r.name, r.domid, r.uptimeSeconds])).toEqual([
      ['Domain-0', 0, 98 * 86400 + 2 * 3600 + 27 * 60 + 44],
      ['instance1.example.com', 119, 15 * 86400 + 20 * 3600 + 57 * 60 + 7],
    ]);
  });

  it('reads names with spaces, long names, and the -s form (minutes only)', async () => {
    const { records, diags } = await checkGolden(xlUptimeFormat, FORMAT, 'forms', { bootTime: BOOT });
    expect(diags.map((d) => [d.line, d.code])).toEqual([[8, 'bad_field_count']]);
    expect(records.map((r) => [r.name, r.domid, r.uptimeSeconds, r.uptime])).toEqual([
      ['Domain-0', 0, 12 * 86400 + 3 * 3600 + 4 * 60 + 5, 1000],
      ['web 7', 3, 86400 + 10 * 60 + 59, 1000],
      ['db1', 8, 5 * 3600 + 2 * 60 + 33, 1000],
      ['a-very-long-domain-name-exceeding-33', 1234, 1, 1000],
      ['Domain-0', 0, 12 * 86400 + 3 * 3600 + 4 * 60, 1005],
      ['web 7', 3, 86400 + 10 * 60, 1005],
      ['db1', 8, 5 * 3600 + 2 * 60, 1005],
    ]);
  });
});

describe('xl uptime properties', () => {
  const real = [
    'Name                                ID Uptime',
    'Domain-0                             0 12 days,  3:04:05',
    'web 7                                3 1 day,  0:10:59',
    ' 12:04:02 up  5:02, db1 (8)',
  ];

  it('never throws on arbitrary input', async () => {
    await checkNeverThrows(xlUptimeFormat, real, ctxFor('fuzz'));
  });

  it('loses no record to junk lines spliced in', async () => {
    await checkSplicedJunk(xlUptimeFormat, real, ctxFor('x'), sameRecordsBesideLines);
  });
});
