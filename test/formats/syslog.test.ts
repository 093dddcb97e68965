import { describe, expect, it } from 'vitest';
import { syslogFormat } from '../../src/formats/syslog.js';
import type { LogRecord } from '../../src/model/index.js';
import { checkGolden, fixtureLines } from '../helpers/golden.js';
import { checkLogJunkSurvival, checkLogNeverThrows } from '../helpers/junk.js';
import { ctxFor, runParser } from '../helpers/parse.js';
import { pasteLines } from '../helpers/shared.js';

const asLogs = (rs: readonly { type: string }[]) => rs as LogRecord[];

describe('syslog pasted in mails', () => {
  it('016: quoted kern.log lines with kernel uptimes (year given)', async () => {
    const { records, diags } = await runParser(
      syslogFormat,
      pasteLines('016'),
      ctxFor('016.txt', { year: 2022 }),
    );
    const logs = asLogs(records);
    expect(logs).toHaveLength(33);
    expect(logs[0]).toEqual({
      type: 'log',
      ts: Date.parse('2022-07-02T00:36:54Z'),
      tsSource: 'line',
      source: 'kernel',
      message: 'pciback 0000:05:00.0: xen_pciback: seizing device',
      line: 5,
      uptime: 1.64827,
      program: 'kernel',
      hostname: 'gaia',
    });
    expect(logs.at(-1)!.message).toBe('pciback 0000:05:00.0: xen_pciback: MSI-X preparation failed (-6)');
    // prose, elisions and shell lines of the mail are reported, not guessed at
    expect(diags.every((d) => d.code === 'unknown_line')).toBe(true);
  });

  it('019: journalctl short with zero-padded days; wrapped continuations reported', async () => {
    const mtime = Date.parse('2022-04-06T10:00:00Z');
    const { records, diags } = await runParser(
      syslogFormat,
      pasteLines('019'),
      ctxFor('019.txt', { fileMtime: mtime }),
    );
    const logs = asLogs(records);
    const rx = logs.find((r) => r.message === 'vif vif-18-0 vif18.0: Guest Rx ready')!;
    expect(rx).toMatchObject({ ts: Date.parse('2022-04-05T20:46:17Z'), source: 'kernel', hostname: 'Dom0' });
    expect(logs.find((r) => r.program === 'dhcpd')).toMatchObject({ source: 'syslog', hostname: 'Dom0' });
    expect(diags.filter((d) => d.code === 'time_inferred')).toHaveLength(1);
    expect(diags.filter((d) => d.code === 'unknown_line').length).toBeGreaterThan(10);
  });
});

describe('syslog golden fixtures', () => {
  it('rfc3164-year-rollover: Dec lines belong to the year before a January mtime', async () => {
    const { records } = await checkGolden(syslogFormat, 'syslog', 'rfc3164-year-rollover', {
      fileMtime: Date.parse('2027-01-01T00:05:00Z'),
    });
    expect(asLogs(records).map((r) => new Date(r.ts!).getUTCFullYear())).toEqual([2026, 2026, 2027, 2027]);
  });
  it('rfc3164-tz: zone-less stamps in Europe/Berlin across the spring DST step', async () => {
    const { records } = await checkGolden(syslogFormat, 'syslog', 'rfc3164-tz', {
      tz: 'Europe/Berlin',
      year: 2026,
    });
    expect(asLogs(records)[1]!.ts! - asLogs(records)[0]!.ts!).toBe(1000);
  });
  it('rfc3164-no-year: times left unplaced, reported once', async () => {
    await checkGolden(syslogFormat, 'syslog', 'rfc3164-no-year');
  });
  it('rfc5424', async () => {
    await checkGolden(syslogFormat, 'syslog', 'rfc5424');
  });
  it('rfc3339-and-journalctl: rsyslog and journalctl short-* modes', async () => {
    await checkGolden(syslogFormat, 'syslog', 'rfc3339-and-journalctl', { tz: 'Europe/Berlin', year: 2026 });
  });
  it('a given year rolls over at a Dec → Jan step', async () => {
    const lines = fixtureLines('syslog', 'rfc3164-year-rollover');
    const { records, diags } = await runParser(syslogFormat, lines, ctxFor('x', { year: 2026 }));
    expect(diags).toEqual([]);
    expect(asLogs(records).map((r) => new Date(r.ts!).getUTCFullYear())).toEqual([2026, 2026, 2027, 2027]);
  });
});

describe('syslog properties', () => {
  const real = [...fixtureLines('syslog', 'rfc3339-and-journalctl'), ...fixtureLines('syslog', 'rfc3164-tz')];
  it('junk lines cost no good record', async () => {
    await checkLogJunkSurvival(syslogFormat, real, ctxFor('syslog', { year: 2026, tz: 'Europe/Berlin' }));
  });
  it('never throws', async () => {
    await checkLogNeverThrows(
      syslogFormat,
      [...real, ...fixtureLines('syslog', 'rfc5424')],
      ctxFor('x', { fileMtime: 0 }),
    );
  });
});
