import { describe, expect, it } from 'vitest';
import { consoleFileRole, consoleFormat } from '../../src/formats/console.js';
import type { LogRecord } from '../../src/model/index.js';
import { checkGolden, fixtureLines } from '../helpers/golden.js';
import { checkLogJunkSurvival, checkLogNeverThrows } from '../helpers/junk.js';
import { ctxFor, parseLab } from '../helpers/parse.js';
import { labLines } from '../helpers/shared.js';

const at = (s: string) => Date.parse(s);
const asLogs = (rs: readonly { type: string }[]) => rs as LogRecord[];

describe('xenconsoled logs from the real Xen 4.17 capture', () => {
  it('guest-domu1.log: the panic at 12:28:08 (dom0 local time = UTC there), domain from the file name', async () => {
    const f = 'var-log-xen/console/guest-domu1.log';
    const { records, diags } = await parseLab(consoleFormat, f, { file: f });
    expect(diags).toEqual([]);
    const logs = asLogs(records);
    expect(logs).toHaveLength(297);
    expect(logs.every((r) => r.source === 'console' && r.domain === 'domu1' && r.tsSource === 'line')).toBe(
      true,
    );
    expect(logs[0]).toMatchObject({
      message: 'Logfile Opened',
      severity: 'debug',
      ts: at('2026-11-26T12:27:08Z'),
    });
    const panic = logs.find((r) => r.message.includes('Kernel panic - not syncing: sysrq triggered crash'))!;
    expect(panic).toMatchObject({
      ts: at('2026-11-26T12:28:08Z'),
      line: 262,
      message: '[   54.347470] Kernel panic - not syncing: sysrq triggered crash',
    });
    expect(panic.uptime).toBeUndefined(); // the guest's uptime, not dom0's
    expect(logs.some((r) => r.message.includes('\r'))).toBe(false);
  });

  it('guest-domu2.log: appended across the restart, two Logfile Opened lines', async () => {
    const f = 'var-log-xen/console/guest-domu2.log';
    const { records } = await parseLab(consoleFormat, f, { file: f, tz: 'Europe/Berlin' });
    const logs = asLogs(records);
    expect(logs.filter((r) => r.message === 'Logfile Opened').map((r) => [r.line, r.severity])).toEqual([
      [1, 'debug'],
      [294, 'debug'],
    ]);
    // the same wall time read in Berlin (UTC+1 in November)
    const panic = logs.find((r) => r.message.includes('Kernel panic - not syncing'))!;
    expect(panic.ts).toBe(at('2026-11-26T11:29:20Z'));
  });

  it('hypervisor.log: Xen console lines without their prefix, source hypervisor', async () => {
    const f = 'var-log-xen/console/hypervisor.log';
    const { records, diags } = await parseLab(consoleFormat, f, { file: f });
    expect(diags).toEqual([]);
    const logs = asLogs(records);
    expect(logs).toHaveLength(213);
    expect(logs.every((r) => r.source === 'hypervisor' && r.domain === undefined)).toBe(true);
    expect(logs[1]!.message.startsWith('Xen version 4.17.7 (Debian 4.17.7+13-g2445b30a44-0+deb12u1)')).toBe(
      true,
    );
    expect(logs[1]!.ts).toBe(at('2026-11-26T12:26:29Z'));
  });

  it('sniffs stamped console files above the Xen ring format', () => {
    expect(consoleFormat.sniff(labLines('var-log-xen/console/hypervisor.log').slice(0, 50))).toBeGreaterThan(
      0.9,
    );
    expect(consoleFormat.sniff(['[    0.000000] Linux version'])).toBe(0);
  });
});

describe('consoleFileRole', () => {
  it('reads guest and hypervisor log names', () => {
    expect(consoleFileRole('/var/log/xen/console/guest-web 01.log')).toEqual({
      source: 'console',
      domain: 'web 01',
    });
    expect(consoleFileRole('guest-db1-vuart0.log')).toEqual({ source: 'console', domain: 'db1' });
    expect(consoleFileRole('console/hypervisor.log.1')).toEqual({ source: 'hypervisor', domain: undefined });
    expect(consoleFileRole('paste.txt')).toEqual({ source: 'console', domain: undefined });
  });
});

describe('console golden fixtures', () => {
  it('stamped-guest: --timestamp, tz conversion, ANSI and control characters stripped', async () => {
    await checkGolden(consoleFormat, 'console', 'stamped-guest', {
      file: '/var/log/xen/console/guest-web01.log',
      tz: 'America/New_York',
    });
  });
  it('unstamped-guest: no --timestamp, a forged stamp stays data until xenconsoled opens the log', async () => {
    await checkGolden(consoleFormat, 'console', 'unstamped-guest', { file: 'console/guest-db1.log' });
  });
  it('hypervisor: Xen console stamps win over xenconsoled ones', async () => {
    const bootTime = at('2026-11-26T12:00:00Z');
    await checkGolden(consoleFormat, 'console', 'hypervisor', { file: 'console/hypervisor.log', bootTime });
  });
});

describe('console properties', () => {
  const real = labLines('var-log-xen/console/guest-domu1.log').slice(0, 120);
  it('junk lines cost no good record', async () => {
    await checkLogJunkSurvival(consoleFormat, real, ctxFor('guest-domu1.log'));
  });
  it('never throws', async () => {
    await checkLogNeverThrows(
      consoleFormat,
      [...real, ...fixtureLines('console', 'unstamped-guest')],
      ctxFor('hypervisor.log'),
    );
  });
});
