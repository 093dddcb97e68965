import { describe, expect, it } from 'vitest';
import { dmesgFormat } from '../../src/formats/dmesg.js';
import type { LogRecord } from '../../src/model/index.js';
import { checkGolden, fixtureLines } from '../helpers/golden.js';
import { checkLogJunkSurvival, checkLogNeverThrows } from '../helpers/junk.js';
import { ctxFor, parseLab, runParser } from '../helpers/parse.js';
import { labLines, pasteLines } from '../helpers/shared.js';

const asLogs = (rs: readonly { type: string }[]) => rs as LogRecord[];

describe('dmesg from the real captures', () => {
  it('dom0-dmesg-final.txt: uptimes, placed once a boot time is known', async () => {
    const bootTime = Date.parse('2026-11-26T12:26:05Z');
    const { records, diags } = await parseLab(dmesgFormat, 'dom0-dmesg-final.txt', {
      harnessComments: true,
      bootTime,
    });
    expect(diags).toEqual([]);
    const logs = asLogs(records);
    expect(logs).toHaveLength(479);
    expect(logs.every((r) => r.source === 'kernel' && r.tsSource === 'boot+uptime')).toBe(true);
    expect(logs[0]).toMatchObject({ uptime: 0, ts: bootTime, line: 3 });
    expect(logs.at(-1)).toMatchObject({
      message: 'xenbr0: port 1(vif3.0) entered disabled state',
      uptime: 238.284103,
      ts: bootTime + 238_284,
    });
  });

  it('without a boot time the uptime waits for ingest', async () => {
    const { records } = await parseLab(dmesgFormat, 'dom0-dmesg-after-domu1-crash.txt');
    expect(asLogs(records).every((r) => r.ts === null && r.tsSource === null && r.uptime !== undefined)).toBe(
      true,
    );
  });

  it('018: a blkback WARNING splat keeps its indentation', async () => {
    const { records, diags } = await runParser(dmesgFormat, pasteLines('018'), ctxFor('018.txt'));
    expect(diags.map((d) => d.line)).toEqual([1]);
    const logs = asLogs(records);
    expect(logs).toHaveLength(63);
    expect(logs[3]).toMatchObject({
      message: 'xen-blkback: backend/vbd/17/51712: using 2 queues, protocol 1 (x86_64-abi) persistent grants',
      uptime: 144011.012144,
    });
    expect(logs.map((r) => r.message)).toContain(' frontend_changed+0x3b2/0x470');
  });

  it('026: a guest oops copied from a console log reads as kernel lines', async () => {
    const { records } = await runParser(dmesgFormat, pasteLines('026'), ctxFor('026.txt'));
    expect(asLogs(records)[0]).toMatchObject({
      message: 'BUG: unable to handle page fault for address: ffffc9000096b818',
      uptime: 3.456316,
    });
  });
});

describe('dmesg golden fixtures', () => {
  it('variants: raw, -T, iso, -x, -r, /dev/kmsg', async () => {
    await checkGolden(dmesgFormat, 'dmesg', 'variants', {
      tz: 'Europe/Berlin',
      bootTime: Date.parse('2026-11-26T10:00:00Z'),
    });
  });
});

describe('dmesg properties', () => {
  const real = labLines('dom0-dmesg-final.txt').slice(0, 150);
  it('junk lines cost no good record', async () => {
    await checkLogJunkSurvival(dmesgFormat, real, ctxFor('dmesg.txt'));
  });
  it('never throws', async () => {
    await checkLogNeverThrows(
      dmesgFormat,
      [...real.slice(0, 40), ...fixtureLines('dmesg', 'variants')],
      ctxFor('x'),
    );
  });
});
