import { describe, expect, it } from 'vitest';
import { xenConsoleLineAt, xlDmesgFormat } from '../../src/formats/xl-dmesg.js';
import type { LogRecord } from '../../src/model/index.js';
import { checkGolden, fixtureLines } from '../helpers/golden.js';
import { checkLogJunkSurvival, checkLogNeverThrows } from '../helpers/junk.js';
import { ctxFor, parseLab, runParser } from '../helpers/parse.js';
import { labLines, pasteLines } from '../helpers/shared.js';

const asLogs = (rs: readonly { type: string }[]) => rs as LogRecord[];

describe('xl dmesg from the real Xen 4.17 capture', () => {
  it('xl-dmesg-final.txt: every ring line, harness lines skipped, no times', async () => {
    const { records, diags } = await parseLab(xlDmesgFormat, 'xl-dmesg-final.txt', { harnessComments: true });
    expect(diags).toEqual([]);
    const logs = asLogs(records);
    expect(logs).toHaveLength(212);
    expect(logs.every((r) => r.source === 'hypervisor' && r.ts === null && r.domid === undefined)).toBe(true);
    expect(logs[0]!.message.startsWith('Xen version 4.17.7 (Debian')).toBe(true);
    expect(logs.at(-1)!.message).toBe('Shared frames 0 -- Saved frames 0');
  });

  it('serial.log: the [host + t] capture prefix and escape sequences removed, dom0 kernel lines kept', async () => {
    const { records, diags } = await parseLab(xlDmesgFormat, 'serial.log');
    const logs = asLogs(records);
    const xen = logs.filter((r) => r.source === 'hypervisor');
    const kernel = logs.filter((r) => r.source === 'kernel');
    expect(xen).toHaveLength(219);
    expect(kernel).toHaveLength(442);
    expect(xen[0]!.message.startsWith('Xen version 4.17.7')).toBe(true);
    expect(kernel[0]).toMatchObject({ uptime: 0, ts: null, line: 161 });
    expect(xen.at(-1)!.message).toBe('Entering ACPI S5 state.');
    // SeaBIOS, initramfs and userspace lines are not Xen console lines
    expect(diags).toHaveLength(45);
    expect(diags.every((d) => d.code === 'unknown_line')).toBe(true);
  });

  it('the dom0 crash serial log ends with Xen rebooting the host', async () => {
    const { records } = await parseLab(
      xlDmesgFormat,
      'failures/tcg-cpu-max-default-smap-dom0-crash.serial.log',
    );
    const messages = asLogs(records).map((r) => r.message);
    expect(messages).toContain('Domain 0 (vcpu#0) crashed on cpu#0:');
    expect(messages.at(-1)).toBe('Hardware Dom0 crashed: rebooting machine in 5 seconds.');
  });

  it('020: console_timestamps=boot, placed with a Xen boot time', async () => {
    const bootTime = Date.parse('2026-01-01T00:00:00Z');
    const { records, diags } = await runParser(
      xlDmesgFormat,
      pasteLines('020'),
      ctxFor('020.txt', { bootTime }),
    );
    expect(diags.map((d) => d.line)).toEqual([1]); // the corpus header
    const crash = asLogs(records).find((r) => r.message === 'Domain 24 (vcpu#1) crashed on cpu#5:')!;
    expect(crash).toMatchObject({ uptime: 3423.961389, ts: bootTime + 3_423_961, tsSource: 'boot+uptime' });
  });

  it('015, 022, 024, 030, 033: pastes keep annotations, blank (XEN) lines and indentation', async () => {
    const r015 = asLogs((await runParser(xlDmesgFormat, pasteLines('015'), ctxFor('015.txt'))).records);
    expect(r015).toHaveLength(14);
    expect(r015[2]!.message).toBe('memory_map:add: dom1 gfn=f3078 mfn=a2616 nr=1 <===========Here');
    const r022 = asLogs((await runParser(xlDmesgFormat, pasteLines('022'), ctxFor('022.txt'))).records);
    expect(r022.map((r) => r.message)).toContain(
      'RFLAGS: 0000000000010206   EM: 1   CONTEXT: pv guest (d3v0)',
    );
    expect(r022[2]!.message).toBe(' L4[0x000] = 000000069220f067 000000000000040f');
    const r024 = asLogs((await runParser(xlDmesgFormat, pasteLines('024'), ctxFor('024.txt'))).records);
    expect(r024[0]!.message).toBe('d31 L1TF-vulnerable L1e 8010000013600066 - Crashing');
    const r030 = await runParser(xlDmesgFormat, pasteLines('030'), ctxFor('030.txt'));
    expect(asLogs(r030.records).filter((r) => r.message === '')).toHaveLength(7);
    expect(r030.diags.map((d) => d.line)).toEqual([1, 3]); // header, a mail-wrapped continuation
    const r033 = await runParser(xlDmesgFormat, pasteLines('033'), ctxFor('033.txt'));
    expect(r033.records).toHaveLength(54);
  });
});

describe('xenConsoleLineAt', () => {
  it('reads prefixes and console_timestamps forms', () => {
    expect(xenConsoleLineAt('(XEN) hello', 0)).toEqual({
      domid: undefined,
      message: 'hello',
      ts: null,
      uptime: undefined,
    });
    expect(xenConsoleLineAt('(d12) [2026-11-26 12:10:02] SeaBIOS', 0)).toEqual({
      domid: 12,
      message: 'SeaBIOS',
      ts: Date.parse('2026-11-26T12:10:02Z'),
      uptime: undefined,
    });
    expect(xenConsoleLineAt('(XEN)', 0)!.message).toBe('');
    expect(xenConsoleLineAt('(XENON) no', 0)).toBeNull();
    expect(xenConsoleLineAt('(d) no', 0)).toBeNull();
  });
});

describe('xl-dmesg golden fixtures', () => {
  it('console-timestamps: date, datems, boot, raw TSC and none', async () => {
    await checkGolden(xlDmesgFormat, 'xl-dmesg', 'console-timestamps');
  });
  it('pasted-serial: RFC 3164 (year from mtime), ISO, xenconsoled-style and [host + t] capture stamps', async () => {
    await checkGolden(xlDmesgFormat, 'xl-dmesg', 'pasted-serial', {
      tz: 'Europe/Berlin',
      fileMtime: Date.parse('2027-01-02T00:00:00Z'),
      harnessComments: true,
    });
  });
});

describe('xl-dmesg properties', () => {
  const real = labLines('xl-dmesg-after-domu1-crash.txt');
  it('junk lines cost no good record', async () => {
    await checkLogJunkSurvival(xlDmesgFormat, real, ctxFor('xl-dmesg.txt', { year: 2026 }));
  });
  it('never throws', async () => {
    await checkLogNeverThrows(
      xlDmesgFormat,
      [...real.slice(0, 50), ...fixtureLines('xl-dmesg', 'pasted-serial')],
      ctxFor('x', { tz: 'Europe/Berlin' }),
    );
  });
});
