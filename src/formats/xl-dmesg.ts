/**
 * `xl dmesg`: the Xen console ring (reference §2.5, §5.5). Every line is `(XEN) ` (hypervisor) or
 * `(d<N>) ` (text guest N wrote through the console hypercall), then an optional
 * `console_timestamps=` stamp, then the message. Also reads the same lines pasted from a serial
 * console or mail, where a capture stamp (`[host + 1.234]`, `[YYYY-MM-DD HH:MM:SS]`, ISO 8601,
 * RFC 3164 with an optional host and tag) comes before the prefix; dom0 kernel lines interleaved
 * on such a console (`[ 12.345678] text`) become `kernel` records.
 */
import type { LineFormat, LineParserState, ParseContext } from '../model/parser.js';
import { parseLines } from '../model/parser.js';
import type { ParsedRecord, ParseResult } from '../model/records.js';
import { readAnnotation } from './capture-annotations.js';
import {
  bootPlus,
  bracketUptimeAt,
  cleanText,
  digits,
  fail,
  fractionMs,
  hmsAt,
  isDigit,
  isoAt,
  LocalClock,
  logRecord,
  monthAt,
  ok,
  shareScore,
  sniffLines,
  unquoteMail,
  YearGuess,
} from './log-lines.js';

/** One Xen console line without its prefix and console timestamp. */
export interface XenConsoleLine {
  /** `(d<N>)` lines: the guest that wrote the text; `(XEN)` lines: undefined. */
  readonly domid: number | undefined;
  readonly message: string;
  /** From a `date`/`datems` console timestamp (Xen's wall clock, which dom0 keeps in UTC). */
  readonly ts: number | null;
  /** From a `boot` console timestamp: seconds since Xen booted. */
  readonly uptime: number | undefined;
}

/** Length of the `(XEN)` / `(d<N>)` prefix at `i` (followed by a space or the end), or 0. */
function prefixLength(s: string, i: number): number {
  if (s.charCodeAt(i) !== 0x28) return 0;
  let j: number;
  if (s.startsWith('XEN)', i + 1)) j = i + 5;
  else if (s.charCodeAt(i + 1) === 0x64 && isDigit(s.charCodeAt(i + 2))) {
    j = i + 2;
    while (isDigit(s.charCodeAt(j))) j++;
    if (s.charCodeAt(j) !== 0x29) return 0;
    j++;
  } else return 0;
  if (j < s.length && s.charCodeAt(j) !== 0x20) return 0;
  return j - i;
}

/**
 * Parses a Xen console line whose `(XEN)`/`(dN)` prefix starts at `i`; null when there is none.
 * Xen writes the timestamp after the prefix: `[YYYY-MM-DD HH:MM:SS] `, `[... .mmm] `,
 * `[ secs.usecs] ` (boot) or `[%016lx] ` (raw TSC, not a time).
 */
export function xenConsoleLineAt(s: string, i: number): XenConsoleLine | null {
  const plen = prefixLength(s, i);
  if (plen === 0) return null;
  const domid = s.charCodeAt(i + 1) === 0x64 ? Number(s.slice(i + 2, i + plen - 1)) : undefined;
  let j = i + plen;
  if (j < s.length) j++; // the space after the prefix
  let ts: number | null = null;
  let uptime: number | undefined;
  if (s.charCodeAt(j) === 0x5b) {
    const stamp = xenStampAt(s, j);
    if (stamp) {
      [ts, uptime, j] = stamp;
      if (s.charCodeAt(j) === 0x20) j++;
    }
  }
  return { domid, message: s.slice(j), ts, uptime };
}

/** [ts, uptime, index after `]`] of a console_timestamps stamp at `i` (the `[`), or null. */
function xenStampAt(s: string, i: number): [number | null, number | undefined, number] | null {
  const y = digits(s, i + 1, 4);
  if (y >= 0 && s.charCodeAt(i + 5) === 0x2d) {
    const mo = digits(s, i + 6, 2);
    const d = digits(s, i + 9, 2);
    const hms = hmsAt(s, i + 12);
    if (mo < 1 || mo > 12 || d < 1 || d > 31 || !hms || s.charCodeAt(i + 11) !== 0x20) return null;
    let j = i + 20;
    let ms = 0;
    if (s.charCodeAt(j) === 0x2e) [ms, j] = fractionMs(s, j + 1);
    if (s.charCodeAt(j) !== 0x5d) return null;
    return [Date.UTC(y, mo - 1, d, hms[0], hms[1], hms[2], ms), undefined, j + 1];
  }
  const up = bracketUptimeAt(s, i);
  if (up) return [null, up[0], up[1]];
  // raw TSC: exactly 16 hex digits
  if (s.charCodeAt(i + 17) === 0x5d && /^[0-9a-fA-F]{16}$/.test(s.slice(i + 1, i + 17)))
    return [null, undefined, i + 18];
  return null;
}

