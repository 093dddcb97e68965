/**
 * Small pieces shared by the log-line parsers (xl-log, xenstored-access, console, xl-dmesg, syslog,
 * dmesg, journal-json): record building, text cleaning, digit scanning, local-time placement,
 * RFC 3164 year inference, capture-harness lines and mail quoting. Kept hand-written and
 * allocation-light because syslog files have millions of lines.
 */

import type { ParseContext } from '../model/parser.js';
import type { Diagnostic, LogRecord, ParsedRecord, ParseResult } from '../model/records.js';
import { localToUtc, zoneOffsetMs } from '../model/time.js';
import type { EventSource, Severity, TsSource } from '../model/vocabulary.js';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** Optional LogRecord fields; undefined ones are left out so records compare and serialise cleanly. */
export interface LogExtras {
  severity?: Severity | undefined;
  program?: string | undefined;
  hostname?: string | undefined;
  domain?: string | undefined;
  domid?: number | undefined;
  uptime?: number | undefined;
}

export function logRecord(
  line: number,
  source: EventSource,
  message: string,
  ts: number | null,
  tsSource: TsSource | null,
  extras?: LogExtras,
): LogRecord {
  const r: Mutable<LogRecord> = { type: 'log', ts, tsSource, source, message, line };
  if (extras) {
    if (extras.uptime !== undefined) r.uptime = extras.uptime;
    if (extras.severity !== undefined) r.severity = extras.severity;
    if (extras.program !== undefined) r.program = extras.program;
    if (extras.hostname !== undefined) r.hostname = extras.hostname;
    if (extras.domain !== undefined) r.domain = extras.domain;
    if (extras.domid !== undefined) r.domid = extras.domid;
  }
  return r;
}

export function ok<R extends ParsedRecord>(record: R): ParseResult<R> {
  return { ok: true, record };
}

export function fail(
  ctx: ParseContext,
  line: number,
  code: Diagnostic['code'],
  message: string,
): ParseResult<never> {
  return { ok: false, diag: { file: ctx.file, line, code, message } };
}

/** Last path component of `ctx.file` (either slash). */
export function baseName(file: string): string {
  const i = Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\'));
  return i >= 0 ? file.slice(i + 1) : file;
}

// ---------------------------------------------------------------------------------------------
// Text cleaning. Console output is attacker-controlled: we keep it as data, never interpret it,
// and remove what a terminal would interpret (escape sequences, control characters).

/** Any control character or escape (tab aside)? A native regex scan beats a charCodeAt loop. */
const NEEDS_CLEANING = /[\x00-\x08\x0a-\x1f\x7f-\x9f]/;

/**
 * Anything but printable ASCII? Nearly every log message is printable ASCII, and irregexp scans
 * this one-range class about a quarter faster than NEEDS_CLEANING's three ranges; a message it
 * flags (a tab, non-ASCII text) is only then checked with NEEDS_CLEANING, so the outcome is the same.
 */
const NOT_PRINTABLE_ASCII = /[^ -~]/;

/**
 * Removes ANSI/VT escape sequences (CSI, OSC, DCS and two-byte ESC forms) and control characters;
 * tabs are kept, a trailing CR/LF is dropped and an inner one becomes a space.
 */
export function cleanText(s: string): string {
  if (!NOT_PRINTABLE_ASCII.test(s) || !NEEDS_CLEANING.test(s)) return s;
  let out = '';
  const n = s.length;
  let i = 0;
  while (i < n) {
    const c = s.charCodeAt(i);
    if (c === 0x1b || c === 0x9b) {
      i = skipEscape(s, i);
      continue;
    }
    if (c === 0x0a || c === 0x0d) {
      if (!isOnlyLineEnds(s, i + 1)) out += ' ';
      i++;
      continue;
    }
    if (c < 0x20 ? c !== 0x09 : c >= 0x7f && c <= 0x9f) {
      i++;
      continue;
    }
    out += s[i];
    i++;
  }
  return out;
}

function isOnlyLineEnds(s: string, from: number): boolean {
  for (let i = from; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c !== 0x0a && c !== 0x0d) return false;
  }
  return true;
}

