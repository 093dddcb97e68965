/**
 * util-linux `dmesg` output (reference §5.12), source `kernel`: raw `[%5lu.%06lu] msg` (seconds
 * since dom0 boot: `uptime`, placed with ctx.bootTime when given), `-T` `[Thu Nov 26 11:55:46 2026]`
 * (local time in ctx.tz), `--time-format iso` `2026-11-26T11:55:46,000000+00:00`, `-x`
 * `kern  :notice: ` and `-r` `<5>` level prefixes, and `/dev/kmsg` records
 * `<prio>,<seq>,<usec>,<flags>;msg` (their ` KEY=value` continuation lines are dictionary data).
 */
import type { LineFormat, LineParserState, ParseContext } from '../model/parser.js';
import { parseLines } from '../model/parser.js';
import type { ParsedRecord, ParseResult } from '../model/records.js';
import type { Severity } from '../model/vocabulary.js';
import { readAnnotation } from './capture-annotations.js';
import {
  bootPlus,
  bracketUptimeAt,
  cleanText,
  digits,
  fail,
  hmsAt,
  isDigit,
  isoAt,
  isWeekdayAt,
  LocalClock,
  logRecord,
  monthAt,
  ok,
  severityOfLevelName,
  severityOfPriority,
  shareScore,
  sniffLines,
  unquoteMail,
} from './log-lines.js';

interface Parsed {
  ts: number | null;
  uptime: number | undefined;
  severity: Severity | undefined;
  message: string;
}

const FACILITY_LEVEL = /^([a-z]+) *:([a-z]+) *: /;
const KMSG = /^(\d{1,3}),(\d+),(\d+),[^;]*;/;

/** A dmesg line without its level prefix and stamp; null when it is not one. */
function parseDmesg(s: string, clock: LocalClock): Parsed | null {
  let i = 0;
  let severity: Severity | undefined;
  if (s.charCodeAt(0) === 0x3c) {
    const close = s.indexOf('>');
    const pri = close > 1 && close <= 4 ? digits(s, 1, close - 1) : -1;
    if (pri < 0) return null;
    severity = severityOfPriority(pri);
    i = close + 1;
  } else if (isDigit(s.charCodeAt(0)) && s.charCodeAt(4) !== 0x2d) {
    const k = KMSG.exec(s);
    if (!k) return null;
    const uptime = Number(k[3]) / 1e6;
    return { ts: null, uptime, severity: severityOfPriority(Number(k[1])), message: s.slice(k[0].length) };
  } else if (s.charCodeAt(0) >= 0x61 && s.charCodeAt(0) <= 0x7a) {
    const fl = FACILITY_LEVEL.exec(s);
    if (!fl) return null;
    severity = severityOfLevelName(fl[2]!);
    if (severity === undefined) return null;
    i = fl[0].length;
  }
  let ts: number | null = null;
  let uptime: number | undefined;
  let end: number;
  if (s.charCodeAt(i) === 0x5b) {
    const up = bracketUptimeAt(s, i);
    if (up) [uptime, end] = up;
    else {
      const t = ctimeAt(s, i + 1, clock);
      if (!t) return null;
      [ts, end] = t;
    }
  } else if (isDigit(s.charCodeAt(i))) {
    const iso = isoAt(s, i, clock);
    if (!iso) return null;
    [ts, end] = iso;
  } else return null;
  if (s.charCodeAt(end) === 0x20) end++;
  else if (end < s.length) return null;
  return { ts, uptime, severity, message: s.slice(end) };
}

/** `Thu Nov 26 11:55:46 2026]` at `i` (after the `[`), local time: [ts, index after `]`]. */
function ctimeAt(s: string, i: number, clock: LocalClock): [number, number] | null {
  if (!isWeekdayAt(s, i) || s.charCodeAt(i + 3) !== 0x20) return null;
  const month = monthAt(s, i + 4);
  if (month === 0 || s.charCodeAt(i + 7) !== 0x20) return null;
  const day = s.charCodeAt(i + 8) === 0x20 ? digits(s, i + 9, 1) : digits(s, i + 8, 2);
  const hms = hmsAt(s, i + 11);
  const year = digits(s, i + 20, 4);
  if (day < 1 || !hms || year < 0 || s.charCodeAt(i + 19) !== 0x20 || s.charCodeAt(i + 24) !== 0x5d)
    return null;
  const ts = clock.toUtc(year, month, day, hms[0], hms[1], hms[2]);
  return ts === null ? null : [ts, i + 25];
}

const SNIFF_CLOCK = new LocalClock('UTC');

function isDmesgLine(s: string): boolean {
  // syslog's RFC 3339 lines start like `--time-format iso` ones; dmesg puts a comma before the µs.
  if (isDigit(s.charCodeAt(0)) && s.charCodeAt(10) === 0x54 && s.charCodeAt(19) !== 0x2c) return false;
  return parseDmesg(s, SNIFF_CLOCK) !== null;
}

export const dmesgFormat: LineFormat = {
  id: 'dmesg',
  summary: 'dmesg output (raw uptime, -T, --time-format iso, -x, -r) and /dev/kmsg records',
  sniff(head) {
    const lines = sniffLines(head);
    let hits = 0;
    for (const s of lines) if (isDmesgLine(s)) hits++;
    return shareScore(hits, lines.length, 0.9);
  },
  matchLine(line) {
    return isDmesgLine(unquoteMail(line));
  },
  open(ctx) {
    return new DmesgState(ctx);
  },
  parse: parseLines((ctx) => new DmesgState(ctx)),
};

class DmesgState implements LineParserState {
  readonly #ctx: ParseContext;
  readonly #clock: LocalClock;

  constructor(ctx: ParseContext) {
    this.#ctx = ctx;
    this.#clock = new LocalClock(ctx.tz);
  }

  line(text: string, lineNo: number, out: ParseResult<ParsedRecord>[]): void {
    const s = unquoteMail(text);
    if (s.trim() === '') return;
    if (s.charCodeAt(0) === 0x23 && readAnnotation(s, this.#ctx) !== null) return; // capture harness
    if (s.charCodeAt(0) === 0x20 && /^ [A-Z_]+=/.test(s)) return; // /dev/kmsg dictionary line
    const p = parseDmesg(s, this.#clock);
    if (!p) {
      out.push(fail(this.#ctx, lineNo, 'unknown_line', 'expected a dmesg line: "[ seconds.micros] message"'));
      return;
    }
    let ts = p.ts;
    let tsSource: 'line' | 'boot+uptime' | null = ts === null ? null : 'line';
    if (ts === null && p.uptime !== undefined) {
      ts = bootPlus(this.#ctx, p.uptime);
      if (ts !== null) tsSource = 'boot+uptime';
    }
    out.push(
      ok(
        logRecord(lineNo, 'kernel', cleanText(p.message), ts, tsSource, {
          severity: p.severity,
          uptime: p.uptime,
        }),
      ),
    );
  }

  end(): void {}
}