/** What precedes a pasted line: the capture's own stamp, if any, and where the rest starts. */
interface OuterStamp {
  readonly ts: number | null;
  /** RFC 3164: the stamp had no year (the caller reports how it was chosen). */
  readonly yearless: boolean;
  readonly rest: number;
}

/**
 * A capture stamp at the start of a pasted line: `[host + N] ` (the lab's serial capture: relative,
 * not a time), `[YYYY-MM-DD HH:MM:SS(.fff)] ` (xenconsoled, local), ISO 8601 (local unless zoned)
 * or RFC 3164 `Mmm dd HH:MM:SS ` (local, year from `years`).
 */
function outerStampAt(s: string, clock: LocalClock, years: YearGuess): OuterStamp | null {
  const c = s.charCodeAt(0);
  if (c === 0x5b) {
    if (s.startsWith('[host +')) {
      const end = s.indexOf(']', 7);
      return end < 0 ? null : { ts: null, yearless: false, rest: skipSpaces(s, end + 1) };
    }
    if (isDigit(s.charCodeAt(1)) && s.charCodeAt(5) === 0x2d) {
      const iso = isoAt(s, 1, clock);
      if (iso && s.charCodeAt(iso[1]) === 0x5d)
        return { ts: iso[0], yearless: false, rest: skipSpaces(s, iso[1] + 1) };
    }
    return null;
  }
  if (isDigit(c)) {
    const iso = isoAt(s, 0, clock);
    return iso && s.charCodeAt(iso[1]) === 0x20
      ? { ts: iso[0], yearless: false, rest: skipSpaces(s, iso[1]) }
      : null;
  }
  const month = monthAt(s, 0);
  if (month === 0 || s.charCodeAt(3) !== 0x20) return null;
  const dayStart = s.charCodeAt(4) === 0x20 ? 5 : 4;
  const day = dayStart === 5 ? digits(s, 5, 1) : digits(s, 4, 2);
  const hms = hmsAt(s, 7);
  if (day < 1 || !hms || s.charCodeAt(6) !== 0x20) return null;
  let j = 15;
  let ms = 0;
  if (s.charCodeAt(j) === 0x2e) [ms, j] = fractionMs(s, j + 1);
  if (s.charCodeAt(j) !== 0x20) return null;
  const year = years.yearFor(month);
  const ts = year === null ? null : clock.toUtc(year, month, day, hms[0], hms[1], hms[2], ms);
  return { ts, yearless: true, rest: skipSpaces(s, j) };
}

function skipSpaces(s: string, i: number): number {
  while (s.charCodeAt(i) === 0x20) i++;
  return i;
}

/** After a capture stamp: the prefix itself, or one or two tokens (host, `tag:`) then the prefix. */
function prefixAfterStamp(s: string, i: number): number {
  if (prefixLength(s, i) > 0) return i;
  let j = i;
  for (let tokens = 0; tokens < 2; tokens++) {
    const sp = s.indexOf(' ', j);
    if (sp < 0 || sp === j) return -1;
    const token = s.slice(j, sp);
    if (token.includes('(')) return -1;
    j = skipSpaces(s, sp);
    if (prefixLength(s, j) > 0) return j;
  }
  return -1;
}

/** A clock and year source for judging lines without placing them (sniff, matchLine). */
const PROBE_CLOCK = new LocalClock('UTC');
const PROBE_YEARS = new YearGuess({ file: '', host: '', tz: 'UTC', year: 2000 });

/**
 * Where the Xen prefix of a (cleaned) line starts: 0 for a bare console line, after the capture
 * stamp for a pasted one, -1 when the line is not a Xen console line.
 */