/** Index just after the escape sequence starting at `i` (ESC or the 8-bit CSI). */
function skipEscape(s: string, i: number): number {
  const n = s.length;
  let j: number;
  if (s.charCodeAt(i) === 0x9b) j = i + 1;
  else {
    if (i + 1 >= n) return n;
    const k = s.charCodeAt(i + 1);
    if (k === 0x5b)
      j = i + 2; // ESC [ : CSI
    else if (k === 0x5d || k === 0x50 || k === 0x5f || k === 0x5e) {
      // OSC / DCS / APC / PM: up to BEL or ESC \
      for (j = i + 2; j < n; j++) {
        const c = s.charCodeAt(j);
        if (c === 0x07) return j + 1;
        if (c === 0x1b && s.charCodeAt(j + 1) === 0x5c) return j + 2;
      }
      return n;
    } else if (k >= 0x20 && k <= 0x2f) {
      // ESC intermediate(s) final, e.g. ESC ( B
      j = i + 2;
      while (j < n && s.charCodeAt(j) >= 0x20 && s.charCodeAt(j) <= 0x2f) j++;
      return Math.min(n, j + 1);
    } else return i + 2; // ESC c, ESC 7, ...
  }
  // CSI: parameter bytes 0x30-0x3f, intermediates 0x20-0x2f, one final byte 0x40-0x7e.
  while (j < n) {
    const c = s.charCodeAt(j);
    if (c >= 0x40 && c <= 0x7e) return j + 1;
    if (c < 0x20 || c > 0x7e) return j; // malformed: stop before the stray byte
    j++;
  }
  return n;
}

/**
 * Strips mail quoting (`> `, `>> `, `> > `) from a pasted log line. Only used by parsers whose
 * lines can never start with `>` themselves (not the guest console, which is raw guest output).
 */
export function unquoteMail(s: string): string {
  if (s.charCodeAt(0) !== 0x3e) return s;
  let i = 0;
  while (i < s.length && s.charCodeAt(i) === 0x3e) {
    i++;
    if (s.charCodeAt(i) === 0x20) i++;
  }
  return s.slice(i);
}

// ---------------------------------------------------------------------------------------------
// Digits.

/** Value of `len` decimal digits at `i`, or -1 when any of them is not a digit. */
export function digits(s: string, i: number, len: number): number {
  let v = 0;
  for (let k = 0; k < len; k++) {
    const d = s.charCodeAt(i + k) - 48;
    if (d < 0 || d > 9) return -1;
    v = v * 10 + d;
  }
  return v;
}

export function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** Milliseconds of a fraction `.ddd…` whose digits start at `i`; returns [ms, index after]. */
export function fractionMs(s: string, i: number): [number, number] {
  let j = i;
  while (isDigit(s.charCodeAt(j))) j++;
  const n = j - i;
  // integers only: the first three digits, scaled
  const ms = n >= 3 ? digits(s, i, 3) : n === 2 ? digits(s, i, 2) * 10 : n === 1 ? digits(s, i, 1) * 100 : 0;
  return [ms, j];
}

/** Month number of the three letters at `i` (`Jan` → 1), or 0. Hand-decoded: this runs per line. */
export function monthAt(s: string, i: number): number {
  const a = s.charCodeAt(i);
  const b = s.charCodeAt(i + 1);
  const c = s.charCodeAt(i + 2);
  switch (a) {
    case 0x4a: // J
      if (b === 0x61 && c === 0x6e) return 1;
      if (b === 0x75) return c === 0x6e ? 6 : c === 0x6c ? 7 : 0;
      return 0;
    case 0x46: // F
      return b === 0x65 && c === 0x62 ? 2 : 0;
    case 0x4d: // M
      return b === 0x61 ? (c === 0x72 ? 3 : c === 0x79 ? 5 : 0) : 0;
    case 0x41: // A
      if (b === 0x70 && c === 0x72) return 4;
      return b === 0x75 && c === 0x67 ? 8 : 0;
    case 0x53: // S
      return b === 0x65 && c === 0x70 ? 9 : 0;
    case 0x4f: // O
      return b === 0x63 && c === 0x74 ? 10 : 0;
    case 0x4e: // N
      return b === 0x6f && c === 0x76 ? 11 : 0;
    case 0x44: // D
      return b === 0x65 && c === 0x63 ? 12 : 0;
    default:
      return 0;
  }
}

/** Does `s` hold `t` at `i`? A plain loop: cheaper than startsWith(t, i) for short `t`. */
export function sameAt(s: string, i: number, t: string): boolean {
  const n = t.length;
  if (i + n > s.length) return false;
  for (let k = 0; k < n; k++) if (s.charCodeAt(i + k) !== t.charCodeAt(k)) return false;
  return true;
}

const WEEKDAYS = new Set(['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun']);
export function isWeekdayAt(s: string, i: number): boolean {
  return WEEKDAYS.has(s.slice(i, i + 3));
}

// ---------------------------------------------------------------------------------------------
// Time.

/**
 * Zone-less wall times in one zone → UTC ms, remembering the last hour so a file's lines cost one
 * `Date.UTC` each (offsets change on the hour in every zone we care about).
 */
export class LocalClock {
  readonly #tz: string;
  readonly #utc: boolean;
  #hourKey = -1;
  #hourBase = 0;

