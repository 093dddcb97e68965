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
  if (msg.charCodeAt(0) !== 0x2f) return false;
  if (msg.startsWith('/etc/xen/scripts/')) return true;
  // other install prefixes (/usr/lib/xen/scripts, /usr/libexec/xen/scripts)
  return /^\/[\w/.-]*\/xen\/scripts\/[\w.-]+(?::|$)/.test(msg);
}

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
  /** What the last headOf() read: the stamp's time, whether it lacked a year, where the host starts. */
  #ts: number | null = null;
  #yearless = false;
  #at = 0;
  /** RFC 3339: date, hour and zone of the last line as a number, and the UTC ms of that hour. */
  #isoKey = -1;
  #isoBase = 0;

  constructor(ctx: ParseContext) {
    this.#ctx = ctx;
    this.#clock = new LocalClock(ctx.tz);
    this.#years = new YearGuess(ctx);
  }

  line(text: string, lineNo: number, out: ParseResult<ParsedRecord>[]): void {
    let s = text;
    if (s.charCodeAt(0) === 0x3e) s = unquoteMail(s);
    if (s.length === 0) return;
    let i = 0;
    let pri = -1;
    if (s.charCodeAt(0) === 0x3c) {
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
    if (!this.headOf(s, i)) {
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
    // The tag: `prog[pid]:` or `prog:` before the first space; otherwise there is none.
    const tagStart = hostEnd + 1;
    let space = s.indexOf(' ', tagStart);
    if (space < 0) space = s.length;
    const colon = s.indexOf(':', tagStart);
    let program: string | undefined;
    let msgStart = tagStart;
    if (colon > tagStart && colon < space) {
      const bracket = s.indexOf('[', tagStart);
      if (bracket > tagStart && bracket < colon) {
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
    let message = s.slice(msgStart);
    let source: EventSource = 'syslog';
    let uptime: number | undefined;
    if (program !== undefined) source = sourceOfTag(program);
    if (source === 'kernel' && message.charCodeAt(0) === 0x5b) {
      const up = bracketUptimeAt(message, 0);
      if (up) {
        uptime = up[0];
        let k = up[1];
        if (message.charCodeAt(k) === 0x20) k++;
        message = message.slice(k);
      }
    } else if (source === 'syslog' && isHotplugMessage(message)) source = 'hotplug';
    out.push({
      ok: true,
      record: this.#record(lineNo, source, cleanText(message), this.#ts, program, hostname, pri, uptime),
    });
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
    const r: Mutable<LogRecord> = {
      type: 'log',
      ts,
      tsSource: ts === null ? null : 'line',
      source,
      message,
      line,
    };
    if (uptime !== undefined) r.uptime = uptime;
    if (pri >= 0) r.severity = severityOfPriority(pri) satisfies Severity;
    if (program !== undefined) r.program = program;
    if (hostname !== undefined) r.hostname = hostname;
    return r;
  }

  /** Reads the stamp at `i` into #ts/#yearless/#at; false when there is none. */
  headOf(s: string, i: number): boolean {
    const c = s.charCodeAt(i);
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
      this.#at = end + 1;
      return true;
    }
    if (c < 65 || c > 90 || s.charCodeAt(i + 3) !== 0x20) return false;
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
    const ss = digits(s, i + 13, 2);
    if (hh < 0 || hh > 23 || mm < 0 || mm > 59 || ss < 0 || ss > 60) return false;
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
        this.#ts = null;
        this.#yearless = true;
        this.#at = j + 1;
        return true;
      }
      this.#hourKey = hourKey;
      this.#hourBase = base;
    }
    this.#ts = this.#hourBase + mm * 60_000 + ss * 1000 + ms;
    this.#yearless = true;
    this.#at = j + 1;
    return true;
  }

  /**
   * `YYYY-MM-DDTHH:MM:SS[.ffffff][Z|±hh:mm|±hhmm] `, read digit by digit; the UTC ms of the hour
   * (and zone) of the last line is remembered, since consecutive lines nearly always share it.
   */
  #rfc3339(s: string, i: number): boolean {
    if (s.charCodeAt(i + 4) !== 0x2d || s.charCodeAt(i + 7) !== 0x2d) return false;
    if (s.charCodeAt(i + 13) !== 0x3a || s.charCodeAt(i + 16) !== 0x3a) return false;
    const y = digits(s, i, 4);
    const mo = digits(s, i + 5, 2);
    const d = digits(s, i + 8, 2);
    const h = digits(s, i + 11, 2);
    const mm = digits(s, i + 14, 2);
    const ss = digits(s, i + 17, 2);
    if (y < 0 || mo < 1 || mo > 12 || d < 1 || d > 31 || h < 0 || h > 23) return false;
    if (mm < 0 || mm > 59 || ss < 0 || ss > 60) return false;
    let j = i + 19;
    let ms = 0;
    const f = s.charCodeAt(j);
    if (f === 0x2c) return false; // dmesg --time-format iso, not syslog
    if (f === 0x2e) {
      j = skipDigits(s, j + 1);
      ms = msOfFraction(s, j);
    }
    // zone: none (ctx.tz), Z, ±hh:mm or ±hhmm → minutes east, or NaN for none
    let zoneMin = Number.NaN;
    const z = s.charCodeAt(j);
    if (z === 0x5a) {
      zoneMin = 0;
      j++;
    } else if (z === 0x2b || z === 0x2d) {
      const colon = s.charCodeAt(j + 3) === 0x3a ? 1 : 0;
      const zh = digits(s, j + 1, 2);
      const zm = digits(s, j + 3 + colon, 2);
      if (zh < 0 || zm < 0) return false;
      zoneMin = (z === 0x2d ? -1 : 1) * (zh * 60 + zm);
      j += 5 + colon;
    }
    if (s.charCodeAt(j) !== 0x20) return false;
    const key = (((y * 13 + mo) * 32 + d) * 24 + h) * 2000 + (Number.isNaN(zoneMin) ? 1999 : zoneMin + 1000);
    if (key !== this.#isoKey) {
      const base = Number.isNaN(zoneMin)
        ? this.#clock.toUtc(y, mo, d, h, 0, 0)
        : Date.UTC(y, mo - 1, d, h) - zoneMin * 60_000;
      if (base === null) return false;
      this.#isoKey = key;
      this.#isoBase = base;
    }
    this.#ts = this.#isoBase + mm * 60_000 + ss * 1000 + ms;
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
