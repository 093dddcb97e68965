import { describe, expect, it } from 'vitest';
import { xlListFormat } from '../../src/formats/xl-list.js';
import type { ParseContext } from '../../src/model/index.js';
import { checkGolden, itChecksGoldenCases } from '../helpers/golden.js';
import { checkNeverThrows, checkSplicedJunk, sameRecordsBesideLines } from '../helpers/junk.js';
import { ctxFor, parseLab, runParser } from '../helpers/parse.js';
import { labLines, pasteLines } from '../helpers/shared.js';

const FORMAT = 'xl-list';
const BOOT = Date.UTC(2026, 10, 26, 12, 0, 0);
const CTX: Record<string, Partial<ParseContext>> = {
  'poll-dates-and-junk': { tz: 'Europe/Paris' },
  'verbose-reasons': { bootTime: BOOT },
};

describe('xl list golden fixtures', () => {
  itChecksGoldenCases(
    xlListFormat,
    FORMAT,
    ['cpupool', 'poll-dates-and-junk', 'verbose-reasons', 'xm-crashed'],
    (name) => CTX[name],
  );
});

describe('xl list (real Xen 4.17 captures)', () => {
  it('reads a crashed domain: ---sc- is shutdown reason 3', async () => {
    const { records, diags } = await parseLab(xlListFormat, 'xl-list-after-domu1-crash.txt', {
      bootTime: BOOT,
    });
    expect(diags).toEqual([]);
    expect(records).toEqual([
      {
        type: 'domain',
        ts: BOOT + 127_120,
        tsSource: 'poll',
        uptime: 127.12,
        domid: 0,
        name: 'Domain-0',
        state: 'r-----',
        memMiB: 1024,
        vcpus: 2,
        cpuSeconds: 138.6,
        line: 4,
      },
      {
        type: 'domain',
        ts: BOOT + 127_120,
        tsSource: 'poll',
        uptime: 127.12,
        domid: 1,
        name: 'domu1',
        state: '---sc-',
        shutdownReason: 3,
        memMiB: 128,
        vcpus: 1,
        cpuSeconds: 21.9,
        line: 5,
      },
    ]);
  });

  it('places every snapshot of a poll file at its own uptime, and sees the re-created domain', async () => {
    const { records, diags } = await parseLab(xlListFormat, 'xl-list-domu2-poll.txt', { bootTime: BOOT });
    expect(diags).toEqual([]);
    const domu2 = records.filter((r) => r.name === 'domu2');
    expect(domu2).toHaveLength(24);
    expect(domu2[0]).toMatchObject({ domid: 2, ts: BOOT + 169_760, tsSource: 'poll', state: 'r-----' });
    expect(domu2.map((r) => [r.domid, r.state, r.shutdownReason]).slice(8, 11)).toEqual([
      [2, '---sc-', 3],
      [2, '--psc-', 3],
      [3, '--p---', undefined],
    ]);
    // Powered off at last: `s` with reason letter `-` is code 0.
    expect(domu2.at(-1)).toMatchObject({ uptime: 239.23, state: '--ps--', shutdownReason: 0 });
  });

  it('reads -v: the UUID, and the reason code column', async () => {
    const { records } = await parseLab(xlListFormat, 'xl-list-v.txt');
    expect(records).toEqual([
      expect.objectContaining({
        name: 'Domain-0',
        uuid: '00000000-0000-0000-0000-000000000000',
        cpuSeconds: 38.9,
      }),
    ]);
    expect(records[0]!.shutdownReason).toBeUndefined();
  });

  it.each([
    ['xl-list.txt', 1],
    ['xl-list-after-domu1-destroy.txt', 1],
    ['xl-list-after-domu2.txt', 1],
    ['xl-list-domu1-running.txt', 2],
    ['xl-list-domu1-poll.txt', 10],
  ])('reads %s (%i rows)', async (name, rows) => {
    const { records, diags } = await parseLab(xlListFormat, name);
    expect(diags).toEqual([]);
    expect(records).toHaveLength(rows);
  });
});

