import { describe, expect, it } from 'vitest';
import { xlLogDomain, xlLogFormat } from '../../src/formats/xl-log.js';
import type { DomainSeenRecord, LogRecord } from '../../src/model/index.js';
import { checkGolden, fixtureLines } from '../helpers/golden.js';
import { checkLogJunkSurvival, checkLogNeverThrows } from '../helpers/junk.js';
import { ctxFor, parseLab, runParser } from '../helpers/parse.js';
import { labLines, pasteLines } from '../helpers/shared.js';

const logsOf = (rs: readonly { type: string }[]) => rs.filter((r): r is LogRecord => r.type === 'log');
const seenOf = (rs: readonly { type: string }[]) =>
  rs.filter((r): r is DomainSeenRecord => r.type === 'domain');

describe('xl-<name>.log from the real Xen 4.17 capture', () => {
  it('xl-domu2.log: two lives of domu2, domids 2 and 3, no times', async () => {
    const { records, diags } = await parseLab(xlLogFormat, 'var-log-xen/xl-domu2.log', {
      file: 'var-log-xen/xl-domu2.log',
    });
    expect(diags).toEqual([]);
    const seen = seenOf(records);
    expect(seen.map((s) => [s.domid, s.name, s.line, s.ts])).toEqual([
      [2, 'domu2', 1, null],
      [3, 'domu2', 6, null],
    ]);
    const logs = logsOf(records);
    expect(logs).toHaveLength(10);
    expect(logs.every((r) => r.source === 'xl' && r.domain === 'domu2' && r.ts === null)).toBe(true);
    expect(logs.map((r) => r.domid)).toEqual([2, 2, 2, 2, 2, 3, 3, 3, 3, 3]);
    expect(logs[1]!.message).toBe('Domain 2 has shut down, reason code 3 0x3');
    expect(logs.some((r) => r.severity !== undefined)).toBe(false);
  });

  it('xl-domu1.log: libxl debug lines with their level, Domain N: prefixes, xencall lines kept', async () => {
    const { records, diags } = await parseLab(xlLogFormat, 'var-log-xen/xl-domu1.log', {
      file: 'xl-domu1.log',
    });
    expect(diags).toEqual([]);
    const logs = logsOf(records);
    expect(logs).toHaveLength(27);
    expect(seenOf(records)).toEqual([
      { type: 'domain', ts: null, tsSource: null, domid: 1, name: 'domu1', line: 1 },
    ]);
    const libxl = logs.filter((r) => r.program === 'libxl');
    expect(libxl).toHaveLength(15);
    expect(libxl.every((r) => r.severity === 'debug')).toBe(true);
    expect(logs[3]).toMatchObject({ domid: 1, domain: 'domu1', line: 4 });
    expect(logs[6]!.domid).toBeUndefined(); // `[evg=0] all reported` names no domain
    const xencall = logs.filter((r) => r.program === 'xencall:buffer');
    expect(xencall.map((r) => r.message)).toContain('xencall:buffer: debug: cache hits:2 misses:2 toobig:0');
    expect(logs.find((r) => r.message === 'Action for shutdown reason code 3 is preserve')!.domid).toBe(1);
  });

  it('xl -vvv create capture: harness lines skipped, their uptime kept, placed with a boot time', async () => {
    const bootTime = Date.parse('2026-11-26T12:26:05Z');
    const { records, diags } = await parseLab(xlLogFormat, 'xl-create-domu1.txt', {
      harnessComments: true,
      bootTime,
    });
    expect(diags).toEqual([]);
    const logs = logsOf(records);
    expect(logs).toHaveLength(171);
    expect(logs[0]).toMatchObject({
      message: 'Parsing config from /etc/xen/domu1.cfg',
      uptime: 44.79,
      line: 3,
    });
    expect(logs.every((r) => r.ts === bootTime + 44_790 && r.tsSource === 'boot+uptime')).toBe(true);
    expect(logs.filter((r) => r.domid === 1)).toHaveLength(27);
    expect(logs.filter((r) => r.severity === 'debug').length).toBeGreaterThan(100);
  });

  it('xl -vvv destroy capture', async () => {
    const { records, diags } = await parseLab(xlLogFormat, 'xl-destroy-domu1.txt', { harnessComments: true });
    expect(diags).toEqual([]);
    const logs = logsOf(records);
    expect(logs).toHaveLength(55);
    expect(logs[0]).toMatchObject({ domid: 1, ts: null, uptime: 138.16, severity: 'debug' });
  });

  it('a mail quoting an xl log (010): quoting removed, domid and name read', async () => {
    const lines = pasteLines('010').slice(2, 7);
    const { records } = await runParser(xlLogFormat, lines, ctxFor('mail.txt'));
    expect(seenOf(records)).toMatchObject([{ domid: 4, name: 'soti.vm' }]);
    expect(logsOf(records).map((r) => r.domid)).toEqual([4, 4, 4, 4, 4]);
    expect(logsOf(records)[1]!.message).toBe('Domain 4 has shut down, reason code 3 0x3');
    for (const l of lines) expect(xlLogFormat.matchLine(l)).toBe(true);
  });

  it('a stub domain interleaved capture (031): (dN) console lines become hypervisor records', async () => {
    const { records } = await runParser(xlLogFormat, pasteLines('031'), ctxFor('typescript-l1.txt'));
    const stub = logsOf(records).filter((r) => r.source === 'hypervisor');
    expect(stub[0]).toMatchObject({ domid: 2, message: 'Bootstrapping...' });
    expect(logsOf(records).filter((r) => r.domid === 2 && r.program === 'libxl').length).toBeGreaterThan(10);
  });

  it('a foreground xl log (032): the stub domain (Domain 2) is not named after the monitored guest', async () => {
    const { records } = await runParser(xlLogFormat, pasteLines('032'), ctxFor('typescript-l0.txt'));
    const logs = logsOf(records);
    expect(seenOf(records)).toMatchObject([{ domid: 1, name: 'cmb-c7dom0' }]);
    const dm = logs.find((r) => r.message.includes("Didn't find dm UID"))!;
    expect(dm).toMatchObject({ domid: 2 });
    expect(dm.domain).toBeUndefined();
    expect(logs.find((r) => r.message.startsWith('Domain 1 has shut down'))!.domain).toBe('cmb-c7dom0');
  });
});