function prefixIndex(s: string): number {
  if (prefixLength(s, 0) > 0) return 0;
  const outer = outerStampAt(s, PROBE_CLOCK, PROBE_YEARS);
  return outer ? prefixAfterStamp(s, outer.rest) : -1;
}

export const xlDmesgFormat: LineFormat = {
  id: 'xl-dmesg',
  summary: 'xl dmesg / Xen console ring: (XEN) and (dN) lines, console_timestamps, pasted serial logs',
  sniff(head) {
    const lines = sniffLines(head);
    let direct = 0;
    let stamped = 0;
    let consoled = 0;
    for (const raw of lines) {
      const s = cleanText(raw);
      const at = prefixIndex(s);
      if (at === 0) direct++;
      else if (at > 0) {
        stamped++;
        if (s.charCodeAt(0) === 0x5b && isDigit(s.charCodeAt(1))) consoled++;
      }
    }
    const score = shareScore(direct + stamped, lines.length);
    // xenconsoled's hypervisor.log looks the same: leave it to the console format.
    return consoled * 2 > direct + stamped ? Math.min(score, 0.75) : score;
  },
  matchLine(line) {
    return prefixIndex(cleanText(unquoteMail(line))) >= 0;
  },
  open(ctx) {
    return new XlDmesgState(ctx);
  },
  parse: parseLines((ctx) => new XlDmesgState(ctx)),
};

class XlDmesgState implements LineParserState {
  readonly #ctx: ParseContext;
  readonly #clock: LocalClock;
  readonly #years: YearGuess;

  constructor(ctx: ParseContext) {
    this.#ctx = ctx;
    this.#clock = new LocalClock(ctx.tz);
    this.#years = new YearGuess(ctx);
  }

  line(text: string, lineNo: number, out: ParseResult<ParsedRecord>[]): void {
    const s = cleanText(unquoteMail(text));
    if (s.trim() === '') return;
    // Harness lines of a capture; its uptime says when the ring was read, not when lines were logged.
    if (s.charCodeAt(0) === 0x23 && readAnnotation(s, this.#ctx) !== null) return;
    let at = 0;
    let outerTs: number | null = null;
    if (prefixLength(s, 0) === 0) {
      const outer = outerStampAt(s, this.#clock, this.#years);
      if (outer) {
        if (outer.yearless) {
          const d = this.#years.report(this.#ctx, lineNo);
          if (d) out.push(d);
        }
        outerTs = outer.ts;
        at = prefixAfterStamp(s, outer.rest);
        if (at < 0) {
          this.#other(s, outer.rest, outerTs, lineNo, out);
          return;
        }
      } else {
        this.#other(s, 0, null, lineNo, out);
        return;
      }
    }
    const x = xenConsoleLineAt(s, at);
    if (!x) {
      out.push(fail(this.#ctx, lineNo, 'unknown_line', 'expected a "(XEN) " or "(d<domid>) " console line'));
      return;
    }
    let ts = x.ts ?? outerTs;
    let tsSource: 'line' | 'boot+uptime' | null = ts === null ? null : 'line';
    if (ts === null && x.uptime !== undefined) {
      ts = bootPlus(this.#ctx, x.uptime);
      if (ts !== null) tsSource = 'boot+uptime';
    }
    out.push(
      ok(logRecord(lineNo, 'hypervisor', x.message, ts, tsSource, { domid: x.domid, uptime: x.uptime })),
    );
  }

  /**
   * A line without a Xen prefix. On a serial console the dom0 kernel's own lines (`[ 12.345] text`)
   * are real evidence: keep them as kernel records with their uptime (not placed with ctx.bootTime,
   * which for this file is Xen's boot, not dom0's). Anything else is not this format.
   */
  #other(
    s: string,
    i: number,
    outerTs: number | null,
    lineNo: number,
    out: ParseResult<ParsedRecord>[],
  ): void {
    const up = bracketUptimeAt(s, i);
    if (up) {
      let j = up[1];
      if (s.charCodeAt(j) === 0x20) j++;
      out.push(
        ok(
          logRecord(lineNo, 'kernel', s.slice(j), outerTs, outerTs === null ? null : 'line', {
            uptime: up[0],
          }),
        ),
      );
      return;
    }
    out.push(fail(this.#ctx, lineNo, 'unknown_line', 'expected a "(XEN) " or "(d<domid>) " console line'));
  }

  end(): void {}
}