  constructor(tz: string) {
    this.#tz = tz;
    this.#utc = tz === 'UTC' || tz === 'Etc/UTC';
  }

  /** UTC ms, or null when the fields are out of range or the zone is unknown. */
  toUtc(
    year: number,
    month: number,
    day: number,
    hour: number,
    minute: number,
    second: number,
    ms = 0,
  ): number | null {
    if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60)
      return null;
    if (this.#utc) return Date.UTC(year, month - 1, day, hour, minute, second, ms);
    const key = ((year * 16 + month) * 32 + day) * 24 + hour;
    if (key !== this.#hourKey) {
      try {
        this.#hourBase = localToUtc(this.#tz, year, month, day, hour, 0, 0, 0);
      } catch {
        return null;
      }
      this.#hourKey = key;
    }
    return this.#hourBase + minute * 60_000 + second * 1000 + ms;
  }
}

/** `+00:00`, `+0000`, `-05:30`, `Z` at `i`: [offset ms, index after] or null. */
export function offsetAt(s: string, i: number): [number, number] | null {
  const c = s.charCodeAt(i);
  if (c === 0x5a || c === 0x7a) return [0, i + 1];
  if (c !== 0x2b && c !== 0x2d) return null;
  const hh = digits(s, i + 1, 2);
  if (hh < 0) return null;
  let j = i + 3;
  if (s.charCodeAt(j) === 0x3a) j++;
  const mm = digits(s, j, 2);
  if (mm < 0) return null;
  const off = (hh * 60 + mm) * 60_000;
  return [c === 0x2d ? -off : off, j + 2];
}

/**
 * An ISO 8601 date-time at `i`: `YYYY-MM-DD[T ]HH:MM:SS[.,frac][zone]`. Zone-less stamps are local
 * in `clock`'s zone. Returns [UTC ms, index after] or null.
 */
export function isoAt(s: string, i: number, clock: LocalClock): [number, number] | null {
  const y = digits(s, i, 4);
  if (y < 0 || s.charCodeAt(i + 4) !== 0x2d || s.charCodeAt(i + 7) !== 0x2d) return null;
  const mo = digits(s, i + 5, 2);
  const d = digits(s, i + 8, 2);
  const sep = s.charCodeAt(i + 10);
  if (mo < 0 || d < 0 || (sep !== 0x54 && sep !== 0x20)) return null;
  const hms = hmsAt(s, i + 11);
  if (!hms) return null;
  let j = i + 19;
  let ms = 0;
  const f = s.charCodeAt(j);
  if ((f === 0x2e || f === 0x2c) && isDigit(s.charCodeAt(j + 1))) [ms, j] = fractionMs(s, j + 1);
  const off = offsetAt(s, j);
  if (off) {
    if (mo < 1 || mo > 12 || d < 1 || d > 31 || hms[0] > 23 || hms[1] > 59 || hms[2] > 60) return null;
    return [Date.UTC(y, mo - 1, d, hms[0], hms[1], hms[2], ms) - off[0], off[1]];
  }
  const t = clock.toUtc(y, mo, d, hms[0], hms[1], hms[2], ms);
  return t === null ? null : [t, j];
}

/** `HH:MM:SS` at `i` → [h, m, s] or null. */
export function hmsAt(s: string, i: number): [number, number, number] | null {
  if (s.charCodeAt(i + 2) !== 0x3a || s.charCodeAt(i + 5) !== 0x3a) return null;
  const h = digits(s, i, 2);
  const m = digits(s, i + 3, 2);
  const sec = digits(s, i + 6, 2);
  if (h < 0 || m < 0 || sec < 0) return null;
  return [h, m, sec];
}

/** `[ 12.345678]`-style kernel/Xen uptime at `i` (the `[`): [seconds, index after `]`] or null. */
export function bracketUptimeAt(s: string, i: number): [number, number] | null {
  if (s.charCodeAt(i) !== 0x5b) return null;
  let j = i + 1;
  while (s.charCodeAt(j) === 0x20) j++;
  const start = j;
  while (isDigit(s.charCodeAt(j))) j++;
  if (j === start || s.charCodeAt(j) !== 0x2e) return null;
  j++;
  const fracStart = j;
  while (isDigit(s.charCodeAt(j))) j++;
  if (j === fracStart || s.charCodeAt(j) !== 0x5d) return null;
  // integer ÷ power of ten is correctly rounded: the same double as parsing the decimal text
  let v = 0;
  for (let k = start; k < j; k++) if (k !== fracStart - 1) v = v * 10 + (s.charCodeAt(k) - 48);
  return [v / 10 ** (j - fracStart), j + 1];
}

