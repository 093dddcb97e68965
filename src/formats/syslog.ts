/**
 * Syslog files and journalctl text output (reference §5.8, §5.11): RFC 3164
 * (`Nov  6 09:15:02 host tag[pid]: msg`, also journalctl `short`/`short-precise`), RFC 5424
 * (`<pri>1 2026-... host app procid msgid [sd] msg`), rsyslog's RFC 3339 file format and
 * journalctl `short-iso`/`short-iso-precise` (`2026-11-26T12:04:02.711776+00:00 host tag: msg`),
 * `short-full` (`Thu 2026-11-26 12:04:02 UTC host tag: msg`) and `short-unix`. kern.log is the
 * same format.
 *
 * Sources: the tag `kernel` → `kernel` (an optional `[ uptime]` after `kernel: ` goes to `uptime`:
 * a line with both a wall time and an uptime is how ingest derives the boot time); a message that
 * starts with a hotplug script path (`/etc/xen/scripts/vif-bridge: ...`, logged through `logger`)
 * → `hotplug`; `xl`, `xenconsoled`, `xenstored` → their own sources; anything else → `syslog`.
 *
 * This is the hottest parser (millions of lines): the prefix is scanned by hand with charCodeAt.
 * On the sliced strings a line reader yields, each charCodeAt costs some 50 instructions (V8
 * re-dispatches on the string's representation every time), so characters are read once, and
 * runs that repeat from line to line (an RFC 3164 stamp's date-hour-minute, a script path) are
 * compared by one native `indexOf(x, i) === i` instead (`startsWith` is a slower builtin call).
 */
import type { LineFormat, LineParserState, ParseContext } from '../model/parser.js';
import { parseLines } from '../model/parser.js';
import type { LogRecord, ParsedRecord, ParseResult } from '../model/records.js';
import type { EventSource, Severity } from '../model/vocabulary.js';
import {
  bracketUptimeAt,
  cleanText,
  digits,
  fail,
  fractionMs,
  isDigit,
  isoAt,
  isUtcAbbrev,
  isWeekdayAt,
  LocalClock,
  monthAt,
  offsetAt,
  severityOfPriority,
  shareScore,
  sniffLines,
  unquoteMail,
  YearGuess,
} from './log-lines.js';

/** Zone key of an RFC 3339 stamp without a zone (real offsets are within ±99:99 = ±6039 min). */
const NO_ZONE = 10_000;

/** Two decimal digits at `i`, or -1 (also past the end of `s`, where charCodeAt gives NaN). */
function two(s: string, i: number): number {
  const a = s.charCodeAt(i) - 48;
  const b = s.charCodeAt(i + 1) - 48;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1;
}

/** Index after the digits starting at `i`. */
function skipDigits(s: string, i: number): number {
  while (isDigit(s.charCodeAt(i))) i++;
  return i;
}

/** Milliseconds of the fraction whose digits end at `end` (just after `.ddd…`); no tuple, no floats. */
function msOfFraction(s: string, end: number): number {
  let start = end;
  while (isDigit(s.charCodeAt(start - 1))) start--;
  const n = end - start;
  return n >= 3
    ? digits(s, start, 3)
    : n === 2
      ? digits(s, start, 2) * 10
      : n === 1
        ? digits(s, start, 1) * 100
        : 0;
}

/** The source a syslog tag names (switch on length first: this runs for every line). */
function sourceOfTag(tag: string): EventSource {
  switch (tag.length) {
    case 2:
      return tag === 'xl' ? 'xl' : 'syslog';
    case 6:
      return tag === 'kernel' ? 'kernel' : 'syslog';
    case 9:
      return tag === 'xenstored' ? 'xenstored' : 'syslog';
    case 10:
      return tag === 'oxenstored' ? 'xenstored' : 'syslog';
    case 11:
      return tag === 'xenconsoled' ? 'console' : 'syslog';
    default:
      return 'syslog';
  }
}

/** `logger -- "$0:" msg` from a Xen hotplug script: the message starts with the script's path. */
function isHotplugMessage(msg: string): boolean {
  return isHotplugAt(msg, 0);
}

const OTHER_SCRIPTS = /\/[\w/.-]*\/xen\/scripts\/[\w.-]+(?::|$)/y;

