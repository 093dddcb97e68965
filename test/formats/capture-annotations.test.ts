import { describe, expect, it } from 'vitest';
import {
  isCommand,
  parseDateLine,
  placeSnapshot,
  readAnnotation,
} from '../../src/formats/capture-annotations.js';
import { ctxFor } from '../helpers/parse.js';

const ctx = ctxFor('x');
const BOOT = Date.UTC(2026, 10, 26, 12, 0, 0);

describe('capture harness lines', () => {
  it('reads the command, the uptime of both forms, and the exit status', () => {
    expect(readAnnotation('# $ xentop -b -n -x -f -d 5 | awk 1', ctx)).toEqual({
      kind: 'command',
      argv: ['xentop', '-b', '-n', '-x', '-f', '-d', '5'],
    });
    expect(readAnnotation('# dom0 uptime: 128.89', ctx)).toEqual({ kind: 'uptime', seconds: 128.89 });
    expect(readAnnotation('# uptime 83.62', ctx)).toEqual({ kind: 'uptime', seconds: 83.62 });
    expect(readAnnotation('# rc=1', ctx)).toEqual({ kind: 'rc', code: 1 });
  });

  it('ignores other comments, and every harness line when ctx says so', () => {
    expect(readAnnotation('# xl info | egrep caps', ctx)).toBeNull();
    expect(readAnnotation('#$ xl list', ctx)).toBeNull();
    expect(readAnnotation('# rc=0', ctxFor('x', { harnessComments: false }))).toBeNull();
  });

  it('matches commands through xl global options', () => {
    expect(isCommand(['xl', 'list', '-l'], 'xl', 'list')).toBe(true);
    expect(isCommand(['/usr/sbin/xl', '-N', 'create', 'a.cfg'], 'xl', 'create')).toBe(true);
    expect(isCommand(['xl', 'info'], 'xl', 'list')).toBe(false);
    expect(isCommand(['xentop', '-b'], 'xentop')).toBe(true);
  });
});

describe('date lines', () => {
  it('reads date -Iseconds, -Ins, plain date and date -R', () => {
    const t = Date.UTC(2026, 10, 26, 12, 28, 8);
    expect(parseDateLine('2026-11-26T12:28:08+00:00', 'UTC')).toEqual({ ts: t, zoneFromCtx: false });
    expect(parseDateLine('2026-11-26T13:28:08,123456789+01:00', 'UTC')).toEqual({
      ts: t + 123,
      zoneFromCtx: false,
    });
    expect(parseDateLine('Thu Nov 26 12:28:08 UTC 2026', 'Europe/Paris')).toEqual({
      ts: t,
      zoneFromCtx: false,
    });
    expect(parseDateLine('Thu, 26 Nov 2026 07:28:08 -0500', 'UTC')).toEqual({ ts: t, zoneFromCtx: false });
  });

  it('reads a date without a usable zone in ctx.tz', () => {
    const t = Date.UTC(2026, 10, 26, 11, 28, 8);
    expect(parseDateLine('Thu Nov 26 12:28:08 CET 2026', 'Europe/Paris')).toEqual({
      ts: t,
      zoneFromCtx: true,
    });
    expect(parseDateLine('Thu Nov  5 12:28:08 2026', 'UTC')).toEqual({
      ts: Date.UTC(2026, 10, 5, 12, 28, 8),
      zoneFromCtx: true,
    });
    expect(parseDateLine('2026-11-26 12:28:08', 'Europe/Paris')).toEqual({ ts: t, zoneFromCtx: true });
  });

  it('takes nothing else for a date', () => {
    for (const line of [
      '2026-11-26',
      '1795696088',
      '  Domain-0 -----r         41    0.0',
      'xentop - 13:29:01   Xen 4.18.2',
      'Thu Nov 26 12:28:08 UTC 2026 and more',
    ]) {
      expect(parseDateLine(line, 'UTC')).toBeNull();
    }
  });
});

describe('placing a snapshot', () => {
  const clock = { date: null, uptime: null, sinceUptime: 0, intervalSeconds: null, index: 0 };

  it('prefers the date line, then --start/--interval, then boot + uptime', () => {
    const both = { ...clock, date: 5, uptime: 10 };
    expect(placeSnapshot(both, ctxFor('x', { start: 1, bootTime: 2 }), 'poll')).toEqual({
      ts: 5,
      tsSource: 'line',
    });
    const started = { ...clock, uptime: 10, index: 3, intervalSeconds: 2 };
    expect(
      placeSnapshot(started, ctxFor('x', { start: 1000, intervalSeconds: 5, bootTime: BOOT }), 'poll'),
    ).toEqual({
      ts: 16_000,
      tsSource: 'start+interval',
    });
    const up = { ...clock, uptime: 10.5, sinceUptime: 2, intervalSeconds: 5 };
    expect(placeSnapshot(up, ctxFor('x', { bootTime: BOOT }), 'boot+uptime')).toEqual({
      ts: BOOT + 20_500,
      tsSource: 'boot+uptime',
      uptime: 20.5,
    });
  });

  it('keeps the uptime without a boot time, and gives up without an interval', () => {
    expect(placeSnapshot({ ...clock, uptime: 7 }, ctx, 'poll')).toEqual({
      ts: null,
      tsSource: null,
      uptime: 7,
    });
    expect(placeSnapshot({ ...clock, uptime: 7, sinceUptime: 1 }, ctx, 'poll')).toEqual({
      ts: null,
      tsSource: null,
    });
    expect(placeSnapshot({ ...clock, index: 1 }, ctxFor('x', { start: 0 }), 'poll')).toEqual({
      ts: null,
      tsSource: null,
    });
    expect(placeSnapshot(clock, ctx, 'poll')).toEqual({ ts: null, tsSource: null });
  });
});