describe('xlLogDomain', () => {
  it('reads the name from xl-<name>.log and its rotations', () => {
    expect(xlLogDomain('/var/log/xen/xl-web01.log')).toBe('web01');
    expect(xlLogDomain('xl-my-db.log.3')).toBe('my-db');
    expect(xlLogDomain('xl-create-domu1.txt')).toBeUndefined();
  });
});

describe('xl-log golden fixtures', () => {
  it('monitor-log: -T dates (UTC and a local abbreviation), lifecycle, libxl and xc lines', async () => {
    await checkGolden(xlLogFormat, 'xl-log', 'monitor-log', {
      file: '/var/log/xen/xl-web01.log',
      tz: 'Europe/Berlin',
    });
  });
  it('capture-with-harness: uptime kept, no boot time', async () => {
    await checkGolden(xlLogFormat, 'xl-log', 'capture-with-harness', { harnessComments: true });
  });
});

describe('xl-log properties', () => {
  const real = labLines('var-log-xen/xl-domu1.log');
  it('junk lines cost no good record', async () => {
    await checkLogJunkSurvival(xlLogFormat, real, ctxFor('xl-domu1.log'));
  });
  it('never throws', async () => {
    await checkLogNeverThrows(
      xlLogFormat,
      [...real, ...fixtureLines('xl-log', 'monitor-log')],
      ctxFor('xl-x.log'),
    );
  });
});