/** isHotplugMessage for the message starting at `i` of `s` (which runs to the end of `s`). */
function isHotplugAt(s: string, i: number): boolean {
  if (s.charCodeAt(i) !== 0x2f) return false;
  if (s.indexOf('/etc/xen/scripts/', i) === i) return true; // native: 17 charCodeAt cost more
  // other install prefixes (/usr/lib/xen/scripts, /usr/libexec/xen/scripts)
  OTHER_SCRIPTS.lastIndex = i;
  return OTHER_SCRIPTS.test(s);
}

/** 10 ** k, computed the same way `bracketUptimeAt` does, for uptimes' fraction digits. */
const POW10: readonly number[] = Array.from({ length: 16 }, (_, k) => 10 ** k);

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

const JOURNAL_MARKER = /^-- (?:Boot |Logs begin|Journal begins|No entries|Reboot|Logs end)/;

export const syslogFormat: LineFormat = {
  id: 'syslog',
  summary: 'syslog / kern.log (RFC 3164, RFC 5424, RFC 3339) and journalctl short-* output',
  sniff(head) {
    const lines = sniffLines(head);
    const probe = new SyslogState({ file: '', host: '', tz: 'UTC', year: 2000 });
    let hits = 0;
    for (const s of lines) if (probe.headOf(s, 0)) hits++;
    return shareScore(hits, lines.length);
  },
  matchLine(line) {
    return PROBE.headOf(unquoteMail(line), 0);
  },
  open(ctx) {
    return new SyslogState(ctx);
  },
  parse: parseLines((ctx) => new SyslogState(ctx)),
};

class SyslogState implements LineParserState {
  readonly #ctx: ParseContext;
  readonly #clock: LocalClock;
  readonly #years: YearGuess;
  /** RFC 3164 month/day/hour of the last line and the UTC ms of that hour, to skip date maths. */
  #hourKey = -1;
  #hourBase = 0;
  /**
   * What the last headOf() read: the stamp's time (when #hasTs; a number-only field, so V8 keeps it
   * unboxed), whether it lacked a year, where the host starts.
   */
  #ts = 0;
  #hasTs = false;
  #yearless = false;
  #at = 0;
  /** The uptime #uptimeAt read. */
  #uptime = 0;
  /** RFC 3339: date and hour, and zone, of the last line as small integers; the UTC ms of that hour. */
  #isoHourKey = -1;
  #isoZoneKey = 0;
  #isoBase = 0;
  /** `Mmm dd HH:MM:` of the last good RFC 3164 stamp, its minute's last digit (-1: none yet) and fields. */
  #bsdMinute = '';
  #bsdMinuteC = -1;
  #bsdMonth = 0;
  #bsdDay = 0;
  #bsdHour = 0;
  #bsdMm = 0;

  constructor(ctx: ParseContext) {
    this.#ctx = ctx;
    this.#clock = new LocalClock(ctx.tz);
    this.#years = new YearGuess(ctx);
  }