describe('xl list (real-world pastes)', () => {
  it('reads long FQDN names (Ganeti test data, Xen 4.0.1)', async () => {
    const { records, diags } = await runParser(xlListFormat, pasteLines('003'), ctxFor('003'));
    expect(diags.map((d) => d.line)).toEqual([1]); // the corpus' own `# source:` line
    expect(records.map((r) => [r.name, r.domid, r.memMiB, r.cpuSeconds])).toEqual([
      ['Domain-0', 0, 1023, 154706.1],
      ['server01.example.com', 1, 1024, 167643.2],
      ['web3106215069.example.com', 3, 4096, 466690.9],
      ['testinstance.example.com', 2, 2048, 244443],
    ]);
    const dom0 = await runParser(xlListFormat, pasteLines('002'), ctxFor('002'));
    expect(dom0.records.map((r) => [r.name, r.cpuSeconds])).toEqual([['Domain-0', 121152.6]]);
  });

  it('reads a name with spaces from an issue paste (XCP-ng, tabs in the header)', async () => {
    const { records } = await runParser(xlListFormat, pasteLines('023'), ctxFor('023'));
    expect(records).toEqual([
      expect.objectContaining({ name: 'YDI test install r620q4', domid: 202, memMiB: 8193, state: '------' }),
    ]);
  });

  it('reads the old xm list with collapsed whitespace', async () => {
    const { records } = await runParser(xlListFormat, pasteLines('035'), ctxFor('035'));
    expect(records.map((r) => [r.name, r.domid, r.vcpus, r.state])).toEqual([
      ['48_VM1', 3, 1, '-b----'],
      ['Domain-0', 0, 2, 'r-----'],
    ]);
  });
});

describe('xl list edge cases', () => {
  it('maps every reason letter and the -v hex code', async () => {
    const { records, diags } = await checkGolden(
      xlListFormat,
      FORMAT,
      'verbose-reasons',
      CTX['verbose-reasons'],
    );
    expect(diags).toEqual([]);
    expect(records.map((r) => [r.name, r.shutdownReason])).toEqual([
      ['Domain-0', undefined],
      ['web 01 (prod)', undefined],
      ['crashed1', 3],
      ['rebooting', 1],
      ['watched', 4],
      ['odd', 31],
      ['(null)', undefined],
    ]);
  });

  it('keeps the good rows of a damaged snapshot and reads date lines in ctx.tz', async () => {
    const { records, diags } = await checkGolden(
      xlListFormat,
      FORMAT,
      'poll-dates-and-junk',
      CTX['poll-dates-and-junk'],
    );
    expect(diags.map((d) => [d.line, d.code])).toEqual([
      [5, 'unknown_line'],
      [6, 'bad_number'],
      [7, 'unknown_value'],
    ]);
    expect(records.map((r) => [r.name, r.ts, r.tsSource])).toEqual([
      ['Domain-0', Date.UTC(2026, 10, 26, 12, 0, 0), 'line'],
      ['domu1', Date.UTC(2026, 10, 26, 12, 0, 0), 'line'],
      ['Domain-0', Date.UTC(2026, 10, 26, 12, 0, 5), 'line'],
      ['domu1', Date.UTC(2026, 10, 26, 12, 0, 5), 'line'],
    ]);
  });

  it('reads xm crashed state (c without s) as reason 3', async () => {
    const { records } = await checkGolden(xlListFormat, FORMAT, 'xm-crashed');
    expect(records[0]).toMatchObject({ name: '48_VM1', state: '----c-', shutdownReason: 3 });
  });
});

describe('xl list properties', () => {
  const real = labLines('xl-list-domu2-poll.txt');

  it('never throws on arbitrary input', async () => {
    await checkNeverThrows(xlListFormat, real, ctxFor('fuzz'));
  });

  it('loses no record to junk lines spliced in', async () => {
    await checkSplicedJunk(xlListFormat, real, ctxFor('x', { bootTime: BOOT }), sameRecordsBesideLines);
  });
});