/** Wall time of a boot-relative stamp, or null without a boot time. */
export function bootPlus(ctx: ParseContext, uptime: number): number | null {
  return ctx.bootTime === undefined ? null : ctx.bootTime + Math.round(uptime * 1000);
}

/** A zone abbreviation that certainly means UTC; any other one is read in ctx.tz. */
export function isUtcAbbrev(z: string): boolean {
  return z === 'UTC' || z === 'GMT' || z === 'Z' || z === 'UCT';
}

// ---------------------------------------------------------------------------------------------
// Severity vocabularies.

/** syslog priority (facility×8 + level) → severity. */
export function severityOfPriority(pri: number): Severity {
  const level = pri & 7;
  if (level <= 2) return 'critical';
  if (level === 3) return 'error';
  if (level === 4) return 'warning';
  if (level <= 6) return 'info';
  return 'debug';
}

const LEVEL_NAMES: Readonly<Record<string, Severity>> = {
  emerg: 'critical',
  panic: 'critical',
  alert: 'critical',
  crit: 'critical',
  critical: 'critical',
  err: 'error',
  error: 'error',
  warn: 'warning',
  warning: 'warning',
  notice: 'info',
  info: 'info',
  progress: 'info',
  detail: 'debug',
  verbose: 'debug',
  debug: 'debug',
};

/** Level words of syslog (`err`, `notice`), dmesg -x and libxl/xentoollog (`progress`, `detail`). */
export function severityOfLevelName(name: string): Severity | undefined {
  return LEVEL_NAMES[name];
}

// ---------------------------------------------------------------------------------------------
// RFC 3164 stamps have no year.

/**
 * Picks the year of RFC 3164 (and journalctl `short`) stamps: `ctx.year` (a Dec→Jan step in the
 * file moves to the next year), else the year of `ctx.fileMtime` in ctx.tz, where a month later
 * than the mtime's month belongs to the previous year (the file cannot hold future lines). The
 * caller reports `time_inferred` (mtime) or `no_time` (neither) once per file.
 */
export class YearGuess {
  readonly mode: 'given' | 'mtime' | 'none';
  #year = 0;
  #lastMonth = 0;
  #mtimeYear = 0;
  #mtimeMonth = 0;
  #reported = false;

  constructor(ctx: ParseContext) {
    if (ctx.year !== undefined) {
      this.mode = 'given';
      this.#year = ctx.year;
    } else if (ctx.fileMtime !== undefined && Number.isFinite(ctx.fileMtime)) {
      this.mode = 'mtime';
      let off = 0;
      try {
        off = zoneOffsetMs(ctx.tz, ctx.fileMtime);
      } catch {
        off = 0;
      }
      const local = new Date(ctx.fileMtime + off);
      this.#mtimeYear = local.getUTCFullYear();
      this.#mtimeMonth = local.getUTCMonth() + 1;
    } else this.mode = 'none';
  }

  /** Year for a stamp of `month`, or null when there is no way to know. */
  yearFor(month: number): number | null {
    if (this.mode === 'none') return null;
    if (this.mode === 'mtime') return month > this.#mtimeMonth ? this.#mtimeYear - 1 : this.#mtimeYear;
    if (this.#lastMonth !== 0 && month < this.#lastMonth - 6) this.#year++;
    this.#lastMonth = month;
    return this.#year;
  }

  /** The one diagnostic a file gets about its year, the first time one is due. */
  report(ctx: ParseContext, line: number): ParseResult<never> | null {
    if (this.#reported || this.mode === 'given') return null;
    this.#reported = true;
    if (this.mode === 'mtime')
      return fail(
        ctx,
        line,
        'time_inferred',
        `stamps have no year: took ${this.#mtimeYear} from the file's modification time (months after ${this.#mtimeMonth} as the year before); give --year to override`,
      );
    return fail(
      ctx,
      line,
      'no_time',
      'stamps have no year and neither --year nor a file time was given: times left unplaced',
    );
  }
}

// ---------------------------------------------------------------------------------------------
// Sniffing.

/**
 * Lines worth judging in a head: not blank, not a `#` comment (harness lines, corpus headers,
 * shell comments), mail quoting removed.
 */
export function sniffLines(head: readonly string[]): string[] {
  const out: string[] = [];
  for (const raw of head) {
    const s = unquoteMail(raw);
    if (s.trim() === '' || s.charCodeAt(0) === 0x23) continue;
    out.push(s);
  }
  return out;
}

/**
 * A score from the share of lines that match: 0 with no match, and otherwise rising with the share
 * so a pasted log wrapped in prose still scores above 0.5 when it dominates.
 */
export function shareScore(matches: number, total: number, strong = 0.95): number {
  if (matches === 0 || total === 0) return 0;
  const share = matches / total;
  return Math.min(strong, 0.2 + 0.8 * share);
}
