/**
 * iostat's device columns and report stamps, shared by the text and JSON parsers (reference §4.5).
 * Columns are found by name, never by position: sysstat moved and renamed them between 11.x,
 * 12.0, 12.1–12.3 and 12.4+, `-m` turns kB into MB, and JSON drops the `%` of percent columns.
 */
import { localToUtc, parseOffset } from '../model/time.js';
import type { Metric } from '../model/vocabulary.js';

export interface IostatColumn {
  readonly metric: Metric;
  /** Multiplier from iostat's unit to ours (kB → 512-byte sectors, percent → ratio). */
  readonly factor: number;
}

const SECTORS_PER_KB = 2;
const SECTORS_PER_MB = 2048;

const COLUMNS: Readonly<Record<string, IostatColumn>> = {
  'r/s': { metric: 'disk_reads_per_s', factor: 1 },
  'w/s': { metric: 'disk_writes_per_s', factor: 1 },
  'rkB/s': { metric: 'disk_read_sect_per_s', factor: SECTORS_PER_KB },
  'wkB/s': { metric: 'disk_write_sect_per_s', factor: SECTORS_PER_KB },
  'rMB/s': { metric: 'disk_read_sect_per_s', factor: SECTORS_PER_MB },
  'wMB/s': { metric: 'disk_write_sect_per_s', factor: SECTORS_PER_MB },
  // sysstat before 11 printed sectors unless -k or -m was given.
  'rsec/s': { metric: 'disk_read_sect_per_s', factor: 1 },
  'wsec/s': { metric: 'disk_write_sect_per_s', factor: 1 },
  // The basic (non -x) table: blocks are 512-byte sectors.
  'kB_read/s': { metric: 'disk_read_sect_per_s', factor: SECTORS_PER_KB },
  'kB_wrtn/s': { metric: 'disk_write_sect_per_s', factor: SECTORS_PER_KB },
  'MB_read/s': { metric: 'disk_read_sect_per_s', factor: SECTORS_PER_MB },
  'MB_wrtn/s': { metric: 'disk_write_sect_per_s', factor: SECTORS_PER_MB },
  'Blk_read/s': { metric: 'disk_read_sect_per_s', factor: 1 },
  'Blk_wrtn/s': { metric: 'disk_write_sect_per_s', factor: 1 },
  util: { metric: 'disk_util_ratio', factor: 0.01 },
  'aqu-sz': { metric: 'disk_queue', factor: 1 },
  // sysstat 11.x and older.
  'avgqu-sz': { metric: 'disk_queue', factor: 1 },
};

/** The column `name` (text header `%util` or JSON key `util`) feeds, if any. */
export function iostatColumn(name: string): IostatColumn | undefined {
  const key = name.startsWith('%') ? name.slice(1) : name;
  return Object.hasOwn(COLUMNS, key) ? COLUMNS[key] : undefined;
}

/** `value × factor` without binary noise: iostat prints two decimals, 93.60 % is 0.936. */
export function applyFactor(value: number, factor: number): number {
  return factor === 1 ? value : Number((value * factor).toPrecision(12));
}

const ISO_RE = /^(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)([+-]\d\d:?\d\d|Z)$/;
/** `%x %X` in the C locale (`11/26/26 14:02:17`); old releases and en_US print a 4-digit year and AM/PM. */
const LOCALE_RE = /^(\d\d)\/(\d\d)\/(\d\d|\d{4})\s+(\d\d):(\d\d):(\d\d)(?:\s+([AP]M))?$/;

export function isIostatTime(text: string): boolean {
  const t = text.trim();
  return ISO_RE.test(t) || LOCALE_RE.test(t);
}

/**
 * A report stamp (`-t`, or JSON `"timestamp"`): ISO with `S_TIME_FORMAT=ISO`, else the locale's
 * date and time, read as C locale (MM/DD/YY) in `tz`. Null when it is neither or out of range.
 */
export function parseIostatTime(text: string, tz: string): number | null {
  const t = text.trim();
  const iso = ISO_RE.exec(t);
  if (iso) {
    const [, y, mo, d, h, mi, s, zone] = iso;
    const off = parseOffset(zone!);
    if (off === null || !inRange(+y!, +mo!, +d!, +h!, +mi!, +s!)) return null;
    return Date.UTC(+y!, +mo! - 1, +d!, +h!, +mi!, +s!) - off;
  }
  const loc = LOCALE_RE.exec(t);
  if (!loc) return null;
  const [, mo, d, y, h, mi, s, ampm] = loc;
  let hour = +h!;
  if (ampm !== undefined) {
    if (hour < 1 || hour > 12) return null;
    hour = (hour % 12) + (ampm === 'PM' ? 12 : 0);
  }
  // Two-digit years: sysstat's C-locale `%x`; every such report is from this century.
  const year = y!.length === 2 ? 2000 + +y! : +y!;
  if (!inRange(year, +mo!, +d!, hour, +mi!, +s!)) return null;
  return localToUtc(tz, year, +mo!, +d!, hour, +mi!, +s!);
}

/** A real calendar day and clock time: 02/30 is an error, not March 2. */
function inRange(y: number, mo: number, d: number, h: number, mi: number, s: number): boolean {
  if (mo < 1 || mo > 12 || d < 1 || h > 23 || mi > 59 || s > 60) return false;
  return new Date(Date.UTC(y, mo - 1, d)).getUTCDate() === d;
}
