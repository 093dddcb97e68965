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

/**
 * Parses a user-given time: ISO 8601 (a zone-less one is read in `tz`), epoch seconds, or a
 * relative form (`-2h`, `-30m`, `-7d`, `-90s`) against `now`. Returns null when unreadable.
 */
export function parseUserTime(text: string, now: number, tz = 'UTC'): number | null {
  const t = text.trim();
  const rel = /^-(\d+(?:\.\d+)?)(s|m|h|d|w)$/.exec(t);
  if (rel) {
    const unit = { s: 1e3, m: 60e3, h: 3600e3, d: 86400e3, w: 604800e3 }[
      rel[2] as 's' | 'm' | 'h' | 'd' | 'w'
    ];
    return now - Number(rel[1]) * unit;
  }
  if (t === 'now') return now;
  if (/^\d{9,11}(\.\d+)?$/.test(t)) return Math.round(Number(t) * 1000);
  const m =
    /^(\d{4})-(\d\d)-(\d\d)(?:[T ](\d\d):(\d\d)(?::(\d\d)(?:[.,](\d{1,9}))?)?)?\s*(Z|[+-]\d\d:?\d\d)?$/.exec(
      t,
    );
  if (!m) return null;
  const [, y, mo, d, h = '0', mi = '0', s = '0', frac, zone] = m;
  const ms = frac ? Math.round(Number(`0.${frac}`) * 1000) : 0;
  if (zone === undefined) return localToUtc(tz, +y!, +mo!, +d!, +h, +mi, +s, ms);
  const naive = Date.UTC(+y!, +mo! - 1, +d!, +h, +mi, +s, ms);
  if (zone === 'Z') return naive;
  const sign = zone.startsWith('-') ? -1 : 1;
  const digits = zone.replace(':', '').slice(1);
  const off = (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2))) * 60_000;
  return naive - sign * off;
}

/** Parses a numeric offset like `+0000`, `+00:00`, `-0530`, `Z`; returns ms or null. */
export function parseOffset(zone: string): number | null {
  if (zone === 'Z' || zone === 'z') return 0;
  const m = /^([+-])(\d\d):?(\d\d)$/.exec(zone);
  if (!m) return null;
  const v = (Number(m[2]) * 60 + Number(m[3])) * 60_000;
  return m[1] === '-' ? -v : v;
}