  line(text: string, lineNo: number, out: ParseResult<ParsedRecord>[]): void {
    let s = text;
    let c0 = s.charCodeAt(0);
    if (c0 === 0x3e) {
      s = unquoteMail(s);
      c0 = s.charCodeAt(0);
    }
    if (s.length === 0) return;
    let i = 0;
    let pri = -1;
    if (c0 === 0x3c) {
      const close = s.indexOf('>', 1);
      if (close > 1 && close <= 4) {
        const p = digits(s, 1, close - 1);
        if (p >= 0 && p <= 191) {
          pri = p;
          i = close + 1;
        }
      }
      if (pri >= 0 && s.charCodeAt(i) === 0x31 && s.charCodeAt(i + 1) === 0x20) {
        this.#rfc5424(s, i + 2, pri, lineNo, out);
        return;
      }
    }
    if (!this.#head(s, i, i === 0 ? c0 : s.charCodeAt(i))) {
      if (s.trim() === '' || JOURNAL_MARKER.test(s)) return;
      out.push(
        fail(this.#ctx, lineNo, 'unknown_line', 'expected a syslog line: "<time> <host> <tag>: <message>"'),
      );
      return;
    }
    if (this.#yearless) {
      const d = this.#years.report(this.#ctx, lineNo);
      if (d) out.push(d);
    }
    // hostname, then the tag
    const at = this.#at;
    const hostEnd = s.indexOf(' ', at);
    if (hostEnd < 0) {
      out.push(fail(this.#ctx, lineNo, 'unknown_line', 'expected a host name and a message after the time'));
      return;
    }
    const hostname = s.slice(at, hostEnd);
    // The tag: `prog[pid]:` or `prog:` before the first space; otherwise there is none. One scan
    // of the tag's few characters for its first `:` and first `[` (indexOf would run on into the
    // message when the tag has neither).
    const tagStart = hostEnd + 1;
    const n = s.length;
    let colon = -1;
    let bracket = -1;
    for (let k = tagStart; k < n; k++) {
      const c = s.charCodeAt(k);
      if (c === 0x3a) {
        colon = k;
        break;
      }
      if (c === 0x20) break;
      if (c === 0x5b && bracket < 0) bracket = k;
    }
    let program: string | undefined;
    let msgStart = tagStart;
    if (colon > tagStart) {
      if (bracket > tagStart) {
        if (s.charCodeAt(colon - 1) === 0x5d) {
          program = s.slice(tagStart, bracket);
          msgStart = colon + 1;
        }
      } else {
        program = s.slice(tagStart, colon);
        msgStart = colon + 1;
      }
      if (program !== undefined && s.charCodeAt(msgStart) === 0x20) msgStart++;
    }
    let source: EventSource = 'syslog';
    let uptime: number | undefined;
    if (program !== undefined) source = sourceOfTag(program);
    if (source === 'kernel') {
      // `[ uptime] ` read in place, so the message is sliced once
      const end = s.charCodeAt(msgStart) === 0x5b ? this.#uptimeAt(s, msgStart) : -1;
      if (end >= 0) {
        uptime = this.#uptime;
        msgStart = s.charCodeAt(end) === 0x20 ? end + 1 : end;
      }
    } else if (source === 'syslog' && isHotplugAt(s, msgStart)) source = 'hotplug';
    out.push({
      ok: true,
      record: this.#record(
        lineNo,
        source,
        cleanText(s.slice(msgStart)),
        this.#hasTs ? this.#ts : null,
        program,
        hostname,
        pri,
        uptime,
      ),
    });
  }

  /**
   * `bracketUptimeAt` without its tuple: the index after `]` (the value in #uptime), or -1.
   * Same digits, same arithmetic (an integer ÷ a power of ten), so the same double.
   */
  #uptimeAt(s: string, i: number): number {
    let j = i + 1;
    while (s.charCodeAt(j) === 0x20) j++;
    const start = j;
    // -0, not 0: a heap number from the start, so V8 compiles this loop for doubles. From 0 it
    // would count in 32-bit integers and throw the optimised code away (a deopt and a recompile
    // mid-file) at the first uptime past 2147 s with six decimals. Same value: -0 * 10 + d === d.
    let v = -0;
    let c = s.charCodeAt(j);
    while (c >= 48 && c <= 57) {
      v = v * 10 + (c - 48);
      c = s.charCodeAt(++j);
    }
    if (j === start || c !== 0x2e) return -1;
    const fracStart = ++j;
    c = s.charCodeAt(j);
    while (c >= 48 && c <= 57) {
      v = v * 10 + (c - 48);
      c = s.charCodeAt(++j);
    }
    if (j === fracStart || c !== 0x5d) return -1;
    const places = j - fracStart;
    this.#uptime = v / (places < POW10.length ? POW10[places]! : 10 ** places);
    return j + 1;
  }

  #record(
    line: number,
    source: EventSource,
    message: string,
    ts: number | null,
    program: string | undefined,
    hostname: string | undefined,
    pri: number,
    uptime: number | undefined,
  ): LogRecord {
    const tsSource = ts === null ? null : 'line';
    // The usual shapes as whole literals: each property added afterwards costs a map transition,
    // and past the literal's own slots an out-of-object property array, per record. Same keys in
    // the same order as below, so records serialise identically.
    if (pri < 0 && hostname !== undefined) {
      if (program !== undefined) {
        return uptime !== undefined
          ? { type: 'log', ts, tsSource, source, message, line, uptime, program, hostname }
          : { type: 'log', ts, tsSource, source, message, line, program, hostname };
      }
      if (uptime === undefined) return { type: 'log', ts, tsSource, source, message, line, hostname };
    }
    const r: Mutable<LogRecord> = { type: 'log', ts, tsSource, source, message, line };
    if (uptime !== undefined) r.uptime = uptime;
    if (pri >= 0) r.severity = severityOfPriority(pri) satisfies Severity;
    if (program !== undefined) r.program = program;
    if (hostname !== undefined) r.hostname = hostname;
    return r;
  }

