/**
 * Time helpers. Everything inside xenscope is UTC milliseconds; zone-less stamps are placed with an
 * IANA zone (`--tz`), computed with Intl so no tz database has to ship with us.
 */

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(tz: string): Intl.DateTimeFormat {
  let f = formatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: tz,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(tz, f);
  }
  return f;
}

/** Is `tz` a zone this runtime knows? */
export function isValidTimeZone(tz: string): boolean {
  try {
    formatterFor(tz);
    return true;
  } catch {
    return false;
  }
}

/** Offset of `tz` from UTC at instant `utcMs`, in ms (positive east of Greenwich). */
export function zoneOffsetMs(tz: string, utcMs: number): number {
  if (tz === 'UTC' || tz === 'Etc/UTC') return 0;
  const parts = formatterFor(tz).formatToParts(new Date(utcMs));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const asUtc = Date.UTC(
    get('year'),
    get('month') - 1,
    get('day'),
    get('hour'),
    get('minute'),
    get('second'),
  );
  return asUtc - Math.floor(utcMs / 1000) * 1000;
}

/** Cache of offsets per hour of local time: log files have millions of lines and few hours. */
const offsetCache = new Map<string, number>();

/**
 * Converts a wall-clock time in `tz` to UTC ms. In a DST gap or overlap the earlier instant wins,
 * as most syslog readers do.
 */
export function localToUtc(
  tz: string,
  year: number,
  month: number, // 1-12
  day: number,
  hour: number,
  minute: number,
  second: number,
  ms = 0,
): number {
  const naive = Date.UTC(year, month - 1, day, hour, minute, second, ms);
  if (tz === 'UTC' || tz === 'Etc/UTC') return naive;
  const hourKey = `${tz}|${Math.floor(naive / 3_600_000)}`;
  const cached = offsetCache.get(hourKey);
  if (cached !== undefined) return naive - cached;
  // Two iterations settle the offset except inside a transition.
  let guess = naive - zoneOffsetMs(tz, naive);
  guess = naive - zoneOffsetMs(tz, guess);
  const off = naive - guess;
  if (offsetCache.size > 10_000) offsetCache.clear();
  offsetCache.set(hourKey, off);
  return guess;
}

export const MONTHS: Readonly<Record<string, number>> = {
  Jan: 1,
  Feb: 2,
  Mar: 3,
  Apr: 4,
  May: 5,
  Jun: 6,
  Jul: 7,
  Aug: 8,
  Sep: 9,
  Oct: 10,
  Nov: 11,
  Dec: 12,
};

/** ISO 8601 UTC with seconds (and milliseconds when not zero). */
export function toIso(ms: number): string {
  const s = new Date(ms).toISOString();
  return s.endsWith('.000Z') ? `${s.slice(0, -5)}Z` : s;
}

/** Days in `month` (1–12) of `year` (proleptic Gregorian, as `Date` counts). */
export function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** 400 Gregorian years, in ms: `Date.UTC` reads years 0–99 as 1900–1999, so those are shifted by it. */
const FOUR_CENTURIES_MS = 146_097 * 86_400_000;

const MONTH_NAMES = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
] as const;

/** A user-given time read, or why not; `reason` is set when the form is right but a field is not. */
export type UserTime = { ok: true; ms: number } | { ok: false; reason: string | null };

/**
 * Reads a user-given time: ISO 8601 (a zone-less one is read in `tz`), epoch seconds, or a
 * relative form (`-2h`, `-30m`, `-7d`, `-90s`) against `now`. Out-of-range fields are refused with
 * the field named, never rolled over (`Date.UTC` would read 2026-02-30 as 2 March, and a typo
 * would quietly move the window): month 1–12, day 1 to the month's last, hour 0–23 (no `24:00`:
 * write the next day's 00:00), minute 0–59, second 0–60 (60 is a leap second, read as the next
 * minute's 00 because `Date` has no leap seconds), zone offset up to ±23:59.
 */
export function readUserTime(text: string, now: number, tz = 'UTC'): UserTime {
  const t = text.trim();
  const rel = /^-(\d+(?:\.\d+)?)(s|m|h|d|w)$/.exec(t);
  if (rel) {
    const unit = { s: 1e3, m: 60e3, h: 3600e3, d: 86400e3, w: 604800e3 }[
      rel[2] as 's' | 'm' | 'h' | 'd' | 'w'
    ];
    return { ok: true, ms: now - Number(rel[1]) * unit };
  }
  if (t === 'now') return { ok: true, ms: now };
  if (/^\d{9,11}(\.\d+)?$/.test(t)) return { ok: true, ms: Math.round(Number(t) * 1000) };
  const m =
    /^(\d{4})-(\d\d)-(\d\d)(?:[T ](\d\d):(\d\d)(?::(\d\d)(?:[.,](\d{1,9}))?)?)?\s*(Z|[+-]\d\d:?\d\d)?$/.exec(
      t,
    );
  if (!m) return { ok: false, reason: null };
  const [, ys, mos, ds, hs = '0', mis = '0', ss = '0', frac, zone] = m;
  const [y, mo, d, h, mi, s] = [+ys!, +mos!, +ds!, +hs, +mis, +ss];
  const bad = (reason: string): UserTime => ({ ok: false, reason });
  if (mo < 1 || mo > 12) return bad(`month ${mos} is not 1–12`);
  const last = daysInMonth(y, mo);
  if (d < 1 || d > last) return bad(`${MONTH_NAMES[mo - 1]} ${ys} has days 1–${last}, not ${ds}`);
  if (h > 23) return bad(`hour ${hs} is not 0–23${h === 24 ? ' (write 00:00 of the next day)' : ''}`);
  if (mi > 59) return bad(`minute ${mis} is not 0–59`);
  if (s > 60) return bad(`second ${ss} is not 0–60`);
  let off = 0;
  if (zone !== undefined && zone !== 'Z') {
    const digits = zone.replace(':', '').slice(1);
    const oh = Number(digits.slice(0, 2));
    const om = Number(digits.slice(2));
    if (oh > 23 || om > 59) return bad(`zone offset ${zone} is not within ±23:59`);
    off = (zone.startsWith('-') ? -1 : 1) * (oh * 60 + om) * 60_000;
  }
  const ms = frac ? Math.round(Number(`0.${frac}`) * 1000) : 0;
  const shift = y < 100 ? 400 : 0;
  const utc =
    zone === undefined
      ? localToUtc(tz, y + shift, mo, d, h, mi, s, ms)
      : Date.UTC(y + shift, mo - 1, d, h, mi, s, ms) - off;
  return { ok: true, ms: shift > 0 ? utc - FOUR_CENTURIES_MS : utc };
}

/** `readUserTime` without the reason: the time in UTC ms, or null when unreadable or out of range. */
export function parseUserTime(text: string, now: number, tz = 'UTC'): number | null {
  const r = readUserTime(text, now, tz);
  return r.ok ? r.ms : null;
}

/** Parses a numeric offset like `+0000`, `+00:00`, `-0530`, `Z`; returns ms or null. */
export function parseOffset(zone: string): number | null {
  if (zone === 'Z' || zone === 'z') return 0;
  const m = /^([+-])(\d\d):?(\d\d)$/.exec(zone);
  if (!m) return null;
  const v = (Number(m[2]) * 60 + Number(m[3])) * 60_000;
  return m[1] === '-' ? -v : v;
}
