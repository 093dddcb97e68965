/**
 * `readUserTime`/`parseUserTime` (`--since`, `--until`, `--start`, `--boot-time`): every real time
 * round-trips, and an impossible date or clock time is refused with the field named instead of
 * being rolled over into another day (2026-02-30 is not 2 March).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { daysInMonth, parseUserTime, readUserTime, toIso } from '../../src/model/time.js';

const NOW = Date.UTC(2026, 10, 26, 12, 0, 0);
const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** Any instant from 0000-01-01 to 9999-12-31, the years ISO 8601's four digits can write. */
const anyDate = fc.date({
  min: new Date('0000-01-01T00:00:00.000Z'),
  max: new Date('9999-12-31T23:59:59.999Z'),
  noInvalidDate: true,
});

describe('readUserTime: valid times', () => {
  it('reads back every Date written as ISO 8601 UTC (toISOString and toIso)', () => {
    fc.assert(
      fc.property(anyDate, (d) => {
        expect(parseUserTime(d.toISOString(), NOW)).toBe(d.getTime());
        expect(parseUserTime(toIso(d.getTime()), NOW)).toBe(d.getTime());
      }),
      { numRuns: 2000 },
    );
  });

  it('reads back every Date written with a numeric offset, and zone-less in UTC', () => {
    fc.assert(
      fc.property(anyDate, fc.integer({ min: -14 * 60, max: 14 * 60 }), fc.boolean(), (d, offMin, colon) => {
        const ms = d.getTime();
        const local = new Date(ms + offMin * 60_000);
        // The wall clock must stay within the four-digit years ISO 8601 writes.
        fc.pre(local.getUTCFullYear() >= 0 && local.getUTCFullYear() <= 9999);
        const fields = `${pad(local.getUTCFullYear(), 4)}-${pad(local.getUTCMonth() + 1)}-${pad(local.getUTCDate())}T${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}:${pad(local.getUTCSeconds())}.${pad(local.getUTCMilliseconds(), 3)}`;
        const sign = offMin < 0 ? '-' : '+';
        const zone = `${sign}${pad(Math.floor(Math.abs(offMin) / 60))}${colon ? ':' : ''}${pad(Math.abs(offMin) % 60)}`;
        expect(parseUserTime(`${fields}${zone}`, NOW)).toBe(ms);
        if (offMin === 0) expect(parseUserTime(fields, NOW, 'UTC')).toBe(ms);
      }),
      { numRuns: 2000 },
    );
  });

  it('takes the days a month really has, leap years included', () => {
    expect(parseUserTime('2024-02-29', NOW)).toBe(Date.UTC(2024, 1, 29));
    expect(parseUserTime('2000-02-29T00:00Z', NOW)).toBe(Date.UTC(2000, 1, 29));
    expect(parseUserTime('2026-04-30T23:59:59Z', NOW)).toBe(Date.UTC(2026, 3, 30, 23, 59, 59));
    expect([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12].map((m) => daysInMonth(2026, m))).toEqual([
      31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31,
    ]);
    expect(daysInMonth(1900, 2)).toBe(28);
    expect(daysInMonth(2400, 2)).toBe(29);
  });

  it('reads a leap second as the next minute (Date has no leap seconds)', () => {
    expect(parseUserTime('2016-12-31T23:59:60Z', NOW)).toBe(Date.UTC(2017, 0, 1));
  });

  it('still reads relative times, now and epoch seconds', () => {
    expect(parseUserTime('-2h', NOW)).toBe(NOW - 7_200_000);
    expect(parseUserTime('now', NOW)).toBe(NOW);
    expect(parseUserTime('1764158400', NOW)).toBe(1_764_158_400_000);
  });
});

describe('readUserTime: impossible fields are refused, never rolled over', () => {
  it('refuses the review’s examples with the field named', () => {
    expect(readUserTime('2026-13-45', NOW)).toEqual({ ok: false, reason: 'month 13 is not 1–12' });
    expect(readUserTime('2026-02-30', NOW)).toEqual({
      ok: false,
      reason: 'February 2026 has days 1–28, not 30',
    });
    expect(readUserTime('2026-11-26T99:99Z', NOW)).toEqual({ ok: false, reason: 'hour 99 is not 0–23' });
    expect(readUserTime('2026-11-26T25:00:00Z', NOW)).toEqual({ ok: false, reason: 'hour 25 is not 0–23' });
    expect(readUserTime('2026-11-26T24:00:00Z', NOW)).toEqual({
      ok: false,
      reason: 'hour 24 is not 0–23 (write 00:00 of the next day)',
    });
    expect(readUserTime('2100-02-29', NOW)).toMatchObject({
      ok: false,
      reason: /February 2100 has days 1–28/,
    });
    expect(readUserTime('2026-11-26T12:00:00+25:00', NOW)).toMatchObject({ ok: false, reason: /offset/ });
    expect(readUserTime('garbage', NOW)).toEqual({ ok: false, reason: null });
    expect(parseUserTime('2026-02-30', NOW)).toBeNull();
  });

  it('refuses any one out-of-range field in an otherwise valid time', () => {
    const field = fc.constantFrom('month', 'day', 'hour', 'minute', 'second');
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 9999 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 31 }),
        fc.integer({ min: 0, max: 23 }),
        fc.integer({ min: 0, max: 59 }),
        fc.integer({ min: 0, max: 60 }),
        field,
        fc.integer({ min: 0, max: 99 }),
        fc.constantFrom('Z', '', '+02:00', '-0530'),
        (y, mo0, d0, h0, mi0, s0, which, bad, zone) => {
          const f = { month: mo0, day: Math.min(d0, daysInMonth(y, mo0)), hour: h0, minute: mi0, second: s0 };
          const outOfRange: Record<typeof which, (v: number) => boolean> = {
            month: (v) => v < 1 || v > 12,
            day: (v) => v < 1 || v > daysInMonth(y, f.month),
            hour: (v) => v > 23,
            minute: (v) => v > 59,
            second: (v) => v > 60,
          };
          fc.pre(outOfRange[which](bad));
          f[which] = bad;
          const text = `${pad(y, 4)}-${pad(f.month)}-${pad(f.day)}T${pad(f.hour)}:${pad(f.minute)}:${pad(f.second)}${zone}`;
          const r = readUserTime(text, NOW);
          expect(r.ok, text).toBe(false);
          expect(r.ok === false && r.reason, text).toMatch(
            which === 'day' ? /has days 1–(28|29|30|31), not/ : new RegExp(`^${which} ${pad(bad)} is not`),
          );
        },
      ),
      { numRuns: 3000 },
    );
  });
});