  /** Reads the stamp at `i` into #ts/#yearless/#at; false when there is none. */
  headOf(s: string, i: number): boolean {
    return this.#head(s, i, s.charCodeAt(i));
  }

  /** headOf, given the character at `i` (line() has read it already). */
  #head(s: string, i: number, c: number): boolean {
    this.#yearless = false;
    if (isDigit(c)) {
      // RFC 3339 / short-iso: a `T` between date and time, `.` (not dmesg's `,`) before a fraction.
      if (s.charCodeAt(i + 10) === 0x54) return this.#rfc3339(s, i);
      // short-unix: epoch seconds with a fraction
      let j = i;
      while (isDigit(s.charCodeAt(j))) j++;
      if (j - i < 9 || j - i > 11 || s.charCodeAt(j) !== 0x2e) return false;
      const [ms, end] = fractionMs(s, j + 1);
      if (end === j + 1 || s.charCodeAt(end) !== 0x20) return false;
      this.#ts = Number(s.slice(i, j)) * 1000 + ms;
      this.#hasTs = true;
      this.#at = end + 1;
      return true;
    }
    if (c < 65 || c > 90) return false;
    // the same `Mmm dd HH:MM:` as the last RFC 3164 stamp: nothing to read or check again
    if (s.charCodeAt(i + 11) === this.#bsdMinuteC && s.indexOf(this.#bsdMinute, i) === i) {
      return this.#rfc3164Tail(s, i, this.#bsdMonth, this.#bsdDay, this.#bsdHour, this.#bsdMm, false);
    }
    if (s.charCodeAt(i + 3) !== 0x20) return false;
    const month = monthAt(s, i);
    if (month !== 0) return this.#rfc3164(s, i, month);
    if (isWeekdayAt(s, i) && isDigit(s.charCodeAt(i + 4))) return this.#shortFull(s, i + 4);
    return false;
  }

  /** `Mmm dd HH:MM:SS[.ffffff] ` (day space- or zero-padded). */
  #rfc3164(s: string, i: number, month: number): boolean {
    const d1 = s.charCodeAt(i + 4);
    const day = d1 === 0x20 ? digits(s, i + 5, 1) : digits(s, i + 4, 2);
    if (day < 1 || day > 31 || s.charCodeAt(i + 6) !== 0x20) return false;
    if (s.charCodeAt(i + 9) !== 0x3a || s.charCodeAt(i + 12) !== 0x3a) return false;
    const hh = digits(s, i + 7, 2);
    const mm = digits(s, i + 10, 2);
    if (hh < 0 || hh > 23 || mm < 0 || mm > 59) return false;
    return this.#rfc3164Tail(s, i, month, day, hh, mm, true);
  }

  /**
   * RFC 3164 from the seconds on, `Mmm dd HH:MM:` at `i` being valid; `fresh`: remember that
   * prefix when the stamp is good, for the next line to match with one native indexOf.
   */
  #rfc3164Tail(
    s: string,
    i: number,
    month: number,
    day: number,
    hh: number,
    mm: number,
    fresh: boolean,
  ): boolean {
    const ss = digits(s, i + 13, 2);
    if (ss < 0 || ss > 60) return false;
    let j = i + 15;
    let ms = 0;
    if (s.charCodeAt(j) === 0x2e) {
      j = skipDigits(s, j + 1);
      ms = msOfFraction(s, j);
    }
    if (s.charCodeAt(j) !== 0x20) return false;
    // Same month, day and hour as the line before: reuse its hour (most lines of a busy log).
    const hourKey = (month * 32 + day) * 24 + hh;
    if (hourKey !== this.#hourKey) {
      const year = this.#years.yearFor(month);
      const base = year === null ? null : this.#clock.toUtc(year, month, day, hh, 0, 0);
      if (base === null) {
        this.#hourKey = -1;
        this.#hasTs = false;
        this.#yearless = true;
        this.#at = j + 1;
        return true;
      }
      this.#hourKey = hourKey;
      this.#hourBase = base;
    }
    this.#ts = this.#hourBase + mm * 60_000 + ss * 1000 + ms;
    this.#hasTs = true;
    this.#yearless = true;
    this.#at = j + 1;
    if (fresh) {
      this.#bsdMinute = s.slice(i, i + 13);
      this.#bsdMinuteC = s.charCodeAt(i + 11);
      this.#bsdMonth = month;
      this.#bsdDay = day;
      this.#bsdHour = hh;
      this.#bsdMm = mm;
    }
    return true;
  }

  /**
   * `YYYY-MM-DDTHH:MM:SS[.ffffff][Z|±hh:mm|±hhmm] `, read digit by digit, each character once
   * (charCodeAt on the sliced strings a line reader yields costs a few ns apiece). The UTC ms of
   * the hour (and zone) of the last line is remembered, since consecutive lines nearly always
   * share it; the key is two small integers, so the comparison stays in integer registers.
   *
   * Every line reads its date, hour and minute afresh: matching the last line's `YYYY-MM-DDTHH:MM:`
   * with one native indexOf instead costs as much (a 17-character indexOf is some 40 ns), and the
   * parsing branch it skips would run so rarely that V8 compiled it without type feedback and threw
   * the optimised code away each time a minute turned.
   */
  #rfc3339(s: string, i: number): boolean {
    if (s.charCodeAt(i + 4) !== 0x2d || s.charCodeAt(i + 7) !== 0x2d) return false;
    if (s.charCodeAt(i + 13) !== 0x3a || s.charCodeAt(i + 16) !== 0x3a) return false;
    const y = digits(s, i, 4);
    const mo = two(s, i + 5);
    const d = two(s, i + 8);
    const h = two(s, i + 11);
    const mm = two(s, i + 14);
    if (y < 0 || mo < 1 || mo > 12 || d < 1 || d > 31 || h < 0 || h > 23) return false;
    if (mm < 0 || mm > 59) return false;
    const ss = two(s, i + 17);
    if (ss < 0 || ss > 60) return false;
    let j = i + 19;
    let ms = 0;
    let c = s.charCodeAt(j);
    if (c === 0x2c) return false; // dmesg --time-format iso, not syslog
    if (c === 0x2e) {
      // the first three fraction digits, scaled: .5 → 500, .25 → 250, .123456 → 123
      let n = 0;
      c = s.charCodeAt(++j);
      while (c >= 48 && c <= 57) {
        if (n < 3) ms = ms * 10 + (c - 48);
        n++;
        c = s.charCodeAt(++j);
      }
      if (n === 1) ms *= 100;
      else if (n === 2) ms *= 10;
    }
    // zone: none (ctx.tz), Z, ±hh:mm or ±hhmm → minutes east, or NO_ZONE
    let zoneMin = NO_ZONE;
    if (c === 0x5a) {
      zoneMin = 0;
      j++;
    } else if (c === 0x2b || c === 0x2d) {
      const colon = s.charCodeAt(j + 3) === 0x3a ? 1 : 0;
      const zh = two(s, j + 1);
      const zm = two(s, j + 3 + colon);
      if (zh < 0 || zm < 0) return false;
      zoneMin = c === 0x2d ? -(zh * 60 + zm) : zh * 60 + zm;
      j += 5 + colon;
    }
    if (s.charCodeAt(j) !== 0x20) return false;
    const hourKey = ((y * 13 + mo) * 32 + d) * 24 + h;
    if (hourKey !== this.#isoHourKey || zoneMin !== this.#isoZoneKey) {
      const base =
        zoneMin === NO_ZONE
          ? this.#clock.toUtc(y, mo, d, h, 0, 0)
          : Date.UTC(y, mo - 1, d, h) - zoneMin * 60_000;
      if (base === null) return false;
      this.#isoHourKey = hourKey;
      this.#isoZoneKey = zoneMin;
      this.#isoBase = base;
    }
    this.#ts = this.#isoBase + mm * 60_000 + ss * 1000 + ms;
    this.#hasTs = true;
    this.#at = j + 1;
    return true;
  }

  /** journalctl short-full after the weekday: `2026-11-26 12:04:02[.ffffff] UTC `. */
  #shortFull(s: string, i: number): boolean {
    const y = digits(s, i, 4);
    if (y < 0 || s.charCodeAt(i + 10) !== 0x20) return false;
    let j = i + 19;
    if (s.charCodeAt(j) === 0x2e) [, j] = fractionMs(s, j + 1);
    if (s.charCodeAt(j) !== 0x20) return false;
    const zoneEnd = s.indexOf(' ', j + 1);
    if (zoneEnd < 0) return false;
    const zone = s.slice(j + 1, zoneEnd);
    const stamp = s.slice(i, j);
    let iso: [number, number] | null;
    const off = offsetAt(zone, 0);
    if (off && off[1] === zone.length) iso = isoAt(stamp + zone, 0, this.#clock);
    else if (isUtcAbbrev(zone)) iso = isoAt(`${stamp}Z`, 0, this.#clock);
    else if (/^[A-Za-z]{2,6}$/.test(zone)) iso = isoAt(stamp, 0, this.#clock);
    else return false;
    if (!iso) return false;
    this.#ts = iso[0];
    this.#hasTs = true;
    this.#at = zoneEnd + 1;
    return true;
  }

  /** RFC 5424 after `<pri>1 `: `TIMESTAMP HOSTNAME APP-NAME PROCID MSGID SD [MSG]`, `-` for nil. */
  #rfc5424(s: string, i: number, pri: number, lineNo: number, out: ParseResult<ParsedRecord>[]): void {
    const fields: string[] = [];
    let j = i;
    for (let k = 0; k < 5; k++) {
      const sp = s.indexOf(' ', j);
      if (sp < 0) {
        out.push(
          fail(this.#ctx, lineNo, 'bad_field_count', 'RFC 5424: expected time, host, app, procid and msgid'),
        );
        return;
      }
      fields.push(s.slice(j, sp));
      j = sp + 1;
    }
    // structured data: `-` or `[id k="v" ...]` elements; `]` inside values is escaped as `\]`
    if (s.charCodeAt(j) === 0x2d) j++;
    else {
      while (s.charCodeAt(j) === 0x5b) {
        j++;
        let inQuote = false;
        while (j < s.length) {
          const c = s.charCodeAt(j);
          if (c === 0x5c) j++;
          else if (c === 0x22) inQuote = !inQuote;
          else if (c === 0x5d && !inQuote) break;
          j++;
        }
        j++;
      }
    }
    if (s.charCodeAt(j) === 0x20) j++;
    let message = s.slice(j);
    if (message.charCodeAt(0) === 0xfeff) message = message.slice(1);
    const [time, host, app] = fields as [string, string, string];
    let ts: number | null = null;
    if (time !== '-') {
      const iso = isoAt(time, 0, this.#clock);
      if (!iso || iso[1] !== time.length) {
        out.push(
          fail(this.#ctx, lineNo, 'bad_time', `RFC 5424: unreadable timestamp "${time.slice(0, 40)}"`),
        );
        return;
      }
      ts = iso[0];
    }
    const program = app === '-' ? undefined : app;
    let source: EventSource = program === undefined ? 'syslog' : sourceOfTag(program);
    let uptime: number | undefined;
    if (source === 'kernel') {
      const up = bracketUptimeAt(message, 0);
      if (up) {
        uptime = up[0];
        message = message.slice(message.charCodeAt(up[1]) === 0x20 ? up[1] + 1 : up[1]);
      }
    } else if (source === 'syslog' && isHotplugMessage(message)) source = 'hotplug';
    out.push({
      ok: true,
      record: this.#record(
        lineNo,
        source,
        cleanText(message),
        ts,
        program,
        host === '-' ? undefined : host,
        pri,
        uptime,
      ),
    });
  }

  end(): void {}
}

const PROBE = new SyslogState({ file: '', host: '', tz: 'UTC', year: 2000 });
